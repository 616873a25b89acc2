/**
 * The channel layer: a sans-IO prompt engine over a terminal model (ANSI
 * stripping, backspaces, pagers, confirmations, prompt detection).
 *
 * @module
 */
export * from "./engine.ts";
export * from "./patterns.ts";
export { stripAnsi } from "./screen.ts";

/**
 * Per-user login commands (`~/.gorc`).
 *
 * @module
 */
export * from "./gorc.ts";

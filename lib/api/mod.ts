/**
 * The HTTP API of `trigger serve`, for embedding: {@linkcode createApi} (a
 * hono app), the jobs it runs ({@linkcode JobManager}, {@linkcode apiJobRunner}),
 * bearer tokens, the OpenAPI document, and {@linkcode listen} (node:http/https).
 * Imported as `@trigger/trigger/api` (it brings hono, which the rest of the
 * library does not need).
 *
 * @module
 */
export * from "./app.ts";
export * from "./fleet.ts";
export * from "./jobs.ts";
export * from "./listen.ts";
export * from "./openapi.ts";
export * from "./tokens.ts";
export { RequestError } from "./validate.ts";

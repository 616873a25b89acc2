/**
 * ACL tools built on the engine's IR: {@linkcode findAccess} reports the
 * terms that overlap given networks and ports, {@linkcode optimize} removes
 * shadowed terms and merges adjacent ones without changing any answer.
 *
 * @module
 */
export * from "./find_access.ts";
export * from "./optimizer.ts";

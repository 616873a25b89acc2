/**
 * NETCONF and Junos over SSH: a sans-IO framing codec, RPC builders, reply
 * parsing with typed `rpc-error`s, and a client with concurrent RPCs.
 *
 * @module
 */
export * from "./codec.ts";
export * from "./xml.ts";
export * from "./rpc.ts";
export * from "./rpc_error.ts";
export * from "./reply.ts";
export * from "./options.ts";
export * from "./client.ts";
export * from "./junos.ts";

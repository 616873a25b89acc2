/**
 * Commando: run work on many devices at once, safely.
 *
 * @module
 */
export * from "./pool.ts";
export { RateLimiter } from "./rate_limiter.ts";
export * from "./commando.ts";
export * from "./executor.ts";
export * from "./textfsm_hook.ts";
export * from "./config_push.ts";
export * from "./net_acl_info.ts";

/**
 * Commando: run work on many devices at once, safely.
 *
 * @module
 */
export * from "./pool.ts";
export { RateLimiter } from "./rate_limiter.ts";
export * from "./commando.ts";
export * from "./executor.ts";
export * from "./task.ts";
export * from "./jobs.ts";
export * from "./task_executor.ts";
export * from "./fleet_runner.ts";
export { runShards, type ShardOptions } from "./shards.ts";
export * from "./textfsm_hook.ts";
export * from "./config_push.ts";
export * from "./net_acl_info.ts";

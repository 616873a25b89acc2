/**
 * A per-target connection rate that holds across every worker: the same
 * spacing as Commando's local {@linkcode RateLimiter} (one new connection
 * per `1/perSecond` s per target address), kept in Redis so that all
 * workers of all hosts share it. BullMQ's own limiter caps a whole queue
 * (every target at once; per-group limits are BullMQ Pro only), so each
 * target's next free slot lives in one Redis key, reserved atomically by a
 * small script on Redis's clock (workers' clocks may differ).
 *
 * @module
 */
import type { Redis } from "ioredis";
import { sleep } from "../commando/rate_limiter.ts";

// KEYS[1] = the target's key; ARGV[1] = interval in µs. Returns the µs to wait.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, nxt)
redis.call('SET', KEYS[1], tostring(slot + interval), 'PX', math.ceil((slot + interval - now) / 1000) + 1000)
return slot - now
`;

/** A connection rate per target, shared through Redis. */
export class SharedRateLimiter {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #intervalUs: number;

  /**
   * @param redis The queue's connection.
   * @param prefix The key prefix (the queue's prefix).
   * @param perSecond New connections per second per target.
   */
  constructor(redis: Redis, prefix: string, perSecond: number) {
    if (!(perSecond > 0)) {
      throw new RangeError(
        `Cannot create rate limiter as 'perSecond' must be positive: current value is ${perSecond}`,
      );
    }
    this.#redis = redis;
    this.#prefix = prefix;
    this.#intervalUs = Number.isFinite(perSecond) ? Math.round(1_000_000 / perSecond) : 0;
  }

  /**
   * Reserves the target's next slot and waits for it.
   *
   * @param key The target (its address).
   * @param signal Cancels the wait (`CANCELLED`).
   */
  async take(key: string, signal?: AbortSignal): Promise<void> {
    if (this.#intervalUs === 0) return;
    const waitUs = Number(
      await this.#redis.eval(RESERVE, 1, `${this.#prefix}:rate:${key}`, this.#intervalUs),
    );
    if (waitUs > 0) await sleep(waitUs / 1000, signal);
  }
}

/**
 * Spaces out new connections per target (a device, a jump host, an AAA
 * server): devices and AAA servers rate-limit logins, and a burst of
 * thousands of SYNs overflows a listen backlog.
 *
 * @module
 */
import { raceAbort } from "../_util/abort.ts";

/**
 * A per-key slot scheduler: at most `perSecond` starts per key per second,
 * evenly spaced. Keys are independent.
 *
 * @example Two keys do not wait for each other
 * ```ts
 * import { RateLimiter } from "@trigger/trigger/commando";
 * import { strictEqual } from "node:assert/strict";
 *
 * const limiter = new RateLimiter(1000);
 * await limiter.take("a");
 * await limiter.take("b");
 * strictEqual(limiter.pending, 0);
 * ```
 */
export class RateLimiter {
  readonly #intervalMs: number;
  readonly #next = new Map<string, number>();
  #pending = 0;

  /**
   * Creates a limiter.
   *
   * @param perSecond Starts allowed per key per second; `Infinity` disables limiting.
   * @throws {RangeError} When `perSecond` is not a positive number.
   */
  constructor(perSecond: number) {
    if (!(perSecond > 0)) {
      throw new RangeError(
        `Cannot create rate limiter as 'perSecond' must be positive: current value is ${perSecond}`,
      );
    }
    this.#intervalMs = Number.isFinite(perSecond) ? 1000 / perSecond : 0;
  }

  /** How many callers are waiting for a slot now. */
  get pending(): number {
    return this.#pending;
  }

  /**
   * Waits for the next free slot of `key`.
   *
   * @param key The target the start counts against.
   * @param signal Aborts the wait.
   * @throws {TriggerError} `CANCELLED` when the signal aborts while waiting.
   */
  async take(key: string, signal?: AbortSignal): Promise<void> {
    if (this.#intervalMs === 0) return;
    const now = performance.now();
    const slot = Math.max(now, this.#next.get(key) ?? 0);
    this.#next.set(key, slot + this.#intervalMs);
    const wait = slot - now;
    if (wait <= 0) return;
    this.#pending++;
    try {
      await sleep(wait, signal);
    } finally {
      this.#pending--;
    }
  }
}

/** Resolves after `ms`, or rejects with `CANCELLED` when `signal` aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slept = new Promise<void>((resolve) => timer = setTimeout(resolve, ms));
  return raceAbort(
    slept,
    signal,
    "Waiting for a connection slot",
    undefined,
    () => clearTimeout(timer),
  );
}

/**
 * Private: a worker's writes of devices' results to the fleet jobs' result
 * streams. The results a worker finishes within {@linkcode RESULT_DELAY_MS}
 * of each other (at most {@linkcode MOST_PER_ENTRY}) go to Redis as one
 * stream entry, in one `XADD` pipelined with the stream's `EXPIRE`: one round
 * trip for several devices instead of one per device (measured in
 * `bench/fanout_distributed.ts`: the per-device `XADD` was the worker's
 * largest cost the local job does not pay). A device's result counts as
 * reported only once its entry is in Redis: a worker lost before that has
 * the device run again by another worker, so each device still ends with
 * exactly one result.
 *
 * @module
 */
import type { Redis } from "ioredis";
import { TriggerError } from "../errors.ts";

/** Milliseconds a finished device's result may wait for others to share its entry. */
export const RESULT_DELAY_MS = 20;
/** Most results in one stream entry. */
export const MOST_PER_ENTRY = 100;

interface Pending {
  fields: string[];
  count: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  written: Promise<void>;
  settle: (error?: unknown) => void;
}

/** Groups devices' results into result stream entries. */
export class ResultWriter {
  readonly #redis: Redis;
  readonly #ttlSeconds: number;
  readonly #pending = new Map<string, Pending>();

  /**
   * @param redis The worker's connection.
   * @param ttlSeconds Seconds a stream stays in Redis after its last entry.
   */
  constructor(redis: Redis, ttlSeconds: number) {
    this.#redis = redis;
    this.#ttlSeconds = ttlSeconds;
  }

  /**
   * Adds a device's result to a stream's next entry.
   *
   * @param key The fleet job's result stream.
   * @param index The device's index in the fleet job.
   * @param json Its result, as JSON.
   * @returns Resolves once the entry holding it is in Redis; rejects with
   *   Redis's error when it could not be written.
   */
  add(key: string, index: number, json: string): Promise<void> {
    let p = this.#pending.get(key);
    if (p === undefined) {
      let settle!: (error?: unknown) => void;
      const written = new Promise<void>((resolve, reject) => {
        settle = (error) => error === undefined ? resolve() : reject(error);
      });
      p = { fields: [], count: 0, timer: undefined, written, settle };
      p.timer = setTimeout(() => this.#write(key), RESULT_DELAY_MS);
      this.#pending.set(key, p);
    }
    p.fields.push("i", String(index), "r", json);
    const written = p.written;
    if (++p.count >= MOST_PER_ENTRY) this.#write(key);
    return written;
  }

  /** Writes every entry waiting now (a worker closing). */
  flush(): Promise<void> {
    const all = [...this.#pending.keys()].map((key) => {
      const written = this.#pending.get(key)!.written;
      this.#write(key);
      return written.catch(() => {});
    });
    return Promise.all(all).then(() => {});
  }

  #write(key: string): void {
    const p = this.#pending.get(key);
    if (p === undefined) return;
    this.#pending.delete(key);
    clearTimeout(p.timer);
    this.#redis.pipeline()
      .xadd(key, "*", ...p.fields)
      .expire(key, this.#ttlSeconds)
      .exec()
      .then((answers) => {
        const failed = answers?.find(([e]) => e !== null)?.[0];
        p.settle(failed ?? undefined);
      }, (e) =>
        p.settle(
          e ?? new TriggerError("QUEUE_ERROR", `Cannot add results to the stream "${key}"`),
        ));
  }
}

/**
 * The engine under Commando: run one job per item (device) with bounded
 * concurrency, a per-target cap on new connections per second, a timeout per
 * device, retries for transient connect failures only, and cancellation.
 * Outcomes stream out as they finish, so a 10,000-device job never waits on
 * its slowest device nor holds every result in memory.
 *
 * @module
 */
import { cancelledError, type ErrorCode, TriggerError } from "../errors.ts";
import { onAbort, raceAbort } from "../_util/abort.ts";
import { RateLimiter, sleep } from "./rate_limiter.ts";

/** What a job receives besides its item. */
export interface JobContext {
  /** Aborted when the device's time is up or the whole run is cancelled. */
  readonly signal: AbortSignal;
  /** 1 for the first try, 2 for the first retry, ... */
  readonly attempt: number;
  /**
   * Marks the device as reached (connected and logged in). A failure after
   * this point is never retried: only connect failures are transient.
   */
  connected(): void;
}

/** The result of one item: exactly one per item, success or failure. */
export type JobOutcome<I, T> =
  & {
    /** The item the job ran on. */
    item: I;
    /** The item's name (device name). */
    name: string;
    /** How many tries were made. */
    attempts: number;
    /** When the first try started. */
    startedAt: Date;
    /** Milliseconds from the first try to the outcome. */
    elapsedMs: number;
  }
  & ({ ok: true; value: T } | { ok: false; error: TriggerError });

/**
 * A snapshot of a run's progress, given when the run starts, when a job
 * starts, when a job reports itself connected, and after each outcome.
 */
export interface Progress {
  /** Items known so far (all of them when the input is an array). */
  total: number | undefined;
  /** Outcomes so far, successes and failures. */
  done: number;
  /** Failed outcomes so far. */
  failed: number;
  /** Jobs running now (`connecting` + `connected`). */
  inFlight: number;
  /** Jobs running that have not called `connected()` yet (connecting, logging in, retrying). */
  connecting: number;
  /** Jobs running that called `connected()` (working on the device). */
  connected: number;
  /** Milliseconds since the run started. */
  elapsedMs: number;
  /** Outcomes per second since the start. */
  ratePerSecond: number;
  /** Estimated milliseconds to the end, when `total` is known and something finished. */
  etaMs: number | undefined;
}

/** Options for {@linkcode runPool}. */
export interface PoolOptions<I> {
  /**
   * The name of an item, used in errors and outcomes.
   *
   * @default {String}
   */
  name?: (item: I) => string;
  /**
   * Jobs running at once.
   *
   * @default {10}
   */
  maxConns?: number;
  /**
   * New connections per second per rate key; `Infinity` for no cap.
   *
   * @default {Infinity}
   */
  connectsPerSecond?: number;
  /**
   * The target an item's connection counts against (its address, or its
   * jump host).
   *
   * @default {the item's name}
   */
  rateKey?: (item: I) => string;
  /**
   * Spaces new connections per rate key instead of `connectsPerSecond`
   * (e.g. a limiter shared by every worker through Redis).
   *
   * @default {undefined}
   */
  limiter?: { take(key: string, signal?: AbortSignal): Promise<void> };
  /**
   * Milliseconds one item may take in all, retries included.
   *
   * @default {60000}
   */
  timeoutMs?: number;
  /**
   * Retries after a transient connect failure (refused, connect timeout,
   * closed before login). Authentication failures are never retried.
   *
   * @default {1}
   */
  retries?: number;
  /**
   * Milliseconds between a failure and its retry.
   *
   * @default {250}
   */
  retryDelayMs?: number;
  /**
   * Cancels the run: running jobs are aborted and every item not finished
   * ends as a `CANCELLED` failure.
   *
   * @default {undefined}
   */
  signal?: AbortSignal;
  /**
   * Called when the run starts, when a job starts or reports itself
   * connected, and after each outcome (before it is yielded).
   *
   * @default {undefined}
   */
  onProgress?: (progress: Progress) => void;
}

const TRANSIENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "CONNECTION_REFUSED",
  "TIMEOUT",
  "TRANSPORT_CLOSED",
  "PROTOCOL_ERROR",
]);

/**
 * Runs `job` on every item and yields one outcome per item as each finishes.
 * A job's failure never stops the run; it becomes that item's outcome.
 *
 * @param items The items (devices); an async iterable is consumed lazily.
 * @param job The work for one item; it should honour `ctx.signal`.
 * @param options Concurrency, rate, timeout, retry and cancellation.
 * @returns An async iterable of outcomes, in completion order.
 * @throws {RangeError} When `maxConns` or `timeoutMs` is not a positive number.
 *
 * @example Run jobs and collect outcomes
 * ```ts
 * import { runPool } from "@trigger/trigger/commando";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const seen: string[] = [];
 * for await (const o of runPool(["r1", "r2", "r3"], async (d) => d.toUpperCase(), { maxConns: 2 })) {
 *   if (o.ok) seen.push(o.value);
 * }
 * deepStrictEqual(seen.sort(), ["R1", "R2", "R3"]);
 * ```
 */
export async function* runPool<I, T>(
  items: Iterable<I> | AsyncIterable<I>,
  job: (item: I, ctx: JobContext) => Promise<T>,
  options: PoolOptions<I> = {},
): AsyncGenerator<JobOutcome<I, T>> {
  const {
    name = String,
    maxConns = 10,
    connectsPerSecond = Infinity,
    rateKey = name,
    timeoutMs = 60_000,
    retries = 1,
    retryDelayMs = 250,
    signal,
    onProgress,
  } = options;
  if (!(Number.isInteger(maxConns) && maxConns > 0)) {
    throw new RangeError(
      `Cannot run jobs as 'maxConns' must be a positive integer: current value is ${maxConns}`,
    );
  }
  if (!(timeoutMs > 0)) {
    throw new RangeError(
      `Cannot run jobs as 'timeoutMs' must be positive: current value is ${timeoutMs}`,
    );
  }
  const limiter = options.limiter ?? new RateLimiter(connectsPerSecond);
  const stop = new AbortController();
  const outer = onAbort(signal, () => stop.abort(signal?.reason));

  const total = Array.isArray(items) ? items.length : undefined;
  const source = toIterator(items);
  const finished: JobOutcome<I, T>[] = [];
  let wake: (() => void) | undefined;
  let inFlight = 0;
  let exhausted = false;
  let done = 0;
  let failed = 0;
  let connectedNow = 0;
  const t0 = performance.now();
  const report = () => {
    if (!onProgress) return;
    const connecting = inFlight - connectedNow;
    onProgress(
      progressOf(t0, { total, done, failed, inFlight, connecting, connected: connectedNow }),
    );
  };

  const runOne = async (item: I): Promise<JobOutcome<I, T>> => {
    const itemName = name(item);
    const startedAt = new Date();
    const started = performance.now();
    const ctrl = new AbortController();
    const stopped = onAbort(
      stop.signal,
      () => ctrl.abort(cancelledError(stop.signal, `The job on "${itemName}"`, itemName)),
    );
    const timer = setTimeout(() => {
      ctrl.abort(
        new TriggerError("TIMEOUT", `Cannot finish the job within ${timeoutMs} ms`, {
          host: itemName,
        }),
      );
    }, timeoutMs);
    let attempts = 0;
    let counted = false; // counted in connectedNow (once per item, retries included)
    const end = (r: { ok: true; value: T } | { ok: false; error: TriggerError }) => ({
      item,
      name: itemName,
      attempts,
      startedAt,
      elapsedMs: performance.now() - started,
      ...r,
    });
    try {
      for (;;) {
        attempts++;
        let reached = false;
        try {
          await limiter.take(rateKey(item), ctrl.signal);
          const ctx: JobContext = {
            signal: ctrl.signal,
            attempt: attempts,
            connected: () => {
              reached = true;
              if (!counted && !ctrl.signal.aborted) {
                counted = true;
                connectedNow++;
                report();
              }
            },
          };
          const value = await raceAbort(job(item, ctx), ctrl.signal, "The job", itemName);
          return end({ ok: true, value });
        } catch (e) {
          const error = ctrl.signal.aborted
            ? asTriggerError(ctrl.signal.reason, itemName)
            : asTriggerError(e, itemName);
          if (ctrl.signal.aborted || reached || attempts > retries || !TRANSIENT.has(error.code)) {
            return end({ ok: false, error });
          }
          try {
            await sleep(retryDelayMs, ctrl.signal);
          } catch {
            return end({ ok: false, error: asTriggerError(ctrl.signal.reason, itemName) });
          }
        }
      }
    } finally {
      clearTimeout(timer);
      stopped[Symbol.dispose]();
      if (counted) connectedNow--;
    }
  };

  const settle = (outcome: JobOutcome<I, T>) => {
    inFlight--;
    finished.push(outcome);
    const w = wake;
    wake = undefined;
    w?.();
  };

  try {
    report();
    for (;;) {
      let started = false;
      while (!exhausted && inFlight < maxConns) {
        const next = await source.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        inFlight++;
        started = true;
        runOne(next.value).then(settle);
      }
      if (started) report();
      const outcome = finished.shift();
      if (outcome !== undefined) {
        done++;
        if (!outcome.ok) failed++;
        report();
        yield outcome;
        continue;
      }
      if (exhausted && inFlight === 0) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    // The consumer stopped early or the run ended: abort whatever still runs.
    if (!stop.signal.aborted) stop.abort(new Error("run ended"));
    outer[Symbol.dispose]();
    await source.return?.();
  }
}

/**
 * A progress snapshot: the counts plus the rate since `t0` and the ETA.
 *
 * @param t0 When the run started (`performance.now()`).
 * @param counts Total, done, failed, in flight.
 * @returns The snapshot.
 */
export function progressOf(
  t0: number,
  counts:
    & Pick<Progress, "total" | "done" | "failed" | "inFlight">
    & Partial<Pick<Progress, "connecting" | "connected">>,
): Progress {
  const { total, done, inFlight, connecting = inFlight, connected = inFlight - connecting } =
    counts;
  const elapsedMs = performance.now() - t0;
  const rate = elapsedMs > 0 ? done / (elapsedMs / 1000) : 0;
  return {
    ...counts,
    connecting,
    connected,
    elapsedMs,
    ratePerSecond: rate,
    etaMs: total !== undefined && rate > 0 ? ((total - done) / rate) * 1000 : undefined,
  };
}

function toIterator<I>(items: Iterable<I> | AsyncIterable<I>): AsyncIterator<I> | Iterator<I> {
  return Symbol.asyncIterator in items
    ? (items as AsyncIterable<I>)[Symbol.asyncIterator]()
    : (items as Iterable<I>)[Symbol.iterator]();
}

/** Turns anything a job threw into a `TriggerError` naming the device. */
export function asTriggerError(e: unknown, host: string): TriggerError {
  if (e instanceof TriggerError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new TriggerError("JOB_FAILED", `Cannot finish the job: ${message}`, { host, cause: e });
}

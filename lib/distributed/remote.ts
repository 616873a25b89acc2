/**
 * Runs a fleet job on remote workers: the job becomes one BullMQ flow (a
 * parent job and its children in the queue of the workers that can reach
 * the devices: one child per batch of devices for read-only commands, sized
 * to the device slots listening and shrinking towards the end of the job,
 * one per device for a configuration push), and each device's outcome streams back the moment its worker adds it
 * to the job's result stream (one Redis stream per fleet job, read here with
 * `XREAD`). Nothing is silently lost: when results go quiet (or after a lost
 * connection) the batches still pending are read back from Redis; a batch
 * gone from Redis (a restart without persistence, a flush) ends its devices
 * not reported as `QUEUE_ERROR`, and so does every pending device when Redis
 * stays unreachable. Cancelling removes the batches no worker has taken, and
 * tells the workers that hold the others to report their devices not
 * started yet as `CANCELLED`; devices in progress finish and report.
 *
 * @module
 */
import { FlowProducer, Job, Queue } from "bullmq";
import { TriggerError } from "../errors.ts";
import type { CommandOutput } from "../commando/commando.ts";
import type { ExecutorTarget } from "../commando/executor.ts";
import { type JobOutcome, type Progress, progressOf } from "../commando/pool.ts";
import type { ExecutorTask } from "../commando/task.ts";
import {
  duplicateConnection,
  openQueueConnection,
  type QueueConnectionOptions,
  queueDisplayUrl,
  queueReady,
} from "./connection.ts";
import {
  type BatchJobData,
  type DeviceWork,
  fromWireError,
  PAYLOAD_VERSION,
  readResult,
  resultsOfEntry,
  slotsOf,
  wireDevice,
} from "./payload.ts";
import { onAbort } from "../_util/abort.ts";

/** One device's work. */
export interface RemoteItem<D extends ExecutorTarget> {
  /** The device. */
  device: D;
  /** Its commands (or configuration lines). */
  commands: string[];
  /** The outcome's name. @default {device.nodeName} */
  name?: string;
}

/** What was submitted: the job id and, per queue, devices and listening workers. */
export interface RemoteSubmission {
  /** The fleet job's id (the flow's parent job). */
  jobId: string;
  /**
   * Per queue: devices sent there, workers listening now, their device slots
   * (the sum of their concurrency) and the batch sizes.
   */
  queues: Record<string, { devices: number; workers: number; slots: number; batches: number[] }>;
}

/** Options of {@linkcode runRemote}. */
export interface RemoteRunOptions<D extends ExecutorTarget> {
  /** The queue's Redis. */
  connection: QueueConnectionOptions;
  /** What the workers run. */
  task: ExecutorTask;
  /** The queue of a device. */
  queueOf: (device: D) => string;
  /**
   * Whether a device's Junos commits are full commits (decided here, where the
   * inventory fields are).
   *
   * @default {undefined}
   */
  fullCommit?: ((device: D) => boolean) | undefined;
  /**
   * BullMQ's key prefix.
   *
   * @default {"trigger"}
   */
  prefix?: string;
  /**
   * Milliseconds per device on its worker, all included.
   *
   * @default {60000}
   */
  timeoutMs?: number;
  /**
   * Retries after a transient connect failure.
   *
   * @default {1}
   */
  retries?: number;
  /**
   * New connections per second per target address, across all workers.
   *
   * @default {Infinity}
   */
  connectsPerSecond?: number;
  /**
   * Removes the batches no worker has taken, and has the workers holding
   * the others skip their devices not started yet (all end as `CANCELLED`).
   *
   * @default {undefined}
   */
  signal?: AbortSignal;
  /**
   * Called after each device.
   *
   * @default {undefined}
   */
  onProgress?: (progress: Progress) => void;
  /**
   * Told once the flow is in Redis.
   *
   * @default {undefined}
   */
  onSubmitted?: (submission: RemoteSubmission) => void;
  /**
   * Milliseconds Redis may stay unreachable before every pending device
   * fails with `QUEUE_ERROR`.
   *
   * @default {60000}
   */
  unreachableMs?: number;
  /**
   * Milliseconds without any result after which the pending devices'
   * batches are read back from Redis (gone, failed by the queue, or ended).
   *
   * @default {5000}
   */
  quietMs?: number;
  /**
   * Most devices per queue job for read-only work (a configuration push is
   * always one device per job). Either way a batch holds at most 50 devices,
   * at most the listening workers' average concurrency and at most half of
   * the devices left per worker (see {@linkcode batchSizesOf}).
   *
   * @default {undefined}
   */
  batchSize?: number | undefined;
}

const PARENT_QUEUE = "jobs";
const MAX_BATCH = 50;
/** The device slots assumed on a queue no worker listens on yet (one worker's default). */
const DEFAULT_SLOTS = 10;
/** Seconds a finished job's result stream and cancel mark stay in Redis. */
const KEEP_AFTER_END_S = 600;

/** The workers listening on a queue, as {@linkcode batchSizesOf} sizes batches for them. */
export interface Listening {
  /** Workers listening. */
  workers: number;
  /** Their device slots: the sum of their concurrency. */
  slots: number;
}

/**
 * The batch sizes of a queue's devices in a job, in queue order: one device
 * per job for a push; else each batch at most `most` and
 * {@linkcode MAX_BATCH} devices, at most the listening workers' average
 * concurrency (a worker starts a whole batch at once: it takes a batch only
 * when a slot is free and no device waits, so it holds at most twice its
 * concurrency), and at most half of what is left per worker — `ceil(left /
 * (2 × workers))` — so that the batches shrink towards the end of the job,
 * down to one device, and every worker there gets a share.
 *
 * @param devices The queue's devices in the job.
 * @param listening Workers listening on the queue and their slots (none
 *   listening yet: sized as for one worker of 10).
 * @param kind The task's kind.
 * @param most The caller's cap, if any.
 * @returns The sizes, adding up to `devices`.
 *
 * @example Sized to the workers listening, shrinking towards the end
 * ```ts
 * import { batchSizesOf } from "@trigger/trigger/distributed";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * // 2 workers of 100: 50 at most, down to 1 at the end
 * const sizes = batchSizesOf(10_000, { workers: 2, slots: 200 }, "commands");
 * strictEqual(sizes[0], 50);
 * strictEqual(sizes.at(-1), 1);
 * // 1 worker of 4: 4 at most, half of what is left at the end
 * deepStrictEqual(batchSizesOf(24, { workers: 1, slots: 4 }, "commands"), [4, 4, 4, 4, 4, 2, 1, 1]);
 * deepStrictEqual(batchSizesOf(3, { workers: 2, slots: 20 }, "push"), [1, 1, 1]); // never batched
 * ```
 */
export function batchSizesOf(
  devices: number,
  listening: Listening,
  kind: ExecutorTask["kind"],
  most?: number,
): number[] {
  if (kind === "push") return Array.from({ length: devices }, () => 1);
  const workers = listening.workers > 0 ? listening.workers : 1;
  const slots = listening.workers > 0 && listening.slots > 0 ? listening.slots : DEFAULT_SLOTS;
  const cap = Math.max(
    1,
    Math.min(MAX_BATCH, Math.floor(most ?? MAX_BATCH), Math.floor(slots / workers)),
  );
  const sizes: number[] = [];
  for (let left = devices; left > 0;) {
    const size = Math.min(cap, Math.ceil(left / (2 * workers)));
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/**
 * Submits the devices' work as one flow and yields each device's outcome as
 * it arrives (completion order).
 *
 * @param items Each device with its commands.
 * @param options Redis, task, routing, limits, cancellation.
 * @returns One outcome per device.
 * @throws {TriggerError} `QUEUE_ERROR` when Redis cannot be reached at the start.
 */
export async function* runRemote<D extends ExecutorTarget>(
  items: readonly RemoteItem<D>[],
  options: RemoteRunOptions<D>,
): AsyncGenerator<JobOutcome<D, CommandOutput[]>> {
  const {
    prefix = "trigger",
    timeoutMs = 60_000,
    retries = 1,
    connectsPerSecond = Infinity,
    signal,
    onProgress,
    unreachableMs = 60_000,
    quietMs = 5000,
  } = options;
  if (
    options.batchSize !== undefined &&
    !(Number.isInteger(options.batchSize) && options.batchSize > 0)
  ) {
    throw new TriggerError(
      "INVALID_ARGUMENT",
      `Cannot run the job: batchSize must be a positive integer, got ${options.batchSize}`,
    );
  }
  const display = queueDisplayUrl(options.connection.url);
  let lastError = "";
  const redis = openQueueConnection(options.connection, (m) => (lastError = m));
  const closers: (() => Promise<unknown>)[] = [];
  try {
    await queueReady(redis, options.connection.url);
    const jobId = crypto.randomUUID();
    const resultsKey = `${prefix}:results:${jobId}`;
    const cancelKey = `${prefix}:cancel:${jobId}`;
    const startedAt = new Date();
    const t0 = performance.now();
    /** Pending devices by index, with the queue job (batch) that carries them. */
    const pending = new Map<number, { item: D; name: string; batch: string; queue: string }>();
    const byQueue = new Map<string, number[]>();
    items.forEach(({ device }, index) => {
      const queue = options.queueOf(device);
      let list = byQueue.get(queue);
      if (!list) byQueue.set(queue, list = []);
      list.push(index);
    });
    const queues = new Map<string, Queue>();
    for (const name of [...byQueue.keys(), PARENT_QUEUE]) {
      const q = new Queue(name, { connection: redis, prefix });
      queues.set(name, q);
      closers.push(() => q.close());
    }
    const submission: RemoteSubmission = { jobId, queues: {} };
    const shared = {
      v: PAYLOAD_VERSION,
      job: jobId,
      results: resultsKey,
      cancelKey,
      task: options.task,
      timeoutMs,
      retries,
      connectsPerSecond: Number.isFinite(connectsPerSecond) ? connectsPerSecond : 0,
    };
    const children = [];
    for (const [queue, indexes] of byQueue) {
      const listening = await queues.get(queue)!.getWorkers().catch(() => []);
      const slots = slotsOf(listening);
      const sizes = batchSizesOf(
        indexes.length,
        { workers: listening.length, slots },
        options.task.kind,
        options.batchSize,
      );
      submission.queues[queue] = {
        devices: indexes.length,
        workers: listening.length,
        slots,
        batches: sizes,
      };
      for (let at = 0, b = 0; at < indexes.length; at += sizes[b++]!) {
        const size = sizes[b]!;
        const id = `${jobId}-${indexes[at]}`;
        const devices: DeviceWork[] = indexes.slice(at, at + size).map((index) => {
          const { device, commands, name } = items[index]!;
          pending.set(index, { item: device, name: name ?? device.nodeName, batch: id, queue });
          return {
            index,
            device: wireDevice(device, options.fullCommit?.(device) ?? false),
            commands,
          };
        });
        const data: BatchJobData = { ...shared, devices };
        children.push({
          name: devices.length === 1 ? "device" : "devices",
          queueName: queue,
          data,
          opts: {
            jobId: id,
            ignoreDependencyOnFailure: true,
            removeOnComplete: { age: 86_400 },
            removeOnFail: { age: 86_400 },
          },
        });
      }
    }
    const total = items.length;
    const finished: JobOutcome<D, CommandOutput[]>[] = [];
    let wake: (() => void) | undefined;
    const notify = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    let lastEvent = performance.now();
    const settle = (
      index: number,
      r: { ok: true; value: CommandOutput[] } | { ok: false; error: TriggerError },
      attempts: number,
      elapsedMs?: number,
    ) => {
      const p = pending.get(index);
      if (!p) return;
      pending.delete(index);
      finished.push({
        item: p.item,
        name: p.name,
        attempts,
        startedAt,
        elapsedMs: elapsedMs ?? performance.now() - t0,
        ...r,
      });
      lastEvent = performance.now();
      notify();
    };
    const fromValue = (index: number, value: unknown) => {
      const p = pending.get(index);
      if (!p) return;
      const r = readResult(value);
      if (r === undefined) {
        settle(index, {
          ok: false,
          error: new TriggerError(
            "QUEUE_ERROR",
            "Cannot read the worker's result (a worker of another version?)",
            { host: p.item.nodeName },
          ),
        }, 0);
      } else if (r.ok) settle(index, { ok: true, value: r.results }, r.attempts, r.elapsedMs);
      else {settle(
          index,
          { ok: false, error: fromWireError(r.error, p.item.nodeName, r) },
          r.attempts,
          r.elapsedMs,
        );}
    };
    const fromFailure = (index: number, reason: string) => {
      const p = pending.get(index);
      if (!p) return;
      const lost = /stalled/i.test(reason);
      settle(index, {
        ok: false,
        error: new TriggerError(
          "QUEUE_ERROR",
          lost
            ? `Cannot finish the device: the workers running it were lost (${reason})`
            : `Cannot finish the device: the queue failed it (${reason})`,
          { host: p.item.nodeName },
        ),
      }, 1);
    };
    /** Settles the stream entries given; returns the last entry's id. */
    const fromEntries = (entries: [string, string[]][], last: string) => {
      for (const [id, fields] of entries) {
        last = id;
        for (const { index, value } of resultsOfEntry(fields)) fromValue(index, value);
      }
      return last;
    };

    // each device's result, read from the job's stream as workers add them
    let closed = false;
    let reading = Promise.resolve();
    closers.push(() => reading); // runs last: after the reader is closed
    const reader = duplicateConnection(redis);
    closers.push(() => Promise.resolve(reader.disconnect()));
    closers.push(() => Promise.resolve(closed = true));
    reading = (async () => {
      let last = "0-0";
      while (!closed && pending.size > 0) {
        const answer = await (reader.xread(
          "COUNT",
          1000,
          "BLOCK",
          1000,
          "STREAMS",
          resultsKey,
          last,
        ) as Promise<[string, [string, string[]][]][] | null>).catch(async () => {
          if (!closed) await new Promise((r) => setTimeout(r, 200));
          return null;
        });
        for (const [, entries] of answer ?? []) last = fromEntries(entries, last);
      }
    })();

    const producer = new FlowProducer({ connection: redis, prefix });
    closers.push(() => producer.close());
    await producer.add({
      name: "fleet-job",
      queueName: PARENT_QUEUE,
      data: { v: PAYLOAD_VERSION, task: options.task, devices: total, submittedAt: startedAt },
      opts: { jobId },
      children,
    });
    options.onSubmitted?.(submission);

    /** The pending devices of each batch. */
    const pendingBatches = () => {
      const batches = new Map<string, { queue: string; indexes: number[] }>();
      for (const [index, p] of pending) {
        let b = batches.get(p.batch);
        if (!b) batches.set(p.batch, b = { queue: p.queue, indexes: [] });
        b.indexes.push(index);
      }
      return batches;
    };

    // cancellation: remove what no worker has taken, tell the workers to skip what they hold
    let cancelling: Promise<void> | undefined;
    const cancel = () => {
      cancelling ??= (async () => {
        await redis.set(cancelKey, "1", "EX", 86_400).catch(() => {});
        for (const [id, b] of pendingBatches()) {
          const job = await Job.fromId(queues.get(b.queue)!, id).catch(() => undefined);
          if (!job) continue;
          const state = await job.getState().catch(() => "unknown");
          if (state !== "waiting" && state !== "delayed" && state !== "prioritized") continue;
          const removed = await job.remove().then(() => true, () => false);
          if (!removed) continue;
          for (const index of b.indexes) {
            settle(index, {
              ok: false,
              error: new TriggerError(
                "CANCELLED",
                "Cannot run the device: the job was cancelled before it started",
                { host: pending.get(index)?.item.nodeName ?? "" },
              ),
            }, 0);
          }
        }
      })();
    };
    const watch = onAbort(signal, cancel);
    closers.push(() => Promise.resolve(watch[Symbol.dispose]()));

    // reading back what the stream did not tell
    let downSince: number | undefined;
    redis.on("close", () => (downSince ??= performance.now()));
    redis.on("ready", () => {
      downSince = undefined;
      lastEvent = 0; // reconcile at once after a reconnect
    });
    const reconcile = async () => {
      const batches = [...pendingBatches()];
      const jobs = new Map<string, Job | undefined>();
      for (let i = 0; i < batches.length; i += 500) {
        await Promise.all(
          batches.slice(i, i + 500).map(async ([id, b]) => {
            jobs.set(id, await Job.fromId(queues.get(b.queue)!, id));
          }),
        );
      }
      // a finished batch's results are all in the stream: read it whole once
      const finishedBatch = [...jobs.values()].some((j) => j?.finishedOn);
      if (finishedBatch) {
        for (let from = "-"; pending.size > 0;) {
          const entries = await redis.xrange(resultsKey, from, "+", "COUNT", 1000);
          const last = fromEntries(entries, from);
          if (entries.length < 1000) break;
          from = `(${last}`;
        }
      }
      for (const [id, b] of batches) {
        const job = jobs.get(id);
        for (const index of b.indexes) {
          const p = pending.get(index);
          if (!p) continue;
          if (job === undefined) {
            settle(index, {
              ok: false,
              error: new TriggerError(
                "QUEUE_ERROR",
                `Cannot finish the device: its work is gone from Redis at ${display} (restarted without persistence, or flushed); it may or may not have run`,
                { host: p.item.nodeName },
              ),
            }, 0);
          } else if (job.finishedOn && job.failedReason) fromFailure(index, job.failedReason);
          else if (job.finishedOn) {
            // a worker refusing the payload returns the device's error; else nothing came back
            const refusal = readResult(job.returnvalue);
            if (refusal) fromValue(index, job.returnvalue);
            else {
              settle(index, {
                ok: false,
                error: new TriggerError(
                  "QUEUE_ERROR",
                  `Cannot finish the device: its batch ended on a worker without its result in Redis at ${display}`,
                  { host: p.item.nodeName },
                ),
              }, 0);
            }
          }
        }
      }
    };
    let reconciling: Promise<void> | undefined;
    const ticker = setInterval(() => {
      if (pending.size === 0) return;
      const now = performance.now();
      if (downSince !== undefined && now - downSince > unreachableMs) {
        for (const [index, p] of [...pending]) {
          settle(index, {
            ok: false,
            error: new TriggerError(
              "QUEUE_ERROR",
              `Cannot follow the device: the job queue at ${display} has been unreachable for ${
                Math.round(unreachableMs / 1000)
              } s (${lastError || "connection lost"}); the device may still run on a worker`,
              { host: p.item.nodeName },
            ),
          }, 0);
        }
        return;
      }
      if (downSince === undefined && reconciling === undefined && now - lastEvent > quietMs) {
        lastEvent = now;
        reconciling = reconcile().catch(() => {}).finally(() => (reconciling = undefined));
      }
    }, Math.min(1000, quietMs));
    closers.push(() => Promise.resolve(clearInterval(ticker)));

    let done = 0;
    let failed = 0;
    while (done < total) {
      const o = finished.shift();
      if (o === undefined) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      done++;
      if (!o.ok) failed++;
      onProgress?.(progressOf(t0, { total, done, failed, inFlight: pending.size }));
      yield o;
    }
    await cancelling;
    // the flow is done: remove it (parent and children) unless Redis is gone; its results and
    // cancel mark stay a little longer, so that a batch retaken after its worker was lost (between
    // its last result and its end) runs none of its devices again
    if (downSince === undefined) {
      const parent = await Job.fromId(queues.get(PARENT_QUEUE)!, jobId).catch(() => undefined);
      await parent?.remove().catch(() => {});
      await redis.expire(resultsKey, KEEP_AFTER_END_S).catch(() => {});
      await redis.expire(cancelKey, KEEP_AFTER_END_S).catch(() => {});
    }
  } finally {
    for (const close of closers.reverse()) await close().catch(() => {});
    redis.disconnect();
  }
}

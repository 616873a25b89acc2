/**
 * Runs a fleet job on remote workers: the job becomes one BullMQ flow (a
 * parent job, one child per device in the queue of the workers that can
 * reach it), and each device's outcome streams back as it arrives through
 * BullMQ's queue events. Nothing is silently lost: when events go quiet (or
 * after a lost connection) the children still pending are read back from
 * Redis; a child gone from Redis (a restart without persistence, a flush)
 * ends as a `QUEUE_ERROR`, and so does every pending device when Redis stays
 * unreachable. Cancelling removes the children no worker has started; those
 * in progress finish and report.
 *
 * @module
 */
import { FlowProducer, Job, Queue, QueueEvents } from "bullmq";
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
  type DeviceJobData,
  fromWireError,
  PAYLOAD_VERSION,
  readResult,
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
  /** Per queue: devices sent there and workers listening now. */
  queues: Record<string, { devices: number; workers: number }>;
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
   * Removes the devices not started yet (they end as `CANCELLED`).
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
   * Milliseconds without any event after which pending devices are read
   * back from Redis.
   *
   * @default {5000}
   */
  quietMs?: number;
}

const PARENT_QUEUE = "jobs";

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
  const display = queueDisplayUrl(options.connection.url);
  let lastError = "";
  const redis = openQueueConnection(options.connection, (m) => (lastError = m));
  const closers: (() => Promise<unknown>)[] = [];
  try {
    await queueReady(redis, options.connection.url);
    const jobId = crypto.randomUUID();
    const startedAt = new Date();
    const t0 = performance.now();
    const pending = new Map<string, { item: D; name: string; index: number; queue: string }>();
    const byQueue = new Map<string, number>();
    const children = items.map(({ device, commands, name }, index) => {
      const queue = options.queueOf(device);
      const id = `${jobId}-${index}`;
      pending.set(id, { item: device, name: name ?? device.nodeName, index, queue });
      byQueue.set(queue, (byQueue.get(queue) ?? 0) + 1);
      const data: DeviceJobData = {
        v: PAYLOAD_VERSION,
        job: jobId,
        index,
        device: wireDevice(device, options.fullCommit?.(device) ?? false),
        commands,
        task: options.task,
        timeoutMs,
        retries,
        connectsPerSecond: Number.isFinite(connectsPerSecond) ? connectsPerSecond : 0,
      };
      return {
        name: "device",
        queueName: queue,
        data,
        opts: {
          jobId: id,
          ignoreDependencyOnFailure: true,
          removeOnComplete: { age: 86_400 },
          removeOnFail: { age: 86_400 },
        },
      };
    });
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
      id: string,
      r: { ok: true; value: CommandOutput[] } | { ok: false; error: TriggerError },
      attempts: number,
      elapsedMs?: number,
    ) => {
      const p = pending.get(id);
      if (!p) return;
      pending.delete(id);
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
    const fromValue = (id: string, value: unknown) => {
      const p = pending.get(id);
      if (!p) return;
      const r = readResult(value);
      if (r === undefined) {
        settle(id, {
          ok: false,
          error: new TriggerError(
            "QUEUE_ERROR",
            "Cannot read the worker's result (a worker of another version?)",
            { host: p.item.nodeName },
          ),
        }, 0);
      } else if (r.ok) settle(id, { ok: true, value: r.results }, r.attempts, r.elapsedMs);
      else {settle(
          id,
          { ok: false, error: fromWireError(r.error, p.item.nodeName, r) },
          r.attempts,
          r.elapsedMs,
        );}
    };
    const fromFailure = (id: string, reason: string) => {
      const p = pending.get(id);
      if (!p) return;
      const lost = /stalled/i.test(reason);
      settle(id, {
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

    // queue events from the current end of each stream, read before the flow exists
    const queues = new Map<string, Queue>();
    for (const name of [...byQueue.keys(), PARENT_QUEUE]) {
      const q = new Queue(name, { connection: redis, prefix });
      queues.set(name, q);
      closers.push(() => q.close());
    }
    for (const name of byQueue.keys()) {
      const key = queues.get(name)!.keys.events!;
      const top = await redis.xrevrange(key, "+", "-", "COUNT", 1);
      const blocking = duplicateConnection(redis);
      closers.push(() => Promise.resolve(blocking.disconnect()));
      const events = new QueueEvents(name, {
        connection: blocking,
        prefix,
        lastEventId: top[0]?.[0] ?? "0-0",
      });
      events.on("completed", ({ jobId: id, returnvalue }) => fromValue(id, returnvalue));
      events.on("failed", ({ jobId: id, failedReason }) => fromFailure(id, failedReason));
      events.on("error", () => {});
      closers.push(() => events.close());
    }
    const producer = new FlowProducer({ connection: redis, prefix });
    closers.push(() => producer.close());
    await producer.add({
      name: "fleet-job",
      queueName: PARENT_QUEUE,
      data: { v: PAYLOAD_VERSION, task: options.task, devices: total, submittedAt: startedAt },
      opts: { jobId },
      children,
    });
    const submission: RemoteSubmission = { jobId, queues: {} };
    for (const [name, devices] of byQueue) {
      const workers = await queues.get(name)!.getWorkersCount().catch(() => 0);
      submission.queues[name] = { devices, workers };
    }
    options.onSubmitted?.(submission);

    // cancellation: remove what no worker has started
    let cancelling: Promise<void> | undefined;
    const cancel = () => {
      cancelling ??= (async () => {
        for (const [id, p] of [...pending]) {
          const job = await Job.fromId(queues.get(p.queue)!, id).catch(() => undefined);
          if (!job) continue;
          const state = await job.getState().catch(() => "unknown");
          if (state !== "waiting" && state !== "delayed" && state !== "prioritized") continue;
          const removed = await job.remove().then(() => true, () => false);
          if (removed) {
            settle(id, {
              ok: false,
              error: new TriggerError(
                "CANCELLED",
                "Cannot run the device: the job was cancelled before it started",
                { host: p.item.nodeName },
              ),
            }, 0);
          }
        }
      })();
    };
    const watch = onAbort(signal, cancel);
    closers.push(() => Promise.resolve(watch[Symbol.dispose]()));

    // reading back what events did not tell
    let downSince: number | undefined;
    redis.on("close", () => (downSince ??= performance.now()));
    redis.on("ready", () => {
      downSince = undefined;
      lastEvent = 0; // reconcile at once after a reconnect
    });
    const reconcile = async () => {
      const ids = [...pending.keys()];
      for (let i = 0; i < ids.length; i += 500) {
        await Promise.all(
          ids.slice(i, i + 500).map(async (id) => {
            const p = pending.get(id);
            if (!p) return;
            const job = await Job.fromId(queues.get(p.queue)!, id);
            if (job === undefined) {
              settle(id, {
                ok: false,
                error: new TriggerError(
                  "QUEUE_ERROR",
                  `Cannot finish the device: its work is gone from Redis at ${display} (restarted without persistence, or flushed); it may or may not have run`,
                  { host: p.item.nodeName },
                ),
              }, 0);
            } else if (
              job.finishedOn && job.returnvalue !== undefined && job.returnvalue !== null
            ) {
              fromValue(id, job.returnvalue);
            } else if (job.finishedOn && job.failedReason) fromFailure(id, job.failedReason);
          }),
        );
      }
    };
    let reconciling: Promise<void> | undefined;
    const ticker = setInterval(() => {
      if (pending.size === 0) return;
      const now = performance.now();
      if (downSince !== undefined && now - downSince > unreachableMs) {
        for (const [id, p] of [...pending]) {
          settle(id, {
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
    // the flow is done: remove it (parent and children) unless Redis is gone
    if (downSince === undefined) {
      const parent = await Job.fromId(queues.get(PARENT_QUEUE)!, jobId).catch(() => undefined);
      await parent?.remove().catch(() => {});
    }
  } finally {
    for (const close of closers.reverse()) await close().catch(() => {});
    redis.disconnect();
  }
}

/**
 * Where Commando runs a job's devices: here (the pool), on remote workers
 * through the distributed queue (BullMQ), or sharded over threads of this
 * process. All three yield the same outcomes, so the caller's summary, JSON
 * and output files do not depend on where the work ran.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import type { CommandoOptions, CommandoTarget, CommandOutput } from "./commando.ts";
import type { ExecutorTarget } from "./executor.ts";
import { type JobOutcome, runPool } from "./pool.ts";
import { taskOf } from "./task.ts";
import type { QueueConnectionOptions } from "../distributed/connection.ts";
import type { RemoteSubmission } from "../distributed/remote.ts";

/** The distributed queue of a Commando job, with its routing. */
export interface RemoteVia extends QueueConnectionOptions {
  /**
   * BullMQ's key prefix.
   *
   * @default {"trigger"}
   */
  prefix?: string;
  /**
   * The queue of a device (e.g. `queueOf(queueConfig(...), device)`).
   *
   * @default {() => "trigger"}
   */
  queueOf?: (device: CommandoTarget) => string;
  /**
   * Told once the flow is in Redis (job id; devices and workers per queue).
   *
   * @default {undefined}
   */
  onSubmitted?: (submission: RemoteSubmission) => void;
}

/** One device and its commands. */
export interface FleetItem<D> {
  /** The device. */
  device: D;
  /** Its commands, after the vendor hooks. */
  commands: string[];
  /** The outcome's name (the device's key where names repeat). @default {device.nodeName} */
  name?: string;
}

/** A device's outcome: its outputs, or its error. */
export type DeviceRunOutcome<D> = JobOutcome<D, CommandOutput[]>;

function builtinTask(o: CommandoOptions<CommandoTarget>, where: string) {
  const t = taskOf(o.executor);
  if (t === undefined) {
    throw new TriggerError(
      "INVALID_ARGUMENT",
      `Cannot run the job ${where}: its executor is a custom function, which cannot travel ` +
        "(use deviceExecutor() or configPushExecutor())",
    );
  }
  return t;
}

/**
 * Runs the devices where the options say and yields each outcome as it
 * finishes.
 *
 * @param items The devices and their commands.
 * @param o The job's options (executor, limits, `via`, `workers`).
 * @returns One outcome per device, in completion order.
 * @throws {TriggerError} `INVALID_ARGUMENT` for a custom executor with `via`
 *   or `workers`; `QUEUE_ERROR` when the queue cannot be reached.
 */
export async function* runFleet<D extends CommandoTarget>(
  items: FleetItem<D>[],
  o: CommandoOptions<D>,
): AsyncGenerator<DeviceRunOutcome<D>> {
  const limits = {
    ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
    ...(o.retries === undefined ? {} : { retries: o.retries }),
    ...(o.connectsPerSecond === undefined ? {} : { connectsPerSecond: o.connectsPerSecond }),
    ...(o.signal === undefined ? {} : { signal: o.signal }),
    ...(o.onProgress === undefined ? {} : { onProgress: o.onProgress }),
  };
  const workers = o.workers ?? 1;
  if (!(Number.isInteger(workers) && workers > 0)) {
    throw new RangeError(
      `Cannot run jobs as 'workers' must be a positive integer: current value is ${workers}`,
    );
  }
  if (o.via !== undefined) {
    const { task, options } = builtinTask(
      o as unknown as CommandoOptions<CommandoTarget>,
      "on remote workers",
    );
    const via: RemoteVia = typeof o.via === "string" ? { url: o.via } : o.via;
    const { runRemote } = await import("../distributed/remote.ts");
    const { prefix, queueOf = () => "trigger", onSubmitted, ...connection } = via;
    yield* runRemote(items as unknown as FleetItem<D & ExecutorTarget>[], {
      connection,
      task,
      queueOf,
      fullCommit: options.fullCommit,
      ...(prefix === undefined ? {} : { prefix }),
      ...(onSubmitted === undefined ? {} : { onSubmitted }),
      ...limits,
    });
    return;
  }
  if (workers > 1) {
    const { task, options } = builtinTask(
      o as unknown as CommandoOptions<CommandoTarget>,
      "on threads",
    );
    const { runShards } = await import("./shards.ts");
    yield* runShards(items as unknown as FleetItem<D & ExecutorTarget>[], {
      workers,
      task,
      executorOptions: options,
      maxConns: o.maxConns ?? 10,
      ...limits,
    });
    return;
  }
  for await (
    const out of runPool(items, (it, ctx) => o.executor(it.device, it.commands, ctx), {
      name: (it) => it.name ?? it.device.nodeName,
      rateKey: (it) => it.device.address,
      ...(o.maxConns === undefined ? {} : { maxConns: o.maxConns }),
      ...limits,
    })
  ) {
    yield { ...out, item: out.item.device };
  }
}

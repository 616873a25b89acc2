/**
 * A fleet worker: pulls device work from BullMQ queues (one job per batch of
 * devices for read-only commands, one per device for a configuration push)
 * and runs it with the connection plan, this host's credentials and
 * known_hosts, exactly as a local Commando job runs a device (the same pool:
 * per-device timeout, retries after transient connect failures, a per-target
 * connection rate — here shared by every worker through Redis); at most
 * `concurrency` devices run at once per queue, whatever batches they come
 * from. The worker fetches batches itself (BullMQ's manual fetching, locks
 * renewed while it holds them), one at a time and only when a slot is free
 * and no device of its batches waits for one: it holds at most `concurrency`
 * devices running and one batch waiting, so other workers get their share.
 * Each device's result is added to the fleet job's result stream as it
 * finishes (the results finished within a few milliseconds of each other
 * share one stream entry, one round trip); a device's failure is its result (`{ ok: false, error
 * }`), never a failed BullMQ job: each device ends with exactly one result. A
 * worker that dies mid-batch loses its lock; after `lockDurationMs` another
 * worker's stalled check puts the batch back in the queue and its devices
 * not reported yet run again (those already in the stream are skipped) —
 * except a configuration push, which is never replayed after a lost worker
 * (its state on the device is unknown): it ends as a `QUEUE_ERROR` naming
 * that. Once the submitter cancels, devices not started yet report
 * `CANCELLED` instead of running. A worker told to stop finishes the devices
 * in progress and puts its batches' devices not started back in the queue
 * for another worker.
 *
 * @module
 */
import { hostname } from "node:os";
import process from "node:process";
import { type Job, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { TriggerError } from "../errors.ts";
import { runPool } from "../commando/pool.ts";
import type { CommandExecutor } from "../commando/commando.ts";
import type { ExecutorTarget } from "../commando/executor.ts";
import type { ExecutorTask } from "../commando/task.ts";
import {
  duplicateConnection,
  openQueueConnection,
  type QueueConnectionOptions,
  queueReady,
} from "./connection.ts";
import { SharedRateLimiter } from "./shared_rate.ts";
import { ResultWriter } from "./_result_writer.ts";
import {
  type BatchJobData,
  type BatchJobSummary,
  type DeviceJobResult,
  type DeviceWork,
  PAYLOAD_VERSION,
  resultsOfEntry,
  targetOf,
  wireFailure,
  workerClientName,
} from "./payload.ts";
import { checkQueueName } from "./config.ts";

/** What a worker tells its caller (for its log). */
export type FleetWorkerEvent =
  | { type: "ready"; queues: string[]; name: string }
  | { type: "batch"; batch: string; job: string; queue: string; devices: number; attempt: number }
  | { type: "start"; device: string; job: string; queue: string; attempt: number }
  | { type: "done"; device: string; job: string; ok: boolean; code?: string; elapsedMs: number }
  | { type: "error"; message: string };

/** Options of {@linkcode FleetWorker.start}. */
export interface FleetWorkerOptions {
  /** The queue's Redis. */
  connection: QueueConnectionOptions;
  /** The queues to serve. */
  queues: readonly string[];
  /**
   * BullMQ's key prefix.
   *
   * @default {"trigger"}
   */
  prefix?: string;
  /**
   * Devices worked on at once, per queue (across the batches it holds).
   *
   * @default {10}
   */
  concurrency?: number;
  /**
   * The worker's tags (site, region, zone...), part of its name.
   *
   * @default {{}}
   */
  tags?: Readonly<Record<string, string>>;
  /**
   * Builds the executor of a task with this worker's resources.
   */
  executorFor: (task: ExecutorTask) => CommandExecutor<ExecutorTarget>;
  /**
   * Milliseconds a worker holds a device before others may take it back
   * (renewed while it runs; a dead worker's devices wait this long).
   *
   * @default {30000}
   */
  lockDurationMs?: number;
  /**
   * Milliseconds between checks for devices of dead workers.
   *
   * @default {lockDurationMs}
   */
  stalledIntervalMs?: number;
  /**
   * Told what the worker does.
   *
   * @default {undefined}
   */
  onEvent?: (e: FleetWorkerEvent) => void;
}

/** A running worker. */
export class FleetWorker {
  readonly #queues: ServedQueue[];
  readonly #connections: Redis[];
  readonly #results: ResultWriter;
  readonly #stop: { now: boolean; force: AbortController };
  /** The worker's name: host, process id and tags. */
  readonly name: string;

  private constructor(
    queues: ServedQueue[],
    connections: Redis[],
    results: ResultWriter,
    stop: { now: boolean; force: AbortController },
    name: string,
  ) {
    this.#queues = queues;
    this.#connections = connections;
    this.#results = results;
    this.#stop = stop;
    this.name = name;
  }

  /**
   * Connects and starts serving the queues.
   *
   * @param options Queues, concurrency, resources.
   * @returns The worker; {@linkcode FleetWorker.close} stops it.
   * @throws {TriggerError} `QUEUE_ERROR` when Redis cannot be reached,
   *   `INVALID_ARGUMENT` for a bad queue name or concurrency.
   */
  static async start(options: FleetWorkerOptions): Promise<FleetWorker> {
    const {
      queues,
      prefix = "trigger",
      concurrency = 10,
      tags = {},
      lockDurationMs = 30_000,
      onEvent,
    } = options;
    if (queues.length === 0) {
      throw new TriggerError("INVALID_ARGUMENT", "Cannot start a worker: no queue to serve");
    }
    queues.forEach((q) => checkQueueName(q));
    if (!(Number.isInteger(concurrency) && concurrency > 0)) {
      throw new TriggerError(
        "INVALID_ARGUMENT",
        `Cannot start a worker: concurrency must be a positive integer, got ${concurrency}`,
      );
    }
    const tagText = Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(",");
    const name = `${hostname()}:${process.pid}${tagText ? `[${tagText}]` : ""}`;
    const onError = (message: string) => onEvent?.({ type: "error", message });
    const redis = openQueueConnection(options.connection, onError);
    try {
      await queueReady(redis, options.connection.url);
    } catch (e) {
      redis.disconnect();
      throw e;
    }
    const limiters = new Map<number, SharedRateLimiter>();
    const limiterFor = (perSecond: number) => {
      let l = limiters.get(perSecond);
      if (!l) limiters.set(perSecond, l = new SharedRateLimiter(redis, prefix, perSecond));
      return l;
    };
    const cancelled = cancelChecker(redis);
    const results = new ResultWriter(redis, RESULTS_TTL_S);
    const stop = { now: false, force: new AbortController() };
    const connections: Redis[] = [redis];
    const served = queues.map((queue) => {
      const connection = duplicateConnection(redis, onError);
      connections.push(connection);
      // no processor: the worker fetches a batch itself, only when it has room for it
      const w = new Worker(queue, null, {
        connection,
        prefix,
        name: workerClientName(name, concurrency),
        lockDuration: lockDurationMs,
        stalledInterval: options.stalledIntervalMs ?? lockDurationMs,
        maxStalledCount: 1,
        autorun: false,
      });
      w.on("error", (e) => onError(`queue ${queue}: ${e.message}`));
      return new ServedQueue(w, new Slots(concurrency), lockDurationMs, stop, onError, {
        name,
        redis,
        results,
        cancelled,
        stopping: stop,
        limiterFor,
        executorFor: options.executorFor,
        onEvent,
        signal: stop.force.signal,
      });
    });
    await Promise.all(served.map((q) => q.start()));
    onEvent?.({ type: "ready", queues: [...queues], name });
    return new FleetWorker(served, connections, results, stop, name);
  }

  /**
   * Stops taking work, lets the devices in progress finish, puts the devices
   * of its batches not started yet back in the queue (a push that waits for a
   * slot still runs: it must never run twice), and disconnects.
   *
   * @param force Do not wait for the devices in progress (their batches are
   *   taken back by other workers after the lock expires).
   */
  async close(force = false): Promise<void> {
    this.#stop.now = true;
    if (force) this.#stop.force.abort();
    await Promise.all(this.#queues.map((q) => q.close(force)));
    // the results of devices finished meanwhile (a forced stop does not wait for their batches)
    await this.#results.flush();
    for (const c of this.#connections) c.disconnect();
  }
}

/**
 * One queue served: a batch is fetched only when a device slot is free and
 * no device of the batches held waits for one, so a worker holds at most
 * `concurrency` devices running and one batch's devices waiting; the batches'
 * locks are renewed while they run.
 */
class ServedQueue {
  readonly #w: Worker;
  readonly #slots: Slots;
  readonly #lockDurationMs: number;
  readonly #stop: { readonly now: boolean };
  readonly #onError: (message: string) => void;
  readonly #context: Omit<RunContext, "slots">;
  /** Batches held: their lock tokens and the promise of their end. */
  readonly #held = new Map<string, { token: string; done: Promise<void> }>();
  #loop: Promise<void> = Promise.resolve();
  #renew: ReturnType<typeof setInterval> | undefined;

  constructor(
    w: Worker,
    slots: Slots,
    lockDurationMs: number,
    stop: { readonly now: boolean },
    onError: (message: string) => void,
    context: Omit<RunContext, "slots">,
  ) {
    this.#w = w;
    this.#slots = slots;
    this.#lockDurationMs = lockDurationMs;
    this.#stop = stop;
    this.#onError = onError;
    this.#context = context;
  }

  async start(): Promise<void> {
    await this.#w.waitUntilReady();
    await this.#w.startStalledCheckTimer();
    this.#renew = setInterval(() => this.#renewLocks(), this.#lockDurationMs / 2);
    this.#loop = this.#fetchLoop();
  }

  async close(force: boolean): Promise<void> {
    this.#slots.wake();
    if (!force) await Promise.all([...this.#held.values()].map((h) => h.done));
    clearInterval(this.#renew);
    await this.#w.close(force).catch((e) => this.#onError(`closing: ${errorText(e)}`));
    await this.#loop;
  }

  async #fetchLoop(): Promise<void> {
    for (let n = 0; !this.#stop.now;) {
      await this.#slots.whenRoom();
      if (this.#stop.now) return;
      const token = `${this.#w.id}:${n++}`;
      let job: Job | undefined;
      try {
        job = await this.#w.getNextJob(token, { block: true });
      } catch (e) {
        if (this.#stop.now) return;
        this.#onError(`fetching a batch: ${errorText(e)}`);
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      if (job === undefined) continue;
      if (this.#stop.now) {
        // taken while stopping: straight back to the queue
        await job.moveToWait(token).catch((e) => this.#onError(`handing back: ${errorText(e)}`));
        return;
      }
      this.#run(job, token);
    }
  }

  #run(job: Job, token: string): void {
    const id = job.id ?? token;
    const size = Array.isArray(job.data?.devices) ? job.data.devices.length : 0;
    const ticket = this.#slots.ticket(size);
    this.#context.onEvent?.({
      type: "batch",
      batch: id,
      job: typeof job.data?.job === "string" ? job.data.job : "",
      queue: job.queueName,
      devices: size,
      attempt: job.attemptsStarted,
    });
    const done = runBatch(job, { ...this.#context, slots: ticket })
      .then(async (end) => {
        if (end === HAND_BACK) await job.moveToWait(token);
        else await job.moveToCompleted(end, token, false);
      }, (e) =>
        job.moveToFailed(
          e instanceof Error ? e : new TriggerError("JOB_FAILED", `Cannot run the batch: ${e}`),
          token,
          false,
        ))
      .then(() => {}, (e) => this.#onError(`ending batch ${id}: ${errorText(e)}`))
      .finally(() => {
        ticket.close();
        this.#held.delete(id);
      });
    this.#held.set(id, { token, done });
  }

  #renewLocks(): void {
    if (this.#held.size === 0) return;
    const ids = [...this.#held.keys()];
    const tokens = ids.map((id) => this.#held.get(id)!.token);
    this.#w.extendJobLocks(ids, tokens, this.#lockDurationMs).catch((e) =>
      this.#onError(`renewing locks: ${errorText(e)}`)
    );
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The device slots of one queue: at most `n` devices run at once, first
 * come first served; a fetched batch's devices are expected (they count as
 * waiting) until each takes a slot or is passed over.
 */
class Slots {
  #free: number;
  #expected = 0;
  readonly #waiting: (() => void)[] = [];
  #roomWaiter: (() => void) | undefined;

  constructor(n: number) {
    this.#free = n;
  }

  /** Resolves once a slot is free and no device waits for one (or on {@linkcode wake}). */
  whenRoom(): Promise<void> {
    if (this.#free > 0 && this.#waiting.length === 0 && this.#expected === 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => (this.#roomWaiter = resolve));
  }

  /** Ends a {@linkcode whenRoom} wait (the worker stops). */
  wake(): void {
    const w = this.#roomWaiter;
    this.#roomWaiter = undefined;
    w?.();
  }

  /** The slots of a batch of `n` devices: each takes one or is passed over. */
  ticket(n: number): BatchSlots {
    this.#expected += n;
    let left = n;
    const settle = () => {
      if (left === 0) return false;
      left--;
      this.#expected--;
      return true;
    };
    return {
      take: () => {
        settle();
        if (this.#free > 0) {
          this.#free--;
          this.#check();
          return Promise.resolve();
        }
        return new Promise((resolve) => this.#waiting.push(resolve));
      },
      give: () => {
        const next = this.#waiting.shift();
        if (next) next();
        else this.#free++;
        this.#check();
      },
      pass: () => {
        if (settle()) this.#check();
      },
      close: () => {
        while (settle());
        this.#check();
      },
    };
  }

  #check(): void {
    if (this.#free > 0 && this.#waiting.length === 0 && this.#expected === 0) this.wake();
  }
}

/** A batch's view of its queue's slots. */
interface BatchSlots {
  /** Waits for a slot for one device of the batch. */
  take(): Promise<void>;
  /** Gives a slot back. */
  give(): void;
  /** One device of the batch will not run here (reported already, or handed back). */
  pass(): void;
  /** The batch ended: its devices not accounted for are passed over. */
  close(): void;
}

/** Whether a fleet job was cancelled: its cancel key, read at most every 250 ms per job. */
function cancelChecker(redis: Redis): (key: string) => Promise<boolean> {
  const seen = new Map<string, { at: number; value: Promise<boolean> }>();
  return (key) => {
    const now = performance.now();
    const s = seen.get(key);
    if (s && now - s.at < 250) return s.value;
    if (seen.size > 64) {
      for (const [k, v] of seen) if (now - v.at > 1000) seen.delete(k);
    }
    const value = redis.exists(key).then((n) => n > 0, () => false);
    seen.set(key, { at: now, value });
    return value;
  };
}

/** How long a fleet job's result stream stays in Redis after its last result. */
const RESULTS_TTL_S = 86_400;

interface RunContext {
  name: string;
  redis: Redis;
  results: ResultWriter;
  slots: BatchSlots;
  cancelled: (key: string) => Promise<boolean>;
  stopping: { readonly now: boolean };
  limiterFor: (perSecond: number) => SharedRateLimiter;
  executorFor: (task: ExecutorTask) => CommandExecutor<ExecutorTarget>;
  onEvent: ((e: FleetWorkerEvent) => void) | undefined;
  signal: AbortSignal | undefined;
}

/** The indexes of `wanted` already in a result stream (an earlier try of the batch reported them). */
async function reportedIn(redis: Redis, key: string, wanted: Set<number>): Promise<Set<number>> {
  const found = new Set<number>();
  for (let from = "-";;) {
    const entries = await redis.xrange(key, from, "+", "COUNT", 1000);
    for (const [, fields] of entries) {
      for (const { index } of resultsOfEntry(fields)) if (wanted.has(index)) found.add(index);
    }
    if (entries.length < 1000) return found;
    from = `(${entries[entries.length - 1]![0]}`;
  }
}

/** What {@linkcode runBatch} returns when the worker stops: the batch goes back to the queue. */
const HAND_BACK = Symbol("hand back");

/**
 * Runs a batch job: each device in a slot of its queue, its result added to
 * the fleet job's result stream as it finishes. Never throws for a device's
 * failure; a payload of another version is refused as the job's return value.
 * When the worker stops, the devices not started are passed over and the
 * batch is to go back to the queue ({@linkcode HAND_BACK}): the next try skips
 * those already reported.
 */
async function runBatch(
  job: Job,
  c: RunContext,
): Promise<BatchJobSummary | DeviceJobResult | typeof HAND_BACK> {
  const data = job.data as Partial<BatchJobData> & { device?: { nodeName?: unknown } };
  if (data?.v !== PAYLOAD_VERSION || !Array.isArray(data.devices)) {
    const name = typeof data?.device?.nodeName === "string" ? data.device.nodeName : String(job.id);
    const error = new TriggerError(
      "QUEUE_ERROR",
      `Cannot run the device's work: payload version ${data?.v}, this worker reads ${PAYLOAD_VERSION} (upgrade the older side)`,
      { host: name },
    );
    c.onEvent?.({
      type: "done",
      device: name,
      job: data?.job ?? "",
      ok: false,
      code: error.code,
      elapsedMs: 0,
    });
    return { ok: false, ...wireFailure(error), attempts: 0, elapsedMs: 0, worker: c.name };
  }
  const batch = data as BatchJobData;
  // a try after a lost worker: what the lost one reported is not run (nor reported) again
  const retake = job.stalledCounter > 0 || job.attemptsStarted > 1;
  const done = retake
    ? await reportedIn(c.redis, batch.results, new Set(batch.devices.map((d) => d.index)))
    : new Set<number>();
  let reported = 0;
  let handedBack = 0;
  // a push waiting for a slot still runs when the worker stops: it must never run twice
  const handBack = () => c.stopping.now && batch.task.kind !== "push";
  await Promise.all(batch.devices.map(async (w) => {
    if (done.has(w.index) || handBack()) {
      if (!done.has(w.index)) handedBack++;
      c.slots.pass();
      return;
    }
    await c.slots.take();
    try {
      if (handBack()) {
        handedBack++;
        return;
      }
      const r = await runDevice(w, batch, job, retake, c);
      // reported (and logged as done) once its stream entry is in Redis; it holds its slot so long
      await c.results.add(batch.results, w.index, JSON.stringify(r));
      reported++;
      c.onEvent?.({
        type: "done",
        device: nameOf(w),
        job: batch.job,
        ok: r.ok,
        ...(r.ok ? {} : { code: r.error.code }),
        elapsedMs: r.elapsedMs,
      });
    } finally {
      c.slots.give();
    }
  }));
  if (reported === 0) await c.redis.expire(batch.results, RESULTS_TTL_S);
  return handedBack > 0 ? HAND_BACK : { reported, skipped: done.size };
}

/** A device's name as its worker logs it. */
function nameOf(w: DeviceWork): string {
  return typeof w?.device?.nodeName === "string" ? w.device.nodeName : `#${w?.index}`;
}

/**
 * Runs one device of a batch; the device's failure is the result, never a
 * thrown error (its `done` event follows once the result is in Redis).
 */
async function runDevice(
  w: DeviceWork,
  data: BatchJobData,
  job: Job,
  retake: boolean,
  c: RunContext,
): Promise<DeviceJobResult> {
  const name = nameOf(w);
  const t0 = performance.now();
  const fail = (error: TriggerError, attempts = 0): DeviceJobResult => ({
    ok: false,
    ...wireFailure(error),
    attempts,
    elapsedMs: performance.now() - t0,
    worker: c.name,
  });
  if (await c.cancelled(data.cancelKey)) {
    return fail(
      new TriggerError(
        "CANCELLED",
        "Cannot run the device: the job was cancelled before it started",
        { host: name },
      ),
    );
  }
  c.onEvent?.({
    type: "start",
    device: name,
    job: data.job,
    queue: job.queueName,
    attempt: job.attemptsStarted,
  });
  if (data.task.kind === "push" && retake) {
    return fail(
      new TriggerError(
        "QUEUE_ERROR",
        "Cannot push the configuration again: the worker pushing it was lost mid-push, so " +
          "what the device holds is unknown (check it, then push again)",
        { host: name },
      ),
    );
  }
  const executor = c.executorFor(data.task);
  const target = targetOf(w.device);
  const perSecond = data.connectsPerSecond > 0 ? data.connectsPerSecond : Infinity;
  for await (
    const o of runPool([target], (d, ctx) => executor(d, w.commands, ctx), {
      name: (d) => d.nodeName,
      rateKey: (d) => d.address,
      maxConns: 1,
      timeoutMs: data.timeoutMs,
      retries: data.retries,
      ...(Number.isFinite(perSecond) ? { limiter: c.limiterFor(perSecond) } : {}),
      ...(c.signal ? { signal: c.signal } : {}),
    })
  ) {
    if (!o.ok) return fail(o.error, o.attempts);
    return {
      ok: true,
      results: o.value,
      attempts: o.attempts,
      elapsedMs: o.elapsedMs,
      worker: c.name,
    };
  }
  return fail(new TriggerError("JOB_FAILED", "Cannot run the device: no outcome", { host: name }));
}

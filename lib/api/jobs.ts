/**
 * The fleet jobs of the HTTP API: submitted, run (on the distributed queue
 * when one is configured, here otherwise), followed (progress and each
 * device's result as it arrives, for Server-Sent Events), listed and
 * cancelled. Jobs are kept in memory, newest first, up to a limit.
 *
 * @module
 */
import type { CommandOutput, DeviceOutcome } from "../commando/commando.ts";
import type { Progress } from "../commando/pool.ts";

/** What a client asks for. */
export interface JobRequest {
  /** A named job (`show_version`...), or absent for `commands`. */
  job?: string;
  /** Commands to run (without `job`). */
  commands?: string[];
  /** `config_device`: configuration lines. */
  lines?: string[];
  /** `config_device`: really push (default: a dry run). */
  push?: boolean;
  /** Device names. */
  devices: string[];
  /** Inventory field → values (devices matching are added). */
  match?: Record<string, string[]>;
  /** Seconds allowed per device. */
  timeoutSeconds?: number;
}

/** One device's result. */
export interface DeviceResult {
  /** The device. */
  device: string;
  /** Whether it succeeded. */
  ok: boolean;
  /** Each command's output (raw and, when a template matched, parsed), in the order sent. */
  results: CommandOutput[];
  /** Why it failed. */
  error?: { code: string; message: string };
  /** The command it failed on, when it failed on one. */
  command?: string;
  /** Milliseconds it took. */
  elapsedMs: number;
  /** Tries made. */
  attempts: number;
}

/** A job as the API shows it. */
export interface JobRecord {
  /** The job's id. */
  id: string;
  /** The named job, or `commands`. */
  name: string;
  /** What was asked. */
  request: JobRequest;
  /** Who submitted it (the token's name). */
  submittedBy: string;
  /** `queue` (remote workers) or `local`. */
  runsOn: "queue" | "local";
  /** Where it stands. */
  status: "running" | "done" | "cancelled" | "failed";
  /** When it was submitted (ISO). */
  createdAt: string;
  /** When it ended (ISO). */
  finishedAt?: string;
  /** Devices in all, once known. */
  total: number | undefined;
  /** Devices done. */
  done: number;
  /** Devices failed. */
  failed: number;
  /** Why the whole job failed (not a device: the queue, bad input...). */
  error?: { code: string; message: string };
  /** Each device's result, in the order they finished. */
  results: DeviceResult[];
}

/** What a follower receives. */
export type JobEvent =
  | { type: "progress"; done: number; total: number | undefined; failed: number }
  | { type: "device"; result: DeviceResult }
  | { type: "end"; status: JobRecord["status"]; error?: { code: string; message: string } };

/** Runs a request: yields each device's outcome (`DeviceOutcome` of Commando). */
export type JobRunner = (
  request: JobRequest,
  signal: AbortSignal,
  onProgress: (p: Progress) => void,
) => AsyncIterable<DeviceOutcome>;

/**
 * A device's outcome as the API shows it.
 *
 * @param o The outcome (`DeviceOutcome` of Commando).
 * @returns The result.
 */
export function deviceResult(o: DeviceOutcome): DeviceResult {
  const base = {
    device: o.device,
    ok: o.ok,
    elapsedMs: Math.round(o.elapsedMs),
    attempts: o.attempts,
    results: o.results,
  };
  if (o.ok) return base;
  return {
    ...base,
    error: { code: o.error.code, message: o.error.message },
    ...(o.command === undefined ? {} : { command: o.command }),
  };
}

/** The jobs of one server. */
export class JobManager {
  readonly #jobs = new Map<string, JobRecord>();
  readonly #followers = new Map<string, Set<(e: JobEvent) => void>>();
  readonly #controllers = new Map<string, AbortController>();
  readonly #run: JobRunner;
  readonly #runsOn: "queue" | "local";
  readonly #keep: number;

  /**
   * Creates the manager.
   *
   * @param run Runs a request.
   * @param runsOn Where jobs run (shown to clients).
   * @param keep Jobs kept (finished ones beyond it are forgotten, oldest first).
   */
  constructor(run: JobRunner, runsOn: "queue" | "local", keep = 200) {
    this.#run = run;
    this.#runsOn = runsOn;
    this.#keep = keep;
  }

  /**
   * Starts a job.
   *
   * @param request What to run.
   * @param name The job's name.
   * @param submittedBy The token's name.
   * @returns The job (running).
   */
  submit(request: JobRequest, name: string, submittedBy: string): JobRecord {
    const id = crypto.randomUUID();
    const job: JobRecord = {
      id,
      name,
      request,
      submittedBy,
      runsOn: this.#runsOn,
      status: "running",
      createdAt: new Date().toISOString(),
      // known at once when devices are named; a match is counted when the job starts
      total: request.match ? undefined : request.devices.length,
      done: 0,
      failed: 0,
      results: [],
    };
    this.#jobs.set(id, job);
    this.#forget();
    const ctrl = new AbortController();
    this.#controllers.set(id, ctrl);
    this.#start(job, ctrl.signal);
    return job;
  }

  async #start(job: JobRecord, signal: AbortSignal): Promise<void> {
    const emit = (e: JobEvent) => this.#followers.get(job.id)?.forEach((f) => f(e));
    try {
      for await (
        const o of this.#run(job.request, signal, (p) => {
          job.total = p.total ?? job.total;
          emit({ type: "progress", done: p.done, total: p.total, failed: p.failed });
        })
      ) {
        const r = deviceResult(o);
        job.results.push(r);
        job.done = job.results.length;
        job.failed += r.ok ? 0 : 1;
        emit({ type: "device", result: r });
        emit({ type: "progress", done: job.done, total: job.total, failed: job.failed });
      }
      job.status = signal.aborted ? "cancelled" : "done";
    } catch (e) {
      const err = e as { code?: string; message?: string };
      job.status = "failed";
      job.error = { code: err.code ?? "JOB_FAILED", message: err.message ?? String(e) };
    }
    job.finishedAt = new Date().toISOString();
    this.#controllers.delete(job.id);
    emit({ type: "end", status: job.status, ...(job.error ? { error: job.error } : {}) });
    this.#followers.delete(job.id);
  }

  #forget(): void {
    const finished = [...this.#jobs.values()].filter((j) => j.status !== "running");
    const excess = this.#jobs.size - this.#keep;
    for (const j of finished.slice(0, Math.max(0, excess))) this.#jobs.delete(j.id);
  }

  /** Every job kept, newest first. */
  list(): JobRecord[] {
    return [...this.#jobs.values()].reverse();
  }

  /** One job. */
  get(id: string): JobRecord | undefined {
    return this.#jobs.get(id);
  }

  /** Cancels a running job; `false` when it is not running. */
  cancel(id: string): boolean {
    const c = this.#controllers.get(id);
    if (!c) return false;
    c.abort();
    return true;
  }

  /** Follows a running job; returns the unsubscribe function. */
  follow(id: string, fn: (e: JobEvent) => void): () => void {
    let set = this.#followers.get(id);
    if (!set) this.#followers.set(id, set = new Set());
    set.add(fn);
    return () => set.delete(fn);
  }

  /** Cancels every running job (server shutdown). */
  cancelAll(): void {
    for (const c of this.#controllers.values()) c.abort();
  }
}

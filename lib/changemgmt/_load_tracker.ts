/**
 * What a load run writes down (private): one change record per device step
 * as it happens, the backup before the first change, the queue entries
 * marked in progress before the first change and settled after, every store
 * call bounded by a deadline. A failure of the log or the store before a
 * device changes stops that device and the run; after, the device still
 * ends in a known state and the failure is reported with it.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import { deadline, raceAbort } from "../_util/abort.ts";
import { inProgressNote, type LoadQueue } from "../acl/db/load_queue.ts";
import type { QueueEntry } from "../acl/db/store.ts";
import { writeAclBackup } from "./acl_backup.ts";
import type { ChangeRecorder } from "./change_log.ts";
import type { AclLoadStep } from "./acl_step.ts";

/** What the tracker needs from a run's options. */
export interface TrackerOptions {
  /** Change records. */
  log?: ChangeRecorder | undefined;
  /** The queue, when entries are settled. */
  queue?: LoadQueue | undefined;
  /** Backups directory. */
  backupDir?: string | undefined;
  /** Who loads. */
  user: string;
  /** The run's id. */
  run: string;
  /** Milliseconds per store call. */
  storeTimeoutMs: number;
  /** Progress. */
  onStep?: ((device: string, step: AclLoadStep) => void) | undefined;
}

/** The result fields the tracker records. */
export interface TrackedResult {
  device: string;
  acls: string[];
  status: string;
  message: string;
  step?: AclLoadStep;
  left?: string;
  backup?: string;
  verified: { acl: string; terms: number }[];
  restore?: { ok: boolean; message: string };
}

/**
 * Waits for `p` at most `ms`.
 *
 * @throws {TriggerError} `TIMEOUT` naming `what` when it takes longer.
 */
export function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  const timeout = () => new TriggerError("TIMEOUT", `${what}: no answer within ${ms} ms`);
  return raceAbort(p, deadline(undefined, ms, timeout), what);
}

/** Records and queue bookkeeping of one run. */
export class LoadTracker {
  readonly #o: TrackerOptions;
  /** Why the run must stop starting devices (the log or the store failed), if it must. */
  broken: TriggerError | undefined;

  constructor(options: TrackerOptions) {
    this.#o = options;
  }

  /** Keeps a record; a failure marks the run broken and is thrown. */
  async record(record: Record<string, unknown> & { event: string }): Promise<void> {
    if (!this.#o.log) return;
    try {
      await this.#o.log.record(record);
    } catch (e) {
      throw this.#break(e);
    }
  }

  /** A device starts a step: shown at once, recorded before the step runs. */
  async step(device: string, step: AclLoadStep): Promise<void> {
    this.#o.onStep?.(device, step);
    await this.record({ event: "step", device, step });
  }

  /**
   * Right before a device's first change: the backup file, the queue
   * entries marked in progress (created for a load by name), then the
   * `change` record naming the backup. Any failure here means the device
   * must not change.
   *
   * @param hooks `marked` gets the entries once they are noted in progress;
   *   `commit` is called right before the change record is written: the
   *   last moment to refuse (throw); from then on the device is changing.
   * @returns The backup file, if written, and the entries now in progress.
   */
  async beginChange(
    device: string,
    platform: string,
    acls: readonly { name: string; text: string }[],
    hooks: { marked: (entries: QueueEntry[]) => void; commit: () => void },
  ): Promise<{ backup?: string; entries: QueueEntry[] }> {
    const o = this.#o;
    const backup = o.backupDir === undefined ? undefined : await writeAclBackup(o.backupDir, {
      device,
      platform,
      run: o.run,
      user: o.user,
      acls: [...acls],
    }).catch((e) => {
      throw this.#break(e);
    });
    const names = acls.map((a) => a.name);
    let entries: QueueEntry[] = [];
    if (o.queue) {
      const note = inProgressNote({
        run: o.run,
        pid: Deno.pid,
        host: Deno.hostname(),
        since: new Date().toISOString(),
        ...(backup ? { backup } : {}),
      });
      entries = await this.#store(
        o.queue.track(device, names, o.user, note),
        `Cannot mark ${names.join(", ")} in progress on ${device} in the queue`,
      );
      hooks.marked(entries);
    }
    // the last durable word before the device changes
    hooks.commit();
    await this.record({ event: "change", device, acls: names, ...(backup ? { backup } : {}) });
    return { ...(backup ? { backup } : {}), entries };
  }

  /**
   * Settles a device's entries (verified ACLs done, the rest pending with
   * the reason) and records its result. Never throws: a failure is returned.
   *
   * @returns Why the queue or the log could not be updated, if so.
   */
  async settle(
    entries: readonly QueueEntry[],
    result: TrackedResult,
    queueNote: string,
  ): Promise<string | undefined> {
    const problems: string[] = [];
    const q = this.#o.queue;
    if (q) {
      try {
        for (const e of entries) {
          const ok = result.verified.find((v) => v.acl === e.acl);
          await this.#store(
            ok
              ? q.complete(e.id, `verified: ${ok.terms} terms (by ${this.#o.user})`)
              : q.failed(e.id, queueNote),
            `Cannot settle queue entry ${e.id} (${e.acl} on ${result.device})`,
          );
        }
      } catch (e) {
        problems.push(e instanceof Error ? e.message : String(e));
      }
    }
    try {
      await this.record({
        event: "result",
        device: result.device,
        acls: result.acls,
        result: result.status,
        ...(result.left ? { left: result.left } : {}),
        ...(result.step ? { step: result.step } : {}),
        message: result.message,
        ...(result.backup ? { backup: result.backup } : {}),
        ...(result.restore ? { restore: result.restore } : {}),
        ...(problems.length ? { queueError: problems.join("; ") } : {}),
      });
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
    }
    return problems.length ? problems.join("; ") : undefined;
  }

  async #store<T>(p: Promise<T>, what: string): Promise<T> {
    const failed = (e: unknown) => {
      const why = e instanceof Error ? e.message : String(e);
      throw new TriggerError("QUEUE_ERROR", `${what}: ${why}`, { cause: e });
    };
    try {
      return await withDeadline(p.catch(failed), this.#o.storeTimeoutMs, what);
    } catch (e) {
      throw this.#break(e);
    }
  }

  #break(e: unknown): TriggerError {
    const error = e instanceof TriggerError
      ? e
      : new TriggerError("IO_ERROR", e instanceof Error ? e.message : String(e), { cause: e });
    this.broken ??= error;
    return error;
  }
}

/**
 * The change log of the verbs that change devices (`load-acl`,
 * `load-config`): one JSON line per step of each device, appended as it
 * happens and flushed to disk (`fsync`) before the work moves on, so that a
 * crash, a `kill -9` or a power cut leaves the record of every change that
 * reached a device.
 *
 * Opening the log is the first thing a change does: the directory is
 * created (0700, as OpenSSH does for `~/.ssh`), the file is opened for
 * appending (created 0600), and a log that cannot be opened stops the run
 * before any device is contacted.
 *
 * @module
 */
import { userInfo } from "node:os";
import process from "node:process";
import { dirname } from "node:path";
import { TriggerError } from "../errors.ts";

/** One record: what happened, to which device. Fields beyond these are free. */
export interface ChangeRecord {
  /** What happened (`start`, `step`, `change`, `result`, `end`...). */
  event: string;
  /** The device, when the record concerns one. */
  device?: string;
  /** More fields. */
  [field: string]: unknown;
}

/** Where change records go (a {@linkcode ChangeLog}, or anything that keeps them). */
export interface ChangeRecorder {
  /**
   * Keeps one record; resolves once it is durable.
   *
   * @throws {TriggerError} `IO_ERROR` when it cannot be kept.
   */
  record(record: ChangeRecord): Promise<void>;
}

/** Options of {@linkcode ChangeLog.open}. */
export interface ChangeLogOptions {
  /** The verb whose changes are logged (`load-acl`). */
  verb: string;
  /** Who changes. @default {operatorLogin()} */
  user?: string;
  /** The run's id, in every record. @default {a random id} */
  run?: string;
}

/**
 * The login of the person (or cron job) running this process: the account
 * of the process's user id, as `id -un` says, not `$USER` (unset under cron,
 * and anyone can set it). Falls back to `$LOGNAME`/`$USER`, then `uid:N`.
 *
 * @returns The login.
 *
 * @example Never empty
 * ```ts
 * import { operatorLogin } from "@trigger/trigger";
 * import { ok } from "node:assert/strict";
 *
 * ok(operatorLogin().length > 0);
 * ```
 */
export function operatorLogin(): string {
  try {
    const name = userInfo().username;
    if (name) return name;
  } catch { /* no passwd entry for this uid */ }
  let env: string | undefined;
  try {
    env = Deno.env.get("LOGNAME") ?? Deno.env.get("USER");
  } catch { /* no env permission */ }
  if (env) return env;
  return `uid:${process.getuid?.() ?? "unknown"}`;
}

/**
 * An append-only JSON-lines log, each record flushed to disk before
 * {@linkcode ChangeLog.record} resolves.
 *
 * @example Open, record, read back
 * ```ts
 * import { ChangeLog } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * const log = await ChangeLog.open(`${dir}/new/load_acl.log`, { verb: "load-acl", user: "alice" });
 * await log.record({ event: "result", device: "r1", result: "done" });
 * await log.close();
 * const line = JSON.parse((await Deno.readTextFile(`${dir}/new/load_acl.log`)).split("\n")[1]!);
 * strictEqual(line.device, "r1");
 * strictEqual(line.user, "alice");
 * strictEqual((await Deno.stat(`${dir}/new/load_acl.log`)).mode! & 0o777, 0o600);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class ChangeLog implements ChangeRecorder {
  /** The file. */
  readonly path: string;
  /** The run's id. */
  readonly run: string;
  /** Who changes. */
  readonly user: string;
  readonly #file: Deno.FsFile;
  #tail: Promise<void> = Promise.resolve();
  #closed = false;

  private constructor(path: string, file: Deno.FsFile, run: string, user: string) {
    this.path = path;
    this.#file = file;
    this.run = run;
    this.user = user;
  }

  /**
   * Opens (and creates) the log, its directory 0700 and the file 0600, and
   * writes the run's `start` record (verb, user, host, pid).
   *
   * @param path The log file.
   * @param options The verb, user and run id.
   * @returns The open log.
   * @throws {TriggerError} `IO_ERROR` naming the file and why it cannot be written.
   */
  static async open(path: string, options: ChangeLogOptions): Promise<ChangeLog> {
    const run = options.run ?? crypto.randomUUID().slice(0, 8);
    const user = options.user ?? operatorLogin();
    let file: Deno.FsFile;
    try {
      await Deno.mkdir(dirname(path), { recursive: true, mode: 0o700 });
      file = await Deno.open(path, { append: true, create: true, mode: 0o600 });
    } catch (e) {
      throw unwritable(path, e);
    }
    try {
      const mode = (await file.stat()).mode;
      if (mode !== null && (mode & 0o077) !== 0) await Deno.chmod(path, mode & 0o700);
    } catch { /* not ours to tighten: keep logging */ }
    const log = new ChangeLog(path, file, run, user);
    try {
      await log.record({
        event: "start",
        verb: options.verb,
        host: Deno.hostname(),
        pid: Deno.pid,
      });
    } catch (e) {
      file.close();
      throw e;
    }
    return log;
  }

  /**
   * Appends one record (with `at`, `run` and `user`) and flushes it to disk.
   * Records are written in call order, each as one line.
   *
   * @param record The record.
   * @returns Resolves once the line is on disk.
   * @throws {TriggerError} `IO_ERROR` when the line cannot be written.
   */
  record(record: ChangeRecord): Promise<void> {
    const line = JSON.stringify({
      at: new Date().toISOString(),
      run: this.run,
      user: this.user,
      ...record,
    }) + "\n";
    const write = this.#tail.then(async () => {
      if (this.#closed) throw unwritable(this.path, new Error("the log is closed"));
      try {
        const bytes = new TextEncoder().encode(line);
        for (let at = 0; at < bytes.length;) at += await this.#file.write(bytes.subarray(at));
        await this.#file.syncData();
      } catch (e) {
        throw unwritable(this.path, e);
      }
    });
    this.#tail = write.catch(() => {});
    return write;
  }

  /** Waits for pending records, then closes the file. Safe to call twice. */
  async close(): Promise<void> {
    await this.#tail;
    if (this.#closed) return;
    this.#closed = true;
    this.#file.close();
  }
}

function unwritable(path: string, e: unknown): TriggerError {
  const why = e instanceof Error ? e.message : String(e);
  return new TriggerError("IO_ERROR", `Cannot write the change log "${path}": ${why}`, {
    cause: e,
  });
}

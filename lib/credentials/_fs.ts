/**
 * File helpers for the store: atomic private writes and an exclusive lock
 * shared between processes. Private to `lib/credentials/`.
 *
 * @module
 */
import { dirname } from "node:path";
import { writeFileAtomic } from "../_util/output_files.ts";
import { TriggerError } from "../errors.ts";

/**
 * Writes `data` to `path` with mode 0600 so that readers see the old file
 * or the new one, never a mix (the one atomic writer, flushed to disk), in a
 * folder created with mode 0700 when missing.
 */
export async function writePrivateAtomic(path: string, data: Uint8Array): Promise<void> {
  try {
    await Deno.mkdir(dirname(path), { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new TriggerError("IO_ERROR", `Cannot write "${path}": ${why(e)}`, { cause: e });
  }
  await writeFileAtomic(path, data, { mode: 0o600, sync: true });
}

/** Reads a file, or returns `undefined` if it does not exist. */
export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw new TriggerError("IO_ERROR", `Cannot read "${path}": ${why(e)}`, { cause: e });
  }
}

/** Whether something exists at `path` (a dangling symlink counts). */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

const inProcess = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` while holding an exclusive lock on `<path>.lock`: an OS file
 * lock (flock), so it is shared by every process and released by the OS if
 * the holder dies (no stale locks). Callers in this process queue first, so
 * they do not each tie up a blocking thread.
 *
 * Waiting for another process is bounded by `timeoutMs`: then a `TIMEOUT`
 * error names the lock file. The abandoned lock request cannot be cancelled
 * (the OS call blocks); its file is closed, so the lock is dropped as soon as
 * it is granted, but it keeps the event loop alive until then (the CLI exits
 * explicitly).
 */
export function withLock<T>(path: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const previous = inProcess.get(path) ?? Promise.resolve();
  const run = previous.catch(() => {}).then(() => lockedRun(path, timeoutMs, fn));
  const tail = run.catch(() => {});
  inProcess.set(path, tail);
  tail.then(() => {
    if (inProcess.get(path) === tail) inProcess.delete(path);
  });
  return run;
}

async function lockedRun<T>(path: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const lockPath = `${path}.lock`;
  let file: Deno.FsFile;
  try {
    await Deno.mkdir(dirname(path), { recursive: true, mode: 0o700 });
    file = await Deno.open(lockPath, { read: true, write: true, create: true, mode: 0o600 });
  } catch (e) {
    throw new TriggerError("IO_ERROR", `Cannot open lock file "${lockPath}": ${why(e)}`, {
      cause: e,
    });
  }
  await lockWithin(file, lockPath, timeoutMs);
  try {
    return await fn();
  } finally {
    await file.unlock().catch(() => {});
    file.close();
  }
}

/** Takes the lock, or closes `file` and throws `TIMEOUT` after `timeoutMs`. */
async function lockWithin(file: Deno.FsFile, lockPath: string, timeoutMs: number): Promise<void> {
  const locking = file.lock(true);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<"timeout">((r) => {
    timer = setTimeout(() => r("timeout"), timeoutMs);
  });
  try {
    if ((await Promise.race([locking, expired])) !== "timeout") return;
  } catch (e) {
    file.close();
    throw new TriggerError("IO_ERROR", `Cannot lock "${lockPath}": ${why(e)}`, { cause: e });
  } finally {
    clearTimeout(timer);
  }
  // Closing drops the lock the moment the pending request gets it.
  file.close();
  locking.catch(() => {});
  const s = Math.round(timeoutMs / 100) / 10;
  throw new TriggerError(
    "TIMEOUT",
    `Cannot lock "${lockPath}": held by another process for ${s} s ` +
      `(a hung trigger process? find it with: fuser -v "${lockPath}")`,
  );
}

function why(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

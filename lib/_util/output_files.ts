/**
 * The one module that writes output files (`--output FILE`, `run-cmds
 * --output-dir DIR`, the lab's files, the credential store).
 *
 * Every file is written whole or not at all: the text goes to a hidden
 * temporary file in the same directory (`.NAME.trigger-PID-RANDOM.tmp`),
 * which is then renamed over the target. A run killed mid-write can leave
 * such a temporary file; the next write into that directory removes the ones
 * whose process is gone.
 *
 * Per-device output files ({@linkcode OutputDir}) hold running
 * configurations (password hashes included): they are created with mode
 * 0600 whatever the umask, in a directory created with mode 0700. Device
 * names are untrusted: {@linkcode safeFileName} maps each to a file name that
 * stays inside the directory, and distinct names never share a file.
 *
 * @module
 */
import { basename, dirname, join, resolve } from "node:path";
import { createHash } from "node:crypto";
import { TriggerError } from "../errors.ts";

/** Options of {@linkcode writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /**
   * The file's mode, set whatever the umask. Without it, a replaced file
   * keeps its mode and a new file gets the umask's (0644 under umask 022).
   *
   * @default {undefined}
   */
  mode?: number;
  /**
   * Flush the file and its directory to disk before returning (for files
   * that must survive a power loss, such as the credential store).
   *
   * @default {false}
   */
  sync?: boolean;
  /**
   * Remove temporary files left in the directory by killed runs first.
   *
   * @default {true}
   */
  cleanStale?: boolean;
  /**
   * The device concerned, carried by the error.
   *
   * @default {undefined}
   */
  host?: string;
  /**
   * Stops the write when aborted (checked before each piece): the temporary
   * file is removed, the target left as it was, and the signal's reason
   * thrown as it is.
   *
   * @default {undefined}
   */
  signal?: AbortSignal;
}

/** Our temporary files: `.NAME.trigger-PID-HEX.tmp`. */
const TEMP = /^\..*\.trigger-(\d+)-[0-9a-f]+\.tmp$/;
/** A temporary file this old is stale even if its process id is in use again. */
const STALE_MS = 24 * 3600_000;

function tempName(dir: string, base: string): string {
  const rand = crypto.getRandomValues(new Uint8Array(6));
  const hex = Array.from(rand, (b) => b.toString(16).padStart(2, "0")).join("");
  // keep the temporary name within NAME_MAX (255 bytes) however long the target's
  const short = new TextEncoder().encode(base).length > 180 ? base.slice(0, 60) : base;
  return join(dir, `.${short}.trigger-${Deno.pid}-${hex}.tmp`);
}

function processGone(pid: number): boolean {
  if (pid === Deno.pid) return false;
  try {
    Deno.statSync(`/proc/${pid}`);
    return false;
  } catch (e) {
    // without /proc (not Linux) only the age tells
    return e instanceof Deno.errors.NotFound && hasProc();
  }
}

let procMounted: boolean | undefined;
function hasProc(): boolean {
  if (procMounted === undefined) {
    try {
      Deno.statSync(`/proc/${Deno.pid}`);
      procMounted = true;
    } catch {
      procMounted = false;
    }
  }
  return procMounted;
}

/**
 * Removes the temporary files that killed runs left in a directory: ours
 * (by name), owned by this user, whose process is gone (or older than a day).
 *
 * @param dir The directory.
 * @returns How many were removed.
 */
export async function removeStaleTemps(dir: string): Promise<number> {
  let removed = 0;
  let uid: number | null = null;
  try {
    uid = Deno.uid();
  } catch {
    uid = null;
  }
  try {
    for await (const e of Deno.readDir(dir)) {
      const m = e.isFile ? TEMP.exec(e.name) : null;
      if (m === null) continue;
      const path = join(dir, e.name);
      try {
        const st = await Deno.lstat(path);
        if (uid !== null && st.uid !== null && st.uid !== uid) continue;
        const old = Date.now() - (st.mtime?.getTime() ?? Date.now()) > STALE_MS;
        if (!old && !processGone(Number(m[1]))) continue;
        await Deno.remove(path);
        removed++;
      } catch {
        // gone already, or not ours to remove
      }
    }
  } catch {
    // an unreadable directory: the write itself reports the problem
  }
  return removed;
}

/**
 * Writes a file all at once: a hidden temporary file in the same directory,
 * then a rename over the target, so readers see the old file or the new one
 * and a failure (or a kill) never leaves a half-written target.
 *
 * The contents may come in pieces (an iterable of byte arrays, e.g. a
 * streaming conversion's): each piece is written before the next is asked
 * for, so a piece may be a view that the next one reuses. When the iterable
 * throws, the temporary file is removed and its error is rethrown as it is.
 *
 * @param path The target file.
 * @param data The contents, whole or in pieces.
 * @param options Mode, durability, stale-file cleanup, device name.
 * @returns Resolves once the target is replaced.
 * @throws {TriggerError} `IO_ERROR` naming the file and why.
 *
 * @example Write a private file
 * ```ts
 * import { writeFileAtomic } from "./output_files.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * await writeFileAtomic(`${dir}/r1.txt`, "hello\n", { mode: 0o600 });
 * strictEqual((await Deno.stat(`${dir}/r1.txt`)).mode! & 0o777, 0o600);
 * strictEqual([...Deno.readDirSync(dir)].length, 1);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array | Iterable<Uint8Array>,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const { mode, sync = false, cleanStale = true, host, signal } = options;
  const dir = dirname(path);
  if (cleanStale) await removeStaleTemps(dir);
  const tmp = tempName(dir, basename(path));
  const pieces: Iterable<Uint8Array> = typeof data === "string"
    ? [new TextEncoder().encode(data)]
    : data instanceof Uint8Array
    ? [data]
    : data;
  try {
    let keep: number | undefined = mode;
    if (keep === undefined) {
      keep = await Deno.stat(path).then((s) => s.mode === null ? undefined : s.mode & 0o7777)
        .catch(() => undefined);
    }
    const file = await Deno.open(tmp, {
      write: true,
      createNew: true,
      ...(keep === undefined ? {} : { mode: keep }),
    });
    try {
      // the umask applies at creation: set the mode asked for before any byte is written
      if (keep !== undefined && Deno.build.os !== "windows") await Deno.chmod(tmp, keep);
      const it = pieces[Symbol.iterator]();
      for (;;) {
        if (signal?.aborted) throw new PieceFailed(signal.reason);
        let next: IteratorResult<Uint8Array>;
        try {
          next = it.next();
        } catch (e) {
          throw new PieceFailed(e);
        }
        if (next.done) break;
        const bytes = next.value;
        let off = 0;
        while (off < bytes.length) off += await file.write(bytes.subarray(off));
      }
      if (sync) await file.sync();
    } finally {
      file.close();
    }
    if (signal?.aborted) throw new PieceFailed(signal.reason);
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    if (e instanceof PieceFailed) throw e.cause;
    const why = e instanceof Error ? e.message : String(e);
    throw new TriggerError("IO_ERROR", `Cannot write "${path}": ${why}`, {
      cause: e,
      ...(host === undefined ? {} : { host }),
    });
  }
  if (sync) await syncDir(dir);
}

/** The contents' iterable threw, or the write was stopped: its error or reason, passed on untouched. */
class PieceFailed {
  constructor(readonly cause: unknown) {}
}

async function syncDir(dir: string): Promise<void> {
  try {
    const d = await Deno.open(dir, { read: true });
    try {
      await d.sync();
    } finally {
      d.close();
    }
  } catch {
    // Not every platform can open or fsync a folder; the rename is still atomic.
  }
}

/** Bytes kept verbatim in file names; everything else is percent-encoded. */
const SAFE_BYTE = /[A-Za-z0-9._@+-]/;
/** Longest file name written (most file systems allow 255 bytes). */
const MAX_NAME = 200;

/**
 * Maps a device name to a file name: letters, digits and `. _ @ + -` are
 * kept; every other byte of the name's UTF-8 (`/`, `\`, `:`, spaces,
 * controls, `%` itself) becomes `%XX`, as in a URL; a leading dot becomes
 * `%2E`, so a name is never `.`, `..` or hidden (an empty name is `%`, a
 * lone UTF-16 surrogate `%uD800`). Distinct names give distinct files. A name whose file name would pass 200 bytes is cut and
 * ends with `~` and 16 hex digits of its SHA-256.
 *
 * @param name The device name (untrusted).
 * @param ext The extension added.
 * @returns A file name without any path separator.
 *
 * @example Names that try to leave the directory
 * ```ts
 * import { safeFileName } from "./output_files.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(safeFileName("ios-cisco-001"), "ios-cisco-001.txt");
 * strictEqual(safeFileName("../../escape-dev"), "%2E.%2F..%2Fescape-dev.txt");
 * strictEqual(safeFileName("lab1:2201"), "lab1%3A2201.txt");
 * ```
 */
export function safeFileName(name: string, ext = ".txt"): string {
  let out = "";
  const hex = (b: number) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  for (const ch of name) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) out += `%u${cp.toString(16).toUpperCase()}`; // lone surrogate
    else if (cp < 0x80 && SAFE_BYTE.test(ch) && !(ch === "." && out === "")) out += ch;
    else for (const b of new TextEncoder().encode(ch)) out += hex(b);
  }
  if (out === "") out = "%";
  if (out.length + ext.length > MAX_NAME) {
    const hash = createHash("sha256").update(name).digest("hex").slice(0, 16);
    out = `${out.slice(0, MAX_NAME - ext.length - 17)}~${hash}`;
  }
  return out + ext;
}

/**
 * A directory of per-device output files (`run-cmds --output-dir`).
 *
 * @example Write two devices' outputs
 * ```ts
 * import { OutputDir } from "./output_files.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * const tmp = await Deno.makeTempDir();
 * const out = await OutputDir.open(`${tmp}/out`);
 * await out.write("r1", "r1# show clock\n12:00\n");
 * const escaped = await out.write("../r2", "r2# show clock\n12:01\n");
 * strictEqual(escaped, `${out.path}/%2E.%2Fr2.txt`);
 * strictEqual((await Deno.stat(`${tmp}/out/r1.txt`)).mode! & 0o777, 0o600);
 * await Deno.remove(tmp, { recursive: true });
 * ```
 */
export class OutputDir {
  /** The directory, absolute, symlinks resolved. */
  readonly path: string;

  private constructor(path: string) {
    this.path = path;
  }

  /**
   * Opens (creating it with mode 0700 when missing) an output directory and
   * removes the temporary files killed runs left there.
   *
   * @param path The directory.
   * @returns The open directory.
   * @throws {TriggerError} `IO_ERROR` when it cannot be created or is not a directory.
   */
  static async open(path: string): Promise<OutputDir> {
    try {
      await Deno.mkdir(path, { recursive: true, mode: 0o700 });
      const real = await Deno.realPath(path);
      if (!(await Deno.stat(real)).isDirectory) {
        throw new TriggerError("IO_ERROR", `"${real}" is not a directory`);
      }
      await removeStaleTemps(real);
      return new OutputDir(real);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new TriggerError("IO_ERROR", `Cannot use output directory "${resolve(path)}": ${why}`, {
        cause: e,
      });
    }
  }

  /**
   * The file a device's output goes to (see {@linkcode safeFileName}).
   *
   * @param name The device name.
   * @returns An absolute path inside the directory.
   */
  fileFor(name: string): string {
    return join(this.path, safeFileName(name));
  }

  /**
   * Writes one device's output (mode 0600, whole or not at all).
   *
   * @param name The device name.
   * @param text The output.
   * @returns The file written.
   * @throws {TriggerError} `IO_ERROR` for this device only (the caller goes on).
   */
  async write(name: string, text: string): Promise<string> {
    const file = this.fileFor(name);
    if (dirname(file) !== this.path) {
      throw new TriggerError(
        "IO_ERROR",
        `Cannot write the output of "${name}" outside ${this.path}`,
        {
          host: name,
        },
      );
    }
    await writeFileAtomic(file, text, { mode: 0o600, cleanStale: false, host: name });
    return file;
  }
}

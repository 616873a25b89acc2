/**
 * Private: known_hosts files as this process knows them. Each file is parsed
 * once per version (same inode, size and mtime) and shared by host key checks
 * and key type preferences: a fleet job opens thousands of connections
 * against one large file. Keys are recorded by appending one line under an
 * exclusive lock on the file itself, so concurrent processes never lose each
 * other's lines, a symlinked file stays a symlink, and lines written by
 * others are never rewritten.
 *
 * @module
 */
import { dirname } from "node:path";
import { TriggerError } from "../errors.ts";
import { hostSpec, type KnownHostEntry, lookupHostKey, parseKnownHosts } from "./known_hosts.ts";

/** One file's parsed entries and the version of the file they describe. */
interface Known {
  ino: number | null;
  mtime: number;
  size: number;
  /** Lines in the file (the next appended line's number minus one). */
  lines: number;
  /** Whether the file is empty or ends with a line feed. */
  ended: boolean;
  entries: KnownHostEntry[];
}

/** Parsed known_hosts files by path, reused while the file is unchanged. */
const PARSED = new Map<string, Known>();

function sameVersion(k: Known | undefined, st: Deno.FileInfo): k is Known {
  return k !== undefined && k.ino === st.ino && k.size === st.size &&
    k.mtime === (st.mtime?.getTime() ?? -1);
}

function remember(path: string, st: Deno.FileInfo, text: string): Known {
  const lines = text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
  // a private copy: appended entries are pushed onto it
  const entries = parseKnownHosts(text).slice();
  const ended = text === "" || text.endsWith("\n");
  const k = { ino: st.ino, mtime: st.mtime?.getTime() ?? -1, size: st.size, lines, ended, entries };
  PARSED.set(path, k);
  return k;
}

/** The entries of a known_hosts file (`[]` when there is no path or file). */
export async function knownEntries(path: string | undefined): Promise<KnownHostEntry[]> {
  if (!path) return [];
  let st: Deno.FileInfo;
  try {
    // a synchronous stat is one quick syscall; the async one costs a trip
    // through the blocking thread pool, twice per connection
    st = Deno.statSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  const hit = PARSED.get(path);
  if (sameVersion(hit, st)) return hit.entries;
  // the connections of a fleet job starting at once share one read and parse
  // of the file (each parse is a private copy, indexed anew on its first lookup)
  const key = `${path}\0${st.ino}\0${st.size}\0${st.mtime?.getTime()}`;
  let reading = READING.get(key);
  if (reading === undefined) {
    reading = readEntries(path, st).finally(() => READING.delete(key));
    READING.set(key, reading);
  }
  return await reading;
}

/** Reads of a file version in progress, by path and version. */
const READING = new Map<string, Promise<KnownHostEntry[]>>();

async function readEntries(path: string, st: Deno.FileInfo): Promise<KnownHostEntry[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  // stamped with the stat taken before the read: if the file grew in between,
  // the next look sees a newer version and reads it again (never the reverse)
  return remember(path, st, text).entries;
}

/** Creates a missing known_hosts directory as OpenSSH creates `~/.ssh`: mode 0700. */
async function ensureDir(dir: string): Promise<void> {
  try {
    await Deno.stat(dir);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
    if (Deno.build.os !== "windows") await Deno.chmod(dir, 0o700);
  }
}

/** What {@linkcode recordKey} did. */
export type Recorded = "added" | "present";

/**
 * Appends `name keyType key` to a known_hosts file unless the file already
 * holds that key for `host` on `port`: under an exclusive lock on the file,
 * re-reading only what other processes appended since this process last
 * looked. Creates the file (0600) and its directory (0700) when missing.
 *
 * @throws {TriggerError} `HOSTKEY_MISMATCH` when another writer recorded a
 *   different (or revoked) key for the host meanwhile.
 */
export async function recordKey(
  path: string,
  name: string,
  host: string,
  port: number,
  keyType: string,
  key: string,
): Promise<Recorded> {
  await ensureDir(dirname(path));
  for (let attempt = 1;; attempt++) {
    // append mode: every write lands at the end, whoever else writes; opening
    // follows a symlink to its target (a dangling one creates the target)
    const file = await Deno.open(path, { read: true, append: true, create: true, mode: 0o600 });
    try {
      await file.lock(true);
      const st = await file.stat();
      // replaced meanwhile (ssh-keygen -R renames a new file in): lock the new one
      const now = await Deno.stat(path).catch(() => undefined);
      if (now !== undefined && now.ino !== st.ino && attempt < 5) continue;
      return await appendLocked(file, st, { path, name, host, port, keyType, key });
    } finally {
      file.close();
    }
  }
}

/** The locked part of {@linkcode recordKey}: look again, then append one line. */
async function appendLocked(
  file: Deno.FsFile,
  st: Deno.FileInfo,
  k: { path: string; name: string; host: string; port: number; keyType: string; key: string },
): Promise<Recorded> {
  const { path, name, host, port, keyType, key } = k;
  const cached = PARSED.get(path);
  const known = sameVersion(cached, st)
    ? cached
    : remember(path, st, await Deno.readTextFile(path));
  const found = lookupHostKey(known.entries, [host], port, keyType, key);
  if (found.status === "match") return "present";
  if (found.status !== "unknown") {
    throw new TriggerError(
      "HOSTKEY_MISMATCH",
      `Cannot record the host key of "${host}" (${hostSpec(host, port)}) in ${path}: ` +
        `another key was ${found.status === "revoked" ? "revoked" : "recorded"} there meanwhile`,
      { host },
    );
  }
  const bytes = new TextEncoder().encode(`${known.ended ? "" : "\n"}${name} ${keyType} ${key}\n`);
  let off = 0;
  while (off < bytes.length) off += await file.write(bytes.subarray(off));
  await file.sync();
  const after = await file.stat();
  const line = known.lines + 1;
  known.entries.push({ marker: undefined, hosts: name, keyType, key, line });
  known.lines = line;
  known.ended = true;
  known.ino = after.ino;
  known.size = after.size;
  known.mtime = after.mtime?.getTime() ?? -1;
  return "added";
}

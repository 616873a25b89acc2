/**
 * OpenSSH `known_hosts` files: parsing, lookup (plain, `[host]:port`, comma
 * lists, wildcards, hashed `|1|salt|hash` entries), fingerprints, and
 * appends under a lock. `@cert-authority` lines are parsed but ignored (certificates are not
 * supported); `@revoked` lines make a key refused.
 *
 * Hand-written on purpose (issue 16 §3 review): no kept npm library reads
 * OpenSSH's `known_hosts` format. `ssh2` only hands the host key to a
 * verifier callback; `sshpk` parses keys and fingerprints but not this file
 * (no host patterns, `[host]:port`, hashed `|1|` entries, `@revoked` /
 * `@cert-authority` markers), and the npm registry has no package for the
 * file format itself. The crypto is `node:crypto`'s (SHA-256 fingerprints,
 * HMAC-SHA1 of hashed hosts).
 *
 * @module
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
import { TriggerError } from "../errors.ts";
import { recordKey } from "./_known_hosts_cache.ts";

/** One key line of a known_hosts file. */
export interface KnownHostEntry {
  /** `@revoked` or `@cert-authority`, when the line has a marker. */
  marker: "revoked" | "cert-authority" | undefined;
  /** The host field as written (comma list, or one hashed `|1|salt|hash`). */
  hosts: string;
  /** Key type, e.g. `ssh-ed25519`. */
  keyType: string;
  /** The key blob, base64 as in the file. */
  key: string;
  /** 1-based line number in the file. */
  line: number;
}

/** What a known_hosts file says about one presented key. */
export type HostKeyStatus =
  | { status: "match"; entry: KnownHostEntry }
  | { status: "revoked"; entry: KnownHostEntry }
  | { status: "mismatch"; known: KnownHostEntry[] }
  | { status: "unknown" };

/**
 * Parses known_hosts text; comments, blank and malformed lines are skipped.
 *
 * @param text The file contents.
 * @returns The key entries in file order.
 *
 * @example Parse two lines
 * ```ts
 * import { parseKnownHosts } from "@trigger/trigger/transport";
 * import { strictEqual } from "node:assert/strict";
 *
 * const entries = parseKnownHosts("# c\nr1,10.0.0.1 ssh-ed25519 AAAA\n@revoked * ssh-rsa BBBB\n");
 * strictEqual(entries.length, 2);
 * strictEqual(entries[1]?.marker, "revoked");
 * ```
 */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  // A fleet job parses the same large file for every connection: reuse the last result.
  if (text === lastParsed.text) return lastParsed.entries;
  const out: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry["marker"];
    if (fields[0]?.startsWith("@")) {
      const m = fields.shift();
      if (m === "@revoked") marker = "revoked";
      else if (m === "@cert-authority") marker = "cert-authority";
      else return;
    }
    const [hosts, keyType, key] = fields;
    if (!hosts || !keyType || !key) return;
    out.push({ marker, hosts, keyType, key, line: i + 1 });
  });
  lastParsed = { text, entries: out };
  return out;
}

let lastParsed: { text: string | undefined; entries: KnownHostEntry[] } = {
  text: undefined,
  entries: [],
};

/**
 * Unmarked entries by literal host spec (lower case), the rest to scan, and
 * the first `@revoked` entry of each key: a fleet job looks thousands of
 * hosts up in one large file, so no lookup walks every line.
 */
interface HostIndex {
  size: number;
  literal: Map<string, KnownHostEntry[]>;
  scan: KnownHostEntry[];
  revoked: Map<string, KnownHostEntry>;
}
const INDEXES = new WeakMap<KnownHostEntry[], HostIndex>();

function indexOf(entries: KnownHostEntry[]): HostIndex {
  let ix = INDEXES.get(entries);
  // entries only ever grow (a recorded key is pushed): index the new ones
  if (ix === undefined || ix.size > entries.length) {
    ix = { size: 0, literal: new Map(), scan: [], revoked: new Map() };
    INDEXES.set(entries, ix);
  }
  for (; ix.size < entries.length; ix.size++) {
    const e = entries[ix.size]!;
    if (e.marker === "revoked" && !ix.revoked.has(e.key)) ix.revoked.set(e.key, e);
    if (e.marker !== undefined) continue;
    if (/^\||[*?!]/.test(e.hosts)) {
      ix.scan.push(e);
      continue;
    }
    for (const h of new Set(e.hosts.toLowerCase().split(","))) {
      const list = ix.literal.get(h);
      if (list) list.push(e);
      else ix.literal.set(h, [e]);
    }
  }
  return ix;
}

/** The unmarked entries naming any of `names` on `port`, in file order (indexed lookups). */
function entriesFor(entries: KnownHostEntry[], names: string[], port: number): KnownHostEntry[] {
  const ix = indexOf(entries);
  const found = new Set<KnownHostEntry>();
  for (const n of names) {
    for (const e of ix.literal.get(hostSpec(n, port).toLowerCase()) ?? []) found.add(e);
  }
  for (const e of ix.scan) {
    if (names.some((n) => hostsFieldMatches(e.hosts, n, port))) found.add(e);
  }
  return [...found].sort((a, b) => a.line - b.line);
}

/** The name OpenSSH writes and looks up: `host` on port 22, else `[host]:port`. */
export function hostSpec(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globMatch(pattern: string, value: string): boolean {
  // Most lines name hosts literally: compare without building a regex.
  if (!/[*?]/.test(pattern)) return pattern.toLowerCase() === value.toLowerCase();
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(
    /\?/g,
    ".",
  );
  return new RegExp(`^${re}$`, "i").test(value);
}

function hashedMatch(field: string, spec: string): boolean {
  const parts = field.split("|");
  if (parts.length !== 4 || parts[1] !== "1" || !parts[2] || !parts[3]) return false;
  const salt = Uint8Array.from(atob(parts[2]), (c) => c.charCodeAt(0));
  const mac = createHmac("sha1", salt).update(spec).digest("base64");
  return mac === parts[3];
}

/**
 * Returns whether an entry's host field names `host` on `port`.
 *
 * @param hosts The host field (comma list, wildcards, `!negation`, or hashed).
 * @param host The name or address looked up.
 * @param port The TCP port.
 * @returns `true` when a positive pattern matches and no negated one does.
 */
export function hostsFieldMatches(hosts: string, host: string, port: number): boolean {
  const spec = hostSpec(host, port);
  if (hosts.startsWith("|")) return hashedMatch(hosts, spec);
  let matched = false;
  for (const pat of hosts.split(",")) {
    const negated = pat.startsWith("!");
    const p = negated ? pat.slice(1) : pat;
    if (globMatch(p, spec)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/**
 * Looks a presented key up for any of the given names.
 *
 * @param entries Parsed file entries.
 * @param names Names the host is known by (e.g. inventory name and address).
 * @param port The TCP port.
 * @param keyType The presented key's type.
 * @param key The presented key blob, base64.
 * @returns `revoked` if the key is revoked anywhere, else `match`, `mismatch`
 *   (the host has other keys), or `unknown`.
 */
export function lookupHostKey(
  entries: KnownHostEntry[],
  names: string[],
  port: number,
  keyType: string,
  key: string,
): HostKeyStatus {
  const revoked = indexOf(entries).revoked.get(key);
  if (revoked) return { status: "revoked", entry: revoked };
  const forHost = entriesFor(entries, names, port);
  const hit = forHost.find((e) => e.key === key && e.keyType === keyType);
  if (hit) return { status: "match", entry: hit };
  return forHost.length > 0 ? { status: "mismatch", known: forHost } : { status: "unknown" };
}

/** Key types the file knows for a host, to prefer them in negotiation. */
export function knownKeyTypes(entries: KnownHostEntry[], names: string[], port: number): string[] {
  return [...new Set(entriesFor(entries, names, port).map((e) => e.keyType))];
}

/**
 * The SHA256 fingerprint of a key blob, as OpenSSH prints it.
 *
 * @param key The key blob (bytes or base64).
 * @returns `SHA256:` followed by unpadded base64.
 *
 * @example Fingerprint a key
 * ```ts
 * import { fingerprintSha256 } from "@trigger/trigger/transport";
 * import { match } from "node:assert/strict";
 *
 * match(fingerprintSha256("AAAAC3NzaC1lZDI1NTE5AAAAIA=="), /^SHA256:[A-Za-z0-9+/]{43}$/);
 * ```
 */
export function fingerprintSha256(key: Uint8Array | string): string {
  const bytes = typeof key === "string" ? Uint8Array.from(atob(key), (c) => c.charCodeAt(0)) : key;
  return "SHA256:" + createHash("sha256").update(bytes).digest("base64").replace(/=+$/, "");
}

/** Reads the key type (first SSH string) from a public key blob. */
export function keyTypeOfBlob(blob: Uint8Array): string {
  if (blob.length < 4) return "unknown";
  const len = new DataView(blob.buffer, blob.byteOffset, blob.byteLength).getUint32(0);
  return new TextDecoder().decode(blob.subarray(4, 4 + len));
}

/** Options of {@linkcode appendKnownHost}. */
export interface AppendKnownHostOptions {
  /**
   * Write the host name hashed (`|1|salt|hash`), as `HashKnownHosts yes` does.
   *
   * @default {false}
   */
  hashed?: boolean;
}

/** Pending appends by file, so that appends to one file run one after another in this process. */
const APPENDS = new Map<string, Promise<unknown>>();

/**
 * Records a key in a known_hosts file: one line appended under an exclusive
 * lock on the file, unless the file already holds this key for the host.
 * Lines written by others are never rewritten (two processes recording keys
 * at once both keep theirs), a symlinked file stays a symlink (its target
 * grows), and a missing file is created with mode 0600 in a directory
 * created with mode 0700, as OpenSSH creates `~/.ssh`.
 *
 * @param path The known_hosts file.
 * @param host The name to record.
 * @param port The TCP port (recorded as `[host]:port` unless 22).
 * @param keyType The key type.
 * @param key The key blob, base64.
 * @param options Whether to hash the name.
 * @returns `true` when a line was added, `false` when the key was already there.
 * @throws {TriggerError} `IO_ERROR` when the file cannot be written;
 *   `HOSTKEY_MISMATCH` when another writer recorded a different key for the
 *   host meanwhile.
 *
 * @example Record a key once
 * ```ts
 * import { appendKnownHost, parseKnownHosts } from "@trigger/trigger/transport";
 * import { strictEqual } from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * const key = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
 * strictEqual(await appendKnownHost(`${dir}/ssh/known_hosts`, "10.0.0.1", 2222, "ssh-ed25519", key), true);
 * strictEqual(await appendKnownHost(`${dir}/ssh/known_hosts`, "10.0.0.1", 2222, "ssh-ed25519", key), false);
 * strictEqual(parseKnownHosts(await Deno.readTextFile(`${dir}/ssh/known_hosts`))[0]?.hosts, "[10.0.0.1]:2222");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function appendKnownHost(
  path: string,
  host: string,
  port: number,
  keyType: string,
  key: string,
  options: AppendKnownHostOptions = {},
): Promise<boolean> {
  const { hashed = false } = options;
  let name = hostSpec(host, port);
  if (hashed) {
    const salt = randomBytes(20);
    name = `|1|${salt.toString("base64")}|${
      createHmac("sha1", salt).update(name).digest("base64")
    }`;
  }
  // one lock request at a time per file in this process (each blocks a thread)
  const previous = APPENDS.get(path) ?? Promise.resolve();
  const mine = previous.then(() => recordKey(path, name, host, port, keyType, key));
  const settled = mine.catch(() => {});
  APPENDS.set(path, settled);
  settled.then(() => {
    if (APPENDS.get(path) === settled) APPENDS.delete(path);
  });
  try {
    return (await mine) === "added";
  } catch (e) {
    if (e instanceof TriggerError) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new TriggerError(
      "IO_ERROR",
      `Cannot record the host key of "${host}" in ${path}: ${why}`,
      { host, cause: e },
    );
  }
}

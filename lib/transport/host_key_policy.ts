/**
 * Host key verification policies for SSH connections: `strict`, `accept-new`
 * (trust on first use, recorded atomically, optionally asking first) and `off`
 * (explicit, reported through the event hook).
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import {
  appendKnownHost,
  fingerprintSha256,
  hostSpec,
  keyTypeOfBlob,
  lookupHostKey,
} from "./known_hosts.ts";
import { knownEntries } from "./_known_hosts_cache.ts";

/** How unknown host keys are treated. Changed or revoked keys are always refused. */
export type HostKeyPolicy = "strict" | "accept-new" | "off";

/** Reported through {@linkcode HostKeyOptions.onHostKeyEvent}. */
export interface HostKeyEvent {
  /** `added`: recorded on first use; `unchecked`: policy `off`; `verified`: known key. */
  type: "added" | "unchecked" | "verified";
  /** Device name. */
  host: string;
  /** Name as written in known_hosts (`[addr]:port` unless port 22). */
  spec: string;
  /** Key type, e.g. `ssh-ed25519`. */
  keyType: string;
  /** `SHA256:...` fingerprint of the presented key. */
  fingerprint: string;
  /** The known_hosts file concerned, if any. */
  path: string | undefined;
  /** A line the CLI may print, e.g. `Permanently added '[h]:2222' (ssh-ed25519) ...`. */
  message: string;
}

/** The question asked before trusting a new key under `accept-new`. */
export interface HostKeyQuestion {
  /** Device name. */
  host: string;
  /** Name as it would be written in known_hosts. */
  spec: string;
  /** Key type, e.g. `ssh-ed25519`. */
  keyType: string;
  /** `SHA256:...` fingerprint of the presented key. */
  fingerprint: string;
}

/** Host key checking options shared by SSH connections. */
export interface HostKeyOptions {
  /**
   * What to do with unknown keys.
   *
   * @default {"strict"}
   */
  hostKeyPolicy?: HostKeyPolicy;
  /**
   * The known_hosts file read (and appended to under `accept-new`).
   *
   * @default {"$HOME/.ssh/known_hosts"}
   */
  knownHostsPath?: string;
  /**
   * Called with each verification outcome (added, unchecked, verified).
   *
   * @default {undefined}
   */
  onHostKeyEvent?: (event: HostKeyEvent) => void;
  /**
   * Asked before trusting an unknown key under `accept-new`; `false` refuses.
   *
   * @default {undefined}
   */
  askHostKey?: (question: HostKeyQuestion) => Promise<boolean> | boolean;
}

/**
 * The host key options among any options object (for passing them on).
 *
 * @param options An options object that extends {@linkcode HostKeyOptions}.
 * @returns Only its host key options, those that are set.
 */
export function hostKeyOptionsOf(options: HostKeyOptions): HostKeyOptions {
  const h: HostKeyOptions = {};
  for (const k of ["hostKeyPolicy", "knownHostsPath", "onHostKeyEvent", "askHostKey"] as const) {
    if (options[k] !== undefined) Object.assign(h, { [k]: options[k] });
  }
  return h;
}

/** Returns `$HOME/.ssh/known_hosts`, or undefined without HOME. */
export function defaultKnownHostsPath(): string | undefined {
  let home: string | undefined;
  try {
    home = Deno.env.get("HOME");
  } catch {
    home = undefined;
  }
  return home ? `${home}/.ssh/known_hosts` : undefined;
}

/**
 * Verifies a presented host key under a policy; resolves when it is trusted.
 *
 * @param host Device name (for errors and events).
 * @param names Names looked up in the file (address first: it is recorded).
 * @param port TCP port.
 * @param blob The presented key blob.
 * @param options Policy, file and hooks.
 * @returns Resolves when the key is accepted.
 * @throws {TriggerError} `HOSTKEY_MISMATCH` (changed or revoked key, naming both
 *   fingerprints) or `HOSTKEY_UNKNOWN` (strict policy, or the ask hook said no).
 */
export async function verifyHostKey(
  host: string,
  names: string[],
  port: number,
  blob: Uint8Array,
  options: HostKeyOptions,
): Promise<void> {
  const {
    hostKeyPolicy = "strict",
    knownHostsPath = defaultKnownHostsPath(),
    onHostKeyEvent,
    askHostKey,
  } = options;
  const keyType = keyTypeOfBlob(blob);
  const fingerprint = fingerprintSha256(blob);
  const spec = hostSpec(names[0] ?? host, port);
  const event = (type: HostKeyEvent["type"], message: string) =>
    onHostKeyEvent?.({ type, host, spec, keyType, fingerprint, path: knownHostsPath, message });
  if (hostKeyPolicy === "off") {
    event("unchecked", `Host key of '${spec}' (${keyType} ${fingerprint}) was NOT verified`);
    return;
  }
  const key = btoa(String.fromCharCode(...blob));
  const entries = await knownEntries(knownHostsPath);
  const found = lookupHostKey(entries, names, port, keyType, key);
  switch (found.status) {
    case "match":
      event("verified", `Host key of '${spec}' matches ${knownHostsPath}:${found.entry.line}`);
      return;
    case "revoked":
      throw new TriggerError(
        "HOSTKEY_MISMATCH",
        `Host key of "${host}" (${spec}) is revoked: ${keyType} ${fingerprint} (${knownHostsPath}:${found.entry.line})`,
        { host },
      );
    case "mismatch": {
      const known = found.known.map((e) =>
        `${e.keyType} ${fingerprintSha256(e.key)} (${knownHostsPath}:${e.line})`
      ).join(", ");
      throw new TriggerError(
        "HOSTKEY_MISMATCH",
        `Host key of "${host}" (${spec}) has changed: presented ${keyType} ${fingerprint}, known ${known}`,
        { host },
      );
    }
    case "unknown":
      break;
  }
  if (hostKeyPolicy === "strict" || !knownHostsPath) {
    throw new TriggerError(
      "HOSTKEY_UNKNOWN",
      `Host key of "${host}" (${spec}) is not known: ${keyType} ${fingerprint}` +
        (knownHostsPath ? ` (not in ${knownHostsPath})` : " (no known_hosts file)"),
      { host },
    );
  }
  if (askHostKey && !(await askHostKey({ host, spec, keyType, fingerprint }))) {
    throw new TriggerError(
      "HOSTKEY_UNKNOWN",
      `Host key of "${host}" (${spec}) was not accepted: ${keyType} ${fingerprint}`,
      { host },
    );
  }
  if (await appendKnownHost(knownHostsPath, names[0] ?? host, port, keyType, key)) {
    event("added", `Permanently added '${spec}' (${keyType}) to the list of known hosts`);
  } else event("verified", `Host key of '${spec}' was recorded meanwhile in ${knownHostsPath}`);
}

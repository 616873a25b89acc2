/**
 * Default locations of the credential store and its key file, from the
 * environment (`TACACSRC`, `TACACSRC_KEYFILE`) or the home folder.
 *
 * @module
 */
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * The realm used when none is given.
 *
 * @example The default realm
 * ```ts
 * import { DEFAULT_REALM } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(DEFAULT_REALM, "default");
 * ```
 */
export const DEFAULT_REALM = "default";

/**
 * Returns the store path: `$TACACSRC` if set, else `~/.tacacsrc.json`.
 *
 * @returns An absolute path (when the home folder is known).
 *
 * @example Ends in .tacacsrc.json unless TACACSRC is set
 * ```ts
 * import { defaultStorePath } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * const expected = Deno.env.get("TACACSRC");
 * if (expected) strictEqual(defaultStorePath(), expected);
 * else strictEqual(defaultStorePath().endsWith(".tacacsrc.json"), true);
 * ```
 */
export function defaultStorePath(): string {
  return env("TACACSRC") ?? join(home(), ".tacacsrc.json");
}

/**
 * Returns the key file path: `$TACACSRC_KEYFILE` if set, else
 * `~/.tacacsrc.key`.
 *
 * @returns An absolute path (when the home folder is known).
 *
 * @example Ends in .tacacsrc.key by default
 * ```ts
 * import { defaultKeyFilePath } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * if (Deno.env.get("TACACSRC_KEYFILE") === undefined) {
 *   strictEqual(defaultKeyFilePath().endsWith(".tacacsrc.key"), true);
 * }
 * ```
 */
export function defaultKeyFilePath(): string {
  return env("TACACSRC_KEYFILE") ?? join(home(), ".tacacsrc.key");
}

/** Reads an environment variable; empty or unreadable counts as unset. */
export function env(name: string): string | undefined {
  try {
    const value = Deno.env.get(name);
    return value === "" ? undefined : value;
  } catch {
    return undefined;
  }
}

function home(): string {
  const fromEnv = env("HOME");
  if (fromEnv) return fromEnv;
  try {
    return homedir();
  } catch {
    return ".";
  }
}

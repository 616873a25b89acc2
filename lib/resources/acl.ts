/**
 * The ACL verbs' resources, built from the settings in one place: the
 * association store (SQLite or Redis), the autoacl rules and the bounce
 * policy. A file the user named (a flag, its environment variable or the
 * settings file) must exist; the default place may be empty.
 *
 * @module
 */
import { dirname } from "node:path";
import { TriggerError } from "../errors.ts";
import { settingOrigin, type Settings } from "../settings/settings.ts";
import type { AclStore } from "../acl/db/store.ts";
import { SqliteAclStore } from "../acl/db/sqlite_store.ts";
import { RedisAclStore } from "../acl/db/redis_store.ts";
import { type AutoAclFunction, loadAutoAcl } from "../acl/db/autoacl.ts";
import { BouncePolicy } from "../changemgmt/bounce_policy.ts";

/** Options of {@linkcode openAclStore}. */
export interface OpenAclStoreOptions {
  /**
   * `sqlite` or `redis`.
   *
   * @default {settings.aclDbBackend}
   */
  backend?: string | undefined;
  /**
   * The SQLite file.
   *
   * @default {settings.aclDbPath}
   */
  path?: string | undefined;
  /**
   * The Redis URL.
   *
   * @default {settings.redisUrl}
   */
  redisUrl?: string | undefined;
  /**
   * SQLite: milliseconds a write waits for another process's lock.
   *
   * @default {5000}
   */
  busyTimeoutMs?: number | undefined;
}

/**
 * Opens the ACL association store the settings name: SQLite at `aclDbPath`
 * (its directory created), or Redis at `redisUrl` when `aclDbBackend` (or
 * `options.backend`) is `redis`.
 *
 * @param settings The settings.
 * @param options Overrides of the backend, the file and the URL.
 * @returns The open store; close it.
 * @throws {TriggerError} `INVALID_ARGUMENT` for an unknown backend, and the
 *   errors of the store's `open`.
 *
 * @example An SQLite store in memory
 * ```ts
 * import { openAclStore } from "@trigger/trigger/resources";
 * import { builtinSettings } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * const store = await openAclStore(builtinSettings(), { path: ":memory:" });
 * strictEqual((await store.explicitAll()).size, 0);
 * await store.close();
 * ```
 */
export async function openAclStore(
  settings: Settings,
  options: OpenAclStoreOptions = {},
): Promise<AclStore> {
  const backend = (options.backend ?? settings.aclDbBackend).toLowerCase();
  if (backend === "redis") return await RedisAclStore.open(options.redisUrl ?? settings.redisUrl);
  if (backend !== "sqlite") {
    throw new TriggerError(
      "INVALID_ARGUMENT",
      `Cannot open the ACL store: backend "${backend}" is not "sqlite" or "redis"`,
    );
  }
  const path = options.path ?? settings.aclDbPath;
  if (path !== ":memory:") await createPrivate(path);
  return SqliteAclStore.open(
    path,
    options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs },
  );
}

/**
 * The store's directory (0700) and file (0600) as a new install makes them,
 * before SQLite creates the file with the umask's mode: associations and the
 * queue say which devices carry which filters. An existing file is left as is.
 */
async function createPrivate(path: string): Promise<void> {
  try {
    await Deno.mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const f = await Deno.open(path, { write: true, createNew: true, mode: 0o600 });
    f.close();
  } catch (e) {
    if (e instanceof Deno.errors.AlreadyExists) return;
    throw new TriggerError(
      "IO_ERROR",
      `Cannot create the ACL store "${path}": ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw new TriggerError("SETTINGS_INVALID", `Cannot read "${path}": ${(e as Error).message}`, {
      cause: e,
    });
  }
}

/**
 * The autoacl rules (implicit ACLs): the file of `autoaclFile` (or
 * `file`); none when the default file does not exist. A file named by the
 * user (flag, `AUTOACL_FILE` or the settings file) must exist. With
 * `validOwners` (`VALID_OWNERS`), only devices whose `owningTeam` is listed
 * get implicit ACLs, whatever the file (JSON rules or a module).
 *
 * @param settings The settings.
 * @param file A file named on the command line.
 * @returns The rules as a function (no implicit ACLs without a file).
 * @throws {TriggerError} `SETTINGS_INVALID` for a named file that is missing
 *   or invalid.
 *
 * @example No file at the default place: no implicit ACLs
 * ```ts
 * import { loadAutoAclRules } from "@trigger/trigger/resources";
 * import { builtinSettings } from "@trigger/trigger/settings";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const rules = await loadAutoAclRules(builtinSettings());
 * deepStrictEqual([...rules({ nodeName: "r1" }, [])], []);
 * ```
 */
export async function loadAutoAclRules(
  settings: Settings,
  file?: string,
): Promise<AutoAclFunction> {
  const path = file ?? settings.autoaclFile;
  const named = file !== undefined || settingOrigin(settings, "autoaclFile") !== "default";
  if (!named && !(await exists(path))) return () => [];
  const rules = await loadAutoAcl(path);
  if (settings.validOwners.length === 0) return rules;
  const owners = new Set(settings.validOwners.map((o) => o.toLowerCase()));
  return (device, explicit) => {
    const team = (device as { get?(f: string): string | undefined }).get?.("owningTeam") ??
      (device as Record<string, unknown>)["owningTeam"];
    return owners.has(String(team ?? "").toLowerCase()) ? rules(device, explicit) : [];
  };
}

/**
 * The bounce policy (maintenance windows): the file of `bounceFile` (or
 * `file`); the original's built-in window when the default file does not
 * exist. A file named by the user must exist. `bounceDefaultTimezone` is
 * the zone of windows that name none, `bounceDefaultColor` the colour of
 * hours no window names (and of the built-in weekend moratorium).
 *
 * @param settings The settings.
 * @param file A file named on the command line.
 * @returns The policy.
 * @throws {TriggerError} `SETTINGS_INVALID` for a named file that is missing
 *   or invalid.
 *
 * @example The built-in window, in the settings' zone
 * ```ts
 * import { loadBouncePolicy } from "@trigger/trigger/resources";
 * import { builtinSettings } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * const policy = await loadBouncePolicy(builtinSettings());
 * strictEqual(policy.source, "built-in");
 * strictEqual(policy.windowFor({ nodeName: "r1" }).timeZone, "America/New_York");
 * ```
 */
export async function loadBouncePolicy(settings: Settings, file?: string): Promise<BouncePolicy> {
  const path = file ?? settings.bounceFile;
  const named = file !== undefined || settingOrigin(settings, "bounceFile") !== "default";
  const defaults = {
    defaultTimeZone: settings.bounceDefaultTimezone,
    defaultColor: settings.bounceDefaultColor as "green" | "yellow" | "red",
  };
  if (!named && !(await exists(path))) return BouncePolicy.from({}, undefined, defaults);
  return await BouncePolicy.load(path, defaults);
}

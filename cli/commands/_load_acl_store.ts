/**
 * What a `load-acl` run reads besides its flags: the ACL store (SQLite with
 * a bounded lock wait, or Redis), the bounce policy, the autoacl rules, the
 * credentials of a device, the change hooks module.
 *
 * @module
 */
import { err } from "../_io.ts";
import type { Settings } from "../../lib/settings/mod.ts";
import type { CredentialStore } from "../../lib/credentials/mod.ts";
import { type AclStore, loadAutoAcl, RedisAclStore, SqliteAclStore } from "../../lib/acl/db/mod.ts";
import { TriggerError } from "../../lib/errors.ts";
import { type AclLoadTarget, BouncePolicy } from "../../lib/changemgmt/mod.ts";
import { withDeadline } from "../../lib/changemgmt/_load_tracker.ts";

/** Opens the store: Redis when asked (`--redis [URL]`), else SQLite waiting at most `waitMs` for a lock. */
export async function openStore(
  o: { redis?: string | boolean | undefined; db?: string | undefined },
  settings: Settings,
  waitMs: number,
): Promise<AclStore> {
  if (o.redis) {
    return await RedisAclStore.open(typeof o.redis === "string" ? o.redis : settings.redisUrl);
  }
  return SqliteAclStore.open(o.db ?? settings.aclDbPath, { busyTimeoutMs: waitMs });
}

/** Closes the store, waiting at most `ms` (a stalled Redis must not hang the exit). */
export async function closeStore(store: AclStore, ms: number): Promise<void> {
  await withDeadline(store.close(), ms, "Closing the ACL store").catch((e) => err(String(e)));
}

/** The bounce policy: `--bounce-file`, else the settings' file when it exists, else the default. */
export async function loadPolicy(file: string | undefined, settings: Settings) {
  if (file !== undefined) return await BouncePolicy.load(file);
  try {
    await Deno.stat(settings.bounceFile);
    return await BouncePolicy.load(settings.bounceFile);
  } catch (e) {
    if (e instanceof TriggerError) throw e;
    return BouncePolicy.from({ timeZone: settings.bounceDefaultTimezone });
  }
}

/** The autoacl rules: the settings' file when it exists (or AUTOACL_FILE names it), else none. */
export async function autoAcl(file: string) {
  if (Deno.env.get("AUTOACL_FILE") === undefined) {
    try {
      await Deno.stat(file);
    } catch {
      return await loadAutoAcl();
    }
  }
  return await loadAutoAcl(file);
}

/** A device's credentials from the store (its realm, else the store's default realm). */
export async function credentialsFor(creds: CredentialStore, d: AclLoadTarget) {
  const realm = d.realm ?? creds.defaultRealm;
  const c = await creds.get(realm);
  if (!c) {
    throw new TriggerError(
      "CREDENTIALS_MISSING",
      `No credentials for realm "${realm}"; run: trigger tacacsrc set --realm ${realm}`,
      { host: d.nodeName },
    );
  }
  return {
    username: c.username,
    password: c.password,
    ...(c.enablePassword ? { enablePassword: c.enablePassword } : {}),
    ...(c.privateKey ? { privateKeyPath: c.privateKey } : {}),
  };
}

/** The change hooks module's path from the settings (`~` and relative paths against the prefix). */
export function changeHooksPath(settings: Settings): string | undefined {
  const p = settings.changeHooks;
  if (!p) return undefined;
  if (p.startsWith("~/")) return `${Deno.env.get("HOME") ?? ""}${p.slice(1)}`;
  return p.startsWith("/") ? p : `${settings.prefix}/${p}`;
}

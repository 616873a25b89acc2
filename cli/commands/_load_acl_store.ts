/**
 * What a `load-acl` run reads besides its flags, built by `lib/resources`
 * from the settings: the ACL store (SQLite with a bounded lock wait, or
 * Redis), the bounce policy, the autoacl rules, the device credentials; and
 * the change hooks module's path.
 *
 * @module
 */
import { err } from "../_io.ts";
import type { Settings } from "../../lib/settings/mod.ts";
import type { AclStore } from "../../lib/acl/db/mod.ts";
import { openAclStore } from "../../lib/resources/mod.ts";
import { withDeadline } from "../../lib/changemgmt/_load_tracker.ts";

/** Opens the store: Redis when asked (`--redis [URL]`), else SQLite waiting at most `waitMs` for a lock. */
export async function openStore(
  o: { redis?: string | boolean | undefined; db?: string | undefined },
  settings: Settings,
  waitMs: number,
): Promise<AclStore> {
  return await openAclStore(settings, {
    backend: o.redis ? "redis" : o.db !== undefined ? "sqlite" : undefined,
    path: o.db,
    redisUrl: typeof o.redis === "string" ? o.redis : undefined,
    busyTimeoutMs: waitMs,
  });
}

/** Closes the store, waiting at most `ms` (a stalled Redis must not hang the exit). */
export async function closeStore(store: AclStore, ms: number): Promise<void> {
  await withDeadline(store.close(), ms, "Closing the ACL store").catch((e) => err(String(e)));
}

/** The change hooks module's path from the settings (`~` and relative paths against the prefix). */
export function changeHooksPath(settings: Settings): string | undefined {
  const p = settings.changeHooks;
  if (!p) return undefined;
  if (p.startsWith("~/")) return `${Deno.env.get("HOME") ?? ""}${p.slice(1)}`;
  return p.startsWith("/") ? p : `${settings.prefix}/${p}`;
}

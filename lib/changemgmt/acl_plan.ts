/**
 * Which ACLs go on which devices in a `load-acl` run: from ACL names
 * (through the associations) or from the load queue, then the maintenance
 * window check per device and bulk throttling per site.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import type { DeviceRecord } from "../acl/db/device_match.ts";
import type { AclAssociations } from "../acl/db/associations.ts";
import type { QueueEntry } from "../acl/db/store.ts";
import { type LoadInProgress, parseInProgress } from "../acl/db/load_queue.ts";
import type { BouncePolicy } from "./bounce_policy.ts";
import type { StatusExplanation } from "./bounce_window.ts";
import { throttleBulk } from "./bulk.ts";
import { aclDeviceKind } from "./acl_platforms.ts";
import { leavesWindow } from "./acl_methods.ts";
import { profileOf } from "../netdevices/platform.ts";

/** What a device needs for a load (a `NetDevice` fits). */
export type AclLoadTarget = DeviceRecord & {
  readonly nodeName: string;
  readonly address: string;
  readonly port?: number | undefined;
  readonly platform?: string | undefined;
  readonly vendor?: string | undefined;
  readonly site?: string | undefined;
  readonly realm?: string | undefined;
};

/** Options of {@linkcode planAclLoads}. */
export interface PlanAclLoadsOptions<D extends AclLoadTarget> {
  /** Every device (to resolve names and associations). */
  inventory: readonly D[];
  /** The associations (and the store holding the queue). */
  associations: AclAssociations;
  /** The maintenance windows. */
  policy: BouncePolicy;
  /** ACL names to load; with `fromQueue`, a filter on the queue. @default {[]} */
  acls?: readonly string[];
  /** Take work from the pending queue entries. @default {false} */
  fromQueue?: boolean;
  /** With `fromQueue`: escalated entries only (else normal ones only). @default {false} */
  escalation?: boolean;
  /** The time the windows are checked at. @default {now} */
  at?: Temporal.Instant;
  /** Load outside the green window. @default {false} */
  bouncy?: boolean;
  /** An ACL on at least this many devices is a bulk ACL. @default {10} */
  bulkThreshold?: number;
  /** Largest share of a site's carriers of a bulk ACL loaded per run. @default {25} */
  bulkPercent?: number;
  /** No bulk throttling. @default {false} */
  forceBulk?: boolean;
  /** The zone next-green times are also shown in. @default {the local zone} */
  localTimeZone?: string;
  /**
   * Load on platforms whose load leaves the list missing for a moment (no
   * in-place edit, session or commit: `acl.method` `replace` without
   * `management.commit`). @default {false}
   */
  allowWindow?: boolean;
  /** ACLs held back this run, with the reason (`load-acl --auto`'s blacklist and thresholds). */
  held?: ReadonlyMap<string, string>;
  /**
   * Only the work this accepts is done (`-f`, `--match`, `--exclude`): the
   * rest is not part of the run. @default {all}
   */
  select?: (device: D, acl: string) => boolean;
  /**
   * Whether a process of this machine is still running (a load marked in
   * progress by a live run is left alone). @default {a check of /proc}
   */
  alive?: (pid: number) => boolean;
}

/** One device's load. */
export interface PlannedLoad<D extends AclLoadTarget> {
  /** The device. */
  device: D;
  /** The ACLs, sorted. */
  acls: string[];
  /** Pending queue entries these loads settle. */
  entries: QueueEntry[];
  /** The window colour now, and why. */
  window: StatusExplanation;
  /**
   * The load an interrupted run left in progress on this device (it is
   * repaired now, whatever the window and the bulk limit say).
   */
  repair?: LoadInProgress;
}

/** Work not done this run. */
export interface SkippedLoad {
  /** The device name. */
  device: string;
  /** The ACLs not loaded. */
  acls: string[];
  /**
   * Why: outside the window, held back as bulk, a platform load-acl cannot
   * load, or being loaded by another run right now.
   */
  reason: "window" | "bulk" | "platform" | "busy" | "held";
  /** For people: `Skipping r1: RED (moratorium) until ...`. */
  message: string;
  /** Pending queue entries left pending. */
  entries: QueueEntry[];
}

/** The outcome of {@linkcode planAclLoads}. */
export interface AclLoadPlan<D extends AclLoadTarget> {
  /** Loads to do, in priority order (escalated, then oldest queue entry, then name). */
  loads: PlannedLoad<D>[];
  /** Work held back. */
  skipped: SkippedLoad[];
}

/** `2026-11-24 11:00 EST`. */
export function formatWindowTime(at: Temporal.Instant, zone: string): string {
  const z = at.toZonedDateTimeISO(zone);
  const name = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "short" })
    .formatToParts(new Date(at.epochMilliseconds)).find((p) => p.type === "timeZoneName")
    ?.value ?? zone;
  const hm = `${String(z.hour).padStart(2, "0")}:${String(z.minute).padStart(2, "0")}`;
  return `${z.toPlainDate()} ${hm} ${name}`;
}

/**
 * Works out the loads of a run.
 *
 * @param options Inventory, associations, policy, what to load and the limits.
 * @returns The loads and what was held back.
 * @throws {TriggerError} `INVALID_ARGUMENT` when no ACL is given outside queue
 *   mode, or an ACL is on no device.
 * @throws {RangeError} When `bulkPercent` is not within 1-100.
 */
export async function planAclLoads<D extends AclLoadTarget>(
  options: PlanAclLoadsOptions<D>,
): Promise<AclLoadPlan<D>> {
  const { inventory, associations, policy, acls = [], fromQueue = false } = options;
  const at = options.at ?? Temporal.Now.instant();
  const localZone = options.localTimeZone ?? Temporal.Now.timeZoneId();
  const byName = new Map(inventory.map((d) => [d.nodeName, d]));
  const pending = await associations.store.entries({ state: "pending", manual: false });
  const work = new Map<string, { acls: Set<string>; entries: QueueEntry[] }>();
  const select = options.select ?? (() => true);
  const add = (device: string, acl: string) => {
    const d = byName.get(device);
    if (d !== undefined && !select(d, acl)) return;
    const w = work.get(device) ?? { acls: new Set(), entries: [] };
    w.acls.add(acl);
    work.set(device, w);
  };
  if (fromQueue) {
    const escalation = options.escalation ?? false;
    for (const e of pending) {
      if (e.escalation !== escalation || e.device === null) continue;
      if (acls.length && !acls.includes(e.acl)) continue;
      add(e.device, e.acl);
    }
  } else {
    if (acls.length === 0) {
      throw new TriggerError("INVALID_ARGUMENT", "Cannot load ACLs: name at least one ACL");
    }
    for (const acl of acls) {
      const devices = await associations.devicesWith(acl, inventory);
      if (devices.length === 0) {
        throw new TriggerError("INVALID_ARGUMENT", `No devices found for ACL ${acl}`);
      }
      for (const d of devices) add(d, acl);
    }
  }
  for (const e of pending) {
    if (e.device !== null && work.get(e.device)?.acls.has(e.acl)) {
      work.get(e.device)!.entries.push(e);
    }
  }
  const skipped: SkippedLoad[] = [];
  const entriesOf = (device: string, list: readonly string[]) =>
    (work.get(device)?.entries ?? []).filter((e) => list.includes(e.acl));
  const aclsOf = (device: string) => [...work.get(device)!.acls].sort();
  const alive = options.alive ?? processAlive;
  const host = Deno.hostname();
  const repairs = new Map<string, LoadInProgress>();
  for (const [device, w] of work) {
    for (const e of w.entries) {
      const p = parseInProgress(e.note);
      if (p !== undefined) repairs.set(device, p);
    }
  }
  for (const [device, w] of work) {
    for (const acl of [...w.acls].sort()) {
      const why = options.held?.get(acl);
      if (why === undefined || repairs.has(device)) continue;
      w.acls.delete(acl);
      skipped.push({
        device,
        acls: [acl],
        reason: "held",
        message: `Skipping ${acl} on ${device}: ${why}`,
        entries: w.entries.filter((e) => e.acl === acl),
      });
    }
    if (w.acls.size === 0) work.delete(device);
  }
  // unknown devices (queued but gone from the inventory) stay pending, silently;
  // a device load-acl cannot load is reported once and takes no bulk slot
  const candidates: string[] = [];
  for (const name of work.keys()) {
    const device = byName.get(name);
    if (device === undefined) continue;
    const busy = repairs.get(name);
    if (busy !== undefined && busy.host === host && busy.pid !== Deno.pid && alive(busy.pid)) {
      skipped.push({
        device: name,
        acls: aclsOf(name),
        reason: "busy",
        message:
          `Skipping ${name}: being loaded by run ${busy.run} (pid ${busy.pid}) since ${busy.since}`,
        entries: entriesOf(name, aclsOf(name)),
      });
      repairs.delete(name);
      continue;
    }
    const why = unloadable(device, options.allowWindow === true);
    if (why !== undefined) {
      skipped.push({
        device: name,
        acls: aclsOf(name),
        reason: "platform",
        message: `Skipping ${name}: ${why}`,
        entries: entriesOf(name, aclsOf(name)),
      });
      continue;
    }
    candidates.push(name);
  }
  const ordered = candidates.sort((a, b) => {
    const ea = work.get(a)!.entries, eb = work.get(b)!.entries;
    const fix = Number(repairs.has(b)) - Number(repairs.has(a));
    const esc = Number(eb.some((e) => e.escalation)) - Number(ea.some((e) => e.escalation));
    const oldest = (l: QueueEntry[]) => Math.min(...l.map((e) => e.id), Number.MAX_SAFE_INTEGER);
    return fix || esc || oldest(ea) - oldest(eb) || a.localeCompare(b);
  });
  const windows = new Map<string, StatusExplanation>();
  const inWindow: string[] = [];
  for (const name of ordered) {
    const device = byName.get(name)!;
    const window = policy.windowFor(device);
    const why = window.explain(at);
    windows.set(name, why);
    // a device an interrupted run left half-changed is repaired now
    if (why.status === "green" || options.bouncy || repairs.has(name)) {
      inWindow.push(name);
      continue;
    }
    const next = window.nextOk("green", at);
    const detail = why.reason === "hours"
      ? ""
      : ` (${why.reason}${why.detail ? `: ${why.detail}` : ""})`;
    const until = next === null
      ? "no green window within 400 days"
      : `until ${formatWindowTime(next, localZone)} | ${formatWindowTime(next, window.timeZone)}`;
    const list = aclsOf(name);
    skipped.push({
      device: name,
      acls: list,
      reason: "window",
      message: `Skipping ${name}: ${why.status.toUpperCase()}${detail} ${until}`,
      entries: entriesOf(name, list),
    });
  }
  const planned = inWindow.map((name) => ({
    device: name,
    site: String(byName.get(name)!.site ?? ""),
    acls: aclsOf(name),
  }));
  let throttled = planned.filter((p) => !repairs.has(p.device));
  const repairing = planned.filter((p) => repairs.has(p.device));
  if (!options.forceBulk) {
    // the limit counts the devices that can be loaded, not every carrier
    const loadable = inventory.filter((d) =>
      unloadable(d, options.allowWindow === true) === undefined
    );
    const bulk = await associations.bulkAcls(loadable, options.bulkThreshold ?? 10);
    const siteTotals = new Map<string, Map<string, number>>();
    for (const acl of bulk.keys()) {
      const perSite = new Map<string, number>();
      for (const d of await associations.devicesWith(acl, loadable)) {
        const site = String(byName.get(d)?.site ?? "");
        perSite.set(site, (perSite.get(site) ?? 0) + 1);
      }
      siteTotals.set(acl, perSite);
    }
    const r = throttleBulk(throttled, { bulk, siteTotals, percent: options.bulkPercent ?? 25 });
    throttled = r.work;
    for (const d of r.deferred) {
      skipped.push({
        device: d.device,
        acls: [d.acl],
        reason: "bulk",
        message: `Skipping ${d.acl} on ${d.device}: ${d.message}`,
        entries: entriesOf(d.device, [d.acl]),
      });
    }
  }
  return {
    loads: [...repairing, ...throttled].map((p) => {
      const repair = repairs.get(p.device);
      return {
        device: byName.get(p.device)!,
        acls: p.acls,
        entries: entriesOf(p.device, p.acls),
        window: windows.get(p.device)!,
        ...(repair ? { repair } : {}),
      };
    }),
    skipped,
  };
}

/** Why load-acl will not load a device (its platform), or `undefined` when it will. */
function unloadable(device: AclLoadTarget, allowWindow: boolean): string | undefined {
  try {
    const kind = aclDeviceKind(device);
    const profile = profileOf(device);
    if (!allowWindow && leavesWindow(kind, profile?.management.commit ?? null)) {
      return `loading on ${profile?.id ?? "this platform"} removes each list before writing ` +
        "it again (no in-place edit, session or commit), so traffic would meet no filter for " +
        "a moment; use --allow-window to load anyway";
    }
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Whether a `load-acl` process of this machine runs with this id (Linux
 * `/proc`; elsewhere: assume it does not, so the load is repaired).
 */
function processAlive(pid: number): boolean {
  try {
    return Deno.readTextFileSync(`/proc/${pid}/cmdline`).includes("load-acl");
  } catch {
    return false;
  }
}

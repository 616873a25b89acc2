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
import type { BouncePolicy } from "./bounce_policy.ts";
import type { StatusExplanation } from "./bounce_window.ts";
import { throttleBulk } from "./bulk.ts";

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
}

/** Work not done this run. */
export interface SkippedLoad {
  /** The device name. */
  device: string;
  /** The ACLs not loaded. */
  acls: string[];
  /** Why: outside the window, or held back as bulk. */
  reason: "window" | "bulk";
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
  const add = (device: string, acl: string) => {
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
  // unknown devices (queued but gone from the inventory) stay pending, silently
  const ordered = [...work.keys()].filter((n) => byName.has(n)).sort((a, b) => {
    const ea = work.get(a)!.entries, eb = work.get(b)!.entries;
    const esc = Number(eb.some((e) => e.escalation)) - Number(ea.some((e) => e.escalation));
    const oldest = (l: QueueEntry[]) => Math.min(...l.map((e) => e.id), Number.MAX_SAFE_INTEGER);
    return esc || oldest(ea) - oldest(eb) || a.localeCompare(b);
  });
  const windows = new Map<string, StatusExplanation>();
  const inWindow: string[] = [];
  for (const name of ordered) {
    const device = byName.get(name)!;
    const window = policy.windowFor(device);
    const why = window.explain(at);
    windows.set(name, why);
    if (why.status === "green" || options.bouncy) {
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
    const list = [...work.get(name)!.acls].sort();
    skipped.push({
      device: name,
      acls: list,
      reason: "window",
      message: `Skipping ${name}: ${why.status.toUpperCase()}${detail} ${until}`,
      entries: entriesOf(name, list),
    });
  }
  let planned = inWindow.map((name) => ({
    device: name,
    site: String(byName.get(name)!.site ?? ""),
    acls: [...work.get(name)!.acls].sort(),
  }));
  if (!options.forceBulk) {
    const bulk = await associations.bulkAcls(inventory, options.bulkThreshold ?? 10);
    const siteTotals = new Map<string, Map<string, number>>();
    for (const acl of bulk.keys()) {
      const perSite = new Map<string, number>();
      for (const d of await associations.devicesWith(acl, inventory)) {
        const site = String(byName.get(d)?.site ?? "");
        perSite.set(site, (perSite.get(site) ?? 0) + 1);
      }
      siteTotals.set(acl, perSite);
    }
    const r = throttleBulk(planned, { bulk, siteTotals, percent: options.bulkPercent ?? 25 });
    planned = r.work;
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
    loads: planned.map((p) => ({
      device: byName.get(p.device)!,
      acls: p.acls,
      entries: entriesOf(p.device, p.acls),
      window: windows.get(p.device)!,
    })),
    skipped,
  };
}

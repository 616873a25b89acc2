/**
 * Bulk-load throttling: an ACL carried by many devices (a bulk ACL) is
 * loaded on at most a percentage of each site's devices carrying it per run,
 * so that a bad ACL cannot take a whole site down at once. This replaces the
 * original's absolute thresholds per name-prefix group.
 *
 * @module
 */

/** One device's planned ACLs, for throttling. */
export interface BulkWork {
  /** The device name. */
  device: string;
  /** Its site (`""` when unknown: such devices form one group). */
  site: string;
  /** The ACLs to load. */
  acls: string[];
}

/** An ACL held back on a device. */
export interface BulkDeferral {
  /** The device name. */
  device: string;
  /** The bulk ACL held back. */
  acl: string;
  /** Why, for people. */
  message: string;
}

/** Options of {@linkcode throttleBulk}. */
export interface ThrottleOptions {
  /** Bulk ACLs and how many devices carry each. */
  bulk: ReadonlyMap<string, number>;
  /** Per bulk ACL, per site: how many devices at that site carry it. */
  siteTotals: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** The largest share of a site's carriers loaded per run, 1-100. */
  percent: number;
}

/**
 * Holds back bulk ACLs beyond the per-site share. Work is taken in the
 * order given (put escalated and oldest first); a site with fewer devices
 * than it takes to reach one device's share still gets one per run.
 *
 * @param work The planned work, in priority order.
 * @param options Bulk ACLs, per-site totals, percentage.
 * @returns The work with held-back ACLs removed (devices left without ACLs
 *   dropped), and the deferrals.
 * @throws {RangeError} When `percent` is not within 1-100.
 *
 * @example At most a quarter of a site per run
 * ```ts
 * import { throttleBulk } from "@trigger/trigger/changemgmt";
 * import { strictEqual } from "node:assert/strict";
 *
 * const work = ["r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"].map((device) => ({
 *   device, site: "lon", acls: ["edge-in"],
 * }));
 * const r = throttleBulk(work, {
 *   bulk: new Map([["edge-in", 8]]),
 *   siteTotals: new Map([["edge-in", new Map([["lon", 8]])]]),
 *   percent: 25,
 * });
 * strictEqual(r.work.length, 2);
 * strictEqual(r.deferred.length, 6);
 * ```
 */
export function throttleBulk(
  work: readonly BulkWork[],
  options: ThrottleOptions,
): { work: BulkWork[]; deferred: BulkDeferral[] } {
  const { bulk, siteTotals, percent } = options;
  if (!(percent >= 1 && percent <= 100)) {
    throw new RangeError(`Cannot throttle bulk loads: percent must be 1-100, got ${percent}`);
  }
  const used = new Map<string, number>();
  const deferred: BulkDeferral[] = [];
  const out: BulkWork[] = [];
  for (const w of work) {
    const keep: string[] = [];
    for (const acl of w.acls) {
      if (!bulk.has(acl)) {
        keep.push(acl);
        continue;
      }
      const total = siteTotals.get(acl)?.get(w.site) ?? 1;
      const allowed = Math.max(1, Math.floor((total * percent) / 100));
      const key = `${acl}\u0000${w.site}`;
      const n = used.get(key) ?? 0;
      if (n < allowed) {
        used.set(key, n + 1);
        keep.push(acl);
      } else {
        deferred.push({
          device: w.device,
          acl,
          message: `bulk ACL ${acl}: at most ${allowed} of ${total} devices at site ${
            w.site || "(none)"
          } per run (${percent}%)`,
        });
      }
    }
    if (keep.length) out.push({ ...w, acls: keep });
  }
  return { work: out, deferred };
}

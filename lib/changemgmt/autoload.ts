/**
 * What the nightly `load-acl --auto` run leaves for a person: the ACLs of
 * `AUTOLOAD_BLACKLIST` (never loaded automatically) and, per
 * `AUTOLOAD_FILTER_THRESH`, an ACL queued on at least that many devices (a
 * change that large waits for someone to run it by hand).
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import type { QueueEntry } from "../acl/db/store.ts";

/** The settings of the automatic run. */
export interface AutoloadRules {
  /** ACLs never loaded automatically. */
  blacklist: readonly string[];
  /** ACL → the device count from which it waits for a person. */
  threshold: Readonly<Record<string, unknown>>;
}

/**
 * The ACLs an automatic run holds back, each with the reason.
 *
 * @param rules The blacklist and the thresholds (as the settings hold them).
 * @param pending The pending queue entries the run would take.
 * @returns ACL → why it is held back.
 * @throws {TriggerError} `SETTINGS_INVALID` when a threshold is not a positive integer.
 *
 * @example A blacklisted ACL and one queued on too many devices
 * ```ts
 * import { autoloadHolds } from "@trigger/trigger";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const entry = (acl: string, device: string) => ({
 *   id: 1, acl, device, escalation: false, user: "u", queuedAt: "", state: "pending" as const,
 *   updatedAt: null, note: null,
 * });
 * const held = autoloadHolds(
 *   { blacklist: ["CORE-IN"], threshold: { "EDGE-IN": 2 } },
 *   [entry("EDGE-IN", "r1"), entry("EDGE-IN", "r2"), entry("CORE-IN", "r1"), entry("MGMT", "r1")],
 * );
 * deepStrictEqual([...held.keys()].sort(), ["CORE-IN", "EDGE-IN"]);
 * ```
 */
export function autoloadHolds(
  rules: AutoloadRules,
  pending: readonly QueueEntry[],
): Map<string, string> {
  const held = new Map<string, string>();
  for (const acl of rules.blacklist) {
    held.set(acl, `${acl} is in AUTOLOAD_BLACKLIST: never loaded automatically`);
  }
  const devices = new Map<string, Set<string>>();
  for (const e of pending) {
    if (e.device === null) continue;
    devices.set(e.acl, (devices.get(e.acl) ?? new Set()).add(e.device));
  }
  for (const [acl, raw] of Object.entries(rules.threshold)) {
    const n = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
      throw new TriggerError(
        "SETTINGS_INVALID",
        `Cannot use AUTOLOAD_FILTER_THRESH for ${acl}: expected a positive integer, got ${
          JSON.stringify(raw)
        }`,
      );
    }
    const count = devices.get(acl)?.size ?? 0;
    if (count >= n && !held.has(acl)) {
      held.set(
        acl,
        `${acl} is queued on ${count} devices (AUTOLOAD_FILTER_THRESH ${acl}=${n}): ` +
          "a change that large waits for a person",
      );
    }
  }
  return held;
}

/**
 * Field queries over an indexed inventory: keys AND, values OR,
 * case-insensitive, substring or exact.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import type { Settings } from "../settings/mod.ts";
import { suggest } from "../settings/_text.ts";
import type { NetDevice } from "./net_device.ts";
import { ABSENT, type DeviceIndex } from "./_index.ts";
import { canonicalVendor } from "./vendor.ts";

/** One query value: text, a number, a boolean, or `null` for "field absent". */
export type MatchValue = string | number | boolean | null;

/** Field → value, or several values (any of which may match). */
export type MatchQuery = Readonly<Record<string, MatchValue | readonly MatchValue[]>>;

/** Options of `NetDevices.match`. */
export interface MatchOptions {
  /**
   * Compare whole values instead of substrings.
   *
   * @default {false}
   */
  exact?: boolean;
}

function byKey(a: NetDevice, b: NetDevice): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Devices of the index matching the query (see `NetDevices.match`). */
export function matchDevices(
  index: DeviceIndex,
  query: MatchQuery,
  options: MatchOptions,
  settings: Settings,
): NetDevice[] {
  const { exact = false } = options;
  const sets: Set<NetDevice>[] = [];
  for (const [rawField, rawValues] of Object.entries(query)) {
    const field = index.resolveField(rawField);
    if (field === undefined) {
      const near = suggest(rawField, index.fieldNames.values());
      throw new TriggerError(
        "INVALID_ARGUMENT",
        `Cannot match on field "${rawField}": no device has it` +
          (near.length ? ` (did you mean ${near.map((n) => `"${n}"`).join(", ")}?)` : ""),
      );
    }
    const values = (Array.isArray(rawValues) ? rawValues : [rawValues]) as readonly MatchValue[];
    const map = index.values(field);
    const hits = new Set<NetDevice>();
    const add = (ds: readonly NetDevice[] | undefined) => {
      if (ds !== undefined) { for (const d of ds) hits.add(d); }
    };
    for (const value of values) {
      if (value === null || (typeof value === "string" && value.toLowerCase() === "none")) {
        add(map.get(ABSENT));
        if (value === null) continue;
      }
      const needles = new Set([String(value).toLowerCase()]);
      if (field === "vendor") needles.add(canonicalVendor(String(value), settings));
      for (const needle of needles) {
        if (exact) add(map.get(needle));
        else {
          for (const [v, ds] of map) if (v !== ABSENT && v.includes(needle)) add(ds);
        }
      }
    }
    sets.push(hits);
  }
  if (sets.length === 0) return [...index.devices].sort(byKey);
  sets.sort((a, b) => a.size - b.size);
  const [smallest, ...rest] = sets;
  const out: NetDevice[] = [];
  for (const d of smallest!) if (rest.every((s) => s.has(d))) out.push(d);
  return out.sort(byKey);
}

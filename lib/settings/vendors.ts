/**
 * Built-in vendor data: the defaults of the vendor-related settings
 * (`vendorMap`, `defaultTypes`, `supportedPlatforms`, `iosLikeVendors`),
 * built from the platform profiles (`inventory` of each, see
 * `lib/platforms`), plus the manufacturer spellings of vendors the toolkit
 * has no platform for.
 *
 * These are the original's tables, with its gaps filled: Palo Alto, HP and a
 * few other manufacturer spellings map to a vendor, instead of falling back
 * to their first word (`palo`, `hewlett`).
 *
 * @module
 */
import { BUILTIN_PLATFORMS } from "../platforms/registry.ts";
import type { PlatformProfile } from "../platforms/profile.ts";

const PROFILES: readonly PlatformProfile[] = Object.values(BUILTIN_PLATFORMS);

/**
 * Vendors known by name that no platform profile covers yet (so their
 * devices get a vendor, but no platform). A vendor a profile covers is taken
 * from the profiles only.
 */
const NAMED_VENDORS: Readonly<
  Record<
    string,
    { manufacturers: string[]; types: string[]; defaultType: string; iosLike: boolean }
  >
> = {
  hp: {
    manufacturers: ["HEWLETT PACKARD", "HEWLETT PACKARD ENTERPRISE", "HPE"],
    types: [],
    defaultType: "",
    iosLike: false,
  },
};

const OTHERS = Object.fromEntries(
  Object.entries(NAMED_VENDORS).filter(([v]) => !PROFILES.some((p) => p.vendor === v)),
);

function sortedRecord<T>(entries: Iterable<[string, T]>): Readonly<Record<string, T>> {
  return Object.freeze(Object.fromEntries([...entries].sort(([a], [b]) => a.localeCompare(b))));
}

/**
 * Manufacturer string (upper case) → canonical vendor name: each profile's
 * `inventory.manufacturers`.
 *
 * @example Look up a manufacturer
 * ```ts
 * import { VENDOR_MAP } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(VENDOR_MAP["CISCO SYSTEMS"], "cisco");
 * strictEqual(VENDOR_MAP["PALO ALTO NETWORKS"], "paloalto");
 * ```
 */
export const VENDOR_MAP: Readonly<Record<string, string>> = sortedRecord([
  ...PROFILES.flatMap((p) => p.inventory.manufacturers.map((m): [string, string] => [m, p.vendor])),
  ...Object.entries(OTHERS).flatMap(([v, f]) =>
    f.manufacturers.map((m): [string, string] => [m, v])
  ),
]);

/**
 * Vendor → device types Commando accepts for it (the original's
 * `SUPPORTED_PLATFORMS`): the union of `inventory.deviceTypes` of the
 * vendor's profiles, sorted.
 *
 * @example Which types a vendor supports
 * ```ts
 * import { SUPPORTED_PLATFORMS } from "@trigger/trigger/settings";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(SUPPORTED_PLATFORMS.cisco, ["FIREWALL", "ROUTER", "SWITCH"]);
 * ```
 */
export const SUPPORTED_PLATFORMS: Readonly<Record<string, readonly string[]>> = (() => {
  const types = new Map<string, Set<string>>();
  for (const p of PROFILES) {
    const set = types.get(p.vendor) ?? new Set();
    p.inventory.deviceTypes.forEach((t) => set.add(t));
    types.set(p.vendor, set);
  }
  for (const [v, f] of Object.entries(OTHERS)) {
    if (f.types.length > 0) types.set(v, new Set(f.types));
  }
  return sortedRecord([...types].map(([v, s]) => [v, Object.freeze([...s].sort())]));
})();

/**
 * Vendor → device type used when a record has no `deviceType`: the
 * `inventory.defaultType` of the vendor's profiles.
 *
 * @example Default type of a vendor
 * ```ts
 * import { DEFAULT_TYPES } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(DEFAULT_TYPES.juniper, "ROUTER");
 * strictEqual(DEFAULT_TYPES.paloalto, "FIREWALL");
 * ```
 */
export const DEFAULT_TYPES: Readonly<Record<string, string>> = sortedRecord([
  ...PROFILES.flatMap((p): [string, string][] =>
    p.inventory.defaultType === undefined ? [] : [[p.vendor, p.inventory.defaultType]]
  ),
  ...Object.entries(OTHERS).flatMap(([v, f]): [string, string][] =>
    f.defaultType === "" ? [] : [[v, f.defaultType]]
  ),
]);

/**
 * Vendors whose CLI behaves like Cisco IOS: those of the profiles with
 * `inventory.iosLike`.
 *
 * @example Is a vendor IOS-like
 * ```ts
 * import { IOSLIKE_VENDORS } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(IOSLIKE_VENDORS.includes("arista"), true);
 * strictEqual(IOSLIKE_VENDORS.includes("juniper"), false);
 * ```
 */
export const IOSLIKE_VENDORS: readonly string[] = Object.freeze(
  [
    ...new Set([
      ...PROFILES.filter((p) => p.inventory.iosLike).map((p) => p.vendor),
      ...Object.entries(OTHERS).filter(([, f]) => f.iosLike).map(([v]) => v),
    ]),
  ].sort(),
);

/**
 * Device types the toolkit knows (informational).
 *
 * @example The known types
 * ```ts
 * import { SUPPORTED_TYPES } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(SUPPORTED_TYPES.includes("FIREWALL"), true);
 * ```
 */
export const SUPPORTED_TYPES: readonly string[] = Object.freeze([
  "CONSOLE",
  "DWDM",
  "FIREWALL",
  "LOAD_BALANCER",
  "ROUTER",
  "SWITCH",
]);

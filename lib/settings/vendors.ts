/**
 * Built-in vendor data: the defaults of the vendor-related settings
 * (`vendorMap`, `defaultTypes`, `supportedPlatforms`, `iosLikeVendors`).
 *
 * These are the original's tables, with its gaps filled: Palo Alto, HP and a
 * few other manufacturer spellings map to a vendor, instead of falling back
 * to their first word (`palo`, `hewlett`).
 *
 * @module
 */

/**
 * Manufacturer string (upper case) → canonical vendor name.
 *
 * @example Look up a manufacturer
 * ```ts
 * import { VENDOR_MAP } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(VENDOR_MAP["CISCO SYSTEMS"], "cisco");
 * strictEqual(VENDOR_MAP["PALO ALTO NETWORKS"], "paloalto");
 * ```
 */
export const VENDOR_MAP: Readonly<Record<string, string>> = Object.freeze({
  "A10 NETWORKS": "a10",
  "ARISTA NETWORKS": "arista",
  "ARUBA NETWORKS": "aruba",
  "AVOCENT": "avocent",
  "BROCADE": "brocade",
  "CELESTICA": "cumulus",
  "CISCO SYSTEMS": "cisco",
  "CITRIX": "citrix",
  "CUMULUS": "cumulus",
  "DELL": "dell",
  "F5 NETWORKS": "f5",
  "FORCE10": "force10",
  "FOUNDRY": "foundry",
  "JUNIPER": "juniper",
  "JUNIPER NETWORKS": "juniper",
  "MRV": "mrv",
  "NETSCREEN TECHNOLOGIES": "netscreen",
  "PALO ALTO": "paloalto",
  "PALO ALTO NETWORKS": "paloalto",
  "PICA8": "pica8",
  "HEWLETT PACKARD": "hp",
  "HEWLETT PACKARD ENTERPRISE": "hp",
  "HPE": "hp",
});

/**
 * Vendor → device types Commando accepts for it (the original's
 * `SUPPORTED_PLATFORMS`).
 *
 * @example Which types a vendor supports
 * ```ts
 * import { SUPPORTED_PLATFORMS } from "@trigger/trigger";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(SUPPORTED_PLATFORMS.cisco, ["ROUTER", "SWITCH", "FIREWALL"]);
 * ```
 */
export const SUPPORTED_PLATFORMS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  a10: ["SWITCH"],
  arista: ["SWITCH"],
  aruba: ["SWITCH"],
  avocent: ["CONSOLE"],
  brocade: ["ROUTER", "SWITCH"],
  cisco: ["ROUTER", "SWITCH", "FIREWALL"],
  citrix: ["SWITCH"],
  cumulus: ["SWITCH"],
  dell: ["SWITCH"],
  f5: ["LOAD_BALANCER", "SWITCH"],
  force10: ["ROUTER", "SWITCH"],
  foundry: ["ROUTER", "SWITCH"],
  juniper: ["FIREWALL", "ROUTER", "SWITCH"],
  mrv: ["CONSOLE", "SWITCH"],
  netscreen: ["FIREWALL"],
  paloalto: ["FIREWALL"],
  pica8: ["ROUTER", "SWITCH"],
});

/**
 * Vendor → device type used when a record has no `deviceType`.
 *
 * @example Default type of a vendor
 * ```ts
 * import { DEFAULT_TYPES } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(DEFAULT_TYPES.juniper, "ROUTER");
 * strictEqual(DEFAULT_TYPES.paloalto, "FIREWALL");
 * ```
 */
export const DEFAULT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  a10: "SWITCH",
  arista: "SWITCH",
  aruba: "SWITCH",
  avocent: "CONSOLE",
  brocade: "SWITCH",
  cisco: "ROUTER",
  citrix: "SWITCH",
  cumulus: "SWITCH",
  dell: "SWITCH",
  f5: "LOAD_BALANCER",
  force10: "ROUTER",
  foundry: "SWITCH",
  juniper: "ROUTER",
  mrv: "CONSOLE",
  netscreen: "FIREWALL",
  paloalto: "FIREWALL",
  pica8: "SWITCH",
});

/**
 * Vendors whose CLI behaves like Cisco IOS.
 *
 * @example Is a vendor IOS-like
 * ```ts
 * import { IOSLIKE_VENDORS } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(IOSLIKE_VENDORS.includes("arista"), true);
 * strictEqual(IOSLIKE_VENDORS.includes("juniper"), false);
 * ```
 */
export const IOSLIKE_VENDORS: readonly string[] = Object.freeze([
  "a10",
  "arista",
  "aruba",
  "brocade",
  "cisco",
  "cumulus",
  "dell",
  "force10",
  "foundry",
]);

/**
 * Device types the toolkit knows (informational).
 *
 * @example The known types
 * ```ts
 * import { SUPPORTED_TYPES } from "@trigger/trigger";
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

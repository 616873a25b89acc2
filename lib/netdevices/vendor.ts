/**
 * Vendor canonicalisation: a manufacturer string from a CMDB ("CISCO SYSTEMS",
 * "Palo Alto Networks") becomes a short canonical vendor name (`cisco`,
 * `paloalto`).
 *
 * @module
 */
import { builtinSettings, type Settings } from "../settings/mod.ts";

const caches = new WeakMap<Settings, Map<string, string>>();

/**
 * Returns the canonical vendor of a manufacturer string. In order: an exact
 * (case-insensitive) entry of `settings.vendorMap`; the whole name, or its
 * words joined, when that is a known vendor (`"Palo Alto"` → `paloalto`); the
 * first word that is a known vendor (`"Juniper Networks, Inc."` → `juniper`).
 * An unknown manufacturer keeps all its words (`"Hewlett Packard Enterprise"`
 * → `hewlett_packard_enterprise`), never only its first.
 *
 * @param manufacturer The manufacturer (or vendor) string.
 * @param settings Settings giving `vendorMap`, `supportedPlatforms` and
 * `defaultTypes`.
 * @returns The canonical vendor, lower case; `unknown` for an empty string.
 *
 * @example Canonical vendors
 * ```ts
 * import { canonicalVendor } from "@trigger/trigger/netdevices";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(canonicalVendor("CISCO SYSTEMS"), "cisco");
 * strictEqual(canonicalVendor("Palo Alto Networks"), "paloalto");
 * strictEqual(canonicalVendor("Juniper Networks, Inc."), "juniper");
 * strictEqual(canonicalVendor("Acme Optical Widgets"), "acme_optical_widgets");
 * ```
 */
export function canonicalVendor(
  manufacturer: string,
  settings: Settings = builtinSettings(),
): string {
  let cache = caches.get(settings);
  if (cache === undefined) {
    cache = new Map();
    caches.set(settings, cache);
  }
  let v = cache.get(manufacturer);
  if (v === undefined) {
    v = resolve(manufacturer, settings);
    cache.set(manufacturer, v);
  }
  return v;
}

function resolve(manufacturer: string, settings: Settings): string {
  const upper = manufacturer.trim().replace(/\s+/g, " ").toUpperCase();
  const mapped = settings.vendorMap[upper];
  if (mapped !== undefined) return mapped.toLowerCase();
  const words = upper.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== "");
  if (words.length === 0) return "unknown";
  const known = knownVendors(settings);
  const joined = words.join("");
  if (known.has(joined)) return joined;
  for (const w of words) if (known.has(w)) return w;
  for (let i = 0; i + 1 < words.length; i++) {
    const pair = words[i]! + words[i + 1]!;
    if (known.has(pair)) return pair;
  }
  return words.join("_");
}

const knownCache = new WeakMap<Settings, Set<string>>();

/**
 * Every vendor name the settings know: keys of `supportedPlatforms` and
 * `defaultTypes`, and values of `vendorMap`.
 *
 * @param settings The settings.
 * @returns The set of canonical vendor names.
 *
 * @example Known vendors
 * ```ts
 * import { knownVendors } from "@trigger/trigger/netdevices";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(knownVendors().has("paloalto"), true);
 * strictEqual(knownVendors().has("palo"), false);
 * ```
 */
export function knownVendors(settings: Settings = builtinSettings()): ReadonlySet<string> {
  let s = knownCache.get(settings);
  if (s === undefined) {
    s = new Set([
      ...Object.keys(settings.supportedPlatforms),
      ...Object.keys(settings.defaultTypes),
      ...Object.values(settings.vendorMap).map((v) => v.toLowerCase()),
    ]);
    knownCache.set(settings, s);
  }
  return s;
}

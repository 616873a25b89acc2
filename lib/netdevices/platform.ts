/**
 * Platform ids (`<vendor>_<os>`, as device sessions name them) derived from
 * a device's vendor, type, operating system, make and model. The rules come
 * from the platform profiles (`inventory.match` of each, see
 * `lib/platforms`): one ordered list per vendor, most specific rule first,
 * first match wins. Every id derived has a profile.
 *
 * @module
 */
import { BUILTIN_PLATFORMS, platformProfiles } from "../platforms/registry.ts";
import type { PlatformProfile } from "../platforms/profile.ts";

/** One rule: the platform, when the device type and text pattern match. */
export interface PlatformRule {
  /** The platform id this rule gives. */
  readonly platform: string;
  /** Device types the rule applies to (any when absent). */
  readonly deviceTypes?: readonly string[];
  /** Tested against `operatingSystem make model`, lower-cased (any when absent). */
  readonly pattern?: RegExp;
}

/** Rules by canonical vendor. */
export type PlatformRules = Readonly<Record<string, readonly PlatformRule[]>>;

/**
 * Builds the rule table from profiles: per vendor, rules with a pattern and
 * device types first, then a pattern alone, then device types alone, then
 * the vendor's fallback; profiles earlier in the list first within a rank.
 *
 * @param profiles Platform profiles, in order of precedence.
 * @returns Vendor → ordered rules.
 *
 * @example A user platform for a vendor of its own
 * ```ts
 * import { platformRules } from "@trigger/trigger/netdevices";
 * import { getPlatform } from "@trigger/trigger/platforms";
 * import { strictEqual } from "node:assert/strict";
 *
 * const acme = { ...getPlatform("cisco_ios"), id: "acme_os", vendor: "acme" };
 * acme.inventory = { ...acme.inventory, match: [{ pattern: "acmeos" }] };
 * strictEqual(platformRules([acme]).acme?.[0]?.platform, "acme_os");
 * ```
 */
export function platformRules(profiles: readonly Readonly<PlatformProfile>[]): PlatformRules {
  const ranked: { vendor: string; rank: number; order: number; rule: PlatformRule }[] = [];
  profiles.forEach((p, order) => {
    for (const m of p.inventory.match) {
      const rank = (m.pattern === undefined ? 2 : 0) + (m.deviceTypes === undefined ? 1 : 0);
      const rule: { -readonly [K in keyof PlatformRule]: PlatformRule[K] } = { platform: p.id };
      if (m.deviceTypes !== undefined) rule.deviceTypes = [...m.deviceTypes];
      if (m.pattern !== undefined) rule.pattern = new RegExp(m.pattern);
      ranked.push({ vendor: m.vendor ?? p.vendor, rank, order, rule });
    }
  });
  ranked.sort((a, b) => a.rank - b.rank || a.order - b.order);
  const out: Record<string, PlatformRule[]> = {};
  for (const r of ranked) (out[r.vendor] ??= []).push(r.rule);
  return out;
}

/**
 * Vendor → ordered platform rules of the built-in platforms.
 *
 * @example The Cisco rules end with IOS
 * ```ts
 * import { PLATFORM_RULES } from "@trigger/trigger/netdevices";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(PLATFORM_RULES.cisco?.at(-1)?.platform, "cisco_ios");
 * ```
 */
export const PLATFORM_RULES: PlatformRules = platformRules(Object.values(BUILTIN_PLATFORMS));

let cached: { from: readonly Readonly<PlatformProfile>[]; rules: PlatformRules } | undefined;

/** The rules of the platforms in effect (registered user profiles included). */
function currentRules(): PlatformRules {
  const from = platformProfiles();
  if (cached?.from !== from) cached = { from, rules: platformRules(from) };
  return cached.rules;
}

/** What {@linkcode derivePlatform} looks at. */
export interface PlatformInput {
  /** Canonical vendor. */
  vendor: string;
  /** Upper-case device type. */
  deviceType: string;
  /** Operating system, if known. */
  operatingSystem?: string | undefined;
  /** Make, if known. */
  make?: string | undefined;
  /** Model, if known. */
  model?: string | undefined;
}

/**
 * Derives the platform id of a device. When no rule matches, the id
 * `<vendor>_<operatingSystem>` is used if a platform of that id exists
 * (a user profile, typically); otherwise nothing.
 *
 * @param input Vendor, device type, operating system, make and model.
 * @param rules The rule table. @default {the rules of every platform in effect}
 * @returns The platform id, or `undefined` when nothing identifies one.
 *
 * @example Nexus, ASA and Junos
 * ```ts
 * import { derivePlatform } from "@trigger/trigger/netdevices";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(derivePlatform({ vendor: "cisco", deviceType: "SWITCH", model: "N9K-C93180YC" }), "cisco_nxos");
 * strictEqual(derivePlatform({ vendor: "cisco", deviceType: "FIREWALL", make: "ASA5520" }), "cisco_asa");
 * strictEqual(derivePlatform({ vendor: "juniper", deviceType: "ROUTER" }), "juniper_junos");
 * strictEqual(derivePlatform({ vendor: "acme", deviceType: "ROUTER" }), undefined);
 * ```
 */
export function derivePlatform(
  input: PlatformInput,
  rules: PlatformRules = currentRules(),
): string | undefined {
  const list = rules[input.vendor];
  let text = "";
  for (const x of [input.operatingSystem, input.make, input.model]) {
    if (x) text = text === "" ? x.toLowerCase() : `${text} ${x.toLowerCase()}`;
  }
  if (list !== undefined) {
    for (const r of list) {
      if (r.deviceTypes !== undefined && !r.deviceTypes.includes(input.deviceType)) continue;
      if (r.pattern !== undefined && !r.pattern.test(text)) continue;
      return r.platform;
    }
  }
  const os = input.operatingSystem?.toLowerCase().replace(/[^a-z0-9]+/g, "");
  const id = os ? `${input.vendor}_${os}` : undefined;
  return id !== undefined && platformProfiles().some((p) => p.id === id) ? id : undefined;
}

/**
 * The profile of a device's platform: its `platform`, else its vendor's
 * fallback platform (a device given only as `{ vendor: "cisco" }`).
 *
 * @param device The device's platform id and vendor.
 * @returns The shared, frozen profile; `undefined` when neither identifies one.
 *
 * @example A device without a platform
 * ```ts
 * import { profileOf } from "@trigger/trigger/netdevices";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(profileOf({ vendor: "juniper" })?.id, "juniper_junos");
 * strictEqual(profileOf({ platform: "cisco_nxos", vendor: "cisco" })?.id, "cisco_nxos");
 * strictEqual(profileOf({ platform: "acme_os" }), undefined);
 * ```
 */
export function profileOf(
  device: { platform?: string | undefined; vendor?: string | undefined },
): Readonly<PlatformProfile> | undefined {
  const id = device.platform ??
    (device.vendor === undefined ? undefined : derivePlatform({
      vendor: device.vendor,
      deviceType: "",
    }));
  return id === undefined ? undefined : platformProfiles().find((p) => p.id === id);
}

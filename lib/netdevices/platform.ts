/**
 * Platform ids (`<vendor>_<os>`, as device sessions name them) derived from
 * a device's vendor, type, operating system, make and model. The rules are
 * data: one ordered list per vendor, first match wins.
 *
 * @module
 */
import { platformProfiles } from "../platforms/registry.ts";
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

/**
 * Vendor → ordered platform rules.
 *
 * @example The Cisco rules end with IOS
 * ```ts
 * import { PLATFORM_RULES } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(PLATFORM_RULES.cisco?.at(-1)?.platform, "cisco_ios");
 * ```
 */
export const PLATFORM_RULES: Readonly<Record<string, readonly PlatformRule[]>> = {
  a10: [{ platform: "a10_acos" }],
  arista: [{ platform: "arista_eos" }],
  aruba: [{ platform: "aruba_aos" }],
  avocent: [{ platform: "avocent_acs" }],
  brocade: [
    { platform: "brocade_vdx", pattern: /vdx|nos\b/ },
    { platform: "brocade_adx", pattern: /adx|serveriron/ },
    { platform: "brocade_adx", deviceTypes: ["LOAD_BALANCER"] },
    { platform: "brocade_mlx" },
  ],
  cisco: [
    { platform: "cisco_iosxr", pattern: /ios[ -]?xr|\bxr\b|asr[ -]?9\d{2,3}|\bcrs|\bncs/ },
    { platform: "cisco_nxos", pattern: /nx-?os|nexus|\bn\dk/ },
    { platform: "cisco_asa", pattern: /\basa|adaptive security|\bpix|firepower/ },
    { platform: "cisco_asa", deviceTypes: ["FIREWALL"] },
    { platform: "cisco_ios" },
  ],
  citrix: [{ platform: "citrix_netscaler" }],
  cumulus: [{ platform: "cumulus_linux" }],
  dell: [{ platform: "dell_powerconnect" }],
  f5: [{ platform: "f5_tmsh" }],
  force10: [{ platform: "force10_ftos" }],
  foundry: [{ platform: "foundry_fastiron" }],
  juniper: [
    { platform: "juniper_screenos", pattern: /ssg|netscreen|screenos/ },
    { platform: "juniper_junos" },
  ],
  mrv: [{ platform: "mrv_lx" }],
  netscreen: [{ platform: "juniper_screenos" }],
  paloalto: [{ platform: "paloalto_panos" }],
  pica8: [{ platform: "pica8_picos" }],
};

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
 * Derives the platform id of a device. Vendors without rules get
 * `<vendor>_<operatingSystem>` when the operating system is known.
 *
 * @param input Vendor, device type, operating system, make and model.
 * @param rules The rule table.
 * @returns The platform id, or `undefined` when nothing identifies one.
 *
 * @example Nexus, ASA and Junos
 * ```ts
 * import { derivePlatform } from "@trigger/trigger";
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
  rules: Readonly<Record<string, readonly PlatformRule[]>> = PLATFORM_RULES,
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
  return os ? `${input.vendor}_${os}` : undefined;
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
 * import { profileOf } from "@trigger/trigger";
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

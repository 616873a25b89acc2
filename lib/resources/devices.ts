/**
 * Per-device rules the settings define: which Junos devices get full
 * commits (`juniperFullCommitFields`) and which TextFSM platform parses a
 * device's outputs (`textfsmVendorMappings`).
 *
 * @module
 */
import type { Settings } from "../settings/settings.ts";

/** A device's inventory fields, as rules read them (a `NetDevice` fits). */
export interface RuleDevice {
  /** Platform id. */
  readonly platform?: string | undefined;
  /** Canonical vendor. */
  readonly vendor?: string | undefined;
  /** Reads an inventory field by name (case-insensitive). */
  get?(field: string): string | undefined;
}

function field(device: RuleDevice, name: string): string | undefined {
  const v = device.get?.(name) ?? (device as unknown as Record<string, unknown>)[name];
  return typeof v === "string" ? v : undefined;
}

/**
 * The full-commit rule of `juniperFullCommitFields`: a device gets
 * `<commit-configuration><full/>` when every listed inventory field has the
 * listed value (compared without case); an empty map gives no full commits.
 *
 * @param settings The settings.
 * @returns Whether a device's commits are full.
 *
 * @example EX4200 switches commit in full
 * ```ts
 * import { fullCommitRule } from "@trigger/trigger/resources";
 * import { loadSettings } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/settings.json`, JSON.stringify({
 *   juniperFullCommitFields: { deviceType: "SWITCH", make: "EX4200" },
 * }));
 * const full = fullCommitRule(loadSettings({ path: `${dir}/settings.json`, env: { HOME: dir } }));
 * strictEqual(full({ vendor: "juniper", deviceType: "SWITCH", make: "ex4200" } as never), true);
 * strictEqual(full({ vendor: "juniper", deviceType: "ROUTER", make: "MX480" } as never), false);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function fullCommitRule(settings: Settings): (device: RuleDevice) => boolean {
  const wanted = Object.entries(settings.juniperFullCommitFields);
  if (wanted.length === 0) return () => false;
  return (device) =>
    wanted.every(([k, v]) => field(device, k)?.trim().toLowerCase() === v.trim().toLowerCase());
}

/**
 * The TextFSM platform of a device under `textfsmVendorMappings`: a device
 * whose `operatingSystem` is listed under its vendor is parsed with the
 * `<vendor>_<os>` templates (the original's `device.os`); any other device
 * with its platform's.
 *
 * @param settings The settings.
 * @returns The platform name for the template index.
 *
 * @example An NX-OS box whose platform was left as IOS
 * ```ts
 * import { textfsmPlatformRule } from "@trigger/trigger/resources";
 * import { builtinSettings } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * const platform = textfsmPlatformRule(builtinSettings());
 * strictEqual(platform({ vendor: "cisco", platform: "cisco_ios", operatingSystem: "NXOS" } as never), "cisco_nxos");
 * strictEqual(platform({ vendor: "juniper", platform: "juniper_junos", operatingSystem: "JUNOS" } as never), "juniper_junos");
 * ```
 */
export function textfsmPlatformRule(settings: Settings): (device: RuleDevice) => string {
  const mappings = settings.textfsmVendorMappings;
  return (device) => {
    const vendor = device.vendor?.toLowerCase();
    const os = field(device, "operatingSystem")?.trim().toLowerCase();
    const listed = vendor === undefined ? undefined : mappings[vendor];
    if (os && listed?.some((x) => x.toLowerCase() === os)) return `${vendor}_${os}`;
    return device.platform ?? "";
  };
}

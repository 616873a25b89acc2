/**
 * The platform registry: one table from id to profile, plus user profiles
 * registered at run time or loaded from JSON files through the validator.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import { assertPlatformProfile, type PlatformProfile } from "./profile.ts";
import { A10_ACOS } from "./a10_acos.ts";
import { ARISTA_EOS } from "./arista_eos.ts";
import { ARUBA_AOS } from "./aruba_aos.ts";
import { BROCADE_ADX } from "./brocade_adx.ts";
import { BROCADE_MLX } from "./brocade_mlx.ts";
import { BROCADE_VDX } from "./brocade_vdx.ts";
import { CISCO_ASA } from "./cisco_asa.ts";
import { CISCO_IOS } from "./cisco_ios.ts";
import { CISCO_IOSXR } from "./cisco_iosxr.ts";
import { CISCO_NXOS } from "./cisco_nxos.ts";
import { CITRIX_NETSCALER } from "./citrix_netscaler.ts";
import { DELL_POWERCONNECT } from "./dell_powerconnect.ts";
import { FOUNDRY_FASTIRON } from "./foundry_fastiron.ts";
import { JUNIPER_JUNOS } from "./juniper_junos.ts";
import { JUNIPER_SCREENOS } from "./juniper_screenos.ts";

/** The built-in platforms, by id. */
export const BUILTIN_PLATFORMS: Readonly<Record<string, PlatformProfile>> = Object.freeze({
  "a10_acos": A10_ACOS,
  "arista_eos": ARISTA_EOS,
  "aruba_aos": ARUBA_AOS,
  "brocade_adx": BROCADE_ADX,
  "brocade_mlx": BROCADE_MLX,
  "brocade_vdx": BROCADE_VDX,
  "cisco_asa": CISCO_ASA,
  "cisco_ios": CISCO_IOS,
  "cisco_iosxr": CISCO_IOSXR,
  "cisco_nxos": CISCO_NXOS,
  "citrix_netscaler": CITRIX_NETSCALER,
  "dell_powerconnect": DELL_POWERCONNECT,
  "foundry_fastiron": FOUNDRY_FASTIRON,
  "juniper_junos": JUNIPER_JUNOS,
  "juniper_screenos": JUNIPER_SCREENOS,
});

const registered = new Map<string, PlatformProfile>();

/**
 * Returns a copy of a platform profile (user-registered ones win).
 *
 * @param id Platform id, e.g. `cisco_ios`.
 * @returns A deep copy: callers may change it freely.
 * @throws {TriggerError} `PROFILE_INVALID` when no platform has this id.
 *
 * @example Look a platform up
 * ```ts
 * import { getPlatform } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(getPlatform("cisco_ios").defaultMode, "privileged");
 * ```
 */
export function getPlatform(id: string): PlatformProfile {
  const p = registered.get(id) ?? BUILTIN_PLATFORMS[id];
  if (!p) {
    throw new TriggerError(
      "PROFILE_INVALID",
      `Unknown platform "${id}" (known: ${listPlatforms().join(", ")})`,
    );
  }
  return structuredClone(p);
}

/**
 * Lists the platform ids known (built in and registered), sorted.
 *
 * @returns Platform ids.
 */
export function listPlatforms(): string[] {
  return [...new Set([...Object.keys(BUILTIN_PLATFORMS), ...registered.keys()])].sort();
}

/**
 * Registers (or replaces) a platform after validating it.
 *
 * @param profile The profile (copied).
 * @returns The registered copy.
 * @throws {ProfileError} `PROFILE_INVALID` with the JSON path of each bad field.
 */
export function registerPlatform(profile: unknown): PlatformProfile {
  const p = structuredClone(assertPlatformProfile(profile, describe(profile)));
  registered.set(p.id, p);
  return structuredClone(p);
}

/**
 * Removes a registered platform (built-in ones stay).
 *
 * @param id Platform id.
 * @returns Whether a registered profile was removed.
 */
export function unregisterPlatform(id: string): boolean {
  return registered.delete(id);
}

function describe(v: unknown): string {
  const id = typeof v === "object" && v !== null ? (v as { id?: unknown }).id : undefined;
  return typeof id === "string" ? `"${id}"` : "(inline)";
}

/**
 * Loads a user platform from a JSON file, validates and registers it.
 *
 * @param path A JSON file holding one profile.
 * @returns The registered profile.
 * @throws {ProfileError} `PROFILE_INVALID` for bad JSON or a bad field (with its JSON path).
 * @throws {TriggerError} `IO_ERROR` when the file cannot be read.
 *
 * @example Load a profile file
 * ```ts
 * import { getPlatform, loadPlatformFile, unregisterPlatform } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * const path = await Deno.makeTempFile({ suffix: ".json" });
 * const mine = { ...getPlatform("cisco_ios"), id: "acme_os" };
 * await Deno.writeTextFile(path, JSON.stringify(mine));
 * strictEqual((await loadPlatformFile(path)).id, "acme_os");
 * strictEqual(getPlatform("acme_os").vendor, "cisco");
 * unregisterPlatform("acme_os");
 * await Deno.remove(path);
 * ```
 */
export async function loadPlatformFile(path: string): Promise<PlatformProfile> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new TriggerError("IO_ERROR", `Cannot read platform file ${path}`, { cause: e });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const err = new TriggerError("PROFILE_INVALID", `Platform file ${path} is not JSON`, {
      cause: e,
    });
    throw err;
  }
  const p = structuredClone(assertPlatformProfile(data, path));
  registered.set(p.id, p);
  return structuredClone(p);
}

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
import { AVOCENT_ACS } from "./avocent_acs.ts";
import { BROCADE_ADX } from "./brocade_adx.ts";
import { BROCADE_MLX } from "./brocade_mlx.ts";
import { BROCADE_VDX } from "./brocade_vdx.ts";
import { CISCO_ASA } from "./cisco_asa.ts";
import { CISCO_IOS } from "./cisco_ios.ts";
import { CISCO_IOSXR } from "./cisco_iosxr.ts";
import { CISCO_NXOS } from "./cisco_nxos.ts";
import { CITRIX_NETSCALER } from "./citrix_netscaler.ts";
import { CUMULUS_LINUX } from "./cumulus_linux.ts";
import { DELL_POWERCONNECT } from "./dell_powerconnect.ts";
import { F5_TMSH } from "./f5_tmsh.ts";
import { FORCE10_FTOS } from "./force10_ftos.ts";
import { FOUNDRY_FASTIRON } from "./foundry_fastiron.ts";
import { JUNIPER_JUNOS } from "./juniper_junos.ts";
import { JUNIPER_SCREENOS } from "./juniper_screenos.ts";
import { MRV_LX } from "./mrv_lx.ts";
import { PALOALTO_PANOS } from "./paloalto_panos.ts";
import { PICA8_PICOS } from "./pica8_picos.ts";

/**
 * The id of a built-in platform (`cisco_ios`, `juniper_junos`...). Functions
 * that take a platform id also accept the id of a registered user profile.
 */
export type PlatformId =
  | "a10_acos"
  | "arista_eos"
  | "aruba_aos"
  | "avocent_acs"
  | "brocade_adx"
  | "brocade_mlx"
  | "brocade_vdx"
  | "cisco_asa"
  | "cisco_ios"
  | "cisco_iosxr"
  | "cisco_nxos"
  | "citrix_netscaler"
  | "cumulus_linux"
  | "dell_powerconnect"
  | "f5_tmsh"
  | "force10_ftos"
  | "foundry_fastiron"
  | "juniper_junos"
  | "juniper_screenos"
  | "mrv_lx"
  | "paloalto_panos"
  | "pica8_picos";

/**
 * The built-in platforms, by id. Adding a platform is one file in this folder,
 * its id above and its line here (the compiler checks that the two agree),
 * plus its lab emulator and conformance case.
 */
export const BUILTIN_PLATFORMS: Readonly<Record<PlatformId, PlatformProfile>> = Object.freeze({
  "a10_acos": A10_ACOS,
  "arista_eos": ARISTA_EOS,
  "aruba_aos": ARUBA_AOS,
  "avocent_acs": AVOCENT_ACS,
  "brocade_adx": BROCADE_ADX,
  "brocade_mlx": BROCADE_MLX,
  "brocade_vdx": BROCADE_VDX,
  "cisco_asa": CISCO_ASA,
  "cisco_ios": CISCO_IOS,
  "cisco_iosxr": CISCO_IOSXR,
  "cisco_nxos": CISCO_NXOS,
  "citrix_netscaler": CITRIX_NETSCALER,
  "cumulus_linux": CUMULUS_LINUX,
  "dell_powerconnect": DELL_POWERCONNECT,
  "f5_tmsh": F5_TMSH,
  "force10_ftos": FORCE10_FTOS,
  "foundry_fastiron": FOUNDRY_FASTIRON,
  "juniper_junos": JUNIPER_JUNOS,
  "juniper_screenos": JUNIPER_SCREENOS,
  "mrv_lx": MRV_LX,
  "paloalto_panos": PALOALTO_PANOS,
  "pica8_picos": PICA8_PICOS,
});

/**
 * Whether a string is the id of a built-in platform.
 *
 * @param id Any string.
 * @returns `true` for the ids of {@linkcode BUILTIN_PLATFORMS}.
 *
 * @example Narrow a string
 * ```ts
 * import { isPlatformId } from "@trigger/trigger/platforms";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(isPlatformId("cisco_ios"), true);
 * strictEqual(isPlatformId("acme_os"), false);
 * ```
 */
export function isPlatformId(id: string): id is PlatformId {
  return Object.hasOwn(BUILTIN_PLATFORMS, id);
}

const registered = new Map<string, PlatformProfile>();
let snapshot: readonly Readonly<PlatformProfile>[] | undefined;

function deepFreeze<T>(v: T): T {
  if (typeof v === "object" && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

function remember(p: PlatformProfile): PlatformProfile {
  registered.set(p.id, deepFreeze(structuredClone(p)));
  snapshot = undefined;
  return structuredClone(p);
}

/**
 * Every platform profile in effect: registered ones first (sorted by id),
 * then the built-in ones they do not replace. The objects are shared and
 * frozen — read them; use {@linkcode getPlatform} for a copy to change.
 *
 * @returns The profiles (the same array until a platform is registered or removed).
 *
 * @example Which platforms can load ACLs
 * ```ts
 * import { platformProfiles } from "@trigger/trigger/platforms";
 * import { ok } from "node:assert/strict";
 *
 * const ids = platformProfiles().filter((p) => p.acl !== null).map((p) => p.id);
 * ok(ids.includes("juniper_junos") && ids.includes("cisco_ios"));
 * ```
 */
export function platformProfiles(): readonly Readonly<PlatformProfile>[] {
  if (snapshot === undefined) {
    const mine = [...registered.values()].sort((a, b) => a.id.localeCompare(b.id));
    const builtin = Object.values(BUILTIN_PLATFORMS)
      .filter((p) => !registered.has(p.id))
      .map((p) => deepFreeze(p as PlatformProfile));
    snapshot = Object.freeze([...mine, ...builtin]);
  }
  return snapshot;
}

/**
 * Returns a copy of a platform profile (user-registered ones win).
 *
 * @param id Platform id, e.g. `cisco_ios`.
 * @returns A deep copy: callers may change it freely.
 * @throws {TriggerError} `PROFILE_INVALID` when no platform has this id.
 *
 * @example Look a platform up
 * ```ts
 * import { getPlatform } from "@trigger/trigger/platforms";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(getPlatform("cisco_ios").defaultMode, "privileged");
 * ```
 */
export function getPlatform(id: PlatformId | (string & Record<never, never>)): PlatformProfile {
  const p = registered.get(id) ?? (isPlatformId(id) ? BUILTIN_PLATFORMS[id] : undefined);
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
  return remember(assertPlatformProfile(profile, describe(profile)));
}

/**
 * Removes a registered platform (built-in ones stay).
 *
 * @param id Platform id.
 * @returns Whether a registered profile was removed.
 */
export function unregisterPlatform(id: string): boolean {
  snapshot = undefined;
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
 * import { getPlatform, loadPlatformFile, unregisterPlatform } from "@trigger/trigger/platforms";
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
  return remember(assertPlatformProfile(data, path));
}

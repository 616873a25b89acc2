/**
 * Implicit ACL associations: rules that say which ACLs a device gets from
 * its inventory fields (the original's `autoacl()`), read from
 * `AUTOACL_FILE` as JSON rules, or from a TypeScript/JavaScript module whose
 * default export is the function.
 *
 * @module
 */
import { TriggerError } from "../../errors.ts";
import { compileDeviceMatch, type DeviceMatchSpec, type DeviceRecord } from "./device_match.ts";

/** A function deciding a device's implicit ACLs from its fields and explicit ACLs. */
export type AutoAclFunction = (
  device: DeviceRecord,
  explicit: readonly string[],
) => Iterable<string>;

/** One JSON rule. */
export interface AutoAclRuleSpec {
  /** Which devices (all keys must match; see `compileDeviceMatch`). */
  match: DeviceMatchSpec;
  /** Devices matching this are left out even when `match` fits. */
  exclude?: DeviceMatchSpec;
  /** The ACLs those devices get. */
  acls: string[];
  /** Skip the rule for a device that already has any of these explicitly. */
  unlessExplicit?: string[];
}

/** The JSON autoacl file. */
export interface AutoAclFileSpec {
  /** Only devices whose `owningTeam` is listed get implicit ACLs (the original's VALID_OWNERS). */
  validOwners?: string[];
  /** The rules; every matching rule adds its ACLs. */
  rules: AutoAclRuleSpec[];
}

/**
 * Compiles JSON autoacl rules into a function.
 *
 * @param spec The parsed file.
 * @param file The file's path, for errors.
 * @returns The function.
 * @throws {TriggerError} `SETTINGS_INVALID` naming the path of a bad field.
 */
export function compileAutoAcl(spec: AutoAclFileSpec, file = "autoacl"): AutoAclFunction {
  const where = (p: string) => `${p} in "${file}"`;
  if (typeof spec !== "object" || spec === null || !Array.isArray(spec.rules)) {
    throw new TriggerError(
      "SETTINGS_INVALID",
      `Cannot use ${where("rules")}: expected a list of rules`,
    );
  }
  const owners = spec.validOwners === undefined
    ? undefined
    : new Set(spec.validOwners.map((o) => o.toLowerCase()));
  const rules = spec.rules.map((r, i) => {
    const p = `rules[${i}]`;
    if (!Array.isArray(r.acls) || r.acls.some((a) => typeof a !== "string" || a === "")) {
      throw new TriggerError(
        "SETTINGS_INVALID",
        `Cannot use ${where(`${p}.acls`)}: expected a list of ACL names`,
      );
    }
    return {
      match: compileDeviceMatch(r.match, where(`${p}.match`)),
      exclude: r.exclude === undefined
        ? undefined
        : compileDeviceMatch(r.exclude, where(`${p}.exclude`)),
      acls: r.acls,
      unless: new Set(r.unlessExplicit ?? []),
    };
  });
  return (device, explicit) => {
    const team = (device as unknown as { owningTeam?: unknown }).owningTeam;
    if (owners && !owners.has(String(team ?? "").toLowerCase())) return [];
    const out = new Set<string>();
    for (const r of rules) {
      if (!r.match(device) || r.exclude?.(device)) continue;
      if (explicit.some((a) => r.unless.has(a))) continue;
      for (const a of r.acls) out.add(a);
    }
    return out;
  };
}

/**
 * Loads the implicit-ACL function from a file: `.json` rules, or a `.ts`/`.js`
 * module exporting the function as default. No file: no implicit ACLs.
 *
 * @param path The file (else `AUTOACL_FILE`).
 * @returns The function.
 * @throws {TriggerError} `SETTINGS_INVALID` for unreadable or invalid files.
 */
export async function loadAutoAcl(path?: string): Promise<AutoAclFunction> {
  const file = path ?? Deno.env.get("AUTOACL_FILE");
  if (!file) return () => [];
  if (/\.(m?[jt]s)$/.test(file)) {
    let mod: { default?: unknown };
    try {
      mod = await import(new URL(file, `file://${Deno.cwd()}/`).href);
    } catch (e) {
      throw new TriggerError(
        "SETTINGS_INVALID",
        `Cannot load autoacl module "${file}": ${(e as Error).message}`,
        {
          cause: e,
        },
      );
    }
    if (typeof mod.default !== "function") {
      throw new TriggerError(
        "SETTINGS_INVALID",
        `Cannot use autoacl module "${file}": its default export is not a function`,
      );
    }
    return mod.default as AutoAclFunction;
  }
  let spec: AutoAclFileSpec;
  try {
    spec = JSON.parse(await Deno.readTextFile(file));
  } catch (e) {
    throw new TriggerError(
      "SETTINGS_INVALID",
      `Cannot read autoacl file "${file}": ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  return compileAutoAcl(spec, file);
}

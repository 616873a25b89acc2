/**
 * The ACL files of a load: `<dir>/acl.<name>` or `<dir>/<name>`, parsed
 * before any device is contacted.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import { type Acl, parse } from "../acl/acl.ts";
import type { AclLoadPlan, AclLoadTarget } from "./acl_plan.ts";

/**
 * Reads an ACL file: `<dir>/acl.<name>`, else `<dir>/<name>`.
 *
 * @param dir The ACL directory.
 * @param name The ACL name.
 * @returns The path read and its text.
 * @throws {TriggerError} `INVALID_ARGUMENT` when neither file can be read.
 */
export async function readAclFile(
  dir: string,
  name: string,
): Promise<{ path: string; text: string }> {
  if (name.includes("/") || name.startsWith(".")) {
    throw new TriggerError("INVALID_ARGUMENT", `Cannot read ACL ${name}: not a plain name`);
  }
  for (const path of [`${dir}/acl.${name}`, `${dir}/${name}`]) {
    try {
      return { path, text: await Deno.readTextFile(path) };
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) {
        throw new TriggerError("INVALID_ARGUMENT", `Cannot read ACL file "${path}": ${e}`, {
          cause: e,
        });
      }
    }
  }
  throw new TriggerError(
    "INVALID_ARGUMENT",
    `Cannot find ACL ${name}: neither "${dir}/acl.${name}" nor "${dir}/${name}" exists`,
  );
}

/**
 * Reads and parses every ACL of a plan (all or nothing).
 *
 * @param plan The plan.
 * @param dir The ACL directory.
 * @returns The parsed ACLs by name (dispose them).
 * @throws {TriggerError} `INVALID_ARGUMENT` / `ACL_SYNTAX`.
 */
export async function readAcls(
  plan: AclLoadPlan<AclLoadTarget>,
  dir: string,
): Promise<Map<string, Acl>> {
  const names = [...new Set(plan.loads.flatMap((l) => l.acls))].sort();
  const out = new Map<string, Acl>();
  try {
    for (const name of names) {
      const { path, text } = await readAclFile(dir, name);
      try {
        out.set(name, parse(text));
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        throw new TriggerError("ACL_SYNTAX", `Cannot parse ACL file "${path}": ${why}`, {
          cause: e,
        });
      }
    }
  } catch (e) {
    for (const acl of out.values()) acl[Symbol.dispose]();
    throw e;
  }
  return out;
}

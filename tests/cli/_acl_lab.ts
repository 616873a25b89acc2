/**
 * Test helper: a lab set up for `trigger load-acl` the way an engineer
 * would (inventory, credentials, known_hosts, an ACL directory, a bounce
 * file that is always green, associations in SQLite), and a reader of the
 * lab devices' ACLs.
 *
 * @module
 */
import { AclAssociations } from "../../lib/acl/db/associations.ts";
import { SqliteAclStore } from "../../lib/acl/db/sqlite_store.ts";
import type { AclStore } from "../../lib/acl/db/store.ts";
import type { LabDeviceSpec } from "../../lib/lab/mod.ts";
import { openSession } from "../../lib/session/session.ts";
import { extractJunosFilter } from "../../lib/changemgmt/acl_platforms.ts";
import { type LabDir, labDir } from "./_lab_dir.ts";
import { DENO_DIR } from "./_child.ts";

/** A lab ready for `load-acl`. */
export interface AclLab extends AsyncDisposable {
  ld: LabDir;
  dir: string;
  /** Environment for `trigger` (settings, store, ACL dir, bounce file, log). */
  env: Record<string, string>;
  /** The change log's path. */
  log: string;
}

/** Starts the lab, writes `acls` (name → text) and the associations (device → ACLs). */
export async function aclLab(
  devices: LabDeviceSpec[],
  acls: Record<string, string>,
  associations: Record<string, string[]>,
  store?: AclStore,
): Promise<AclLab> {
  const ld = await labDir({ devices, telnet: false });
  const { dir } = ld;
  await Deno.mkdir(`${dir}/acls`);
  for (const [name, text] of Object.entries(acls)) {
    await Deno.writeTextFile(`${dir}/acls/acl.${name}`, text);
  }
  await Deno.writeTextFile(`${dir}/bounce.json`, JSON.stringify({ default: { green: "0-23" } }));
  const s = store ?? SqliteAclStore.open(`${dir}/acls.db`);
  const a = new AclAssociations(s);
  for (const [device, list] of Object.entries(associations)) {
    for (const acl of list) await a.add(device, acl);
  }
  if (store === undefined) await s.close();
  const env = {
    ...ld.env,
    TRIGGER_PREFIX: dir,
    ACL_DB_PATH: `${dir}/acls.db`,
    FIREWALL_DIR: `${dir}/acls`,
    BOUNCE_FILE: `${dir}/bounce.json`,
    HOME: dir,
    DENO_DIR,
  };
  return {
    ld,
    dir,
    env,
    log: `${dir}/load_acl.log`,
    [Symbol.asyncDispose]: () => ld[Symbol.asyncDispose](),
  };
}

/** What a lab device answers to a command (read from a session of its own). */
export async function deviceSays(lab: AclLab, name: string, command: string): Promise<string> {
  const d = lab.ld.lab.device(name);
  const { username, password, enablePassword } = lab.ld.lab.credentials;
  await using s = await openSession(
    { name, address: d.address, port: d.ports.ssh, platform: d.platform },
    { credentials: { username, password, enablePassword }, hostKeyPolicy: "off" },
  );
  return (await s.send(command, { timeoutMs: 120_000 })).output;
}

/** An IOS named list's block in the running configuration (`""` when absent). */
export async function iosList(lab: AclLab, device: string, name: string): Promise<string> {
  const out = await deviceSays(
    lab,
    device,
    `show running-config | section ^ip access-list extended ${name}$`,
  );
  return out.split("\n").filter((l) => /^(ip access-list| )/.test(l)).join("\n");
}

/** A Junos device's committed filter (family inet) as text, or `null` when it has none. */
export async function junosFilter(
  lab: AclLab,
  device: string,
  name: string,
): Promise<string | null> {
  return extractJunosFilter(await deviceSays(lab, device, "show configuration"), "inet", name);
}

/**
 * `trigger load-acl` at a terminal (tmux): the plan and the confirmation
 * question, then per-device progress (each step, then the result) on the
 * terminal, and the table at the end.
 */
import { match, ok } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { AclAssociations } from "../../lib/acl/db/associations.ts";
import { SqliteAclStore } from "../../lib/acl/db/sqlite_store.ts";
import { labDir } from "./_lab_dir.ts";
import { Tmux } from "./_tmux.ts";

const MAIN = fileURLToPath(new URL("../../cli/main.ts", import.meta.url));

Deno.test("load-acl in tmux: confirmation, progress per step and device, result table", async () => {
  await using ld = await labDir({
    devices: [{ platform: "cisco_ios", name: "r1" }, { platform: "juniper_junos", name: "mx1" }],
    telnet: false,
  });
  const { dir } = ld;
  await Deno.mkdir(`${dir}/acls`);
  await Deno.writeTextFile(`${dir}/acls/110`, "access-list 110 permit tcp any any eq 22\n");
  await Deno.writeTextFile(`${dir}/bounce.json`, JSON.stringify({ default: { green: "0-23" } }));
  const store = SqliteAclStore.open(`${dir}/acls.db`);
  await new AclAssociations(store).add("r1", "110");
  await new AclAssociations(store).add("mx1", "110");
  await store.close();
  const env = {
    ...ld.env,
    TRIGGER_PREFIX: dir,
    ACL_DB_PATH: `${dir}/acls.db`,
    FIREWALL_DIR: `${dir}/acls`,
    BOUNCE_FILE: `${dir}/bounce.json`,
  };
  await using t = await Tmux.start(
    `${Deno.execPath()} run -A ${MAIN} load-acl 110 --host-key-policy off --confirm-minutes 1`,
    env,
  );
  const plan = await t.waitFor(/Continue\? \[y\/N\]/);
  match(plan, /^\s+r1\s+110$/m);
  match(plan, /You are about to load ACL 110 on 2 devices/);
  await t.type("y");
  await t.keys("Enter");
  const s = await t.waitFor(/EXIT=\d+/, 30_000);
  match(s, /EXIT=0/, s);
  // progress: the steps of each device, then its result
  for (const step of ["connect", "backup", "push", "verify", "save"]) {
    match(s, new RegExp(`^  r1: ${step}$`, "m"), s);
  }
  for (const step of ["commit", "probe", "confirm"]) match(s, new RegExp(`^  mx1: ${step}$`, "m"));
  match(s, /^r1: DONE verified 110 \(1 terms\)$/m);
  match(s, /^mx1: DONE verified 110 \(1 terms\)$/m);
  // the table comes after the progress
  ok(s.indexOf("DEVICE  WINDOW") > s.indexOf("mx1: DONE"), s);
});

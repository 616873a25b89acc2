/**
 * Every verb that connects takes the same host key flags and environment:
 * `--known-hosts`, `--accept-new-hostkeys`, `--host-key-policy
 * strict|accept-new|off` and `TRIGGER_KNOWN_HOSTS` (the settings'
 * `knownHostsFile`). Regression: the README's lab workflow with load-acl,
 * which ignored `TRIGGER_KNOWN_HOSTS` and had no `--known-hosts`.
 */
import { ok, strictEqual } from "node:assert/strict";
import { AclAssociations } from "../../lib/acl/db/associations.ts";
import { SqliteAclStore } from "../../lib/acl/db/sqlite_store.ts";
import { labDir, trigger } from "./_lab_dir.ts";

async function aclWorld(dir: string) {
  await Deno.mkdir(`${dir}/acls`);
  await Deno.writeTextFile(`${dir}/acls/acl.110`, "access-list 110 permit ip any any\n");
  await Deno.writeTextFile(`${dir}/bounce.json`, JSON.stringify({ default: { green: "0-23" } }));
  await Deno.writeTextFile(`${dir}/change.txt`, "ntp server 192.0.2.9\n");
  const store = SqliteAclStore.open(`${dir}/acls.db`);
  await new AclAssociations(store).add("r1", "110");
  await store.close();
  return {
    ACL_DB_PATH: `${dir}/acls.db`,
    FIREWALL_DIR: `${dir}/acls`,
    BOUNCE_FILE: `${dir}/bounce.json`,
  };
}

Deno.test("the README's lab workflow: load-acl with TRIGGER_KNOWN_HOSTS in a fresh HOME", async () => {
  await using w = await labDir({ devices: [{ platform: "cisco_ios", name: "r1" }], telnet: false });
  const home = await Deno.makeTempDir();
  try {
    const env = { ...w.env, ...(await aclWorld(w.dir)), HOME: home, TRIGGER_PREFIX: w.dir };
    const r = await trigger(env, ["load-acl", "110", "--yes", "--json"]);
    strictEqual(r.code, 0, r.err + r.out);
    strictEqual(JSON.parse(r.out)[0].status, "done", r.out);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("run-cmds, gnng, load-config and load-acl: the same host key flags", async (t) => {
  await using w = await labDir({ devices: [{ platform: "cisco_ios", name: "r1" }], telnet: false });
  const home = await Deno.makeTempDir();
  try {
    const base = { ...w.env, ...(await aclWorld(w.dir)), HOME: home, TRIGGER_PREFIX: w.dir };
    const empty = `${w.dir}/empty_known_hosts`;
    await Deno.writeTextFile(empty, "");
    const verbs: [string, string[]][] = [
      ["run-cmds", ["run-cmds", "-c", "show clock", "r1"]],
      ["gnng", ["gnng", "r1"]],
      ["load-config", ["load-config", `${w.dir}/change.txt`, "r1", "--push"]],
      ["load-acl", ["load-acl", "110", "--yes"]],
    ];
    for (const [verb, args] of verbs) {
      await t.step(verb, async () => {
        const refused = await trigger({ ...base, TRIGGER_KNOWN_HOSTS: empty }, args);
        strictEqual(refused.code, 1, refused.err);
        ok(
          /HOSTKEY_UNKNOWN|is not known/.test(refused.out + refused.err),
          refused.out + refused.err,
        );
        const flag = await trigger(
          { ...base, TRIGGER_KNOWN_HOSTS: empty },
          [...args, "--known-hosts", w.knownHosts],
        );
        strictEqual(flag.code, 0, flag.err + flag.out);
        const off = await trigger(
          { ...base, TRIGGER_KNOWN_HOSTS: empty },
          [...args, "--host-key-policy", "off"],
        );
        strictEqual(off.code, 0, off.err + off.out);
        const conflict = await trigger(base, [
          ...args,
          "--accept-new-hostkeys",
          "--host-key-policy",
          "strict",
        ]);
        strictEqual(conflict.code, 2, conflict.err);
      });
    }
    await t.step("--accept-new-hostkeys records the key in the named file", async () => {
      const fresh = `${w.dir}/fresh_known_hosts`;
      const r = await trigger(base, [
        "run-cmds",
        "-c",
        "show clock",
        "r1",
        "--known-hosts",
        fresh,
        "--accept-new-hostkeys",
      ]);
      strictEqual(r.code, 0, r.err);
      ok((await Deno.readTextFile(fresh)).includes("ssh-ed25519"));
    });
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

/**
 * `trigger load-acl` as a user runs it (a subprocess with its own
 * environment): a dry run against a lab inventory, and the refusal to load
 * without `--yes` when there is no terminal.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { labInventory, startLab } from "../../lib/lab/mod.ts";
import { AclAssociations } from "../../lib/acl/db/associations.ts";
import { SqliteAclStore } from "../../lib/acl/db/sqlite_store.ts";

const MAIN = new URL("../../cli/main.ts", import.meta.url).pathname;

async function trigger(args: string[], env: Record<string, string>) {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: r.code, stdout: dec.decode(r.stdout), stderr: dec.decode(r.stderr) };
}

Deno.test("load-acl: dry run prints the plan; loading without --yes and no terminal refuses", async () => {
  await using lab = await startLab({
    devices: [{ platform: "cisco_ios", name: "r1" }, { platform: "juniper_junos", name: "mx1" }],
    telnet: false,
  });
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/netdevices.json`, JSON.stringify(labInventory(lab)));
    await Deno.mkdir(`${dir}/acls`);
    await Deno.writeTextFile(`${dir}/acls/acl.edge`, "access-list 110 deny ip any any\n");
    await Deno.writeTextFile(`${dir}/acls/acl.110`, "access-list 110 permit ip any any\n");
    const store = SqliteAclStore.open(`${dir}/acls.db`);
    await new AclAssociations(store).add("r1", "110");
    await new AclAssociations(store).add("mx1", "110");
    await store.close();
    const env = {
      HOME: dir,
      TRIGGER_PREFIX: dir,
      NETDEVICES_SOURCE: `${dir}/netdevices.json`,
      ACL_DB_PATH: `${dir}/acls.db`,
      FIREWALL_DIR: `${dir}/acls`,
      BOUNCE_FILE: `${dir}/bounce.json`,
      PATH: Deno.env.get("PATH") ?? "",
    };
    await Deno.writeTextFile(env.BOUNCE_FILE, JSON.stringify({ default: { green: "0-23" } }));
    const dry = await trigger(["load-acl", "110", "--dry-run", "--json"], env);
    strictEqual(dry.code, 0, dry.stderr);
    const results = JSON.parse(dry.stdout) as { device: string; status: string; payload: string }[];
    deepStrictEqual(results.map((r) => [r.device, r.status]).sort(), [
      ["mx1", "planned"],
      ["r1", "planned"],
    ]);
    const r1 = results.find((r) => r.device === "r1")?.payload ?? "";
    ok(r1.startsWith("! edited in place by sequence number"), r1);
    ok(r1.endsWith("\naccess-list 110 permit ip any any"), r1);
    const refused = await trigger(["load-acl", "110"], env);
    strictEqual(refused.code, 2);
    ok(refused.stderr.includes("Refusing to load ACLs without --yes"), refused.stderr);
    const unknown = await trigger(["load-acl", "nope", "--yes"], env);
    strictEqual(unknown.code, 2);
    ok(unknown.stderr.includes("No devices found for ACL nope"), unknown.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

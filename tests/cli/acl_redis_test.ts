/**
 * `trigger acl --backend redis` against a real redis-server (REDIS_URL):
 * every flag of the original (-a, -r, -D, -x, -d, -i, -m, -l, -c), --json,
 * the acls.db CSV import and the backup export, and removing an ACL that
 * only autoacl rules give.
 */
import { deepStrictEqual, match, strictEqual } from "node:assert/strict";
import { startRedis } from "../_servers/redis.ts";

const MAIN = new URL("../../cli/main.ts", import.meta.url).pathname;

Deno.test("trigger acl with the Redis store: every flag, import and export", async () => {
  await using redis = await startRedis();
  const dir = await Deno.makeTempDir({ prefix: "trigger-acl-redis-" });
  await using _dir = { [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
  const devices = ["edge1.nyc.example.net", "edge2.lon.example.net", "core1.nyc.example.net"];
  await Deno.writeTextFile(
    `${dir}/netdevices.json`,
    JSON.stringify(devices.map((nodeName) => ({
      nodeName,
      manufacturer: "CISCO SYSTEMS",
      deviceType: "ROUTER",
      adminStatus: "PRODUCTION",
      owningTeam: "Backbone",
    }))),
  );
  await Deno.writeTextFile(
    `${dir}/autoacl.json`,
    JSON.stringify({ rules: [{ match: { name: "^core" }, acls: ["protect-re"] }] }),
  );
  const env = {
    HOME: dir,
    XDG_CONFIG_HOME: dir,
    NETDEVICES_SOURCE: `${dir}/netdevices.json`,
    AUTOACL_FILE: `${dir}/autoacl.json`,
    ACL_DB_PATH: `${dir}/must-not-be-used.db`,
    REDIS_URL: redis.url,
    USER: "alice",
    NO_COLOR: "1",
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
  };
  const acl = async (...args: string[]) => {
    const o = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", MAIN, "acl", "--backend", "redis", ...args],
      env,
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const dec = new TextDecoder();
    return { code: o.code, out: dec.decode(o.stdout), err: dec.decode(o.stderr) };
  };

  await Deno.writeTextFile(
    `${dir}/acls.db`,
    "! legacy export\nx,edge1.nyc.example.net,edge-in:mgmt\nx,edge2.lon.example.net,edge-in\n",
  );
  const imported = await acl("--import", `${dir}/acls.db`, "--json");
  strictEqual(imported.code, 0, imported.err);
  deepStrictEqual(JSON.parse(imported.out), { imported: 3 });

  const add = await acl("-a", "mgmt", "edge2");
  strictEqual(add.code, 0, add.err);
  match(add.out, /added acl mgmt to edge2\.lon\.example\.net/);
  const removed = await acl("-r", "edge-in", "edge2", "--json");
  strictEqual(removed.code, 0, removed.err);
  strictEqual(
    JSON.parse(removed.out).results[0].message,
    "removed acl edge-in from edge2.lon.example.net",
  );
  const implicit = await acl("-r", "protect-re", "core1");
  strictEqual(implicit.code, 1);
  match(implicit.err, /associated through the autoacl rules/);

  // -D: ACL names by prefix (and device names); -x exact; -d device names only
  const byPrefix = await acl("-D", "edge", "--json");
  deepStrictEqual(JSON.parse(byPrefix.out), {
    "edge1.nyc.example.net": ["edge-in", "mgmt"],
    "edge2.lon.example.net": ["mgmt"],
  });
  const exact = await acl("-D", "-x", "mgmt", "--json");
  deepStrictEqual(Object.keys(JSON.parse(exact.out)).sort(), devices.slice(0, 2));
  const none = await acl("-D", "-x", "edge");
  strictEqual(none.code, 1);
  const deviceOnly = await acl("-D", "-d", "core1", "--json");
  deepStrictEqual(JSON.parse(deviceOnly.out), { "core1.nyc.example.net": ["protect-re"] });

  // queue: -i (integrated and manual), -l, -m, -c
  const inject = await acl("-i", "mgmt", "nowhere");
  strictEqual(inject.code, 0, inject.err);
  match(inject.out, /ACL mgmt injected into the integrated load queue for edge1, edge2/);
  match(inject.out, /ACL nowhere injected into the manual load queue/);
  const list = await acl("-l");
  match(list.out, /^mgmt\s+edge1\.nyc\.example\.net edge2\.lon\.example\.net$/m);
  const manual = await acl("-m");
  match(manual.out, /^nowhere\n\tadded by alice on /);
  const cleared = await acl("-c", "mgmt");
  strictEqual(cleared.code, 0, cleared.err);
  const empty = await acl("-l");
  strictEqual(empty.out.trim(), "Nothing in the integrated queue.");

  // the backup: the original's CSV, what the store now holds
  const exported = await acl("--export", `${dir}/backup.csv`);
  strictEqual(exported.code, 0, exported.err);
  const csv = (await Deno.readTextFile(`${dir}/backup.csv`)).trim().split("\n").sort();
  deepStrictEqual(csv, [",edge1.nyc.example.net,edge-in:mgmt", ",edge2.lon.example.net,mgmt"]);
  // nothing went to SQLite
  strictEqual(await Deno.stat(env.ACL_DB_PATH).then(() => true, () => false), false);
});

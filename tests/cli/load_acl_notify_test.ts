/**
 * `trigger load-acl` notifications: one summary per run to the settings'
 * webhook (by default with `--queue`, on request with `--notify`); a
 * delivery failure is reported and logged but does not fail the run. Also
 * checks the log's per-device lines.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { AclAssociations } from "../../lib/acl/db/associations.ts";
import { LoadQueue } from "../../lib/acl/db/load_queue.ts";
import { SqliteAclStore } from "../../lib/acl/db/sqlite_store.ts";
import { NetDevice } from "../../lib/netdevices/net_device.ts";
import { labInventory } from "../../lib/lab/mod.ts";
import { labDir, trigger } from "./_lab_dir.ts";

interface Hook {
  subject: string;
  level: string;
  body: string;
  data: { failed: { device: string; step: string; reason: string }[]; loaded: unknown[] };
}

Deno.test("load-acl: summary webhook by default with --queue, --notify, delivery failure harmless", async () => {
  await using ld = await labDir({
    devices: [
      { platform: "cisco_ios", name: "r1" },
      { platform: "cisco_ios", name: "r2", faults: { rejectConfig: true } },
    ],
    telnet: false,
  });
  const received: Hook[] = [];
  await using server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    async (req) => {
      const body = await req.json() as Hook;
      if (new URL(req.url).pathname === "/broken") return new Response("no", { status: 500 });
      received.push(body);
      return new Response("ok");
    },
  );
  const { dir } = ld;
  const hook = (path: string) => ({
    netdevicesSource: "netdevices.json",
    defaultRealm: "lab",
    notifications: {
      timeoutMs: 5000,
      handlers: [{ type: "webhook", url: `http://127.0.0.1:${server.addr.port}${path}` }],
    },
  });
  await Deno.writeTextFile(`${dir}/settings.json`, JSON.stringify(hook("/hook")));
  await Deno.writeTextFile(`${dir}/broken.json`, JSON.stringify(hook("/broken")));
  await Deno.mkdir(`${dir}/acls`);
  await Deno.writeTextFile(`${dir}/acls/110`, "access-list 110 permit tcp any any eq 22\n");
  await Deno.writeTextFile(`${dir}/acls/120`, "access-list 120 permit tcp any any eq 80\n");
  await Deno.writeTextFile(`${dir}/bounce.json`, JSON.stringify({ default: { green: "0-23" } }));
  const store = SqliteAclStore.open(`${dir}/acls.db`);
  const associations = new AclAssociations(store);
  await associations.add("r1", "110");
  await associations.add("r2", "110");
  await associations.add("r1", "120");
  const inventory = labInventory(ld.lab).map((r) => new NetDevice(r));
  await new LoadQueue(associations).inject("110", inventory, { user: "alice" });
  await store.close();
  const env = {
    ...ld.env,
    TRIGGER_PREFIX: dir,
    ACL_DB_PATH: `${dir}/acls.db`,
    FIREWALL_DIR: `${dir}/acls`,
    BOUNCE_FILE: `${dir}/bounce.json`,
  };
  const common = ["--yes", "--host-key-policy", "off", "--timeout", "30"];

  // --queue: notifies by default since handlers are configured
  const queued = await trigger(env, ["load-acl", "--queue", ...common]);
  strictEqual(queued.code, 1, queued.err);
  strictEqual(received.length, 1);
  const [msg] = received;
  strictEqual(msg?.subject, "load-acl: 1 loaded, 1 failed, 0 skipped");
  strictEqual(msg.level, "failure");
  strictEqual(msg.data.failed[0]?.device, "r2");
  strictEqual(msg.data.failed[0]?.step, "push");
  ok(msg.body.includes("FAILED:\n  r2 (110): push: r2: push failed:"), msg.body);
  ok(msg.body.includes("Loaded and verified:\n  r1 (110): verified 110 (1 terms)"), msg.body);
  // the log: one JSON line per device, then the notification's outcome
  const log = (await Deno.readTextFile(`${dir}/load_acl.log`)).trim().split("\n")
    .map((l) => JSON.parse(l));
  deepStrictEqual(log.slice(0, 2).map((l) => [l.device, l.result, l.step ?? null]).sort(), [
    ["r1", "done", null],
    ["r2", "failed", "push"],
  ]);
  ok(log.slice(0, 2).every((l) => l.user && l.at && l.message && l.acls[0] === "110"));
  strictEqual(log[2].notification[0].ok, true);

  // --queue --no-notify: nothing sent
  const quiet = await trigger(env, ["load-acl", "--queue", "--no-notify", ...common]);
  strictEqual(quiet.code, 1, quiet.err);
  strictEqual(received.length, 1);

  // named ACLs: no summary unless --notify; a failed delivery does not fail the run
  await Deno.writeTextFile(`${dir}/acls/110`, "access-list 110 permit tcp any any eq 23\n");
  const plain = await trigger(env, ["load-acl", "110", ...common]);
  strictEqual(plain.code, 1, plain.err);
  strictEqual(received.length, 1);
  const broken = await trigger({ ...env, TRIGGER_SETTINGS: `${dir}/broken.json` }, [
    "load-acl",
    "120",
    "--notify",
    "--json",
    ...common,
  ]);
  strictEqual(broken.code, 0, broken.err);
  ok(/notification via webhook failed: .*500/.test(broken.err), broken.err);
  strictEqual(JSON.parse(broken.out)[0].status, "done", "the results are printed as usual");
  const last = (await Deno.readTextFile(`${dir}/load_acl.log`)).trim().split("\n").at(-1)!;
  strictEqual(JSON.parse(last).notification[0].ok, false);
});

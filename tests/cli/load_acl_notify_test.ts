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
import { trigger } from "./_lab_dir.ts";
import { aclLab } from "./_acl_lab.ts";

interface Hook {
  subject: string;
  level: string;
  body: string;
  data: { failed: { device: string; step: string; reason: string }[]; loaded: unknown[] };
}

Deno.test("load-acl: summary webhook by default with --queue, --notify, delivery failure harmless", async () => {
  await using lab = await aclLab(
    [
      { platform: "cisco_ios", name: "r1" },
      { platform: "cisco_ios", name: "r2", faults: { rejectConfig: true } },
    ],
    {
      "110": "access-list 110 permit tcp any any eq 22\n",
      "120": "access-list 120 permit tcp any any eq 80\n",
    },
    { r1: ["110", "120"], r2: ["110"] },
  );
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
  const { dir, env } = lab;
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
  const store = SqliteAclStore.open(`${dir}/acls.db`);
  const inventory = labInventory(lab.ld.lab).map((r) => new NetDevice(r));
  await new LoadQueue(new AclAssociations(store)).inject("110", inventory, { user: "alice" });
  await store.close();
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
  // the log: a result record per device, then the notification's outcome
  const log = (await Deno.readTextFile(`${dir}/load_acl.log`)).trim().split("\n")
    .map((l) => JSON.parse(l));
  const results = log.filter((l) => l.event === "result");
  deepStrictEqual(results.map((l) => [l.device, l.result, l.step ?? null]).sort(), [
    ["r1", "done", null],
    ["r2", "failed", "push"],
  ]);
  ok(results.every((l) => l.user && l.at && l.message && l.acls[0] === "110"));
  strictEqual(log.find((l) => l.event === "notification").notification[0].ok, true);

  // --queue --no-notify: nothing sent
  const quiet = await trigger(env, ["load-acl", "--queue", "--no-notify", ...common]);
  strictEqual(quiet.code, 1, quiet.err);
  strictEqual(received.length, 1);

  // named ACLs: no summary unless --notify; a failed delivery does not fail the run
  await Deno.writeTextFile(`${dir}/acls/acl.110`, "access-list 110 permit tcp any any eq 23\n");
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

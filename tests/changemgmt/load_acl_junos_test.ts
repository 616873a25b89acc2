/**
 * Junos loads when something goes wrong after the confirmed commit: the
 * device stops answering (nothing confirmed, the entry stays pending), the
 * read-back differs (nothing confirmed), and the per-device time limit ends
 * a NETCONF RPC that never answers (sessions closed, nothing more sent).
 */
import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { parse } from "../../lib/acl/acl.ts";
import { AclLoadError } from "../../lib/changemgmt/acl_step.ts";
import { renderAcl } from "../../lib/changemgmt/acl_platforms.ts";
import { filterRequest, pushAclsNetconf } from "../../lib/changemgmt/acl_push_junos.ts";
import { aclDeviceKind, loadAcls, planAclLoads } from "../../lib/changemgmt/load_acl.ts";
import { AclAssociations } from "../../lib/acl/db/associations.ts";
import { SqliteAclStore } from "../../lib/acl/db/sqlite_store.ts";
import { LoadQueue } from "../../lib/acl/db/load_queue.ts";
import { connectNetconf, type NetconfClient } from "../../lib/netconf/client.ts";
import { NetDevice } from "../../lib/netdevices/net_device.ts";
import { startJunosNetconf } from "../_servers/junos_netconf.ts";
import { byDevice, GREEN, JUNOS, world } from "./_world.ts";

Deno.test("Junos: new sessions refused after the confirmed commit, nothing confirmed, entry pending", async () => {
  await using w = await world([
    { platform: "juniper_junos", name: "mx1", faults: { refuseAfterCommit: true } },
  ], { mx1: ["protect-lo"] });
  await w.queue.inject("protect-lo", w.inventory, { user: "alice" });
  const plan = await planAclLoads({
    inventory: w.inventory,
    associations: w.associations,
    policy: GREEN,
    fromQueue: true,
  });
  const steps: string[] = [];
  const [result] = await loadAcls(plan, {
    ...w.options,
    connectTimeoutMs: 3000,
    onEvent: (e) => e.kind === "step" && steps.push(e.step),
  });
  deepStrictEqual(steps, ["convert", "connect", "backup", "push", "commit", "probe"]);
  strictEqual(result?.status, "failed");
  strictEqual(result.step, "probe");
  ok(
    /^mx1: probe failed: .+; not confirmed: Junos rolls back to the previous configuration within 1 min$/
      .test(result.message),
    result.message,
  );
  const [entry] = await w.queue.pending();
  strictEqual(entry?.note, result.message);
  strictEqual((await w.store.entries({ state: "done" })).length, 0);
  // still refused: the commit is still waiting for a confirmation that never came
  const mx = w.lab.device("mx1");
  await rejects(
    connectNetconf({
      host: "mx1",
      address: mx.address,
      port: mx.ports.ssh,
      connectTimeoutMs: 3000,
    }, {
      username: w.lab.credentials.username,
      password: w.lab.credentials.password,
      hostKeyPolicy: "off",
    }),
  );
});

Deno.test("Junos: a filter that reads back different is rolled back at once, never confirmed", async () => {
  await using w = await world([{ platform: "juniper_junos", name: "mx1" }], {});
  const mx = w.lab.device("mx1");
  const rpcs: string[] = [];
  const connect = async (): Promise<NetconfClient> => {
    const c = await connectNetconf({ host: "mx1", address: mx.address, port: mx.ports.ssh }, {
      username: w.lab.credentials.username,
      password: w.lab.credentials.password,
      hostKeyPolicy: "off",
    });
    const rpc = c.rpc.bind(c);
    c.rpc = (op, options) => {
      rpcs.push(op);
      return rpc(op, options);
    };
    return c;
  };
  using acl = parse(JUNOS);
  const rendered = renderAcl(
    acl,
    "protect-lo",
    aclDeviceKind({ nodeName: "mx1", platform: "juniper_junos" }),
  );
  const wrong = { ...rendered, definition: rendered.definition.replace("22;", "2222;") };
  const error = await pushAclsNetconf("mx1", [wrong], { connect, confirmMinutes: 1 }).then(
    () => null,
    (e: unknown) => e,
  );
  ok(error instanceof AclLoadError, String(error));
  strictEqual(error.step, "verify");
  ok(error.message.startsWith("mx1: filter protect-lo differs after commit (term 1 (ssh)"));
  ok(error.message.endsWith("; rolled back to the previous configuration"), error.message);
  const commits = rpcs.filter((r) => r.startsWith("<commit-configuration"));
  strictEqual(commits.length, 2, "the confirmed commit, then the rollback's commit");
  ok(commits[0]!.includes("<confirmed/>"));
  ok(!commits[1]!.includes("<confirmed/>"));
  const rollbackAt = rpcs.findIndex((r) => r.includes('rollback="1"'));
  ok(rollbackAt > rpcs.indexOf(commits[0]!) && rollbackAt < rpcs.lastIndexOf(commits[1]!));
  // the device runs what it ran before: no protect-lo filter at all, and no timer pending
  const check = await connect();
  try {
    const text = (await check.rpc(filterRequest(rendered))).xml;
    ok(!text.includes("protect-lo"), text);
  } finally {
    await check.close();
  }
});

Deno.test("Junos: the per-device time limit ends an RPC that never answers", async () => {
  await using fake = await startJunosNetconf();
  fake.holdReplies(1000);
  const dir = await Deno.makeTempDir();
  await using _cleanup = { [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
  await Deno.writeTextFile(`${dir}/acl.protect-lo`, JUNOS);
  const store = SqliteAclStore.open(":memory:");
  await using _store = { [Symbol.asyncDispose]: () => store.close() };
  const associations = new AclAssociations(store);
  await associations.add("vmx1", "protect-lo");
  const inventory = [
    new NetDevice({
      nodeName: "vmx1",
      address: "127.0.0.1",
      nodePort: String(fake.port),
      platform: "juniper_junos",
      vendor: "juniper",
      manufacturer: "JUNIPER",
    }),
  ];
  const queue = new LoadQueue(associations);
  await queue.inject("protect-lo", inventory, { user: "alice" });
  const plan = await planAclLoads({ inventory, associations, policy: GREEN, fromQueue: true });
  const started = performance.now();
  const results = byDevice(
    await loadAcls(plan, {
      aclDir: dir,
      queue,
      hostKeyPolicy: "off",
      timeoutMs: 1000,
      commandTimeoutMs: 60_000,
      credentials: () => Promise.resolve({ username: "lab", password: "lab123" }),
    }),
  );
  ok(performance.now() - started < 10_000, "stopped by the time limit, not the RPC timeout");
  const r = results["vmx1"]!;
  strictEqual(r.status, "failed");
  // the lock and the backup read come first: the time limit ended the backup, nothing changed
  strictEqual(r.step, "backup");
  strictEqual(r.message, "vmx1: backup failed: vmx1: cannot finish loading within 1000 ms");
  strictEqual(r.left, "previous");
  // the session was closed: nothing more was sent, nothing loaded or committed
  await new Promise((resolve) => setTimeout(resolve, 200));
  deepStrictEqual(fake.requests.map((q) => /<rpc[^>]*>\s*<([\w-]+)/.exec(q)?.[1]), [
    "lock-configuration",
  ]);
  strictEqual((await queue.pending())[0]?.note, r.message);
});

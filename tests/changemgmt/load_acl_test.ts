/**
 * `loadAcls` against the lab: IOS and EOS over the CLI, Junos over NETCONF,
 * devices that reject the configuration or drop mid-push, dry runs, and the
 * queue entries' final states.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { BouncePolicy } from "../../lib/changemgmt/bounce_policy.ts";
import { loadAcls, planAclLoads } from "../../lib/changemgmt/load_acl.ts";
import { byDevice, GREEN, showRun, world } from "./_world.ts";
import { connectNetconf } from "../../lib/netconf/client.ts";

Deno.test("IOS, EOS and Junos: loaded, verified, queue entries done", async () => {
  await using w = await world([
    { platform: "cisco_ios", name: "r1" },
    { platform: "arista_eos", name: "sw1" },
    { platform: "juniper_junos", name: "mx1" },
  ], { r1: ["edge-in", "115"], sw1: ["edge-in"], mx1: ["protect-lo", "edge-in"] });
  for (const acl of ["edge-in", "115", "protect-lo"]) {
    await w.queue.inject(acl, w.inventory, { user: "alice" });
  }
  const plan = await planAclLoads({
    inventory: w.inventory,
    associations: w.associations,
    policy: GREEN,
    fromQueue: true,
  });
  strictEqual(plan.loads.length, 3);
  const steps: string[] = [];
  const results = byDevice(
    await loadAcls(plan, {
      ...w.options,
      onEvent: (e) => e.kind === "step" && e.device === "mx1" && steps.push(e.step),
    }),
  );
  for (const d of ["r1", "sw1", "mx1"]) {
    strictEqual(results[d]?.status, "done", results[d]?.message);
  }
  deepStrictEqual(results["r1"]!.verified, [{ acl: "115", terms: 2 }, {
    acl: "edge-in",
    terms: 3,
  }]);
  deepStrictEqual(steps, [
    "convert",
    "connect",
    "backup",
    "push",
    "commit",
    "probe",
    "verify",
    "confirm",
  ]);
  strictEqual((await w.queue.pending()).length, 0);
  const done = await w.store.entries({ state: "done" });
  strictEqual(done.length, 5);
  ok(done.every((e) => /^verified: \d+ terms \(by tester\)$/.test(e.note ?? "")), done[0]?.note!);
  // the device's own view: the old numbered lines are gone, the named list is replaced
  const run = await showRun(w, "r1", "show running-config");
  ok(
    run.includes("ip access-list extended edge-in\n remark web servers\n permit tcp any host"),
    run,
  );
  ok(run.includes("access-list 101 permit icmp any any"), "list 101 of the sample config stays");
  ok(run.includes("access-list 115 permit tcp any any eq 22"));
  // Junos: the other filter survives the replace, the new one is committed and confirmed
  const mx = w.lab.device("mx1");
  const nc = await connectNetconf({ host: "mx1", address: mx.address, port: mx.ports.ssh }, {
    username: w.lab.credentials.username,
    password: w.lab.credentials.password,
    hostKeyPolicy: "off",
  });
  const cfg = (await nc.rpc('<get-configuration format="text"/>')).xml;
  await nc.close();
  ok(cfg.includes("filter protect-re {") && cfg.includes("filter protect-lo {"));
  ok(cfg.includes("filter edge-in {"));
});

Deno.test("a device rejecting the config and one dropping mid-push: nothing unverified is done", async () => {
  await using w = await world([
    { platform: "cisco_ios", name: "r1", faults: { rejectConfig: true } },
    { platform: "cisco_ios", name: "r2", faults: { disconnectMidPush: true } },
    { platform: "juniper_junos", name: "mx1", faults: { rejectConfig: true } },
    { platform: "juniper_junos", name: "mx2", faults: { disconnectMidPush: true } },
    { platform: "cisco_ios", name: "r3" },
  ], { r1: ["edge-in"], r2: ["edge-in"], mx1: ["edge-in"], mx2: ["edge-in"], r3: ["edge-in"] });
  await w.queue.inject("edge-in", w.inventory, { user: "alice" });
  const plan = await planAclLoads({
    inventory: w.inventory,
    associations: w.associations,
    policy: GREEN,
    acls: ["edge-in"],
  });
  const results = byDevice(await loadAcls(plan, { ...w.options, timeoutMs: 30_000 }));
  for (const d of ["r1", "r2", "mx1", "mx2"]) {
    strictEqual(results[d]?.status, "failed", d);
    strictEqual(results[d]?.step, "push", `${d}: ${results[d]?.message}`);
  }
  strictEqual(results["r3"]?.status, "done");
  const pending = await w.queue.pending();
  deepStrictEqual(pending.map((e) => e.device).sort(), ["mx1", "mx2", "r1", "r2"]);
  for (const e of pending) ok(e.note?.startsWith(`${e.device}: push failed:`), e.note ?? "");
  strictEqual((await w.store.entries({ state: "done" }))[0]?.device, "r3");
});

Deno.test("windows: red devices are skipped with the next green time, --bouncy loads them", async () => {
  await using w = await world([{ platform: "cisco_ios", name: "r1" }], { r1: ["edge-in"] });
  await w.queue.inject("edge-in", w.inventory, { user: "alice" });
  const red = BouncePolicy.from({
    default: { timeZone: "UTC", green: "3", default: "red" },
  });
  const at = Temporal.Instant.from("2026-11-24T12:00:00Z");
  const plan = await planAclLoads({
    inventory: w.inventory,
    associations: w.associations,
    policy: red,
    acls: ["edge-in"],
    at,
    localTimeZone: "Europe/Paris",
  });
  strictEqual(plan.loads.length, 0);
  strictEqual(
    plan.skipped[0]?.message,
    "Skipping r1: RED until 2026-11-25 04:00 GMT+1 | 2026-11-25 03:00 UTC",
  );
  const results = await loadAcls(plan, w.options);
  strictEqual(results[0]?.status, "skipped");
  strictEqual((await w.queue.pending()).length, 1);
  strictEqual((await w.queue.pending())[0]?.note, null);
  const bouncy = await planAclLoads({
    inventory: w.inventory,
    associations: w.associations,
    policy: red,
    acls: ["edge-in"],
    at,
    bouncy: true,
  });
  strictEqual(bouncy.loads[0]?.window.status, "red");
  strictEqual((await loadAcls(bouncy, w.options))[0]?.status, "done");
});

Deno.test("dry run: payloads shown, nothing written to devices or the queue", async () => {
  await using w = await world([
    { platform: "cisco_ios", name: "r1" },
    { platform: "juniper_junos", name: "mx1" },
  ], { r1: ["edge-in"], mx1: ["protect-lo"] });
  await w.queue.inject("edge-in", w.inventory, { user: "alice" });
  await w.queue.inject("protect-lo", w.inventory, { user: "alice" });
  const plan = await planAclLoads({
    inventory: w.inventory,
    associations: w.associations,
    policy: GREEN,
    fromQueue: true,
  });
  const results = byDevice(await loadAcls(plan, { ...w.options, dryRun: true }));
  strictEqual(results["r1"]?.status, "planned");
  // IOS: in place by sequence number, never `no ip access-list`
  deepStrictEqual(results["r1"]?.payload?.split("\n").slice(2, 4), [
    "ip access-list extended edge-in",
    "remark web servers",
  ]);
  ok(!results["r1"]?.payload?.includes("no ip access-list"));
  ok(results["mx1"]?.payload?.includes('<load-configuration action="replace" format="text">'));
  ok(results["mx1"]?.payload?.includes("replace:\n        filter protect-lo {"));
  strictEqual((await w.queue.pending()).length, 2);
  const run = await showRun(w, "r1", "show running-config | include access-list");
  ok(!run.includes("edge-in"), run);
});

Deno.test("bulk ACLs: at most the percentage of each site per run, --force-bulk lifts it", async () => {
  const devices = Array.from({ length: 8 }, (_, i) => ({ platform: "cisco_ios", name: `r${i}` }));
  await using w = await world(devices, Object.fromEntries(devices.map((d) => [d.name, ["115"]])));
  await w.queue.inject("115", w.inventory, { user: "alice" });
  const common = { inventory: w.inventory, associations: w.associations, policy: GREEN };
  const plan = await planAclLoads({
    ...common,
    fromQueue: true,
    bulkThreshold: 5,
    bulkPercent: 25,
  });
  deepStrictEqual(plan.loads.map((l) => l.device.nodeName), ["r0", "r1"]);
  strictEqual(plan.skipped.length, 6);
  strictEqual(
    plan.skipped[0]?.message,
    "Skipping 115 on r2: bulk ACL 115: at most 2 of 8 devices at site LAB1 per run (25%)",
  );
  const results = await loadAcls(plan, w.options);
  deepStrictEqual(results.map((r) => r.status).filter((s) => s === "done").length, 2);
  strictEqual((await w.queue.pending()).length, 6);
  const next = await planAclLoads({ ...common, fromQueue: true, bulkThreshold: 5 });
  deepStrictEqual(next.loads.map((l) => l.device.nodeName), ["r2", "r3"]);
  const forced = await planAclLoads({
    ...common,
    fromQueue: true,
    bulkThreshold: 5,
    forceBulk: true,
  });
  strictEqual(forced.loads.length, 6);
});

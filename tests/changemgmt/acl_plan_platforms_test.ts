/**
 * The bulk limit counts only devices load-acl can load (issue: the 25% per
 * site went to A10, ADX and Aruba devices, so no IOS/EOS device was ever
 * loaded, run after run); unsupported devices are reported once, take no
 * slot, and do not inflate the site's total.
 */
import { deepStrictEqual, match, strictEqual } from "node:assert/strict";
import { AclAssociations } from "../../lib/acl/db/associations.ts";
import { inProgressNote, LoadQueue } from "../../lib/acl/db/load_queue.ts";
import { BouncePolicy } from "../../lib/changemgmt/bounce_policy.ts";
import { SqliteAclStore } from "../../lib/acl/db/sqlite_store.ts";
import { planAclLoads } from "../../lib/changemgmt/load_acl.ts";
import { NetDevice } from "../../lib/netdevices/net_device.ts";
import { GREEN } from "./_world.ts";

const device = (nodeName: string, platform: string, manufacturer: string) =>
  new NetDevice({ nodeName, platform, manufacturer, site: "NYC" });

Deno.test("planAclLoads: unsupported platforms are reported once and take no bulk slot", async () => {
  const store = SqliteAclStore.open(":memory:");
  try {
    const associations = new AclAssociations(store);
    // names that sort first, as in the field: a10-*, adx-*, aruba-* before ios-*
    const inventory = [
      ...["a10-1", "a10-2", "a10-3", "a10-4"].map((n) => device(n, "a10_acos", "A10")),
      ...["adx-1", "adx-2"].map((n) => device(n, "brocade_adx", "BROCADE")),
      ...["aruba-1", "aruba-2"].map((n) => device(n, "aruba_aos", "ARUBA")),
      ...["ios-1", "ios-2", "ios-3", "ios-4"].map((n) => device(n, "cisco_ios", "CISCO SYSTEMS")),
      ...["eos-1", "eos-2", "eos-3", "eos-4"].map((n) => device(n, "arista_eos", "ARISTA")),
    ];
    for (const d of inventory) await associations.add(d.nodeName, "EDGE-IN");
    const plan = await planAclLoads({
      inventory,
      associations,
      policy: GREEN,
      acls: ["EDGE-IN"],
      bulkThreshold: 5,
      bulkPercent: 25,
    });
    // 25% of the 8 loadable carriers at NYC: 2 devices, both loadable
    deepStrictEqual(plan.loads.map((l) => l.device.nodeName), ["eos-1", "eos-2"]);
    const platform = plan.skipped.filter((s) => s.reason === "platform");
    deepStrictEqual(platform.map((s) => s.device).sort(), [
      "a10-1",
      "a10-2",
      "a10-3",
      "a10-4",
      "adx-1",
      "adx-2",
      "aruba-1",
      "aruba-2",
    ]);
    strictEqual(
      platform[0]?.message.startsWith("Skipping a10-1: Cannot load ACLs on a10-1: platform"),
      true,
      platform[0]?.message,
    );
    const bulk = plan.skipped.filter((s) => s.reason === "bulk");
    strictEqual(bulk.length, 6);
    strictEqual(
      bulk[0]?.message,
      "Skipping EDGE-IN on eos-3: bulk ACL EDGE-IN: at most 2 of 8 devices at site NYC per run (25%)",
    );
  } finally {
    await store.close();
  }
});

Deno.test("planAclLoads: a load an interrupted run left in progress is repaired first, whatever the window; a live one is left alone", async () => {
  const store = SqliteAclStore.open(":memory:");
  try {
    const associations = new AclAssociations(store);
    const inventory = ["r1", "r2", "r3"].map((n) => device(n, "cisco_ios", "CISCO SYSTEMS"));
    for (const d of inventory) await associations.add(d.nodeName, "EDGE-IN");
    const queue = new LoadQueue(associations);
    const note = (pid: number) =>
      inProgressNote({
        run: "dead0001",
        pid,
        host: Deno.hostname(),
        since: "2026-01-01T00:00:00Z",
      });
    await queue.track("r2", ["EDGE-IN"], "cron", note(999_999));
    await queue.track("r3", ["EDGE-IN"], "cron", note(4242));
    await queue.inject("EDGE-IN", inventory, { user: "alice" }, [inventory[0]!]);
    const red = BouncePolicy.from({ default: { timeZone: "UTC", green: "3", default: "red" } });
    const plan = await planAclLoads({
      inventory,
      associations,
      policy: red,
      fromQueue: true,
      at: Temporal.Instant.from("2026-11-24T12:00:00Z"),
      alive: (pid) => pid === 4242,
    });
    deepStrictEqual(plan.loads.map((l) => [l.device.nodeName, l.repair?.run]), [[
      "r2",
      "dead0001",
    ]]);
    deepStrictEqual(plan.skipped.map((s) => [s.device, s.reason]).sort(), [
      ["r1", "window"],
      ["r3", "busy"],
    ]);
    match(
      plan.skipped.find((s) => s.device === "r3")!.message,
      /being loaded by run dead0001 \(pid 4242\)/,
    );
  } finally {
    await store.close();
  }
});

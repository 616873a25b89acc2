/**
 * `load-acl --queue --escalation` (the original's bug, inventory §6.3: the
 * flag only switched on the queue and escalated entries were never picked
 * up): escalated entries are planned with it, and only with it.
 */
import { deepStrictEqual } from "node:assert/strict";
import { AclAssociations } from "../../lib/acl/db/associations.ts";
import { LoadQueue } from "../../lib/acl/db/load_queue.ts";
import { SqliteAclStore } from "../../lib/acl/db/sqlite_store.ts";
import { planAclLoads } from "../../lib/changemgmt/load_acl.ts";
import { NetDevice } from "../../lib/netdevices/net_device.ts";
import { GREEN } from "./_world.ts";

Deno.test("planAclLoads: --escalation takes the escalated queue entries, the default the others", async () => {
  const store = SqliteAclStore.open(":memory:");
  try {
    const associations = new AclAssociations(store);
    const inventory = ["r1", "r2"].map((nodeName) =>
      new NetDevice({ nodeName, platform: "cisco_ios", manufacturer: "CISCO SYSTEMS" })
    );
    await associations.add("r1", "edge");
    await associations.add("r2", "urgent");
    const queue = new LoadQueue(associations);
    await queue.inject("edge", inventory, { user: "alice" });
    await queue.inject("urgent", inventory, { user: "alice", escalation: true });
    const plan = (escalation: boolean) =>
      planAclLoads({ inventory, associations, policy: GREEN, fromQueue: true, escalation });
    deepStrictEqual((await plan(true)).loads.map((l) => [l.device.nodeName, l.acls]), [
      ["r2", ["urgent"]],
    ]);
    deepStrictEqual((await plan(false)).loads.map((l) => [l.device.nodeName, l.acls]), [
      ["r1", ["edge"]],
    ]);
  } finally {
    await store.close();
  }
});

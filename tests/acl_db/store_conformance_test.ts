import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { AclAssociations } from "../../lib/acl/db/associations.ts";
import { compileAutoAcl } from "../../lib/acl/db/autoacl.ts";
import { LoadQueue } from "../../lib/acl/db/load_queue.ts";
import { RedisAclStore } from "../../lib/acl/db/redis_store.ts";
import { SqliteAclStore } from "../../lib/acl/db/sqlite_store.ts";
import type { AclStore } from "../../lib/acl/db/store.ts";
import { isTriggerError } from "../../lib/errors.ts";
import { startRedis } from "../_servers/redis.ts";
import { Redis } from "ioredis";

const INVENTORY = [
  { nodeName: "edge1-nyc.net", vendor: "juniper", deviceType: "ROUTER", owningTeam: "Data Center" },
  { nodeName: "edge2-nyc.net", vendor: "juniper", deviceType: "ROUTER", owningTeam: "Data Center" },
  { nodeName: "fw1-nyc.net", vendor: "cisco", deviceType: "FIREWALL", owningTeam: "Data Center" },
  { nodeName: "sw1-lon.net", vendor: "arista", deviceType: "SWITCH", owningTeam: "Campus" },
];
const AUTOACL = compileAutoAcl({
  validOwners: ["Data Center"],
  rules: [
    { match: { vendor: "juniper" }, acls: ["protect-re"] },
    {
      match: { name: "^edge" },
      exclude: { deviceType: "FIREWALL" },
      acls: ["edge-in"],
      unlessExplicit: ["edge-custom"],
    },
  ],
});

/** The same behaviour, whichever backend. */
async function conformance(t: Deno.TestContext, open: () => Promise<AclStore>) {
  const store = await open();
  try {
    const assoc = new AclAssociations(store, AUTOACL);
    const [e1, e2, fw, sw] = INVENTORY as [
      typeof INVENTORY[0],
      typeof INVENTORY[0],
      typeof INVENTORY[0],
      typeof INVENTORY[0],
    ];

    await t.step("explicit add, duplicate refused, remove", async () => {
      strictEqual(await assoc.add(e1.nodeName, "mgmt-in"), "added acl mgmt-in to edge1-nyc.net");
      await rejects(
        assoc.add(e1.nodeName, "mgmt-in"),
        (e: unknown) =>
          isTriggerError(e, "ASSOCIATION_ERROR") &&
          e.message === "edge1-nyc.net already has acl mgmt-in",
      );
      await assoc.add(fw.nodeName, "mgmt-in");
      await assoc.add(e2.nodeName, "edge-custom");
      strictEqual(await assoc.remove(fw, "mgmt-in"), "removed acl mgmt-in from fw1-nyc.net");
      await rejects(
        assoc.remove(fw, "mgmt-in"),
        (e: unknown) => isTriggerError(e, "ASSOCIATION_ERROR"),
      );
    });

    await t.step("implicit rules: owners, excludes, unlessExplicit", async () => {
      deepStrictEqual(await assoc.aclsFor(e1), {
        explicit: ["mgmt-in"],
        implicit: ["edge-in", "protect-re"],
        all: ["edge-in", "mgmt-in", "protect-re"],
      });
      // edge2 has edge-custom explicitly, so the edge-in rule is skipped for it
      deepStrictEqual((await assoc.aclsFor(e2)).implicit, ["protect-re"]);
      // not a valid owner: no implicit ACLs at all
      deepStrictEqual((await assoc.aclsFor(sw)).all, []);
      await rejects(
        assoc.remove(e1, "protect-re"),
        (e: unknown) => isTriggerError(e, "ASSOCIATION_ERROR") && /autoacl rules/.test(e.message),
      );
    });

    await t.step("search by ACL and device prefixes, exact, device names only", async () => {
      deepStrictEqual((await assoc.search(["protect"], INVENTORY)).map((r) => r[0]), [
        "edge1-nyc.net",
        "edge2-nyc.net",
      ]);
      deepStrictEqual(await assoc.search(["protect"], INVENTORY, { exact: true }), []);
      deepStrictEqual(
        (await assoc.search(["edge"], INVENTORY, { deviceNameOnly: true })).map((r) => r[0]),
        [
          "edge1-nyc.net",
          "edge2-nyc.net",
        ],
      );
      deepStrictEqual(Object.fromEntries(await assoc.bulkAcls(INVENTORY, 2)), { "protect-re": 2 });
    });

    await t.step("queue: integrated, manual, escalation, clear, complete", async () => {
      const q = new LoadQueue(assoc);
      const a = await q.inject("protect-re", INVENTORY, { user: "alice" });
      deepStrictEqual(a.map((e) => e.device), ["edge1-nyc.net", "edge2-nyc.net"]);
      const m = await q.inject("brand-new ESCALATION", INVENTORY, { user: "bob" });
      strictEqual(m.length, 1);
      strictEqual(m[0]!.device, null);
      strictEqual(m[0]!.acl, "brand-new");
      strictEqual(m[0]!.escalation, true);
      await rejects(
        q.inject("protect-re", INVENTORY, { user: "alice" }, [fw]),
        (e: unknown) => isTriggerError(e, "QUEUE_ERROR") && e.host === "fw1-nyc.net",
      );
      strictEqual((await q.pending({ manual: false })).length, 2);
      strictEqual((await q.pending({ manual: true, escalation: true })).length, 1);
      await q.complete(a[0]!.id, "verified: 3 terms match");
      await q.failed(a[1]!.id, "edge2-nyc.net: commit failed");
      const pending = await q.pending({ manual: false });
      deepStrictEqual(pending.map((e) => [e.device, e.note]), [[
        "edge2-nyc.net",
        "edge2-nyc.net: commit failed",
      ]]);
      strictEqual(await q.clear("protect-re"), 1);
      strictEqual((await q.pending({ manual: false })).length, 0);
      const done = await store.entries({ state: "done" });
      strictEqual(done[0]?.note, "verified: 3 terms match");
      ok(done[0]?.updatedAt);
    });

    await t.step("legacy acls.db import is all-or-nothing, export round-trips", async () => {
      await rejects(
        assoc.importLegacy("!comment\n,r9,a:b\nbroken-line\n", "acls.db"),
        (e: unknown) =>
          isTriggerError(e, "ASSOCIATION_ERROR") && /acls\.db" line 3/.test(e.message),
      );
      strictEqual((await store.explicitFor("r9")).length, 0);
      strictEqual(await assoc.importLegacy("!header\n,r9,a:b\n,r10,c\n"), 3);
      const csv = await assoc.exportLegacy();
      ok(csv.includes(",r9,a:b\n") && csv.includes(",r10,c\n"), csv);
    });
  } finally {
    await store.close();
  }
}

Deno.test("AclStore conformance: SQLite", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    await conformance(t, () => Promise.resolve(SqliteAclStore.open(`${dir}/acls.sqlite`)));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("AclStore conformance: Redis (real redis-server)", async (t) => {
  await using redis = await startRedis();
  await conformance(t, () => RedisAclStore.open(redis.url));
});

Deno.test("RedisAclStore keeps the original's acls:explicit:<device> set layout", async () => {
  await using redis = await startRedis();
  const store = await RedisAclStore.open(redis.url);
  try {
    await store.addExplicit("r1", "x");
    const raw = new Redis(redis.url);
    deepStrictEqual(await raw.smembers("acls:explicit:r1"), ["x"]);
    raw.disconnect();
  } finally {
    await store.close();
  }
});

Deno.test("RedisAclStore.open() reports a refused port clearly", async () => {
  await rejects(
    RedisAclStore.open("redis://127.0.0.1:1"),
    (e: unknown) => isTriggerError(e, "CONNECTION_REFUSED"),
  );
  await rejects(
    RedisAclStore.open("http://x"),
    (e: unknown) => isTriggerError(e, "INVALID_ARGUMENT"),
  );
});

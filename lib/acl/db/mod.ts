/**
 * ACL associations and the load queue, over SQLite or Redis.
 *
 * @example Associate, query and queue (SQLite in memory)
 * ```ts
 * import {
 *   AclAssociations,
 *   compileAutoAcl,
 *   LoadQueue,
 *   SqliteAclStore,
 * } from "@trigger/trigger/acl/db";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const store = SqliteAclStore.open(":memory:");
 * const assoc = new AclAssociations(
 *   store,
 *   compileAutoAcl({ rules: [{ match: { vendor: "juniper" }, acls: ["protect-re"] }] }),
 * );
 * const r1 = { nodeName: "r1.example.net", vendor: "juniper" };
 * strictEqual(await assoc.add(r1.nodeName, "edge-in"), "added acl edge-in to r1.example.net");
 * deepStrictEqual((await assoc.aclsFor(r1)).all, ["edge-in", "protect-re"]);
 * const [entry] = await new LoadQueue(assoc).inject("edge-in", [r1], { user: "alice" });
 * strictEqual(entry?.device, "r1.example.net");
 * await store.close();
 * ```
 *
 * @module
 */
export * from "./store.ts";
export * from "./sqlite_store.ts";
export * from "./redis_store.ts";
export * from "./autoacl.ts";
export * from "./associations.ts";
export * from "./load_queue.ts";
export type { DeviceMatchSpec, DeviceRecord } from "./device_match.ts";

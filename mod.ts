/**
 * Trigger for Deno: network device automation for routers, switches and
 * firewalls: inventory, credentials, device sessions, parallel jobs, and an
 * ACL engine compiled to WebAssembly.
 *
 * @example Typed errors carry codes
 * ```ts
 * import { isTriggerError, TriggerError } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * const e: unknown = new TriggerError("DEVICE_NOT_FOUND", "Cannot find device \"r9\"");
 * strictEqual(isTriggerError(e, "DEVICE_NOT_FOUND"), true);
 * ```
 *
 * @module
 */
export * from "./lib/errors.ts";
export * from "./lib/settings/mod.ts";
export * from "./lib/netdevices/mod.ts";
export * from "./lib/credentials/mod.ts";
export * from "./lib/transport/mod.ts";
export * from "./lib/channel/mod.ts";
export * from "./lib/platforms/mod.ts";
export * from "./lib/session/mod.ts";
export * from "./lib/netconf/mod.ts";
export * from "./lib/acl/mod.ts";
export * from "./lib/commando/mod.ts";
export * from "./lib/changemgmt/mod.ts";
export * from "./lib/acl/db/mod.ts";
export * from "./lib/acl/tools/mod.ts";
export * from "./lib/textfsm/mod.ts";
export * from "./lib/gorc/mod.ts";
export * from "./lib/notifications/mod.ts";

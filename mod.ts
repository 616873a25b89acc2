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
 * @example Start an emulated two-device lab, check its devices, stop it
 * ```ts
 * import { startLab } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * const lab = await startLab({ devices: 2, vendors: ["cisco_ios", "juniper_junos"] });
 * strictEqual(lab.devices.length, 2);
 * strictEqual(lab.devices[0]!.platform, "cisco_ios");
 * strictEqual(lab.devices[1]!.netconf, true);
 * strictEqual(lab.devices[0]!.address, "127.0.0.1");
 * await lab.stop();
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
export * from "./lib/distributed/mod.ts";
export * from "./lib/changemgmt/mod.ts";
export * from "./lib/resources/mod.ts";
export * from "./lib/acl/db/mod.ts";
export * from "./lib/acl/tools/mod.ts";
export * from "./lib/textfsm/mod.ts";
export * from "./lib/gorc/mod.ts";
export * from "./lib/notifications/mod.ts";
export * from "./lib/lab/mod.ts";

/**
 * Trigger for Deno: network device automation for routers, switches and
 * firewalls: inventory, credentials, device sessions, parallel jobs, and an
 * ACL engine compiled to WebAssembly.
 *
 * This module is the everyday façade: errors, settings, the inventory, the
 * credential store, device sessions, Commando, ACL parsing and the lab.
 * Each concern has its own entry point with everything it offers:
 * `@trigger/trigger/acl` (also `/acl/db`, `/acl/tools`), `/api` (the HTTP
 * API of `trigger serve`), `/changemgmt`, `/channel`, `/commando`,
 * `/credentials`, `/distributed` (BullMQ workers and flows), `/errors`, `/gorc`, `/lab`,
 * `/netconf`, `/netdevices`, `/notifications`, `/platforms`, `/resources`,
 * `/session`, `/settings`, `/textfsm`, `/transport`.
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
 * @example Start an emulated two-device lab and run a command on it
 * ```ts
 * import { execute, startLab } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * await using lab = await startLab({ devices: 2, vendors: ["cisco_ios", "juniper_junos"] });
 * strictEqual(lab.devices[1]!.netconf, true);
 * const r1 = lab.devices[0]!;
 * const [clock] = await execute(
 *   { name: r1.name, address: r1.address, port: r1.ports.ssh, platform: r1.platform },
 *   ["show clock"],
 *   { credentials: { ...lab.credentials }, hostKeyPolicy: "off" },
 * );
 * strictEqual(clock!.failed, false);
 * ```
 *
 * @module
 */
export { type ErrorCode, isTriggerError, TriggerError } from "./lib/errors.ts";
export { defaultSettings, loadSettings, type Settings } from "./lib/settings/mod.ts";
export { NetDevice, NetDevices } from "./lib/netdevices/mod.ts";
export { CredentialStore, Secret } from "./lib/credentials/mod.ts";
export {
  type CommandResult,
  execute,
  executeNetconf,
  openSession,
  type Session,
  type SessionOptions,
  type SessionTarget,
} from "./lib/session/mod.ts";
export { Commando, deviceExecutor } from "./lib/commando/mod.ts";
export { Acl, parse } from "./lib/acl/mod.ts";
export { startLab } from "./lib/lab/mod.ts";

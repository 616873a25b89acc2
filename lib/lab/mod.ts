/**
 * The emulated device lab: SSH, Telnet and NETCONF emulators of fifteen
 * network platforms, many devices per process, with fault injection, so that
 * automation can be tested without hardware.
 *
 * @example Start a two-device lab and look at it
 * ```ts
 * import { startLab } from "./mod.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * await using lab = await startLab({ devices: 2, vendors: ["cisco_ios", "juniper_junos"] });
 * strictEqual(lab.devices.length, 2);
 * strictEqual(lab.devices[1]!.netconf, true);
 * ```
 *
 * @module
 */
export * from "./lab.ts";
export type { LabFaults } from "./faults.ts";
export { FAULT_NAMES, parseFaultSpec } from "./faults.ts";
export type { FaultAssignment } from "./faults.ts";
export type { LabInventoryFacts } from "./profile.ts";
export type { LabLogin } from "./ssh_server.ts";
export { LAB_PLATFORM_IDS } from "./devices/registry.ts";
export { labInventory, type LabInventoryRecord } from "./inventory.ts";

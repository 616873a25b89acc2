/**
 * The inventory: {@linkcode NetDevice} (one device, with vendor, type,
 * platform id, realm and connection details) and {@linkcode NetDevices}
 * (the inventory, loaded from JSON, XML, CSV, SQLite, RANCID or NetBox
 * through a chain of {@linkcode InventoryLoader}s).
 *
 * @example Load a JSON inventory in the original's format
 * ```ts
 * import { NetDevices } from "@trigger/trigger/netdevices";
 * import { builtinSettings } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${dir}/netdevices.json`, JSON.stringify([
 *   { nodeName: "test1-abc.net.aol.com", manufacturer: "JUNIPER", deviceType: "ROUTER", adminStatus: "PRODUCTION", site: "LAB" },
 *   { nodeName: "test2-abc.net.aol.com", manufacturer: "CISCO SYSTEMS", deviceType: "SWITCH", make: "N9K", site: "LAB" },
 * ]));
 * const nd = await NetDevices.load({ source: `${dir}/netdevices.json`, settings: builtinSettings() });
 * strictEqual(nd.find("test1-abc").vendor, "juniper");
 * strictEqual(nd.find("test2-abc").platform, "cisco_nxos");
 * Deno.removeSync(dir, { recursive: true });
 * ```
 *
 * @module
 */
export * from "./net_device.ts";
export * from "./net_devices.ts";
export * from "./lookup_error.ts";
export * from "./record.ts";
export * from "./vendor.ts";
export * from "./platform.ts";
export * from "./loader.ts";
export type { MatchOptions, MatchQuery, MatchValue } from "./match.ts";
export { INVENTORY_LOADERS } from "./loaders.ts";
export { jsonLoader } from "./loaders/json.ts";
export { xmlLoader } from "./loaders/xml.ts";
export { csvLoader, POSITIONAL_FIELDS } from "./loaders/csv.ts";
export { sqliteLoader } from "./loaders/sqlite.ts";
export { rancidLoader } from "./loaders/rancid.ts";
export { RANCID_TYPES, type RancidType } from "./loaders/rancid_types.ts";
export { netboxLoader } from "./loaders/netbox.ts";

/**
 * The registry of inventory loaders, by the names the `netdevicesLoaders`
 * setting uses. Adding a format is one module in `loaders/` and one line here.
 *
 * @module
 */
import type { InventoryLoader } from "./loader.ts";
import { csvLoader } from "./loaders/csv.ts";
import { jsonLoader } from "./loaders/json.ts";
import { netboxLoader } from "./loaders/netbox.ts";
import { rancidLoader } from "./loaders/rancid.ts";
import { sqliteLoader } from "./loaders/sqlite.ts";
import { xmlLoader } from "./loaders/xml.ts";

/**
 * Built-in loaders by name, in the default chain order.
 *
 * @example Loader names
 * ```ts
 * import { INVENTORY_LOADERS } from "@trigger/trigger/netdevices";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(Object.keys(INVENTORY_LOADERS), ["json", "xml", "sqlite", "rancid", "csv", "netbox"]);
 * ```
 */
export const INVENTORY_LOADERS: Readonly<Record<string, InventoryLoader>> = Object.freeze({
  json: jsonLoader,
  xml: xmlLoader,
  sqlite: sqliteLoader,
  rancid: rancidLoader,
  csv: csvLoader,
  netbox: netboxLoader,
});

/**
 * The inventory loaders the toolkit ships, by name (the `netdevicesLoaders`
 * setting names them).
 *
 * @module
 */

/**
 * Names of the inventory loaders the toolkit ships, in their default order.
 *
 * @example The default chain
 * ```ts
 * import { LOADER_NAMES } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(LOADER_NAMES[0], "json");
 * ```
 */
export const LOADER_NAMES: readonly string[] = Object.freeze([
  "json",
  "xml",
  "sqlite",
  "rancid",
  "csv",
  "netbox",
]);

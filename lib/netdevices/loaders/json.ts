/**
 * JSON loader: the original's format, an array of device objects with the
 * original's attribute names (`nodeName`, `manufacturer`, `deviceType`,
 * `adminStatus`, `site`...).
 *
 * @module
 */
import type { InventoryLoader, InventorySource } from "../loader.ts";
import { type NetDeviceRecord, RECORD_ORIGIN } from "../record.ts";
import { parseJson } from "../../settings/_text.ts";
import { hasExt, invalidSource, readHead, readText } from "./_util.ts";

/**
 * Reads a JSON array of device objects.
 *
 * @example Load a JSON inventory
 * ```ts
 * import { jsonLoader, parseSource } from "@trigger/trigger/netdevices";
 * import { builtinSettings } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${dir}/nd.json`, '[{"nodeName": "r1", "manufacturer": "JUNIPER"}]');
 * const records = await jsonLoader.load(parseSource(`${dir}/nd.json`), { settings: builtinSettings() });
 * strictEqual(records[0]?.manufacturer, "JUNIPER");
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export const jsonLoader: InventoryLoader = {
  name: "json",
  params: [],
  async canLoad(source: InventorySource): Promise<boolean> {
    if (source.url !== undefined && source.url.protocol !== "file:") return false;
    const head = await readHead(source.path);
    if (head === undefined) return false;
    return hasExt(source.path, ".json") || head.startsWith("[");
  },
  async load(source: InventorySource): Promise<NetDeviceRecord[]> {
    const file = source.path;
    const parsed = parseJson(await readText(file));
    if (!parsed.ok) throw invalidSource(`"${file}"`, parsed.message);
    const data = parsed.value;
    if (!Array.isArray(data)) {
      throw invalidSource(`"${file}"`, "expected a JSON array of device objects");
    }
    return data.map((item, i) => {
      if (typeof item !== "object" || item === null || Array.isArray(item)) {
        throw invalidSource(`"${file}" record ${i + 1}`, "expected an object");
      }
      const r = item as NetDeviceRecord;
      r[RECORD_ORIGIN] = `"${file}" record ${i + 1}`;
      return r;
    });
  },
};

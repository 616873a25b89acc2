/**
 * SQLite loader: every row of table `netdevices` (or `?table_name=x`) is a
 * device, every column a field.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import type { InventoryLoader, InventorySource } from "../loader.ts";
import { type NetDeviceRecord, RECORD_ORIGIN } from "../record.ts";
import { invalidSource, readHead } from "./_util.ts";

/**
 * Reads a SQLite inventory.
 *
 * @example Load a table
 * ```ts
 * import { parseSource, sqliteLoader } from "@trigger/trigger/netdevices";
 * import { builtinSettings } from "@trigger/trigger/settings";
 * import { DatabaseSync } from "node:sqlite";
 * import { strictEqual } from "node:assert/strict";
 *
 * const dir = Deno.makeTempDirSync();
 * const db = new DatabaseSync(`${dir}/nd.db`);
 * db.exec("CREATE TABLE routers (nodeName TEXT, manufacturer TEXT)");
 * db.exec("INSERT INTO routers VALUES ('r1', 'CISCO SYSTEMS')");
 * db.close();
 * const src = parseSource(`${dir}/nd.db?table_name=routers`);
 * strictEqual(await sqliteLoader.canLoad(src), true);
 * const [r] = await sqliteLoader.load(src, { settings: builtinSettings() });
 * strictEqual(r?.manufacturer, "CISCO SYSTEMS");
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export const sqliteLoader: InventoryLoader = {
  name: "sqlite",
  params: ["table_name"],
  async canLoad(source: InventorySource): Promise<boolean> {
    if (source.url !== undefined && source.url.protocol !== "file:") return false;
    return (await readHead(source.path, 16))?.startsWith("SQLite format 3") ?? false;
  },
  load(source: InventorySource): Promise<NetDeviceRecord[]> {
    const file = source.path;
    const table = source.params.table_name ?? "netdevices";
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) {
      return Promise.reject(
        invalidSource(`"${file}"`, `table name "${table}" is not a plain identifier`),
      );
    }
    let db: DatabaseSync;
    try {
      db = new DatabaseSync(file, { readOnly: true });
    } catch (e) {
      return Promise.reject(invalidSource(`"${file}"`, (e as Error).message, e));
    }
    try {
      const exists = db.prepare(
        "SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name = ?",
      )
        .get(table);
      if (exists === undefined) throw invalidSource(`"${file}"`, `no table "${table}"`);
      const rows = db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
      return Promise.resolve(rows.map((row, i) => {
        const r: NetDeviceRecord = {};
        for (const [k, v] of Object.entries(row)) r[k] = v instanceof Uint8Array ? null : v;
        r[RECORD_ORIGIN] = `"${file}" table ${table} row ${i + 1}`;
        return r;
      }));
    } catch (e) {
      if (e instanceof Error && e.name === "TriggerError") return Promise.reject(e);
      return Promise.reject(invalidSource(`"${file}"`, (e as Error).message, e));
    } finally {
      db.close();
    }
  },
};

/**
 * CSV loader: the original's headerless `host,vendor[,status[,type]]` lines,
 * or a CSV file whose first line is a header with any columns (one of them
 * naming the device: `nodeName`, `hostname`, `host`, `name`...). `#` starts
 * a comment line.
 *
 * Glue only (issue 16 §3 review): the CSV itself is read by `csv-parse`
 * (npm); this module keeps only the original's file rules (headerless
 * layout, name columns, comments), which no library knows.
 *
 * @module
 */
import { parse } from "csv-parse/sync";
import type { InventoryLoader, InventorySource } from "../loader.ts";
import { type NetDeviceRecord, RECORD_ORIGIN } from "../record.ts";
import { hasExt, invalidSource, pathKind, readText } from "./_util.ts";

/**
 * Field names of headerless lines, by position (the original's).
 *
 * @example Positions
 * ```ts
 * import { POSITIONAL_FIELDS } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(POSITIONAL_FIELDS[2], "deviceStatus");
 * ```
 */
export const POSITIONAL_FIELDS = [
  "nodeName",
  "manufacturer",
  "deviceStatus",
  "deviceType",
] as const;

const NAME_HEADERS = new Set(["nodename", "hostname", "host", "name", "devicename", "node"]);

interface Row {
  record: string[];
  info: { lines: number };
}

/**
 * Reads a CSV inventory.
 *
 * @example Headered CSV with custom columns
 * ```ts
 * import { builtinSettings, csvLoader, parseSource } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${dir}/nd.csv`, "hostname,vendor,rack\nr1,arista,A7\n");
 * const [r] = await csvLoader.load(parseSource(`${dir}/nd.csv`), { settings: builtinSettings() });
 * strictEqual(r?.hostname, "r1");
 * strictEqual(r?.rack, "A7");
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export const csvLoader: InventoryLoader = {
  name: "csv",
  params: [],
  async canLoad(source: InventorySource): Promise<boolean> {
    if (source.url !== undefined && source.url.protocol !== "file:") return false;
    if (hasExt(source.path, ".json", ".xml", ".db", ".sqlite", ".sqlite3")) return false;
    return (await pathKind(source.path)) === "file";
  },
  async load(source: InventorySource): Promise<NetDeviceRecord[]> {
    const file = source.path;
    const text = await readText(file);
    if (text.includes("\u0000")) throw invalidSource(`"${file}"`, "not a text file");
    let rows: Row[];
    try {
      rows = parse(text, {
        info: true,
        comment: "#",
        skip_empty_lines: true,
        trim: true,
        relax_column_count: true,
        bom: true,
      }) as unknown as Row[];
    } catch (e) {
      const line = (e as { lines?: number }).lines;
      throw invalidSource(`"${file}"${line ? ` line ${line}` : ""}`, (e as Error).message, e);
    }
    if (rows.length === 0) return [];
    const header = rows[0]!.record.some((c) => NAME_HEADERS.has(c.toLowerCase()))
      ? rows[0]!.record
      : undefined;
    if (header !== undefined) {
      const dup = header.find((h, i) => header.indexOf(h) !== i);
      if (dup !== undefined) {
        throw invalidSource(
          `"${file}" line ${rows[0]!.info.lines}`,
          `column "${dup}" appears twice`,
        );
      }
    }
    const body = header === undefined ? rows : rows.slice(1);
    return body.map(({ record, info }) => {
      const where = `"${file}" line ${info.lines}`;
      const r: NetDeviceRecord = {};
      if (header !== undefined) {
        if (record.length !== header.length) {
          throw invalidSource(
            where,
            `expected ${header.length} columns as in the header, got ${record.length}`,
          );
        }
        header.forEach((h, i) => (r[h] = record[i]));
      } else {
        if (record.length < 2 || record.length > POSITIONAL_FIELDS.length) {
          throw invalidSource(
            where,
            `expected host,vendor[,status[,type]], got ${record.length} column(s)`,
          );
        }
        record.forEach((v, i) => (r[POSITIONAL_FIELDS[i]!] = v));
      }
      r[RECORD_ORIGIN] = where;
      return r;
    });
  },
};

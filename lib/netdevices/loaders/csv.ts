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
import { parse } from "csv-parse/stream";
import { isTriggerError, TriggerError } from "../../errors.ts";
import type { InventoryLoader, InventorySource, LoaderOptions } from "../loader.ts";
import { type NetDeviceRecord, RECORD_ORIGIN } from "../record.ts";
import { hasExt, invalidSource, pathKind } from "./_util.ts";

/**
 * Field names of headerless lines, by position (the original's).
 *
 * @example Positions
 * ```ts
 * import { POSITIONAL_FIELDS } from "@trigger/trigger/netdevices";
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

/** Distinct values a column shares before it is deemed unique (names, addresses). */
const INTERN_LIMIT = 4096;

/**
 * One shared string per repeated value of a column (vendor, type, site...):
 * a million rows saying "CISCO SYSTEMS" keep one copy. A column with many
 * distinct values stops being interned.
 */
class Interner {
  #maps: (Map<string, string> | null)[] = [];

  get(column: number, value: string): string {
    let m = this.#maps[column];
    if (m === undefined) m = this.#maps[column] = new Map();
    if (m === null) return value;
    const hit = m.get(value);
    if (hit !== undefined) return hit;
    if (m.size >= INTERN_LIMIT) this.#maps[column] = null;
    else m.set(value, value);
    return value;
  }
}

/**
 * Reads a CSV inventory.
 *
 * @example Headered CSV with custom columns
 * ```ts
 * import { csvLoader, parseSource } from "@trigger/trigger/netdevices";
 * import { builtinSettings } from "@trigger/trigger/settings";
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
  async load(source: InventorySource, options: LoaderOptions): Promise<NetDeviceRecord[]> {
    const file = source.path;
    const out: NetDeviceRecord[] = [];
    const intern = new Interner();
    const prefix = `"${file}" line `;
    let header: string[] | undefined;
    let first = true;
    // each row becomes a record as it is parsed: the file is read in chunks,
    // never held whole, and no per-row parse result is kept
    const onRecord = (record: string[], ctx: { lines: number }): null => {
      const where = `${prefix}${ctx.lines}`;
      if (first) {
        first = false;
        if (record.some((c) => NAME_HEADERS.has(c.toLowerCase()))) {
          const dup = record.find((h, i) => record.indexOf(h) !== i);
          if (dup !== undefined) throw invalidSource(where, `column "${dup}" appears twice`);
          header = record;
          return null;
        }
      }
      const r: NetDeviceRecord = {};
      if (header !== undefined) {
        if (record.length !== header.length) {
          throw invalidSource(
            where,
            `expected ${header.length} columns as in the header, got ${record.length}`,
          );
        }
        for (let i = 0; i < header.length; i++) r[header[i]!] = intern.get(i, record[i]!);
      } else {
        if (record.length < 2 || record.length > POSITIONAL_FIELDS.length) {
          throw invalidSource(
            where,
            `expected host,vendor[,status[,type]], got ${record.length} column(s)`,
          );
        }
        for (let i = 0; i < record.length; i++) {
          r[POSITIONAL_FIELDS[i]!] = intern.get(i, record[i]!);
        }
      }
      r[RECORD_ORIGIN] = where;
      if (options.onRecord !== undefined) options.onRecord(r);
      else out.push(r);
      return null;
    };
    let f: Deno.FsFile;
    try {
      f = await Deno.open(file);
    } catch (e) {
      throw new TriggerError(
        "IO_ERROR",
        `Cannot read inventory "${file}": ${(e as Error).message}`,
        {
          cause: e,
        },
      );
    }
    const text = f.readable.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          if (chunk.includes(0)) throw invalidSource(`"${file}"`, "not a text file");
          controller.enqueue(chunk);
        },
      }),
    );
    const rows = text.pipeThrough(
      parse({
        comment: "#",
        skip_empty_lines: true,
        trim: true,
        relax_column_count: true,
        bom: true,
        on_record: onRecord,
      }) as unknown as TransformStream<Uint8Array, never>,
    );
    try {
      for await (const _ of rows) { /* records are collected by onRecord */ }
    } catch (e) {
      if (isTriggerError(e)) throw e;
      const line = (e as { lines?: number }).lines;
      throw invalidSource(`"${file}"${line ? ` line ${line}` : ""}`, (e as Error).message, e);
    }
    return out;
  },
};

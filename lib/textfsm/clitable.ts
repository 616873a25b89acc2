/**
 * CliTable: picks TextFSM templates from an ntc-templates style `index` file
 * by attributes (platform, command, hostname...) and merges the records of
 * several templates, as TextFSM's `clitable` does.
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { TriggerError } from "../errors.ts";
import { compilePyRegex, pyMatch, type PyRegex } from "./py_regex.ts";
import { type FsmCell, type FsmListItem, TextFsm } from "./textfsm.ts";
import { TemplateError } from "./errors.ts";

/** One row of an index file. */
export interface IndexRow {
  /** The raw fields by column (`Command` with `[[...]]` completion expanded). */
  readonly fields: Readonly<Record<string, string>>;
  /** The template file names of the `Template` column (split on `:`). */
  readonly templates: readonly string[];
}

/** The merged result of {@linkcode CliTable.parseCmd}. */
export interface CliTableResult {
  /** The columns: the first template's values, then new ones from later templates. */
  readonly header: readonly string[];
  /** The rows, in header order. */
  readonly rows: readonly FsmCell[][];
  /** The `Key` columns, in header order. */
  readonly superkey: readonly string[];
  /** The rows as objects keyed by column. */
  readonly records: readonly Record<string, FsmCell>[];
}

/** Options of {@linkcode CliTable.load}. */
export interface CliTableOptions {
  /**
   * The index file's name inside the template directory.
   *
   * @default {"index"}
   */
  index?: string;
}

/** Options of {@linkcode CliTable.parseCmd}. */
export interface ParseCmdOptions {
  /**
   * Turn every `List` item into a string as Python's `clitable` does (its
   * `TextTable` rows hold strings): an item whose regex group did not take
   * part reads `"None"`, and a dict item (a `List` regex with named groups)
   * reads as Python prints it, `"{'A': 'x', 'B': None}"`. This is what
   * ntc-templates' expected results hold. Set to `false` to keep `null` and
   * objects (the values {@linkcode TextFsm.parseText} returns).
   *
   * @default {true}
   */
  pythonStrings?: boolean;
}

/**
 * Expands `sh[[ow]]` to `sh(o(w)?)?`, as clitable's command completion does.
 *
 * @param command A `Command` field of an index file.
 * @returns The field as a regex.
 *
 * @example Abbreviated commands
 * ```ts
 * import { expandCompletion } from "@trigger/trigger/textfsm";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(expandCompletion("sh[[ow]] ver[[sion]]"), "sh(o(w)?)? ver(s(i(o(n)?)?)?)?");
 * ```
 */
export function expandCompletion(command: string): string {
  return command.replace(/\[\[.+?\]\]/g, (m) => {
    const word = Array.from(m.slice(2, -2));
    return `(${word.join("(")}${")?".repeat(word.length)}`;
  });
}

/**
 * Templates chosen by an index file, then run and merged.
 *
 * @example Pick a template by platform and an abbreviated command
 * ```ts
 * import { CliTable } from "@trigger/trigger/textfsm";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const files: Record<string, string> = {
 *   "cisco_ios_show_clock.textfsm": "Value TIME (\\S+)\n\nStart\n  ^\\*?${TIME}\\s -> Record\n",
 * };
 * const table = CliTable.fromText(
 *   "Template, Platform, Command\ncisco_ios_show_clock.textfsm, cisco_ios, sh[[ow]] clo[[ck]]\n",
 *   (name) => Promise.resolve(files[name]!),
 * );
 * const result = await table.parseCmd("*10:01:02.123 UTC Mon Jan 1 2024\n", {
 *   Platform: "cisco_ios",
 *   Command: "sh clock",
 * });
 * deepStrictEqual(result.records, [{ TIME: "10:01:02.123" }]);
 * ```
 */
export class CliTable {
  readonly #columns: string[];
  readonly #rows: { row: IndexRow; compiled: Map<string, PyRegex> }[];
  readonly #read: (name: string) => Promise<string>;

  private constructor(
    columns: string[],
    rows: { row: IndexRow; compiled: Map<string, PyRegex> }[],
    read: (name: string) => Promise<string>,
  ) {
    this.#columns = columns;
    this.#rows = rows;
    this.#read = read;
  }

  /**
   * Reads `DIR/index` (and later the templates it names, from `DIR`).
   *
   * @param dir The template directory.
   * @param options The index file's name.
   * @returns The table.
   * @throws {TemplateError} When the index is malformed or cannot be read.
   */
  static async load(dir: string, options: CliTableOptions = {}): Promise<CliTable> {
    const { index = "index" } = options;
    const path = join(dir, index);
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (e) {
      throw new TemplateError(`cannot read index: ${e instanceof Error ? e.message : e}`, {
        source: path,
        cause: e,
      });
    }
    return CliTable.fromText(text, async (name) => {
      try {
        return await readFile(join(dir, name), "utf8");
      } catch (e) {
        throw new TemplateError(`cannot read template: ${e instanceof Error ? e.message : e}`, {
          source: join(dir, name),
          cause: e,
        });
      }
    }, path);
  }

  /**
   * Builds a table from index text and a template reader.
   *
   * @param indexText The index file's text.
   * @param readTemplate Returns a template's text by file name.
   * @param source The index's name for messages.
   * @returns The table.
   * @throws {TemplateError} When the index has no `Template` column or a bad regex.
   */
  static fromText(
    indexText: string,
    readTemplate: (name: string) => Promise<string>,
    source = "index",
  ): CliTable {
    const lines = indexText.split(/\r\n|\r|\n/);
    let i = 0;
    let headerLine = "";
    while (!headerLine && i < lines.length) headerLine = lines[i++]!.split("#")[0]!.trim();
    const columns = headerLine.split(",").map((c) => c.trim());
    if (new Set(columns).size !== columns.length) {
      throw new TemplateError("duplicate header entry", { source, line: i });
    }
    if (!columns.includes("Template")) {
      throw new TemplateError("index file does not have 'Template' column", { source, line: i });
    }
    const rows: { row: IndexRow; compiled: Map<string, PyRegex> }[] = [];
    for (; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.startsWith("#")) continue;
      const cells = line.split(",").map((c) => c.trim());
      if (cells.length !== columns.length) continue; // dropped silently, as clitable does
      const fields: Record<string, string> = {};
      const compiled = new Map<string, PyRegex>();
      for (const [k, col] of columns.entries()) {
        const value = col === "Command" ? expandCompletion(cells[k]!) : cells[k]!;
        fields[col] = value;
        if (col === "Template" || !value) continue;
        try {
          compiled.set(col, compilePyRegex(value));
        } catch (e) {
          throw new TemplateError(
            `bad regex in column ${col}: ${e instanceof Error ? e.message : e}`,
            {
              source,
              line: i + 1,
              cause: e,
            },
          );
        }
      }
      rows.push({ row: { fields, templates: fields.Template!.split(":") }, compiled });
    }
    return new CliTable(columns, rows, readTemplate);
  }

  /** The index's columns. */
  get columns(): readonly string[] {
    return this.#columns;
  }

  /**
   * Finds the first index row whose regexes match the attributes (each
   * anchored at the start, as `re.match`; unknown attributes and empty
   * fields are ignored).
   *
   * @param attributes Column name to value, e.g. `{ Platform, Command }`.
   * @returns The row, or `undefined`.
   */
  findRow(attributes: Readonly<Record<string, string>>): IndexRow | undefined {
    return this.#rows.find(({ compiled }) =>
      Object.entries(attributes).every(([k, v]) => {
        const re = compiled.get(k);
        return re === undefined || pyMatch(re, v) !== null;
      })
    )?.row;
  }

  /**
   * Reads the template(s) of an index row.
   *
   * @param row A row of {@linkcode CliTable.findRow}.
   * @returns Each template's file name and text, in the row's order.
   * @throws {TemplateError} When a template cannot be read.
   */
  async templatesFor(row: IndexRow): Promise<TemplateText[]> {
    return await Promise.all(
      row.templates.map(async (name) => ({ name, text: await this.#read(name) })),
    );
  }

  /**
   * Parses command output with the template(s) the index picks, merging
   * several templates' columns by the first template's `Key` values (or by
   * row position when there are none).
   *
   * @param text The command output.
   * @param attributes Column name to value, e.g. `{ Platform: "cisco_ios", Command: "show version" }`.
   * @param options Whether `List` items read as Python's strings.
   * @returns The merged table.
   * @throws {TriggerError} `INVALID_ARGUMENT` when no row matches; `TEMPLATE_INVALID` or
   * `TEMPLATE_ERROR` from the templates.
   */
  async parseCmd(
    text: string,
    attributes: Readonly<Record<string, string>>,
    options: ParseCmdOptions = {},
  ): Promise<CliTableResult> {
    const { pythonStrings = true } = options;
    const row = this.findRow(attributes);
    if (!row) {
      throw new TriggerError(
        "INVALID_ARGUMENT",
        `Cannot find a template for attributes ${JSON.stringify(attributes)}`,
      );
    }
    return parseWithTemplates(await this.templatesFor(row), text, { pythonStrings });
  }
}

/** A row with every `List` item as Python's `str()` prints it. */
function pyStrRow(row: FsmCell[]): FsmCell[] {
  return row.map((c) => Array.isArray(c) ? c.map(pyStr) : c);
}

/** Python's `str()` of a `List` item: itself, `None`, or a dict's repr. */
function pyStr(item: FsmListItem): string {
  if (item === null) return "None";
  if (typeof item === "string") return item;
  const parts = Object.entries(item).map(([k, v]) =>
    `${pyRepr(k)}: ${v === null ? "None" : pyRepr(v)}`
  );
  return `{${parts.join(", ")}}`;
}

// Python's str.isprintable(): not in Unicode categories C* and Z* (the space excepted)
const NOT_PRINTABLE = /[\p{C}\p{Z}]/u;

/** Python's `repr()` of a string. */
function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === "\\" || ch === quote) out += `\\${ch}`;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch !== " " && NOT_PRINTABLE.test(ch)) {
      out += cp < 0x100
        ? `\\x${cp.toString(16).padStart(2, "0")}`
        : cp < 0x10000
        ? `\\u${cp.toString(16).padStart(4, "0")}`
        : `\\U${cp.toString(16).padStart(8, "0")}`;
    } else out += ch;
  }
  return out + quote;
}

/** A template's file name and text. */
export interface TemplateText {
  /** The file name, as the index's `Template` column gives it. */
  readonly name: string;
  /** The template. */
  readonly text: string;
}

/**
 * Runs templates over one output and merges their columns as clitable does
 * (by the first template's `Key` values, or by row position when there are
 * none): the part of {@linkcode CliTable.parseCmd} after the templates are read.
 *
 * @param templates The templates, in index order.
 * @param text The command output.
 * @param options Whether `List` items read as Python's strings.
 * @param compile Compiles a template (e.g. through a cache).
 * @returns The merged table.
 * @throws {TriggerError} `TEMPLATE_INVALID` or `TEMPLATE_ERROR` from the templates.
 *
 * @example One template, no index
 * ```ts
 * import { parseWithTemplates } from "@trigger/trigger/textfsm";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const clock = { name: "clock.textfsm", text: "Value TIME (\\S+)\n\nStart\n  ^\\*?${TIME}\\s -> Record\n" };
 * deepStrictEqual(parseWithTemplates([clock], "*10:01 UTC\n").records, [{ TIME: "10:01" }]);
 * ```
 */
export function parseWithTemplates(
  templates: readonly TemplateText[],
  text: string,
  options: ParseCmdOptions = {},
  compile: (name: string, text: string) => TextFsm = (name, t) =>
    TextFsm.parse(t, { source: name }),
): CliTableResult {
  const { pythonStrings = true } = options;
  let header: string[] = [];
  let rows: FsmCell[][] = [];
  let keys: string[] = [];
  for (const [n, { name, text: template }] of templates.entries()) {
    const fsm = compile(name, template);
    if (keys.length === 0) keys = fsm.valuesWith("Key");
    const part = pythonStrings ? fsm.parseText(text).map(pyStrRow) : fsm.parseText(text);
    if (n === 0) {
      header = fsm.header;
      rows = part;
      continue;
    }
    for (const k of keys) {
      if (!header.includes(k)) {
        throw new TriggerError("TEMPLATE_INVALID", `Cannot merge ${name}: unknown key '${k}'`);
      }
    }
    const extra = fsm.header.filter((h) => !header.includes(h));
    if (extra.length === 0) continue;
    const from = extra.map((h) => fsm.header.indexOf(h));
    const keyIdx = keys.map((k) => [header.indexOf(k), fsm.header.indexOf(k)] as const);
    header = [...header, ...extra];
    rows = rows.map((r1, r) => {
      const r2 = keys.length === 0
        ? part[r]
        : part.find((p) =>
          keyIdx.every(([a, b]) => JSON.stringify(r1[a]) === JSON.stringify(p[b]))
        );
      return [...r1, ...from.map((f) => r2 === undefined ? "" : r2[f]!)];
    });
  }
  const superkey = header.filter((h) => keys.includes(h));
  const records = rows.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k]!])));
  return { header, rows, superkey, records };
}

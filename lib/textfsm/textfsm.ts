/**
 * The TextFSM state machine: runs a parsed template over text and returns
 * records, with the semantics of Google's TextFSM 1.1 (Python).
 *
 * @module
 */
import {
  type ParsedTemplate,
  parseTemplate,
  type TemplateRule,
  type TemplateValue,
} from "./template.ts";
import { pyMatch } from "./py_regex.ts";
import { TextFsmError } from "./errors.ts";

/** One entry of a `List` value: a string, or a dict when its regex has named groups. */
export type FsmListItem = string | null | Record<string, string | null>;
/** A cell of a record: a string, or an array for `List` values. */
export type FsmCell = string | FsmListItem[];
/** A record keyed by value name. */
export type FsmRecord = Record<string, FsmCell>;

/** Options of {@linkcode TextFsm.parse}. */
export interface TextFsmOptions {
  /**
   * A file name used in error messages.
   *
   * @default {"template"}
   */
  source?: string;
}

/** Options of {@linkcode TextFsm.parseText}. */
export interface ParseTextOptions {
  /**
   * Run the implicit end-of-file `Record` (TextFSM's `eof`). Set to `false`
   * when parsing only part of an output.
   *
   * @default {true}
   */
  eof?: boolean;
}

class SkipRecord {}
const SKIP = new SkipRecord();
type Raw = string | null | FsmListItem[];
const truthy = (v: Raw): boolean => v !== null && v.length > 0;

/** The run-time state of one value, with its options' hooks in declaration order. */
class Var {
  value: Raw = null;
  filldown: Raw = null;
  list: FsmListItem[] = [];
  constructor(readonly def: TemplateValue, readonly index: number, readonly run: Run) {}

  assign(v: string | null): void {
    this.value = v;
    for (const o of this.def.options) {
      if (o === "Filldown") this.filldown = v;
      else if (o === "List") this.list.push(this.#listItem(v));
      else if (o === "Fillup" && truthy(v)) {
        for (let r = this.run.result.length - 1; r >= 0; r--) {
          const row = this.run.result[r]!;
          if (truthy(row[this.index]!)) break;
          row[this.index] = v;
        }
      }
    }
  }

  #listItem(v: string | null): FsmListItem {
    const re = this.def.listRegex!;
    if (re.groupCount <= 1 || v === null || re.names.length === 0) return v;
    const m = pyMatch(re, v);
    if (!m) return v;
    const dict: Record<string, string | null> = {};
    for (const n of re.names) dict[n] = m.groups?.[n] ?? null;
    return dict;
  }

  clear(): void {
    this.value = null;
    for (const o of this.def.options) {
      if (o === "Filldown") this.value = this.filldown;
      else if (o === "List" && !this.def.options.includes("Filldown")) this.list = [];
    }
  }

  clearAll(): void {
    this.value = null;
    this.filldown = null;
    this.list = [];
  }

  save(): void {
    for (const o of this.def.options) {
      if (o === "Required" && !truthy(this.value)) throw SKIP;
      if (o === "List") this.value = [...this.list];
    }
  }
}

/** One pass of the machine over an input. */
class Run {
  result: Raw[][] = [];
  vars: Var[];
  byName: Map<string, Var>;
  constructor(readonly fsm: ParsedTemplate) {
    this.vars = fsm.values.map((d, i) => new Var(d, i, this));
    this.byName = new Map(this.vars.map((v) => [v.def.name, v]));
  }

  append(): void {
    if (this.vars.length === 0) return;
    const row: Raw[] = [];
    for (const v of this.vars) {
      try {
        v.save();
      } catch (e) {
        if (e !== SKIP) throw e;
        this.clear();
        return;
      }
      row.push(v.value);
    }
    if (row.every((c) => c === null || (Array.isArray(c) && c.length === 0))) return;
    this.result.push(row.map((c) => c ?? ""));
    this.clear();
  }

  clear(): void {
    for (const v of this.vars) v.clear();
  }

  clearAll(): void {
    for (const v of this.vars) v.clearAll();
  }
}

/**
 * A compiled TextFSM template. Reusable: each {@linkcode TextFsm.parseText}
 * call runs a fresh machine.
 *
 * @example Parse `show ip interface brief`
 * ```ts
 * import { TextFsm } from "@trigger/trigger/textfsm";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const fsm = TextFsm.parse([
 *   "Value INTF (\\S+)",
 *   "Value STATUS (up|down)",
 *   "",
 *   "Start",
 *   "  ^${INTF}\\s+\\S+\\s+${STATUS} -> Record",
 *   "",
 * ].join("\n"));
 * const out = "Gi0/1  10.0.0.1  up\nGi0/2  unassigned  down\n";
 * deepStrictEqual(fsm.parseTextToDicts(out), [
 *   { INTF: "Gi0/1", STATUS: "up" },
 *   { INTF: "Gi0/2", STATUS: "down" },
 * ]);
 * ```
 */
export class TextFsm {
  readonly #t: ParsedTemplate;
  readonly #source: string | undefined;
  readonly #rules: Map<string, { rule: TemplateRule; assign: [string, number][] }[]>;

  private constructor(t: ParsedTemplate, source: string | undefined) {
    this.#t = t;
    this.#source = source;
    const index = new Map(t.values.map((v, i) => [v.name, i]));
    this.#rules = new Map(
      [...t.states].map(([name, rules]) => [
        name,
        rules.map((rule) => ({
          rule,
          assign: rule.regex.names.filter((n) => index.has(n)).map((n) => [n, index.get(n)!]),
        })),
      ]),
    );
  }

  /**
   * Reads a template.
   *
   * @param text The template text, as in ntc-templates.
   * @param options A file name for messages.
   * @returns The compiled template.
   * @throws {TemplateError} (`TEMPLATE_INVALID`) When TextFSM would reject the template.
   */
  static parse(text: string, options: TextFsmOptions = {}): TextFsm {
    const { source = undefined } = options;
    return new TextFsm(parseTemplate(text, source), source);
  }

  /** The value names, in declaration order (the record's columns). */
  get header(): string[] {
    return this.#t.values.map((v) => v.name);
  }

  /** The value declarations. */
  get values(): readonly TemplateValue[] {
    return this.#t.values;
  }

  /** The states (without `End`), in declaration order. */
  get states(): string[] {
    return [...this.#t.states.keys()];
  }

  /**
   * Returns the names of the values carrying an option (TextFSM's `GetValuesByAttrib`).
   *
   * @param option An option name.
   * @returns The names, in declaration order.
   */
  valuesWith(option: TemplateValue["options"][number]): string[] {
    return this.#t.values.filter((v) => v.options.includes(option)).map((v) => v.name);
  }

  /**
   * Runs the template over text and returns rows in {@linkcode TextFsm.header} order.
   *
   * @param text The command output.
   * @param options Whether to run the implicit end-of-file record.
   * @returns One array per record.
   * @throws {TextFsmError} (`TEMPLATE_ERROR`) When an `Error` action is reached.
   */
  parseText(text: string, options: ParseTextOptions = {}): FsmCell[][] {
    const { eof = true } = options;
    const run = new Run(this.#t);
    let rules = this.#rules.get("Start")!;
    let stateName = "Start";
    for (const line of splitLines(text)) {
      for (const { rule, assign } of rules) {
        const m = pyMatch(rule.regex, line);
        if (!m) continue;
        for (const [name, i] of assign) run.vars[i]!.assign(m.groups?.[name] ?? null);
        if (rule.recordOp === "Record") run.append();
        else if (rule.recordOp === "Clear") run.clear();
        else if (rule.recordOp === "Clearall") run.clearAll();
        if (rule.lineOp === "Error") {
          const reason = rule.newState.replace(/^"(.*)"$/s, "$1");
          throw new TextFsmError(reason, rule.line, line, this.#source);
        }
        if (rule.lineOp === "Continue") continue;
        if (rule.newState) {
          if (rule.newState !== "End" && rule.newState !== "EOF") {
            rules = this.#rules.get(rule.newState)!;
          }
          stateName = rule.newState;
        }
        break;
      }
      if (stateName === "End" || stateName === "EOF") break;
    }
    if (stateName !== "End" && !this.#t.states.has("EOF") && eof) run.append();
    return run.result as FsmCell[][];
  }

  /**
   * Runs the template over text and returns records keyed by value name.
   *
   * @param text The command output.
   * @param options Whether to run the implicit end-of-file record.
   * @returns One object per record.
   * @throws {TextFsmError} (`TEMPLATE_ERROR`) When an `Error` action is reached.
   */
  parseTextToDicts(text: string, options: ParseTextOptions = {}): FsmRecord[] {
    const header = this.header;
    return this.parseText(text, options).map((row) =>
      Object.fromEntries(header.map((h, i) => [h, row[i]!]))
    );
  }
}

// deno-lint-ignore no-control-regex
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

/**
 * Splits text into lines as Python's `str.splitlines()` does.
 *
 * @param text Any text.
 * @returns The lines, without terminators.
 */
export function splitLines(text: string): string[] {
  if (!text) return [];
  const lines = text.split(LINE_BREAK);
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

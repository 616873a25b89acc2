/**
 * Reads a TextFSM template (the text ntc-templates ship) into values, states
 * and rules, with the checks TextFSM 1.1 makes, in the same order.
 *
 * @module
 */
import { compilePyRegex, type PyRegex, PyRegexError } from "./py_regex.ts";
import { TemplateError } from "./errors.ts";

/** A `Value` option. */
export type ValueOption = "Filldown" | "Key" | "Required" | "List" | "Fillup";

/** A `Value` line. */
export interface TemplateValue {
  /** The value's name (the column header). */
  readonly name: string;
  /** Options in the order they were written. */
  readonly options: readonly ValueOption[];
  /** The regex as written, `(...)`. */
  readonly regex: string;
  /** The regex with the named group, as substituted into rules. */
  readonly template: string;
  /** For `List` values: the regex compiled, for nested named groups. */
  readonly listRegex: PyRegex | undefined;
}

/** The part of a rule before `.`: what to do with the input line. */
export type LineOp = "" | "Next" | "Continue" | "Error";
/** The part of a rule after `.`: what to do with the record. */
export type RecordOp = "" | "Record" | "NoRecord" | "Clear" | "Clearall";

/** A rule inside a state. */
export interface TemplateRule {
  /** The 1-based template line. */
  readonly line: number;
  /** The regex as written (before `${VALUE}` substitution). */
  readonly match: string;
  /** The compiled regex after substitution. */
  readonly regex: PyRegex;
  /** The line action (`""` means `Next`). */
  readonly lineOp: LineOp;
  /** The record action (`""` means `NoRecord`). */
  readonly recordOp: RecordOp;
  /** The next state, or the message (quoted) of an `Error` action, or `""`. */
  readonly newState: string;
}

/** A parsed template. */
export interface ParsedTemplate {
  /** The values, in declaration order. */
  readonly values: readonly TemplateValue[];
  /** The states (without `End`) and their rules. */
  readonly states: ReadonlyMap<string, readonly TemplateRule[]>;
}

const OPTIONS: readonly string[] = ["Filldown", "Key", "Required", "List", "Fillup"];
const LINE_OPS: readonly string[] = ["Continue", "Next", "Error"];
const RECORD_OPS: readonly string[] = ["Clear", "Clearall", "Record", "NoRecord"];
const MAX_NAME_LEN = 48;
const PY_SPACE =
  "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const RSTRIP = new RegExp(`[${PY_SPACE}]+$`, "v");
const LSTRIP = new RegExp(`^[${PY_SPACE}]+`, "v");
const COMMENT = new RegExp(`^[${PY_SPACE}]*#`, "v");
const STATE_NAME = /^[\p{L}\p{N}_]+$/u;
const NS = `(?<ns>[\\p{L}\\p{N}_]+|".*")`;
const OP = "(?<ln>Continue|Next|Error)(?:\\.(?<rec>Clear|Clearall|Record|NoRecord))?";
const ACTION_RE = new RegExp(`^[${PY_SPACE}]+${OP}(?:[${PY_SPACE}]+${NS})?$`, "v");
const ACTION2_RE = new RegExp(
  `^[${PY_SPACE}]+(?<rec>Clear|Clearall|Record|NoRecord)(?:[${PY_SPACE}]+${NS})?$`,
  "v",
);
const ACTION3_RE = new RegExp(`^(?:[${PY_SPACE}]+${NS})?$`, "v");
const PY_SPACE_CHAR = new RegExp(`[${PY_SPACE}]`, "v");
const SUBST = /\$(?:(\$)|([_a-z][_a-z0-9]*)|\{([_a-z][_a-z0-9]*)\}|())/gi;

/** Splits text into lines as Python's universal-newline file iteration does. */
function templateLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

const rstrip = (s: string): string => s.replace(RSTRIP, "");
const strip = (s: string): string => rstrip(s).replace(LSTRIP, "");
const pyLen = (s: string): number => Array.from(s).length;

/** `string.Template(text).substitute(map)`, or `undefined` on a bad placeholder. */
function substitute(text: string, map: ReadonlyMap<string, string>): string | undefined {
  let bad = false;
  const out = text.replace(SUBST, (_m, esc, named, braced) => {
    if (esc) return "$";
    const key: string | undefined = named ?? braced;
    const v = key === undefined ? undefined : map.get(key);
    if (v === undefined) bad = true;
    return v ?? "";
  });
  return bad ? undefined : out;
}

/**
 * Parses a template's text.
 *
 * @param text The template.
 * @param source A file name for messages.
 * @returns The values and states.
 * @throws {TemplateError} When TextFSM would reject the template.
 */
export function parseTemplate(text: string, source?: string): ParsedTemplate {
  const lines = templateLines(text);
  let i = 0;
  let lineNum = 0;
  const fail = (reason: string, line?: number, cause?: unknown): never => {
    throw new TemplateError(reason, { source, line, cause });
  };
  const values: TemplateValue[] = [];
  const valueMap = new Map<string, string>();

  // Values: a contiguous block ended by a blank line.
  while (i < lines.length) {
    lineNum++;
    const line = rstrip(lines[i++]!);
    if (!line) break;
    if (COMMENT.test(line)) continue;
    if (line.startsWith("Value ")) {
      const value = parseValue(line, (r, c) => fail(r, lineNum, c));
      if (values.some((v) => v.name === value.name)) {
        fail(`Duplicate declarations for Value '${value.name}'`, lineNum);
      }
      values.push(value);
      valueMap.set(value.name, value.template);
    } else if (values.length === 0) {
      fail("No Value definitions found", lineNum);
    } else fail("Expected blank line after last Value entry", lineNum);
  }

  // States: a name line, then rules until a blank line.
  const states = new Map<string, TemplateRule[]>();
  for (;;) {
    let stateName = "";
    while (i < lines.length) {
      lineNum++;
      const line = rstrip(lines[i++]!);
      if (!line || COMMENT.test(line)) continue;
      if (
        !STATE_NAME.test(line) || pyLen(line) > MAX_NAME_LEN || LINE_OPS.includes(line) ||
        RECORD_OPS.includes(line)
      ) fail(`Invalid state name: '${line}'`, lineNum);
      if (states.has(line)) fail(`Duplicate state name: '${line}'`, lineNum);
      stateName = line;
      states.set(line, []);
      break;
    }
    if (!stateName) break;
    while (i < lines.length) {
      lineNum++;
      const line = rstrip(lines[i++]!);
      if (!line) break;
      if (COMMENT.test(line)) continue;
      if (!(line.startsWith(" ^") || line.startsWith("  ^") || line.startsWith("\t^"))) {
        fail("Missing white space or carat ('^') before rule", lineNum);
      }
      states.get(stateName)!.push(parseRule(line, lineNum, valueMap, fail));
    }
  }

  // Validation of the whole machine.
  if (!states.has("Start")) fail("Missing state 'Start'");
  if (states.get("End")?.length) fail("Non-Empty 'End' state");
  if (states.get("EOF")?.length) fail("Non-Empty 'EOF' state");
  states.delete("End");
  for (const [name, rules] of states) {
    for (const rule of rules) {
      if (rule.lineOp === "Error" || !rule.newState) continue;
      if (rule.newState === "End" || rule.newState === "EOF") continue;
      if (!states.has(rule.newState)) {
        fail(`State '${rule.newState}' not found, referenced in state '${name}'`, rule.line);
      }
    }
  }
  return { values, states };
}

function parseValue(line: string, fail: (reason: string, cause?: unknown) => never): TemplateValue {
  const tokens = line.split(" ");
  if (tokens.length < 3) fail("Expect at least 3 tokens on line");
  let options: ValueOption[] = [];
  let name: string, regex: string;
  if (!tokens[2]!.startsWith("(")) {
    for (const option of tokens[1]!.split(",")) {
      if (options.includes(option as ValueOption)) fail(`Duplicate option "${option}"`);
      if (!OPTIONS.includes(option)) fail(`Unknown option "${option}"`);
      options = [...options, option as ValueOption];
    }
    name = tokens[2]!;
    regex = tokens.slice(3).join(" ");
  } else {
    name = tokens[1]!;
    regex = tokens.slice(2).join(" ");
  }
  if (pyLen(name) > MAX_NAME_LEN) fail(`Invalid Value name '${name}' or name too long`);
  const opens = regex.split("(").length, closes = regex.split(")").length;
  if (!/^\(.*\)$/u.test(regex) || opens !== closes) {
    fail(`Value '${regex}' must be contained within a '()' pair`);
  }
  const template = regex.replace(/^\(/, `(?P<${name}>`);
  let listRegex: PyRegex | undefined;
  if (options.includes("List")) {
    try {
      listRegex = compilePyRegex(regex);
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e), e);
    }
  }
  return { name, options, regex, template, listRegex };
}

function parseRule(
  raw: string,
  lineNum: number,
  valueMap: ReadonlyMap<string, string>,
  fail: (reason: string, line?: number, cause?: unknown) => never,
): TemplateRule {
  const line = strip(raw);
  // The last " ->" splits the regex from the action (TextFSM's greedy MATCH_ACTION).
  let split = -1;
  for (let p = line.lastIndexOf("->"); p > 0; p = line.lastIndexOf("->", p - 1)) {
    if (PY_SPACE_CHAR.test(line[p - 1]!)) {
      split = p;
      break;
    }
  }
  const match = split < 0 ? line : line.slice(0, split - 1);
  let regexText = match;
  if (valueMap.size > 0) {
    const sub = substitute(match, valueMap);
    if (sub === undefined) fail(`Duplicate or invalid variable substitution: '${match}'`, lineNum);
    regexText = sub!;
  }
  let regex: PyRegex;
  try {
    regex = compilePyRegex(regexText);
  } catch (e) {
    const why = e instanceof PyRegexError && e.untranslatable
      ? e.message
      : `${e instanceof Error ? e.message : e}`;
    return fail(`Invalid regular expression: '${regexText}' (${why})`, lineNum, e);
  }
  let lineOp: LineOp = "", recordOp: RecordOp = "", newState = "";
  if (split >= 0) {
    const action = line.slice(split + 2);
    const m = ACTION_RE.exec(action) ?? ACTION2_RE.exec(action) ?? ACTION3_RE.exec(action);
    if (!m) fail(`Badly formatted rule '${line}'`, lineNum);
    const g = m!.groups ?? {};
    lineOp = (g.ln ?? "") as LineOp;
    recordOp = (g.rec ?? "") as RecordOp;
    newState = g.ns ?? "";
  }
  if (lineOp === "Continue" && newState) {
    fail(`Action '${lineOp}' with new state ${newState} specified`, lineNum);
  }
  if (lineOp !== "Error" && newState && !/^[\p{L}\p{N}_]/u.test(newState)) {
    fail("Alphanumeric characters only in state names", lineNum);
  }
  return { line: lineNum, match, regex, lineOp, recordOp, newState };
}

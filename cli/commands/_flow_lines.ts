/**
 * The flows file of `check-access --flows`: one JSON flow per line, read
 * into one buffer of encoded flows. A line that cannot be read becomes its
 * own error (its line and why); the other lines are still answered.
 *
 * @module
 */
import { encodeFlow, type Flow, FLOW_FIELDS, FLOW_SIZE } from "../../lib/acl/flow.ts";
import { FlowScanner } from "../../lib/acl/_flow_scan.ts";

const FLOW_KEYS: ReadonlySet<string> = new Set(FLOW_FIELDS);

/** The flows of a file: the encoded ones, and per non-blank line where its answer comes from. */
export interface FlowLines {
  /** Encoded flows, 48 bytes each (`count * 48` bytes are used). */
  bytes: Uint8Array;
  /** How many flows were encoded. */
  count: number;
  /** Per non-blank line: its line number (1-based). */
  lines: number[];
  /** Per non-blank line: the index of its flow in `bytes`, or `-1 - i` for `errors[i]`. */
  slots: number[];
  /** Why each bad line could not be read. */
  errors: string[];
}

const decoder = new TextDecoder();

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Reads one line with `JSON.parse` and `encodeFlow`; returns why it cannot, or `null`. */
function readSlow(line: string, out: Uint8Array, at: number): string | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return `not JSON: ${describe(e)}`;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return "expected a JSON object";
  }
  for (const k of Object.keys(value)) {
    if (!FLOW_KEYS.has(k)) {
      return `unknown flow field "${k}" (use ${[...FLOW_KEYS].join(", ")})`;
    }
  }
  try {
    encodeFlow(value as Flow, out, at);
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) return e.message;
    throw e;
  }
  return null;
}

/**
 * Reads one line (`data[s..e)`, without its newline and leading blanks) into
 * the 48-byte layout at `out[at..]`: the fast reader first, else `JSON.parse`
 * and `encodeFlow`.
 *
 * @returns Why the line cannot be read, or `null` when it was.
 */
export function readFlowLine(
  scanner: FlowScanner,
  data: Uint8Array,
  s: number,
  e: number,
  out: Uint8Array,
  at: number,
): string | null {
  if (scanner.scan(data, s, e, out, at)) return null;
  return readSlow(decoder.decode(data.subarray(s, e)), out, at);
}

/**
 * Reads every line of a flows file.
 *
 * @param data The file's bytes (UTF-8).
 */
export function readFlowLines(data: Uint8Array): FlowLines {
  // room for lines of ~80 bytes (a flow with protocol and ports); doubled when short
  let bytes = new Uint8Array(Math.max(1, Math.ceil(data.length / 80)) * FLOW_SIZE);
  let count = 0;
  const lines: number[] = [];
  const slots: number[] = [];
  const errors: string[] = [];
  const scanner = new FlowScanner();
  let lineNo = 0;
  for (let start = 0; start < data.length;) {
    let end = data.indexOf(10, start);
    if (end < 0) end = data.length;
    lineNo++;
    const next = end + 1;
    let e = end;
    if (e > start && data[e - 1] === 13) e--;
    let s = start;
    while (s < e && (data[s] === 32 || data[s] === 9)) s++;
    start = next;
    if (s === e) continue;
    if ((count + 1) * FLOW_SIZE > bytes.length) {
      const bigger = new Uint8Array(bytes.length * 2);
      bigger.set(bytes);
      bytes = bigger;
    }
    const at = count * FLOW_SIZE;
    lines.push(lineNo);
    const why = readFlowLine(scanner, data, s, e, bytes, at);
    if (why === null) {
      slots.push(count++);
    } else {
      slots.push(-1 - errors.length);
      errors.push(why);
    }
  }
  return { bytes, count, lines, slots, errors };
}

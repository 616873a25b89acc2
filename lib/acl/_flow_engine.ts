/**
 * Flow lines read and checked in the engine (`acl_flows_load`,
 * `acl_flows_run`, `acl_flows_name`; ABI.md §3 "Flow lines"): the bytes of a
 * flows file go into the engine once, which reads the plain JSON lines (as
 * {@linkcode FlowScanner} does) and checks them against the compiled IPv4
 * filter, returning one record per non-blank line. Lines it does not read
 * (IPv6, other fields, escapes, errors) come back deferred, for the caller's
 * general reader; names are resolved here, through the same
 * {@linkcode FlowScanner} (so through `encodeFlow`), the first time the engine
 * meets each.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import { AclSyntaxError } from "./errors.ts";
import type { AclDialect } from "./ir.ts";
import { type AclHead, diagnosticsOf } from "./_engine.ts";
import { FlowScanner } from "./_flow_scan.ts";
import { callBytes, callBytesInPlace, callText } from "./_wasm.ts";

/** Record status of a line the engine did not read: the caller reads it. */
export const FLOW_DEFERRED = 3;
/** Record status of an IPv4 flow when no filter answers IPv4 flows. */
export const FLOW_NO_FILTER = 4;

/** Lines read per engine call: between calls V8 can swap in the optimised engine code. */
const CHUNK = 16384;

const EMPTY = new Uint8Array(0);

/** Bytes of ACL text {@linkcode compileStreamed} has the engine read per run. */
const STREAM_BLOCK = 1 << 18;

/**
 * Compiles the checker of every filter of an IOS-family text in the engine
 * as it reads the text a run of lines at a time (`acl_compile_stream`, ABI.md
 * §3), so that the IR of the whole text never exists: a 50 MB list peaks at
 * a fraction of the memory of a lazy parse. The checkers stay in the engine
 * until `acl_compile` on the same text, dialect and index takes them
 * (`compileChecker` with that lazy source).
 *
 * @param text The ACL text.
 * @param dialect As for `parse`.
 * @returns The heads, with their terms' names and lines, as `acl_parse` with
 *   `lazy` and `termLines` gives them, and the key `acl_compile` takes the
 *   checkers by (`kept`: a {@linkcode LazySource} with it compiles without
 *   sending the text again); or `undefined` when the engine reads this text
 *   whole (Junos, a text several dialects write alike, a statement going back
 *   to an earlier list): parse it lazily instead.
 * @throws {AclSyntaxError} When the text does not parse (every diagnostic, as
 *   the whole parse reports them).
 * @throws {TriggerError} `WASM_FAILED` when the engine fails.
 */
export function compileStreamed(
  text: string,
  dialect: AclDialect,
): { heads: AclHead[]; kept: string } | undefined {
  const { status, out } = callText("acl_compile_stream", { dialect, block: STREAM_BLOCK }, text);
  if (status === 2) return undefined;
  if (status !== 0) throw new AclSyntaxError(diagnosticsOf(out));
  try {
    const { acls, kept } = JSON.parse(out) as { acls: AclHead[]; kept: string };
    return { heads: acls, kept };
  } catch (e) {
    throw new TriggerError("WASM_FAILED", "Cannot read the ACL engine's output", { cause: e });
  }
}

/** The engine's records of a flows file. */
export interface FlowRecords {
  /**
   * Three words per non-blank line: its line number (1-based); its status
   * (bits 0..3: 0 denied, 1 permitted, 2 undetermined,
   * {@linkcode FLOW_DEFERRED} or {@linkcode FLOW_NO_FILTER}; bits 16..32:
   * the missing-field bits of an undetermined result); the deciding term's
   * index (-1: the implicit deny), or for a deferred line the byte offset of
   * its text.
   */
  words: Uint32Array;
  /** How many lines (`words.length / 3`). */
  count: number;
}

function failed(what: string, out: Uint8Array): never {
  const why = diagnosticsOf(new TextDecoder().decode(out)).map((d) => d.message).join("; ");
  throw new TriggerError("WASM_FAILED", `Cannot check the flow lines: ${what}: ${why}`);
}

/**
 * Reads and checks every line of a flows file in the engine.
 *
 * @param data The file's bytes.
 * @param handle The compiled filter for IPv4 flows (`acl_compile`), or -1 when none answers them.
 * @param scanner Resolves names as the JavaScript reader does (and remembers them).
 * @returns One record per non-blank line.
 * @throws {TriggerError} `WASM_FAILED` when the engine fails or the handle is bad.
 */
export function checkFlowFile(
  data: Uint8Array,
  handle: number,
  scanner: FlowScanner = new FlowScanner(),
): FlowRecords {
  callBytes("acl_flows_load", {}, data);
  const parts: Uint32Array[] = [];
  let total = 0;
  for (;;) {
    const { status, out } = callBytes("acl_flows_run", { handle, max: CHUNK }, EMPTY);
    if (status < 0) failed("acl_flows_run", out);
    const words = new Uint32Array(out.buffer, out.byteOffset, out.length >> 2);
    if (words.length > 4) {
      parts.push(words.subarray(4));
      total += words.length - 4;
    }
    if (status === 0) break;
    if (status === 2) {
      const value = scanner.resolveName(words[0]!, words[1]!, data, words[2]!, words[3]!);
      const r = callBytes("acl_flows_name", { value }, EMPTY);
      if (r.status < 0) failed("acl_flows_name", r.out);
    }
  }
  if (parts.length === 1) return { words: parts[0]!, count: total / 3 };
  const all = new Uint32Array(total);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return { words: all, count: total / 3 };
}

/**
 * Bit of an answer code for {@linkcode writeFlowAnswers}: the answer follows
 * `PREFIX` and the line number (`FILE:LINE`); without it, the answer is the
 * whole line.
 */
export const ANSWER_NUMBERED = 0x8000_0000;

/** Lines per `acl_flows_write` call (~1.7 MB of text answers). */
const WRITE_CHUNK = 16384;

/**
 * Writes the answer lines of a flows file in the engine (`acl_flows_answers`,
 * `acl_flows_write`; ABI.md §3 "Flow answers"): each distinct answer's bytes
 * are sent once, then each line is a pair of words (line number, answer code)
 * and the engine copies prefix, number and answer into one buffer per chunk,
 * handed to `sink` in order.
 *
 * @param prefix What a numbered line starts with (`FILE:`).
 * @param answers The answers' bytes, numbered by position.
 * @param codes Two words per line: its line number, then its answer's number,
 *   with {@linkcode ANSWER_NUMBERED} for `FILE:LINE` before it.
 * @param sink Receives the lines, a chunk at a time, in order (a view of the
 *   engine's memory, valid until the next engine call: write it out, or copy it).
 * @throws {TriggerError} `WASM_FAILED` when the engine fails or a code names no answer.
 */
export function writeFlowAnswers(
  prefix: string,
  answers: readonly Uint8Array[],
  codes: Uint32Array,
  sink: (bytes: Uint8Array) => void,
): void {
  let size = 0;
  for (const a of answers) size += a.length;
  const head = 4 * (answers.length + 1);
  const table = new Uint8Array(head + size);
  const words = new DataView(table.buffer);
  words.setUint32(0, answers.length, true);
  let at = 0;
  answers.forEach((a, k) => {
    table.set(a, head + at);
    at += a.length;
    words.setUint32(4 * (k + 1), at, true);
  });
  const r = callBytes("acl_flows_answers", { prefix }, table);
  if (r.status < 0) failed("acl_flows_answers", r.out);
  const bytes = new Uint8Array(codes.buffer, codes.byteOffset, codes.byteLength);
  for (let from = 0; from < bytes.length; from += 8 * WRITE_CHUNK) {
    const w = callBytesInPlace("acl_flows_write", {}, bytes.subarray(from, from + 8 * WRITE_CHUNK));
    if (w.status < 0) failed("acl_flows_write", w.out);
    sink(w.out);
  }
}

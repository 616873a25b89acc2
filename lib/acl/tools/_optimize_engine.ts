/**
 * The engine's optimizer (`acl_optimize`, `acl-wasm/src/opt/`, ABI.md §3):
 * one ACL, given as text or as IR JSON, optimized inside the engine (no term
 * is decoded into JavaScript), answered as the report, the optimized IR and/or
 * the optimized ACL written in a format.
 *
 * @module
 */
import type { AclDialect, AclFormat, Diagnostic } from "../ir.ts";
import type { InputFill } from "../types.ts";
import { AclSyntaxError } from "../errors.ts";
import { diagnosticsOf, emitError } from "../_engine.ts";
import { callBytes, callBytesInPlace } from "../_wasm.ts";
import { TriggerError } from "../../errors.ts";
import { severalFilters } from "../_several.ts";

/** What the engine is asked. */
export interface EngineOptimizeOptions {
  /** The input is ACL text (read as `parse` reads it) or one ACL's IR JSON. */
  input: "text" | "ir";
  /** For text: the dialect (`auto` detects). */
  dialect?: AclDialect;
  /** For text: which ACL of the text; by default the text must hold exactly one. */
  index?: number;
  /** The output format (merges depend on it); by default the ACL's own. */
  format?: AclFormat | undefined;
  /** Keep denies that only repeat the implicit deny. */
  keepDenies: boolean;
  /** How many terms apart two terms may be to be merged ({@linkcode DEFAULT_WINDOW} when absent). */
  window?: number;
  /** Answer the optimized ACL written in `format`. */
  text: boolean;
  /** Answer the optimized ACL's IR JSON. */
  ir: boolean;
  /** Name unnamed terms `T1`, `T2`, … in the written text. */
  nameTerms?: boolean;
  /** The report as JSON (`OptimizeReport`, the default) or as the summary lines for people. */
  report?: "json" | "summary";
  /**
   * Answer views of the engine's memory, valid until the next engine call,
   * instead of copies (for output written out at once; always so for an
   * input given as a filler).
   */
  inPlace?: boolean;
}

/** What the engine answered. */
export interface EngineOptimizeResult {
  /** The report: `OptimizeReport` JSON, or the summary lines (each ending with a newline). */
  report: Uint8Array;
  /** The optimized IR JSON (empty unless asked for). */
  ir: Uint8Array;
  /** The optimized ACL written in the format (empty unless asked for). */
  text: Uint8Array;
}

const NEWLINE = 10;

/** How many terms apart two terms may be to be merged, unless told otherwise. */
export const DEFAULT_WINDOW = 64;

/**
 * Runs `acl_optimize` on UTF-8 input bytes, or on a filler that writes them
 * into the engine's buffer in place (a file read straight in).
 *
 * @throws {AclSyntaxError} For syntax errors in the text.
 * @throws {AclUnsupportedError} When the format cannot write the result.
 * @throws {RangeError} When the text holds several ACLs and no `index` is given
 *   (`filterCountOf` in `../_several.ts` reads its count).
 * @throws {TriggerError} `WASM_FAILED` when the engine fails.
 */
export function engineOptimize(
  input: Uint8Array | InputFill,
  o: EngineOptimizeOptions,
): EngineOptimizeResult {
  const opts = {
    input: o.input,
    dialect: o.dialect ?? "auto",
    index: o.index ?? null,
    format: o.format ?? null,
    keepDenies: o.keepDenies,
    window: o.window ?? DEFAULT_WINDOW,
    text: o.text,
    ir: o.ir,
    nameTerms: o.nameTerms ?? false,
    report: o.report ?? "json",
  };
  // a filler writes in place, and its answer is read in place too
  const { status, out } = input instanceof Uint8Array && o.inPlace !== true
    ? callBytes("acl_optimize", opts, input)
    : callBytesInPlace("acl_optimize", opts, input);
  const decoder = new TextDecoder();
  if (status === 4) {
    const { count } = JSON.parse(decoder.decode(out)) as { count: number };
    throw severalFilters(count);
  }
  if (status !== 0) {
    const text = decoder.decode(out);
    const diagnostics: Diagnostic[] = diagnosticsOf(text);
    if (status === 3) {
      const { format } = JSON.parse(text) as { format: AclFormat };
      throw emitError(format, diagnostics);
    }
    throw new AclSyntaxError(diagnostics);
  }
  // `R I\n`, then R bytes of report, I bytes of IR, and the written text
  const head = out.indexOf(NEWLINE);
  const [r, i] = decoder.decode(out.subarray(0, Math.max(head, 0))).split(" ").map(Number);
  if (head < 0 || !Number.isSafeInteger(r) || !Number.isSafeInteger(i)) {
    throw new TriggerError("WASM_FAILED", "Cannot read the ACL engine's optimizer output");
  }
  const irAt = head + 1 + r!;
  const textAt = irAt + i!;
  return {
    report: out.subarray(head + 1, irAt),
    ir: out.subarray(irAt, textAt),
    text: out.subarray(textAt),
  };
}

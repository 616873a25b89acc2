/**
 * Engine calls shared by the ACL API: argument checks, `acl_parse`, and
 * errors from the engine's diagnostics.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import {
  AclSyntaxError,
  AclUnsupportedError,
  isInvalidIrCode,
  isUnsupportedCode,
} from "./errors.ts";
import type { AclDialect, AclFormat, AclIr, Diagnostic } from "./ir.ts";
import { ACL_DIALECTS, ACL_FORMATS } from "./ir.ts";
import type { ParseOptions } from "./types.ts";
import {
  callBytes,
  callText,
  closeStream,
  forgetKept,
  lastWarnings,
  openStream,
  stepStream,
} from "./_wasm.ts";
import type { InputFill } from "./types.ts";

/** Validates a dialect name (`what`: the failing action, for the message). */
export function checkDialect(dialect: unknown, what: string): AclDialect {
  if (!ACL_DIALECTS.includes(dialect as AclDialect)) {
    throw new RangeError(
      `Cannot ${what}: unknown dialect "${String(dialect)}" (use ${ACL_DIALECTS.join(", ")})`,
    );
  }
  return dialect as AclDialect;
}

/** Validates a format name (`what`: the failing action, for the message). */
export function checkFormat(format: unknown, what: string): AclFormat {
  if (!ACL_FORMATS.includes(format as AclFormat)) {
    throw new RangeError(
      `Cannot ${what}: unknown format "${String(format)}" (use ${ACL_FORMATS.join(", ")})`,
    );
  }
  return format as AclFormat;
}

/** Reads the diagnostics of a failed engine call. */
export function diagnosticsOf(out: string): Diagnostic[] {
  try {
    const parsed = JSON.parse(out) as { diagnostics?: Diagnostic[] };
    return parsed.diagnostics ?? [];
  } catch (e) {
    throw new TriggerError("WASM_FAILED", "Cannot read the ACL engine's diagnostics", { cause: e });
  }
}

/** The error for a failed `acl_emit`/`acl_convert`: invalid IR, unsupported constructs or syntax. */
export function emitError(format: string, diagnostics: Diagnostic[]): Error {
  const errors = diagnostics.filter((d) => d.severity === "error");
  const unsupported = errors.filter((d) => isUnsupportedCode(d.code));
  if (errors.length > 0 && errors.some((d) => isInvalidIrCode(d.code))) {
    return new TriggerError(
      "ACL_INVALID",
      `Cannot write ${format}: ${errors.map((d) => d.message).join("; ")}`,
    );
  }
  if (unsupported.length > 0 && unsupported.length === errors.length) {
    return new AclUnsupportedError(format, diagnostics);
  }
  return new AclSyntaxError(diagnostics);
}

/** Validates `parse` arguments and returns the dialect. */
export function dialectOf(text: string, options: ParseOptions): AclDialect {
  if (typeof text !== "string") throw new TypeError("Cannot parse ACL: expected a string");
  const { dialect = "auto" } = options;
  return checkDialect(dialect, "parse ACL");
}

/** Parses with `acl_parse`: every ACL, one (`index`), or heads only (`lazy`, ABI.md §3). */
export function parseRaw(
  text: string,
  dialect: AclDialect,
  opts: { index?: number; lazy?: boolean } = {},
): AclIr[] {
  return parseWithDiagnostics(text, dialect, opts).acls;
}

/**
 * A head from `acl_parse` with `lazy`: the ACL without its terms, and how many
 * it has; with `termLines`, each term's name and line.
 */
export type AclHead = AclIr & {
  termCount: number;
  termLines?: [name: string | null, line: number][];
};

/**
 * {@linkcode parseRaw}, also returning the warnings of a successful parse.
 * The text may be given as UTF-8 bytes (copied into the engine as they are:
 * no string is made of a large file; the engine refuses invalid UTF-8).
 */
export function parseWithDiagnostics(
  text: string | Uint8Array,
  dialect: AclDialect,
  opts: { index?: number; lazy?: boolean; termLines?: boolean } = {},
): { acls: AclIr[]; diagnostics: Diagnostic[] } {
  const o = {
    dialect,
    index: opts.index ?? null,
    lazy: !!opts.lazy,
    termLines: !!opts.termLines,
  };
  let status: number;
  let out: string;
  if (typeof text === "string") ({ status, out } = callText("acl_parse", o, text));
  else {
    const r = callBytes("acl_parse", o, text);
    status = r.status;
    out = new TextDecoder().decode(r.out);
  }
  if (status !== 0) throw new AclSyntaxError(diagnosticsOf(out));
  let parsed: { acls: AclIr[]; diagnostics?: Diagnostic[] };
  try {
    parsed = JSON.parse(out) as { acls: AclIr[]; diagnostics?: Diagnostic[] };
  } catch (e) {
    throw new TriggerError("WASM_FAILED", "Cannot read the ACL engine's output", { cause: e });
  }
  return { acls: parsed.acls, diagnostics: parsed.diagnostics ?? [] };
}

/**
 * Lets the engine free the IR (and the copy of the text) it keeps from the
 * last lazy parse (ABI.md §3, `acl_forget`): for a caller that will not decode
 * those ACLs' terms, before a large allocation such as a compile. The ACLs of
 * that parse still decode, by parsing their text again.
 */
export function dropKeptIr(): void {
  forgetKept();
}

/** A head from `acl_parse` with `lazy`, without its `termCount` and `termLines`. */
export function headOf(head: AclIr & Partial<Omit<AclHead, keyof AclIr>>): AclIr {
  const { termCount: _, termLines: __, ...rest } = head;
  return rest;
}

/** Passes the warnings of the last successful emit or convert call to `onWarning`, if given. */
export function reportWarnings(onWarning: ((d: Diagnostic) => void) | undefined): void {
  if (onWarning === undefined) return;
  for (const d of diagnosticsOf(lastWarnings())) onWarning(d);
}

/**
 * The heads and term counts of every ACL of a text, as
 * {@linkcode parseWithDiagnostics} with `lazy` gives them, from a streaming
 * check (`acl_stream_*` with `check`, ABI.md §3): the engine reads the text a
 * run of lines at a time and drops each run's IR, so that its memory stays
 * near the input's size; nothing is kept for later decoding.
 *
 * @param input The text as UTF-8 bytes, or written into the engine in place.
 * @param dialect The dialect.
 * @param blockBytes Bytes of text read per step.
 * @returns The heads and the warnings.
 * @throws {AclSyntaxError} Listing every syntax error.
 */
export function checkHeads(
  input: Uint8Array | InputFill,
  dialect: AclDialect,
  blockBytes = 1 << 18,
): { acls: AclHead[]; diagnostics: Diagnostic[] } {
  const opened = openStream({ check: true, from: dialect, block: blockBytes }, input);
  if (opened.status !== 0) throw new AclSyntaxError(diagnosticsOf(opened.out));
  try {
    for (;;) {
      const { status, out } = stepStream();
      if (status === 0) continue;
      const text = new TextDecoder().decode(out);
      if (status === 2) throw new AclSyntaxError(diagnosticsOf(text));
      if (status !== 1) {
        throw new TriggerError(
          "WASM_FAILED",
          "Cannot check ACL: the stream was ended by another call",
        );
      }
      try {
        const parsed = JSON.parse(text) as { acls: AclHead[]; diagnostics?: Diagnostic[] };
        return { acls: parsed.acls, diagnostics: parsed.diagnostics ?? [] };
      } catch (e) {
        throw new TriggerError("WASM_FAILED", "Cannot read the ACL engine's output", { cause: e });
      }
    }
  } finally {
    closeStream();
  }
}

/**
 * Lazily decoded ACLs: where one comes from (its text and position), decoding
 * its IR on first read, and writing output straight from its text.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import type { AclDialect, AclFamily, AclFormat, AclIr, Diagnostic } from "./ir.ts";
import { diagnosticsOf, emitError, parseRaw, reportWarnings } from "./_engine.ts";
import { callText } from "./_wasm.ts";

/** Where a lazily decoded ACL comes from: its text, and its position among the text's ACLs. */
export interface LazySource {
  text: string;
  dialect: AclDialect;
  index: number;
  /** The text holds this ACL only (so `acl_convert` on the text writes exactly it). */
  only: boolean;
  /**
   * The key of the checkers `acl_compile_stream` compiled from the text and
   * keeps (`compileStreamed`): the checker is taken by it, without sending
   * the text to the engine again.
   */
  kept?: string;
}

/** Decodes the IR of a lazily parsed ACL (its terms, comments, policers). */
export function decodeLazy(src: LazySource): AclIr {
  const [ir] = parseRaw(src.text, src.dialect, { index: src.index });
  if (!ir) throw new TriggerError("WASM_FAILED", "Cannot decode the ACL: the engine lost it");
  return ir;
}

/**
 * Writes a not yet decoded ACL straight from its text (no IR crosses the
 * boundary): `acl_convert` of the ACL at its position, which writes the IR the
 * engine kept from the lazy parse when it still has it (ABI.md §3).
 */
export function convertLazy(
  src: LazySource,
  format: AclFormat,
  opts: {
    replace: boolean;
    name: string | null;
    family: AclFamily | null;
    dropModifiers: boolean;
    nameTerms: boolean;
    countTerms: boolean;
    onWarning: ((d: Diagnostic) => void) | undefined;
  },
): string {
  const r = callText("acl_convert", {
    from: src.dialect,
    to: format,
    index: src.index,
    replace: opts.replace,
    name: opts.name,
    family: opts.family,
    dropModifiers: opts.dropModifiers,
    nameTerms: opts.nameTerms,
    countTerms: opts.countTerms,
  }, src.text);
  if (r.status === 0) {
    reportWarnings(opts.onWarning);
    return r.out;
  }
  throw emitError(format, diagnosticsOf(r.out));
}

/**
 * Streaming conversion: {@linkcode convertChunks} writes a large ACL text in
 * pieces, the engine reading a run of lines at a time and dropping their IR
 * before the next, so that memory stays near the size of the input instead
 * of ten times it.
 *
 * @module
 */
import type { AclFormat } from "./ir.ts";
import type { ConvertOptions, InputFill } from "./types.ts";
import { checkDialect, checkFormat, diagnosticsOf, emitError, reportWarnings } from "./_engine.ts";
import { closeStream, openStream, stepStream } from "./_wasm.ts";
import { TriggerError } from "../errors.ts";

/** Options of {@linkcode convertChunks}: those of `convert`, but `index`, plus the step size. */
export interface ConvertChunksOptions extends Omit<ConvertOptions, "index"> {
  /**
   * Bytes of input text the engine reads per step (whole lines); each step
   * yields the output of those lines.
   *
   * @default {262144}
   */
  blockBytes?: number;
  /**
   * Read the text once: when given, each piece is written as its lines are
   * checked, so the pieces are provisional until the generator ends. An
   * error still throws (after pieces: discard them all), and when the
   * engine finds that the text must be written otherwise (object groups, a
   * list that later lines change, ... as listed for the whole conversion
   * below) this is called, and the pieces yielded before it are void: those
   * that follow are the output from its beginning. For a caller that
   * withholds the output until the end (a temporary file); throwing here
   * ends the conversion.
   *
   * @default {undefined}
   */
  onRestart?: () => void;
}

/**
 * Converts ACL text to another format in pieces: the same bytes, warnings and
 * errors as `convertBytes` (all the pieces joined), with the engine's memory
 * bounded by the input plus one step's IR and output.
 *
 * The text is checked whole first (every syntax error, and every construct
 * the format cannot express, is thrown before the first piece), then read
 * again and written a run of lines at a time. IOS-family input streams so;
 * Junos input, lists using object groups, and texts that go back to an
 * earlier list (`no access-list N` after it, an ASA list continued later) are
 * converted whole and yielded as one piece.
 *
 * With `onRestart`, the text is read once instead: each piece is written
 * as its lines are checked, and is provisional until the end (see
 * {@linkcode ConvertChunksOptions.onRestart}).
 *
 * Each piece is a view of the engine's memory, valid only until the
 * generator is resumed or the engine is called again: write or copy it
 * before asking for the next. One stream runs at a time: starting another
 * ends this one, whose next step then throws.
 *
 * @param text The ACL text as UTF-8 bytes (copied into the engine), or an
 *   {@linkcode InputFill} that writes them into the engine's buffer in place.
 * @param to The output format.
 * @param options As `convert`'s, without `index`, plus `blockBytes`.
 * @returns A generator of the output's pieces, in order.
 * @throws {AclSyntaxError} When the text does not parse (before any piece).
 * @throws {AclUnsupportedError} When the format cannot express some construct.
 * @throws {RangeError} For an unknown format or dialect, or a bad `blockBytes`.
 * @throws {TriggerError} `WASM_FAILED` when the stream was ended by another
 *   engine call, or the engine failed.
 *
 * @example Convert piece by piece
 * ```ts
 * import { convertChunks } from "@trigger/trigger/acl";
 * import { strictEqual } from "node:assert/strict";
 *
 * let text = "ip access-list extended EDGE\n";
 * for (let i = 1; i <= 1000; i++) text += ` permit tcp any host 192.0.2.${i % 250 + 1} eq ${i}\n`;
 * const pieces: string[] = [];
 * for (const piece of convertChunks(new TextEncoder().encode(text), "iosxr", { blockBytes: 4096 })) {
 *   pieces.push(new TextDecoder().decode(piece)); // copy: the view is reused
 * }
 * const out = pieces.join("");
 * strictEqual(out.split("\n")[0], "ipv4 access-list EDGE");
 * strictEqual(out.split("\n")[1000], " 10000 permit tcp any host 192.0.2.1 eq 1000");
 * strictEqual(pieces.length > 5, true);
 * ```
 *
 * @example Read the text once, withholding the output until it is whole
 * ```ts
 * import { convertChunks } from "@trigger/trigger/acl";
 * import { strictEqual } from "node:assert/strict";
 *
 * let text = "ip access-list extended EDGE\n";
 * for (let i = 1; i <= 1000; i++) text += ` permit udp any any eq ${i}\n`;
 * let held: string[] = [];
 * const pieces = convertChunks(new TextEncoder().encode(text), "junos", {
 *   blockBytes: 4096,
 *   onRestart: () => held = [], // the pieces so far are void
 * });
 * for (const piece of pieces) held.push(new TextDecoder().decode(piece));
 * // only now, with no error thrown, is the output shown
 * strictEqual(held.join("").startsWith("filter EDGE {"), true);
 * ```
 */
export function* convertChunks(
  text: Uint8Array | InputFill,
  to: AclFormat,
  options: ConvertChunksOptions = {},
): Generator<Uint8Array, void, undefined> {
  const format = checkFormat(to, "convert ACL");
  const {
    from = "auto",
    replace = false,
    name,
    dropModifiers = false,
    nameTerms = false,
    countTerms = false,
    onWarning,
    blockBytes = 1 << 18,
    onRestart,
  } = options;
  checkDialect(from, "convert ACL");
  if (!(Number.isSafeInteger(blockBytes) && blockBytes > 0)) {
    throw new RangeError(
      `Cannot convert ACL: "blockBytes" must be a positive integer: current value is ${blockBytes}`,
    );
  }
  const opened = openStream({
    from,
    to: format,
    replace,
    name: name ?? null,
    dropModifiers,
    nameTerms,
    countTerms,
    block: blockBytes,
    onePass: onRestart !== undefined,
  }, text);
  if (opened.status !== 0) throw emitError(format, diagnosticsOf(opened.out));
  try {
    for (;;) {
      const { status, out } = stepStream();
      if (status === 3) {
        onRestart?.();
        continue;
      }
      if (status === 2) throw emitError(format, diagnosticsOf(new TextDecoder().decode(out)));
      if (status < 0) {
        throw new TriggerError(
          "WASM_FAILED",
          "Cannot convert ACL: the stream was ended by another call of the engine",
        );
      }
      if (out.length > 0) yield out;
      if (status === 1) break;
    }
    reportWarnings(onWarning);
  } finally {
    closeStream();
  }
}

/**
 * {@linkcode maskSecrets}: hides passwords in device text before it goes
 * into an error message, a log or `--json`, also when a device echoes them
 * broken up: across a line break, interleaved with colour or other terminal
 * control sequences, or with backspaces (typed-and-erased characters,
 * overstrikes).
 *
 * @module
 */
import { REDACTED } from "./secret.ts";

/**
 * Length of the terminal noise at `i` (escape sequence, control character,
 * backspace and the character it overstrikes or erases), or 0 at a plain
 * character. `next` is the secret character wanted after the noise: an
 * overstruck character equal to it is the secret's, not noise.
 */
function noiseAt(text: string, i: number, next: string | undefined): number {
  const c = text.charCodeAt(i);
  if (c === 0x1b) return escapeLength(text, i);
  if (c === 0x08 || c === 0x7f) {
    // BS then a character that is not the one wanted: an overstrike (S\b*)
    const after = text[i + 1];
    if (after !== undefined && after !== next && text.charCodeAt(i + 1) >= 0x20) return 2;
    return 1;
  }
  if (c < 0x20 || (c >= 0x80 && c < 0xa0)) return 1;
  // a character typed then erased (X\b): noise
  const after = text.charCodeAt(i + 1);
  if ((after === 0x08 || after === 0x7f) && text[i] !== next) return 2;
  return 0;
}

/** Length of the escape sequence at `i` (ESC included), bounded by line breaks. */
function escapeLength(text: string, i: number): number {
  const kind = text[i + 1];
  if (kind === undefined) return 1;
  if (kind === "[") {
    let j = i + 2;
    while (j < text.length && j - i < 40) {
      const c = text.charCodeAt(j);
      if (c >= 0x40 && c <= 0x7e) return j - i + 1;
      if (c < 0x20) return j - i;
      j++;
    }
    return j - i;
  }
  if ("]PX^_".includes(kind)) {
    let j = i + 2;
    while (j < text.length && j - i < 520) {
      const c = text.charCodeAt(j);
      if (c === 0x07) return j - i + 1;
      if (c === 0x1b) return j - i + (text[j + 1] === "\\" ? 2 : 0);
      if (c === 0x0a || c === 0x0d) return j - i;
      j++;
    }
    return j - i;
  }
  return kind.charCodeAt(0) < 0x20 ? 1 : 2;
}

/** The end (exclusive) of `secret` matched at `start` through noise, or -1. */
function matchAt(text: string, start: number, secret: string): number {
  let i = start;
  for (let k = 0; k < secret.length; k++) {
    if (k > 0) {
      for (let n = noiseAt(text, i, secret[k]); n > 0; n = noiseAt(text, i, secret[k])) i += n;
    }
    if (text[i] !== secret[k]) return -1;
    i++;
  }
  return i;
}

/**
 * Replaces every occurrence of each secret in device text, whole or broken
 * up by line breaks, terminal escape sequences (colours, window titles),
 * control characters and backspaces (characters typed then erased,
 * overstrikes like `S\b*`), with `***`. The span from the secret's first
 * character to its last goes, noise included. Empty secrets are ignored.
 *
 * @param text Raw or cleaned device text.
 * @param secrets The passwords to hide (`undefined` entries are skipped).
 * @param replacement What replaces each occurrence.
 * @returns The text without any secret.
 *
 * @example A password echoed in halves, in colour, with a correction
 * ```ts
 * import { maskSecrets } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * const pw = "Sup3rSecretPW!";
 * strictEqual(maskSecrets("Password: Sup3rSe\r\ncretPW!\r\n% Denied", [pw]), "Password: ***\r\n% Denied");
 * strictEqual(maskSecrets("\x1b[31mSup3r\x1b[0mSecretPW!", [pw]), "\x1b[31m***");
 * strictEqual(maskSecrets("Sup3rX\bSecretPW!", [pw]), "***");
 * strictEqual(maskSecrets("no secret here", [pw, undefined]), "no secret here");
 * ```
 */
export function maskSecrets(
  text: string,
  secrets: readonly (string | undefined)[],
  replacement: string = REDACTED,
): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    // one pass finds whole and broken-up occurrences alike (a whole-string pass first
    // could start inside a colour code whose last byte is the secret's first character)
    const first = secret[0]!;
    let result = "";
    let from = 0;
    for (let i = out.indexOf(first); i !== -1; i = out.indexOf(first, i + 1)) {
      if (i < from) continue;
      const end = matchAt(out, i, secret);
      if (end === -1) continue;
      result += out.slice(from, i) + replacement;
      from = end;
      i = end - 1;
    }
    if (from > 0) out = result + out.slice(from);
  }
  return out;
}

/**
 * A tiny line-oriented terminal model: consumes device output text, drops
 * ANSI/VT escape sequences (CSI, OSC, DCS, SOS, PM, APC, charset selection,
 * bracketed paste `ESC[?2004h`), and applies what changes the text:
 * backspace, carriage return overwrites, cursor left/right, erase-in-line.
 * What remains is the text a terminal would show, one line at a time. State
 * carries across calls, so splitting the input anywhere gives the same result.
 *
 * Escape sequences are bounded, as terminal emulators bound them, so stray
 * bytes (line noise, a confused terminal server) never swallow the output
 * that follows, prompt included: CAN and SUB abort any sequence; a line feed
 * or carriage return ends any unterminated one (and then takes effect); ESC
 * inside a string (OSC, DCS, SOS, PM, APC) ends it and starts a new
 * sequence; a string longer than {@linkcode MAX_ESCAPE_STRING} characters is
 * dropped and the text after it shown.
 *
 * @module
 */

const enum St {
  Text,
  Esc,
  EscCharset,
  Csi,
  Str,
  StrEsc,
}

// deno-lint-ignore no-control-regex
const PRINTABLE_RUN = /[^\x00-\x1f\x7f]+/y;

/** Longest escape string (window title, DCS...) before it is taken for noise and dropped. */
export const MAX_ESCAPE_STRING = 512;

/** The current, unterminated line plus the committed ones. */
export class Screen {
  /** Committed lines (without line ends). */
  lines: string[] = [];
  /** The current line. */
  line = "";
  /** Cursor column in the current line. */
  col = 0;
  #overwritten = false;
  #st = St.Text;
  #params = "";
  #strLen = 0;
  /** When set, printable text is dropped until the next control character. */
  dropRest = false;

  /** Clears everything (lines, current line, escape state is kept). */
  clear(): void {
    this.lines = [];
    this.line = "";
    this.col = 0;
    this.#overwritten = false;
    this.dropRest = false;
  }

  /** Replaces the current line by its first `at` characters and puts the cursor there. */
  truncateLine(at: number): void {
    this.line = this.line.slice(0, at);
    this.col = at;
    this.#overwritten = true;
  }

  /**
   * Feeds decoded text.
   *
   * @param text Decoded device output.
   * @param boundary Called before each control character (outside escape
   *   sequences) and at the end: the points where a line may be complete.
   */
  write(text: string, boundary?: () => void): void {
    let i = 0;
    const n = text.length;
    while (i < n) {
      if (this.#st === St.Text) {
        PRINTABLE_RUN.lastIndex = i;
        const m = PRINTABLE_RUN.exec(text);
        if (m) {
          this.#put(m[0]);
          i += m[0].length;
          continue;
        }
        boundary?.();
        this.#control(text.charCodeAt(i));
        i++;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 0x0a || c === 0x0d) {
        this.#st = St.Text; // a line break ends an unterminated sequence, then takes effect
        continue;
      }
      if (c === 0x18 || c === 0x1a) this.#st = St.Text; // CAN, SUB: abort
      else this.#escape(text[i]!);
      i++;
    }
    boundary?.();
  }

  #put(s: string): void {
    if (this.dropRest) return;
    if (this.col === this.line.length) {
      this.line += s;
    } else {
      if (this.col > this.line.length) this.line = this.line.padEnd(this.col, " ");
      this.line = this.line.slice(0, this.col) + s + this.line.slice(this.col + s.length);
      this.#overwritten = true;
    }
    this.col += s.length;
  }

  #commit(): void {
    this.lines.push(this.#overwritten ? this.line.trimEnd() : this.line);
    this.line = "";
    this.col = 0;
    this.#overwritten = false;
  }

  #control(c: number): void {
    if (c !== 0x1b && c !== 0x09) this.dropRest = false;
    switch (c) {
      case 0x0a: // LF
        this.#commit();
        break;
      case 0x0d: // CR
        this.col = 0;
        break;
      case 0x08: // BS
      case 0x7f:
        if (this.col > 0) this.col--;
        this.#overwritten = true;
        break;
      case 0x09:
        this.#put("\t");
        break;
      case 0x1b:
        this.dropRest = false;
        this.#st = St.Esc;
        break;
      default: // NUL, BEL and other C0 controls are dropped
    }
  }

  #escape(ch: string): void {
    switch (this.#st) {
      case St.Esc:
        if (ch === "[") {
          this.#st = St.Csi;
          this.#params = "";
        } else if (ch === "]" || ch === "P" || ch === "X" || ch === "^" || ch === "_") {
          this.#st = St.Str;
          this.#strLen = 0;
        } else if (ch === "\x1b") {
          // ESC ESC: the second one starts the sequence
        } else if (ch.charCodeAt(0) < 0x20) {
          this.#st = St.Text; // a control ends a malformed escape and takes effect
          this.#control(ch.charCodeAt(0));
        } else if (ch === "(" || ch === ")" || ch === "*" || ch === "+" || ch === "#") {
          this.#st = St.EscCharset;
        } else {
          this.#st = St.Text;
        }
        return;
      case St.EscCharset:
        this.#st = St.Text;
        return;
      case St.Csi: {
        const c = ch.charCodeAt(0);
        if (c >= 0x40 && c <= 0x7e) {
          this.#st = St.Text;
          this.#csi(ch, this.#params);
        } else if (c < 0x20 && c !== 0x1b) {
          this.#control(c); // controls inside CSI are executed (VT100 behaviour)
        } else if (c === 0x1b) {
          this.#st = St.Esc;
        } else {
          this.#params += ch;
          if (this.#params.length > 32) this.#st = St.Text; // malformed: give up
        }
        return;
      }
      case St.Str:
        if (ch === "\x07") this.#st = St.Text;
        else if (ch === "\x1b") this.#st = St.StrEsc;
        else if (++this.#strLen > MAX_ESCAPE_STRING) this.#st = St.Text; // noise: drop it
        return;
      case St.StrEsc:
        if (ch === "\\") this.#st = St.Text; // ST
        else {
          // ESC inside a string ends it and starts a new sequence
          this.#st = St.Esc;
          this.#escape(ch);
        }
        return;
      default:
        this.#st = St.Text;
    }
  }

  #csi(final: string, params: string): void {
    if (params.startsWith("?") || params.startsWith(">")) return; // private modes
    const num = (d: number) => {
      const v = parseInt(params.split(";")[0] ?? "", 10);
      return Number.isFinite(v) ? v : d;
    };
    switch (final) {
      case "D":
        this.col = Math.max(0, this.col - Math.max(1, num(1)));
        this.#overwritten = true;
        break;
      case "C":
        this.col += Math.max(1, num(1));
        break;
      case "G":
        this.col = Math.max(0, num(1) - 1);
        this.#overwritten = true;
        break;
      case "K": {
        const mode = num(0);
        if (mode === 0) this.line = this.line.slice(0, this.col);
        else if (mode === 1) {
          this.line = " ".repeat(Math.min(this.col, this.line.length)) + this.line.slice(this.col);
        } else this.line = "";
        this.#overwritten = true;
        break;
      }
      default: // colours (m), scrolling, cursor position, erase display: no text change
    }
  }

  /** All text so far: committed lines and the current line, joined by `\n`. */
  text(): string {
    return this.lines.length ? `${this.lines.join("\n")}\n${this.line}` : this.line;
  }
}

/**
 * Strips ANSI/VT escape sequences and applies backspaces and carriage
 * returns, as a terminal would display the text.
 *
 * @param text Raw device output.
 * @returns The displayed text, lines joined by `\n`.
 *
 * @example Clean a coloured, bracketed-paste prompt
 * ```ts
 * import { stripAnsi } from "@trigger/trigger/channel";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(stripAnsi("\x1b[?2004h\x1b[1;32mr1#\x1b[0m ab\bc\r\n"), "r1# ac\n");
 * ```
 */
export function stripAnsi(text: string): string {
  const s = new Screen();
  s.write(text);
  return s.text();
}

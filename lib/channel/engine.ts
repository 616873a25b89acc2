/**
 * The sans-IO prompt engine: feed it device bytes, get events back (bytes to
 * send for pagers and confirmations, and the prompt with the output before
 * it). It never touches a socket, so it is tested by feeding bytes one at a
 * time and in large chunks, with identical results.
 *
 * @module
 */
import { Screen, stripAnsi } from "./screen.ts";
import { maskSecrets } from "../credentials/mask.ts";
import {
  compileConfirm,
  compilePager,
  compilePromptPattern,
  type ConfirmRule,
  DEFAULT_CONFIRMATIONS,
  DEFAULT_PAGERS,
  learnedPromptPattern,
  type PagerRule,
} from "./patterns.ts";

/** A prompt regex per mode, tried in order. */
export interface ModePrompt {
  /** The mode this prompt means (e.g. `exec`, `privileged`, `configuration`). */
  mode: string;
  /** Regex source matched against the whole current line. */
  pattern: string;
}

/** What the engine asks the caller to do, or tells it. */
export type ChannelEvent =
  | { type: "send"; data: string; reason: "pager" | "confirm" }
  | {
    type: "prompt";
    /** The prompt line as displayed (trimmed). */
    prompt: string;
    /** The mode whose pattern matched (`undefined`: only the learned prompt did). */
    mode: string | undefined;
    /** Cleaned text before the prompt (echo not yet removed). */
    output: string;
  };

/** Options of {@linkcode PromptEngine}. */
export interface PromptEngineOptions {
  /** Prompt patterns per mode. */
  prompts: ModePrompt[];
  /**
   * Pagers to continue automatically.
   *
   * @default {DEFAULT_PAGERS}
   */
  pagers?: readonly PagerRule[];
  /**
   * Confirmations to answer automatically (`[]` disables).
   *
   * @default {DEFAULT_CONFIRMATIONS}
   */
  confirmations?: readonly ConfirmRule[];
  /**
   * Line ending appended to confirmation answers.
   *
   * @default {"\n"}
   */
  returnChar?: string;
  /**
   * Strings never shown in {@linkcode PromptEngine.tail} (passwords).
   *
   * @default {[]}
   */
  secrets?: string[];
  /**
   * Lines longer than this are never prompts, pagers or confirmations.
   *
   * @default {256}
   */
  maxPromptLength?: number;
}

/**
 * Turns device output into prompt, pager and confirmation events.
 *
 * Patterns are checked on the current line before each control character
 * and at the end of each {@linkcode PromptEngine.feed} call. Pagers match a
 * line's start (the rest of that line is dropped), prompts the whole line:
 * so feeding a transcript byte by byte or in one chunk gives the same events.
 *
 * @example Continue a pager, then find the prompt
 * ```ts
 * import { PromptEngine } from "@trigger/trigger/channel";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const engine = new PromptEngine({ prompts: [{ mode: "exec", pattern: String.raw`\w+>` }] });
 * deepStrictEqual(engine.feed("line 1\r\n --More-- "), [
 *   { type: "send", data: " ", reason: "pager" },
 * ]);
 * deepStrictEqual(engine.feed("\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\bline 2\r\nr1>"), [
 *   { type: "prompt", prompt: "r1>", mode: "exec", output: "line 1\nline 2" },
 * ]);
 * ```
 */
export class PromptEngine {
  #screen = new Screen();
  #decoder = new TextDecoder();
  #prompts: { mode: string; re: RegExp }[];
  #extra: { mode: string; re: RegExp }[] = [];
  #pagers: { re: RegExp; reply: string }[];
  #confirms: { re: RegExp; answer: string }[];
  #returnChar: string;
  #secrets: string[];
  #maxLen: number;
  #learned: RegExp | undefined;
  #armed = true;
  #answeredLine = -1;
  #raw = "";
  #pagerCount = 0;

  /**
   * Creates an engine waiting for its first prompt.
   *
   * @param options Prompt patterns, pagers, confirmations, line ending, secrets.
   * @throws {SyntaxError} When a pattern is not a valid regex.
   */
  constructor(options: PromptEngineOptions) {
    const {
      prompts,
      pagers = DEFAULT_PAGERS,
      confirmations = DEFAULT_CONFIRMATIONS,
      returnChar = "\n",
      secrets = [],
      maxPromptLength = 256,
    } = options;
    this.#prompts = prompts.map((p) => ({ mode: p.mode, re: compilePromptPattern(p.pattern) }));
    this.#pagers = pagers.map(compilePager);
    this.#confirms = confirmations.map(compileConfirm);
    this.#returnChar = returnChar;
    this.#secrets = secrets.filter((s) => s.length > 0);
    this.#maxLen = maxPromptLength;
  }

  /** Raw text (decoded, unprocessed) received since the last {@linkcode reset}. */
  get raw(): string {
    return this.#raw;
  }

  /** How many pagers were continued since the last reset. */
  get pagerCount(): number {
    return this.#pagerCount;
  }

  /** The prompt regex learned by {@linkcode learnPrompt}, if any. */
  get learnedPrompt(): RegExp | undefined {
    return this.#learned;
  }

  /**
   * Only accepts prompts that match the one seen (with mode variations).
   *
   * @param prompt The prompt line seen after login.
   */
  learnPrompt(prompt: string): void {
    this.#learned = learnedPromptPattern(prompt);
  }

  /**
   * Starts a new exchange: clears the text and waits for the next prompt.
   *
   * @param extra Prompts accepted for this exchange only (e.g. `Password:`),
   *   checked first and without the learned-prompt filter.
   */
  reset(extra: ModePrompt[] = []): void {
    this.#extra = extra.map((p) => ({ mode: p.mode, re: compilePromptPattern(p.pattern) }));
    this.#screen.clear();
    this.#raw = "";
    this.#armed = true;
    this.#answeredLine = -1;
    this.#pagerCount = 0;
  }

  /**
   * Feeds bytes (or text) from the device.
   *
   * @param chunk Bytes as received, or already decoded text.
   * @returns The events raised by this chunk (at most one prompt).
   */
  feed(chunk: Uint8Array | string): ChannelEvent[] {
    const text = typeof chunk === "string" ? chunk : this.#decoder.decode(chunk, { stream: true });
    if (text === "") return [];
    this.#raw += text;
    const events: ChannelEvent[] = [];
    this.#screen.write(text, () => {
      if (this.#armed) {
        const ev = this.#check(false);
        if (ev) events.push(ev);
      }
    });
    // A prompt is what the device shows as it waits for input: the end of what it sent. Before
    // a control byte mid-chunk, a line of noise may end like a prompt ("...w#") for a moment;
    // taken for the prompt there (and learned), the real one never matched again: the lab's
    // garbage fault timed out 0.3% of logins. Pagers and questions are still answered where
    // they are seen (their patterns are specific, and a transcript may hold several).
    if (this.#armed) {
      const ev = this.#check(true);
      if (ev) events.push(ev);
    }
    return events;
  }

  /** `end`: at the end of a chunk, where a prompt may be; elsewhere only pagers and questions. */
  #check(end: boolean): ChannelEvent | undefined {
    const s = this.#screen;
    const line = s.line;
    if (line.length === 0 || line.length > this.#maxLen || s.dropRest) return undefined;
    for (const p of this.#pagers) {
      if (p.re.test(line)) {
        s.truncateLine(0);
        s.dropRest = true;
        this.#pagerCount++;
        return { type: "send", data: p.reply, reason: "pager" };
      }
    }
    const prompt = end ? this.#matchPrompt(line) : undefined;
    if (prompt) {
      this.#armed = false;
      return { type: "prompt", prompt: line.trim(), mode: prompt.mode, output: s.lines.join("\n") };
    }
    if (this.#answeredLine !== s.lines.length) {
      for (const c of this.#confirms) {
        if (c.re.test(line)) {
          this.#answeredLine = s.lines.length;
          return { type: "send", data: c.answer + this.#returnChar, reason: "confirm" };
        }
      }
    }
    return undefined;
  }

  #matchPrompt(line: string): { mode: string | undefined } | undefined {
    for (const p of this.#extra) if (p.re.test(line)) return { mode: p.mode };
    if (this.#learned && !this.#learned.test(line)) return undefined;
    for (const p of this.#prompts) if (p.re.test(line)) return { mode: p.mode };
    return this.#learned ? { mode: undefined } : undefined;
  }

  /**
   * Tests a line against the prompt patterns (and the learned prompt).
   *
   * @param line One line of text.
   * @returns The mode matched, `null` when the line is not a prompt.
   */
  promptMode(line: string): string | undefined | null {
    const m = this.#matchPrompt(line);
    return m ? m.mode : null;
  }

  /**
   * The last characters seen, cleaned, with secrets masked (also when echoed
   * broken up, see {@linkcode maskSecrets}) and controls escaped: for error
   * messages.
   *
   * @param max Maximum length.
   * @returns A printable excerpt.
   */
  tail(max = 200): string {
    // masked in the raw text, before the terminal model joins or overwrites
    // anything: a password echoed in halves, in colour or with backspaces
    // (a CR can even overwrite its first half on the screen) is found whole
    let t = stripAnsi(maskSecrets(this.#raw, this.#secrets));
    t = t.slice(-max);
    return t.replace(/[^\x20-\x7e\n\t\u00a0-\uffff]/g, "?");
  }
}

/**
 * Removes the echoed command from the start of an output, if it is there
 * (possibly after a prompt, as on devices that redraw the line).
 *
 * @param output Cleaned output.
 * @param command The command that was sent.
 * @returns The output without the echo line.
 *
 * @example Drop the echo
 * ```ts
 * import { stripEcho } from "@trigger/trigger/channel";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(stripEcho("show clock\n12:00:01 UTC", "show clock"), "12:00:01 UTC");
 * strictEqual(stripEcho("r1#show clock\n12:00", "show clock"), "12:00");
 * ```
 */
export function stripEcho(output: string, command: string): string {
  const nl = output.indexOf("\n");
  const first = nl === -1 ? output : output.slice(0, nl);
  const cmd = command.trim();
  if (cmd !== "" && first.trimEnd().endsWith(cmd)) return nl === -1 ? "" : output.slice(nl + 1);
  if (cmd === "" && first.trim() === "") return nl === -1 ? "" : output.slice(nl + 1);
  return output;
}

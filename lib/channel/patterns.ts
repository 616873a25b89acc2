/**
 * Prompt, pager and confirmation patterns: compiling profile regex sources,
 * the default pager and confirmation lists, and learned prompts.
 *
 * @module
 */

/** A pager ("--More--") and the key that continues it. */
export interface PagerRule {
  /** Regex source matched at the start of the current line (case-insensitive). */
  pattern: string;
  /**
   * What to send to continue.
   *
   * @default {" "}
   */
  reply?: string;
}

/** A confirmation question and its automatic answer. */
export interface ConfirmRule {
  /** Regex source matched at the end of the current line (case-insensitive). */
  pattern: string;
  /** The answer; the line ending is added. `""` accepts the default. */
  answer: string;
}

/** Pagers seen across vendors; matched at the start of a line. */
export const DEFAULT_PAGERS: readonly PagerRule[] = [
  { pattern: String.raw`\s*-+\s*More\s*-+` }, // --More--, " --More-- ", -- More --, --More-- or (q)uit
  { pattern: String.raw`\s*-+\s*\(more(?:\s+\d+%)?\)\s*-+` }, // ---(more)---, ---(more 45%)---
  { pattern: String.raw`\s*<-+\s*More\s*-+>` }, // <--- More --->
  { pattern: String.raw`\s*Press any key to continue` }, // incl. "(Q to quit)"
  { pattern: String.raw`\s*Type <CR> to continue` }, // old Foundry/Brocade
];

/** Confirmations commonly answered with the default. */
export const DEFAULT_CONFIRMATIONS: readonly ConfirmRule[] = [
  { pattern: String.raw`\[confirm\]\s*$`, answer: "" },
  { pattern: String.raw`Destination filename \[[^\]]*\]\?\s*$`, answer: "" },
  { pattern: String.raw`\(y/n\)(?:\s*\[[yn]\])?\??\s*:?\s*$`, answer: "y" },
  { pattern: String.raw`\[yes/no\]:?\s*$`, answer: "yes" },
];

/**
 * Compiles a prompt regex source so it must match the whole current line:
 * `^` is prepended and `\s*$` appended unless already there.
 *
 * @param source Regex source.
 * @returns The compiled, line-anchored regex.
 * @throws {SyntaxError} When the source is not a valid regex.
 *
 * @example Anchor an IOS-like prompt
 * ```ts
 * import { compilePromptPattern } from "@trigger/trigger/channel";
 * import { strictEqual } from "node:assert/strict";
 *
 * const re = compilePromptPattern(String.raw`[\w.-]+[>#]`);
 * strictEqual(re.test("foo-bar1# "), true);
 * strictEqual(re.test("some leading text device-name# "), false);
 * ```
 */
export function compilePromptPattern(source: string): RegExp {
  let s = source;
  if (!s.startsWith("^")) s = `^(?:${s})`;
  if (!s.endsWith("$")) s = `${s}\\s*$`;
  return new RegExp(s);
}

/** Compiles a pager rule (anchored at line start, case-insensitive). */
export function compilePager(rule: PagerRule): { re: RegExp; reply: string } {
  return { re: new RegExp(`^(?:${rule.pattern})`, "i"), reply: rule.reply ?? " " };
}

/** Compiles a confirmation rule (case-insensitive, end-anchored by its source). */
export function compileConfirm(rule: ConfirmRule): { re: RegExp; answer: string } {
  return { re: new RegExp(rule.pattern, "i"), answer: rule.answer };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Builds a pattern from a prompt actually seen: the exact base name, then any
 * mode suffix in parentheses or brackets, then a prompt character.
 *
 * @param prompt The prompt line seen after login, e.g. `router1>`.
 * @returns A line-anchored regex accepting `router1>`, `router1#`, `router1(config-if)#`.
 *
 * @example Learn a prompt
 * ```ts
 * import { learnedPromptPattern } from "@trigger/trigger/channel";
 * import { strictEqual } from "node:assert/strict";
 *
 * const re = learnedPromptPattern("router1>");
 * strictEqual(re.test("router1(config-if)#"), true);
 * strictEqual(re.test("router2#"), false);
 * ```
 */
export function learnedPromptPattern(prompt: string): RegExp {
  const p = prompt.trim();
  const m = /^(.*?)(?:\([^)]*\))?\s*[>#$%:]$/.exec(p) ?? /^(.*?)\s*->$/.exec(p);
  let base = m?.[1] ?? p;
  // a host name in parentheses (ArubaOS "(host) >", "(host) (config) #") is the base itself
  if (base === "") base = /^\([^)]+\)/.exec(p)?.[0] ?? "";
  if (base === "") return compilePromptPattern(escapeRegex(p));
  return new RegExp(
    `^${escapeRegex(base)}\\s*(?:[(\\[][^)\\]]*[)\\]])?(?:\\s*-)?\\s*[>#$%:]\\s*$`,
  );
}

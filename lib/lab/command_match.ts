/**
 * Matches a typed line against a platform's command table the way IOS-style
 * parsers do: every keyword may be abbreviated, an exact keyword wins over a
 * longer one, and the first word that fits nothing is reported with its
 * column so the caller can draw the `^` marker.
 *
 * @module
 */
import type { LabCommand } from "./profile.ts";

/** The outcome of matching one line. */
export type MatchResult =
  | { kind: "ok"; command: LabCommand; args: string[] }
  | { kind: "invalid"; column: number; index: number; token: string }
  | { kind: "incomplete" }
  | { kind: "ambiguous" };

interface Token {
  text: string;
  column: number;
}

function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  const re = /\S+/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) {
    tokens.push({ text: m[0], column: m.index });
  }
  return tokens;
}

const keywordCache = new WeakMap<LabCommand, string[]>();
function keywords(c: LabCommand): string[] {
  let k = keywordCache.get(c);
  if (k === undefined) {
    // CLIs match keywords case-insensitively (NetScaler's `show ns runningConfig`)
    k = c.words.toLowerCase().split(" ");
    keywordCache.set(c, k);
  }
  return k;
}

/** Finds the command a line means among `commands` (already filtered by mode). */
export function matchCommand(line: string, commands: readonly LabCommand[]): MatchResult {
  const tokens = tokenize(line);
  let survivors = [...commands];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!.text.toLowerCase();
    const cont = survivors.filter((c) => {
      const k = keywords(c);
      return k.length > i && k[i]!.startsWith(tok);
    });
    if (cont.length > 0) {
      const exact = cont.filter((c) => keywords(c)[i] === tok);
      const pool = exact.length > 0 ? exact : cont;
      const distinct = new Set(pool.map((c) => keywords(c)[i]));
      if (distinct.size > 1) return { kind: "ambiguous" };
      survivors = pool;
      continue;
    }
    const takers = survivors.filter((c) => c.args === true && keywords(c).length <= i);
    const taker = takers[0];
    if (taker !== undefined) {
      const n = keywords(taker).length;
      return { kind: "ok", command: taker, args: tokens.slice(n).map((t) => t.text) };
    }
    return { kind: "invalid", column: tokens[i]!.column, index: i, token: tokens[i]!.text };
  }
  const complete = survivors.find((c) => keywords(c).length === tokens.length);
  if (complete === undefined || complete.argsRequired === true) return { kind: "incomplete" };
  return { kind: "ok", command: complete, args: [] };
}

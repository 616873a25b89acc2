/**
 * Small text helpers shared by settings and inventory: JSON error positions
 * and "did you mean" suggestions.
 *
 * @module
 */

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * Parses JSON; on failure returns a message with `line:column` instead of
 * throwing.
 */
export function parseJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; message: string; line: number; column: number } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const offset = jsonErrorOffset(text);
    const p = lineColumn(text, offset);
    const near = offset >= text.length
      ? "end of input"
      : JSON.stringify(text.slice(offset, offset + 12));
    const reason = /^Unexpected token/.test(msg) || /not valid JSON/.test(msg)
      ? `unexpected ${near}`
      : msg.replace(/ in JSON at position \d+.*$/, "").replace(/ \(line \d+ column \d+\)$/, "");
    return {
      ok: false,
      message: `${p.line}:${p.column}: ${reason}`,
      line: p.line,
      column: p.column,
    };
  }
}

/** Offset of the first syntax error of invalid JSON (a small recursive-descent scan). */
function jsonErrorOffset(t: string): number {
  let i = 0;
  const ws = () => {
    while (i < t.length && " \t\r\n".includes(t[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const lit = (w: string) => (t.startsWith(w, i) ? (i += w.length) : fail());
  const string = () => {
    i++;
    while (i < t.length && t[i] !== '"') {
      if (t[i] === "\\") i++;
      else if (t.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= t.length) fail();
    i++;
  };
  const value = (): void => {
    ws();
    const c = t[i];
    if (c === "{") {
      i++;
      ws();
      if (t[i] === "}") return void i++;
      for (;;) {
        ws();
        if (t[i] !== '"') fail();
        string();
        ws();
        if (t[i] !== ":") fail();
        i++;
        value();
        ws();
        if (t[i] === ",") i++;
        else if (t[i] === "}") return void i++;
        else fail();
      }
    } else if (c === "[") {
      i++;
      ws();
      if (t[i] === "]") return void i++;
      for (;;) {
        value();
        ws();
        if (t[i] === ",") i++;
        else if (t[i] === "]") return void i++;
        else fail();
      }
    } else if (c === '"') string();
    else if (c === "t") lit("true");
    else if (c === "f") lit("false");
    else if (c === "n") lit("null");
    else {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(t.slice(i, i + 400));
      if (!m) fail();
      i += m![0].length;
    }
  };
  try {
    value();
    ws();
    return i;
  } catch (pos) {
    return typeof pos === "number" ? Math.min(pos, t.length) : 0;
  }
}

/** Levenshtein distance, capped: returns `max + 1` once the distance exceeds `max`. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(
        prev[j]! + 1,
        cur[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** The candidates closest to `word` (case-insensitive), best first. */
export function suggest(word: string, candidates: Iterable<string>, max = 2): string[] {
  const w = word.toLowerCase();
  const scored: [number, string][] = [];
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase(), max);
    if (d <= max) scored.push([d, c]);
  }
  return scored.sort((x, y) => x[0] - y[0] || x[1].localeCompare(y[1])).map((x) => x[1]);
}

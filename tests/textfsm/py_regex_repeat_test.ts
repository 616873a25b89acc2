/**
 * Named groups inside repeats, generated: every pattern of a small grammar of
 * repeats (greedy, lazy, bounded, nested) around optional named groups is
 * matched by Python's `re` (Debian's python3) and by the translation, on
 * subjects over the same alphabet; the captures must agree (Python keeps a
 * group's last participating capture; JavaScript alone would reset it).
 */
import { deepStrictEqual, ok } from "node:assert/strict";
import { compilePyRegex, pyMatch } from "../../lib/textfsm/mod.ts";
import { runReference } from "./_ref.ts";

// a small deterministic generator (no flaky seeds)
let seed = 12345;
const rand = (n: number) => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;

let names = 0;
function atom(depth: number): string {
  const r = rand(depth > 1 ? 4 : 6);
  if (r === 0) return pick(["a", "b", "c", "[ab]", "\\w", "\\s"]);
  if (r === 1) return `(?P<g${names++}>${atom(depth + 1)}${pick(["", "+", "?"])})`;
  if (r === 2) return `(?:${atom(depth + 1)}|${atom(depth + 1)})`;
  if (r === 3) return `${atom(depth + 1)}${atom(depth + 1)}`;
  const q = pick(["+", "*", "{1,3}", "+?", "*?", "{2}"]);
  return `(?:(?P<g${names++}>${atom(depth + 1)})?${pick(["a", "b", " ", "\\w"])})${q}`;
}

const CASES: [string, string[]][] = [];
for (let i = 0; i < 400; i++) {
  names = 0;
  const body = atom(0);
  // the repeated body always consumes a character: Python and JavaScript end a loop
  // whose iteration matched the empty string differently (see py_regex.ts)
  const pattern = `(?:${body}${pick(["a", "b", " "])})+${pick(["", "c", "$", "(?P<tail>\\w)?"])}`;
  const subjects = Array.from(
    { length: 4 },
    () =>
      Array.from({ length: 1 + rand(9) }, () => pick(["a", "b", "c", " ", "ab", "ba "])).join(""),
  );
  CASES.push([pattern, subjects]);
}

Deno.test("named groups in repeats: captures equal Python's on 400 generated patterns", async () => {
  const ref = await runReference(CASES.map(([regex, subjects]) => ({ regex, subjects })));
  let compared = 0;
  for (const [i, [pattern, subjects]] of CASES.entries()) {
    const want = ref[i]!;
    if (!want.ok) continue; // Python rejects it (e.g. a nothing-to-repeat); the diff test covers errors
    const re = compilePyRegex(pattern);
    const got = subjects.map((s) => {
      const m = pyMatch(re, s);
      if (!m) return null;
      const gd: Record<string, string | null> = {};
      for (const n of re.names) gd[n] = m.groups?.[n] ?? null;
      return [m[0], gd];
    });
    deepStrictEqual(got, want.matches, `${pattern} -> /${re.regex.source}/`);
    compared += subjects.length;
  }
  ok(compared > 1000, `only ${compared} subjects compared`);
});

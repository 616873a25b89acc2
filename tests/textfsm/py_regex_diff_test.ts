import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { compilePyRegex, pyMatch, PyRegexError } from "../../lib/textfsm/mod.ts";
import { runReference } from "./_ref.ts";

/** Patterns and subjects run through Python's re.match and through the translation. */
const CASES: [string, string[]][] = [
  [String.raw`\d+`, ["123abc", "٣٤x", "x1", ""]],
  [String.raw`\w+`, ["héllo wörld", "_a1", "日本語 x", "\u0301a"]],
  [String.raw`\s+x`, [" \t x", "\x1c\x1dx", "\x85x", "\ufeffx", "\u00a0x"]],
  [String.raw`\S+`, ["a\u3000b", "abc def"]],
  [String.raw`(?a)\w+`, ["héllo", "abc"]],
  [String.raw`(?a:\d+)\d*`, ["12٣", "٣"]],
  [String.raw`\bfoo\b`, ["foo bar", "foobar", "foo_"]],
  [String.raw`.*\bé`, ["café é", "x é"]],
  [String.raw`a\B.`, ["ab", "a b"]],
  [String.raw`abc$`, ["abc", "abc\n", "abc\n\n", "abcd"]],
  [String.raw`abc\Z`, ["abc", "abc\n"]],
  [String.raw`\Aab`, ["ab", "xab"]],
  [String.raw`(?m)a$\nb`, ["a\nb"]],
  [String.raw`(?m)x\n^y`, ["x\ny"]],
  [String.raw`a.c`, ["abc", "a\nc", "a\rc", "a\u2028c"]],
  [String.raw`(?s)a.c`, ["a\nc"]],
  [String.raw`(?s:a.)c.`, ["a\ncx", "a\nc\n"]],
  [String.raw`(?i)straße`, ["STRASSE", "Straße", "STRAßE"]],
  [String.raw`(?i:ab)C`, ["ABC", "abc"]],
  [String.raw`[]a]+`, ["]a]b"]],
  [String.raw`[^]a]+`, ["bc]"]],
  [String.raw`[[]`, ["[x"]],
  [String.raw`[\-a]+`, ["-a-b"]],
  [String.raw`[a\]]+`, ["a]]b"]],
  [String.raw`[\d.]+`, ["1.2.3x", "٣.٤"]],
  [String.raw`[^\s,]+`, ["ab,c", "x y"]],
  [String.raw`[\W]+`, ["!? a"]],
  [String.raw`[\w-]+`, ["ge-0/0/0", "a-b_c"]],
  [String.raw`[a-]+`, ["a-a-b"]],
  [String.raw`[{}()|/$^.*+?]+`, ["{}()|/$^.*+?x"]],
  [String.raw`\x41\u00e9\101\0`, ["Aé" + "A\0"]],
  [String.raw`a{2,3}`, ["aaaa", "a"]],
  [String.raw`a{,2}b`, ["aab", "b", "aaab"]],
  [String.raw`a{2}`, ["aa"]],
  [String.raw`a{`, ["a{"]],
  [String.raw`a{x}`, ["a{x}"]],
  [String.raw`a{}`, ["a{}"]],
  [String.raw`a{1,x}`, ["a{1,x}"]],
  [String.raw`x}`, ["x}"]],
  [String.raw`a*?b`, ["aaab"]],
  [String.raw`a++a`, ["aaa"]],
  [String.raw`(?>a+)b`, ["aab", "aa"]],
  [String.raw`(?>ab|a)c`, ["ac", "abc"]],
  [String.raw`(a)(b)?\2?\1`, ["aa", "aba", "abba"]],
  [String.raw`(?P<q>['"]).*?(?P=q)`, ['"a"b"', "'x'"]],
  [String.raw`(?P<n>\d+)-(?P<m>\d+)?`, ["1-2", "1-"]],
  [String.raw`(?:ab)+`, ["ababa"]],
  [String.raw`(?=ab)a`, ["ab", "ac"]],
  [String.raw`(?!ab)a`, ["ab", "ac"]],
  [String.raw`x(?<=ax)`, ["ax", "bx"]],
  [String.raw`.(?<!a)x`, ["bx", "ax"]],
  [String.raw`(?#comment)ab`, ["ab"]],
  [String.raw`(?x) a b # c` + "\n" + String.raw` [ ] c`, ["ab c"]],
  [String.raw`a|b|`, ["b", "c"]],
  [String.raw`\.\*\/\-\ \#`, [".*/- #"]],
  [String.raw`\t\n\r\f\v\a`, ["\t\n\r\f\v\x07"]],
  [String.raw`[\b]`, ["\b"]],
  [String.raw`(a)|\1`, ["a"]],
  [String.raw`\141`, ["a"]],
  [String.raw`[\141-\143]+`, ["abcd"]],
  [String.raw`é+`, ["ééé"]],
  [String.raw`😀+`, ["😀😀x"]],
  [String.raw`[😀-😂]`, ["😁"]],
  // a group in a repeat keeps its last participating capture (Python), not the last iteration's
  [String.raw`((?P<C>\w+)?\s)+`, ["BR   X", "B R  X", "   X", "BR X"]],
  [String.raw`(?:(?P<a>a)|b)*c`, ["abbc", "bbc", "abac", "c"]],
  [String.raw`(?:(?P<a>a)|(?P<b>b))+?x`, ["abax", "bbx"]],
  [String.raw`(?:(?:(?P<a>a)|b)+-)+`, ["ab-bb-", "a-b-", "b-"]],
  [String.raw`(?:(?P<a>a)|b){2,3}`, ["abb", "aba", "bab", "bbbb"]],
  [String.raw`(?:(?P<a>a)|b)*b`, ["abb", "ab"]],
  [String.raw`(?:(?P<x>\d)|-)+(?=-)`, ["1--", "12-3--"]],
  [String.raw`(?i)(?:(?P<a>A)|b)+`, ["aB", "Ab"]],
  [String.raw`(?:(?P<a>é)|😀)+$`, ["é😀😀", "😀é😀"]],
  [String.raw`(?:(?P<n>\d+)?[a-z])+\s*(?P<tail>\S+)?`, ["1ab2cd  zz", "abc"]],
  // patterns Python rejects
  [String.raw`\q`, ["q"]],
  [String.raw`(`, [""]],
  [String.raw`)`, [""]],
  [String.raw`a**`, [""]],
  [String.raw`*a`, [""]],
  [String.raw`[z-a]`, [""]],
  [String.raw`[\d-z]`, [""]],
  [String.raw`a{3,2}`, [""]],
  [String.raw`(?P<1a>x)`, [""]],
  [String.raw`(?P<a>x)(?P<a>y)`, [""]],
  [String.raw`(?P=nope)`, [""]],
  [String.raw`\2(a)`, [""]],
  [String.raw`(a\1)`, [""]],
  [String.raw`[abc`, [""]],
  [String.raw`(?<=a+)b`, [""]],
  [String.raw`a(?i)b`, [""]],
  [String.raw`(?Q)`, [""]],
  [String.raw`(?<n>x)`, [""]],
  [String.raw`\400`, [""]],
  [String.raw`\x4`, [""]],
  [String.raw`^*`, [""]],
  [String.raw`(?L)a`, [""]],
];

Deno.test("compilePyRegex() agrees with Python re.match on patterns and subjects", async (t) => {
  const ref = await runReference(CASES.map(([regex, subjects]) => ({ regex, subjects })));
  let compared = 0;
  for (const [i, [pattern, subjects]] of CASES.entries()) {
    await t.step(JSON.stringify(pattern), () => {
      const want = ref[i]!;
      if (!want.ok) {
        let err: unknown;
        try {
          compilePyRegex(pattern);
        } catch (e) {
          err = e;
        }
        ok(err instanceof PyRegexError, `Python rejects (${want.message}); we accepted`);
        strictEqual(err.untranslatable, false);
        compared++;
        return;
      }
      const re = compilePyRegex(pattern);
      const got = subjects.map((s) => {
        const m = pyMatch(re, s);
        if (!m) return null;
        const gd: Record<string, string | null> = {};
        for (const n of re.names) gd[n] = m.groups?.[n] ?? null;
        return [m[0], gd];
      });
      deepStrictEqual(got, want.matches, `translated to /${re.regex.source}/${re.regex.flags}`);
      compared += subjects.length;
    });
  }
  ok(compared > 120);
});

Deno.test("compilePyRegex() says clearly what JavaScript cannot express", () => {
  for (const pattern of [String.raw`(a)?(?(1)b|c)`, String.raw`\N{DIGIT ONE}`]) {
    try {
      compilePyRegex(pattern);
      ok(false, pattern);
    } catch (e) {
      ok(e instanceof PyRegexError);
      strictEqual(e.untranslatable, true);
      ok(/cannot be translated/.test(e.message), e.message);
    }
  }
});

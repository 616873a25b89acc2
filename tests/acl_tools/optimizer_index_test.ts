/**
 * The indexed optimizer gives exactly the results of the linear one it
 * replaced (`_optimizer_reference.ts`): the same report and the same output
 * on random IOS and Junos ACLs and on large generated rule bases, and its
 * output decides every flow like the input. That the engine's index never
 * leaves out a term the exact relations hold for is tested natively
 * (`acl-wasm/tests/opt.rs`).
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import fc from "fast-check";
import { type Flow, parse } from "../../lib/acl/mod.ts";
import { optimize } from "../../lib/acl/tools/mod.ts";
import {
  iosRulesText,
  iosText as benchIos,
  junosText as benchJunos,
} from "../../bench/_gen_acl.ts";
import { referenceOptimize } from "./_optimizer_reference.ts";
import { fullFlow, iosText, junosText, sweep, terms } from "./_gen.ts";

const SWEEP = sweep();

/** Longer term lists than one `terms` sample: several concatenated (up to ~100 terms). */
const longTerms = fc.array(terms, { minLength: 1, maxLength: 8 }).map((xs) => xs.flat());

function sameAsReference(text: string, flows: Flow[]): { removed: number; merged: number } {
  using acl = parse(text);
  const now = optimize(acl);
  const before = referenceOptimize(acl);
  using a = now.acl;
  using b = before.acl;
  deepStrictEqual(now.report, before.report, `reports differ:\n${text}`);
  strictEqual(a.output(), b.output(), `outputs differ:\n${text}`);
  const all = [...flows, ...SWEEP];
  deepStrictEqual(
    a.checkAll(all).map((r) => r.permitted),
    acl.checkAll(all).map((r) => r.permitted),
    `decisions differ:\n${text}`,
  );
  return { removed: now.report.removed.length, merged: now.report.merged.length };
}

for (const [dialect, render] of [["IOS", iosText], ["Junos", junosText]] as const) {
  Deno.test(`optimize(${dialect}) with the index equals the linear optimizer`, () => {
    const seen = { removed: 0, merged: 0 };
    fc.assert(
      fc.property(longTerms, fc.array(fullFlow, { minLength: 10, maxLength: 30 }), (ts, flows) => {
        const r = sameAsReference(render(ts), flows);
        seen.removed += r.removed;
        seen.merged += r.merged;
      }),
      { numRuns: 150 },
    );
    // The ACLs must exercise removals and merges, or the equality proves little.
    ok(seen.removed > 300, `only ${seen.removed} removals`);
    ok(seen.merged > 50, `only ${seen.merged} merges`);
  });
}

Deno.test("optimize() with the index equals the linear optimizer on 1,500-term rule bases", () => {
  for (const text of [iosRulesText(1500, 5), benchIos(1500, 9), benchJunos(20_000, 4)]) {
    sameAsReference(text, []);
  }
});

Deno.test("optimize() indexes IPv6 and mixed-family terms like IPv4 ones", () => {
  const text = "ipv6 access-list V6\n" +
    " permit tcp 2001:db8:1::/48 any eq 443\n" +
    " permit tcp host 2001:db8:1::5 any eq 443\n" + // inside the /48: shadowed
    " permit tcp host 2001:db8:2::5 any eq 443\n" +
    " permit tcp host 2001:db8:2::4 any eq 443\n" + // sibling: merged into a /127
    " deny ipv6 2001:db8:3::/48 any\n" + // repeats the implicit deny
    " permit tcp any host 2001:db8::1 eq 22\n";
  sameAsReference(text, []);
  using acl = parse(text);
  const { report } = optimize(acl);
  deepStrictEqual(report.removed.map((r) => [r.term, r.reason]), [["#2", "shadowed"]]);
  deepStrictEqual(report.merged.map((m) => m.terms.map((t) => t.term)), [["#3", "#4"]]);
});

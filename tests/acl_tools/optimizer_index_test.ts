/**
 * The indexed optimizer gives exactly the results of the linear one it
 * replaced (`_optimizer_reference.ts`): the same report and the same output
 * on random IOS and Junos ACLs and on large generated rule bases, and its
 * output decides every flow like the input. The index itself never leaves out
 * a term the exact relations hold for.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import fc from "fast-check";
import { type Flow, parse, type Term } from "../../lib/acl/mod.ts";
import { optimize } from "../../lib/acl/tools/mod.ts";
import { TermIndex } from "../../lib/acl/tools/_index.ts";
import { contains, isTerminal, mayOverlap } from "../../lib/acl/tools/_terms.ts";
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

Deno.test("TermIndex narrows: a term of a large rule base is compared with a few others", () => {
  using acl = parse(iosRulesText(1500, 5));
  const all = acl.terms;
  const containment = TermIndex.containment(all, () => true);
  const overlap = TermIndex.overlap(all, () => true);
  let offeredBefore = 0;
  let offeredAfter = 0;
  all.forEach((t, i) => {
    offeredBefore += offered(containment, t, 0, i).size;
    offeredAfter += offered(overlap, t, i + 1, all.length).size;
  });
  const pairs = (all.length * (all.length - 1)) / 2;
  // A linear scan compares every pair; the index a few percent of them (the `any` entries).
  ok(offeredBefore < pairs * 0.03, `containment offered ${offeredBefore} of ${pairs}`);
  ok(offeredAfter < pairs * 0.03, `overlap offered ${offeredAfter} of ${pairs}`);
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

/** The ids `index` offers for `t` within `[from, to)`. */
function offered(index: TermIndex, t: Term, from: number, to: number): Set<number> {
  const out = new Set<number>();
  index.forEachCandidate(t, [from, to], (id) => (out.add(id), true));
  return out;
}

Deno.test("TermIndex offers every term that contains or overlaps a term", () => {
  fc.assert(
    fc.property(longTerms, fc.boolean(), (ts, junos) => {
      using acl = parse(junos ? junosText(ts) : iosText(ts));
      const all = acl.terms;
      const terminal = (i: number) => !all[i]!.inactive && isTerminal(all[i]!.action);
      const containment = TermIndex.containment(all, terminal);
      const overlap = TermIndex.overlap(all, (i) => !all[i]!.inactive);
      all.forEach((t, i) => {
        const before = offered(containment, t, 0, i);
        const after = offered(overlap, t, i + 1, all.length);
        for (let k = 0; k < all.length; k++) {
          if (k < i && terminal(k) && contains(all[k]!, t)) ok(before.has(k), `contains #${k}`);
          if (k > i && !all[k]!.inactive && mayOverlap(all[k]!, t)) {
            ok(after.has(k), `overlap #${k}`);
          }
        }
        ok([...before].every((k) => k < i && terminal(k)), "only indexed ids in the span");
        ok([...after].every((k) => k > i), "only ids in the span");
      });
    }),
    { numRuns: 200 },
  );
});

/**
 * Property: the optimized ACL answers every flow exactly like the input, for
 * random IOS and Junos ACLs full of shadowed, duplicate and mergeable terms;
 * the optimized text, parsed again, answers the same too.
 */
import { deepStrictEqual, ok } from "node:assert/strict";
import fc from "fast-check";
import { type Acl, type Flow, parse } from "../../lib/acl/mod.ts";
import { optimize } from "../../lib/acl/tools/mod.ts";
import { fullFlow, iosText, junosText, sweep, terms } from "./_gen.ts";

const SWEEP = sweep();
/** Fixed by default so that the "exercises the optimizer" counts below are the same every run
 * (unseeded, the merge count fell under its bound about once in a few dozen runs); set
 * ACL_PROP_SEED to explore other cases. */
const SEED = Number(Deno.env.get("ACL_PROP_SEED") ?? "20261207");

function answers(acl: Acl, flows: Flow[]): (boolean | null)[] {
  return acl.checkAll(flows).map((r) => r.permitted);
}

function check(text: string, flows: Flow[], stats: { removed: number; merged: number }): void {
  using acl = parse(text);
  const { acl: opt, report } = optimize(acl);
  using optimized = opt;
  stats.removed += report.removed.length;
  stats.merged += report.merged.length;
  const all = [...flows, ...SWEEP];
  const expected = answers(acl, all);
  ok(expected.every((p) => p !== null), "full flows are never undetermined");
  deepStrictEqual(answers(optimized, all), expected, `optimized differs:\n${text}`);
  const out = optimized.output();
  using again = parse(out);
  deepStrictEqual(answers(again, all), expected, `re-parsed output differs:\n${text}\n→\n${out}`);
  deepStrictEqual(again.terms.length <= acl.terms.length, true);
}

for (const [dialect, render] of [["IOS", iosText], ["Junos", junosText]] as const) {
  Deno.test(`property: optimize(${dialect} ACL) answers every flow like the input (seed ${SEED})`, () => {
    const stats = { removed: 0, merged: 0 };
    fc.assert(
      fc.property(terms, fc.array(fullFlow, { minLength: 20, maxLength: 60 }), (ts, flows) => {
        check(render(ts), flows, stats);
      }),
      { numRuns: 400, seed: SEED },
    );
    // The generator must exercise the optimizer, or the property proves nothing.
    ok(stats.removed > 200, `only ${stats.removed} removals`);
    ok(stats.merged > 50, `only ${stats.merged} merges`);
  });
}

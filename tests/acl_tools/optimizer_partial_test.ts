/**
 * Property for partial flows (some of protocol, ports, ICMP type/code
 * unknown): the engine may answer "undetermined" (null), and an optimized
 * ACL may be undetermined where the input was not, or the other way round,
 * since merging and dropping terms changes which terms a partial flow
 * cannot decide. What must hold is that no determined answer is ever wrong:
 * input and optimized never contradict each other, nor the answer for the
 * full flow the partial one was cut from (one of its completions).
 */
import { ok, strictEqual } from "node:assert/strict";
import fc from "fast-check";
import { type Flow, parse } from "../../lib/acl/mod.ts";
import { optimize } from "../../lib/acl/tools/mod.ts";
import { fullFlow, iosText, junosText, terms } from "./_gen.ts";

/** fast-check's seed: `ACL_TOOLS_SEED`, else random; in the test names, to replay a failure. */
const SEED = Number(Deno.env.get("ACL_TOOLS_SEED") || Math.floor(Math.random() * 2 ** 31));

const HIDEABLE = ["protocol", "sport", "dport", "icmpType", "icmpCode"] as const;

const partial = fc.tuple(fullFlow, fc.subarray([...HIDEABLE], { minLength: 1 })).map(
  ([full, hidden]) => {
    const cut: Flow = { ...full };
    for (const k of hidden) delete cut[k];
    return { full, cut };
  },
);

for (const [dialect, render] of [["IOS", iosText], ["Junos", junosText]] as const) {
  Deno.test(`property: optimize(${dialect} ACL) never contradicts the input on partial flows (seed ${SEED})`, () => {
    const seen = { determined: 0, undetermined: 0 };
    fc.assert(
      fc.property(terms, fc.array(partial, { minLength: 20, maxLength: 40 }), (ts, flows) => {
        const text = render(ts);
        using acl = parse(text);
        using opt = optimize(acl).acl;
        const fulls = acl.checkAll(flows.map((f) => f.full)).map((r) => r.permitted);
        const before = acl.checkAll(flows.map((f) => f.cut)).map((r) => r.permitted);
        const after = opt.checkAll(flows.map((f) => f.cut)).map((r) => r.permitted);
        for (const [i, f] of flows.entries()) {
          const why = `${JSON.stringify(f.cut)} in:\n${text}`;
          for (const answer of [before[i], after[i]]) {
            if (answer === null || answer === undefined) seen.undetermined++;
            else {
              seen.determined++;
              strictEqual(answer, fulls[i], `determined answer contradicts a completion: ${why}`);
            }
          }
        }
      }),
      { numRuns: 200, seed: SEED },
    );
    // both kinds of answers occur, or the property proves little (about 12,000 answers, ~1,000
    // of them undetermined: the bound was 1,000, and seed 100 drew 992)
    ok(seen.determined > 1000 && seen.undetermined > 300, JSON.stringify(seen));
  });
}

/** Optimizer: exact outputs and reports for the classic cases. */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { parse } from "../../lib/acl/mod.ts";
import { optimize, summarizeOptimization } from "../../lib/acl/tools/mod.ts";

function run(text: string, keepDenies = false): { out: string; summary: string[] } {
  using acl = parse(text);
  const { acl: opt, report } = optimize(acl, { keepDenies });
  using o = opt;
  return { out: o.output(), summary: summarizeOptimization(report) };
}

Deno.test("optimizer: a duplicate term is removed as shadowed", () => {
  const r = run(
    "access-list 120 permit tcp any host 192.0.2.1 eq 443\n" +
      "access-list 120 permit tcp any host 192.0.2.1 eq 443\n",
  );
  strictEqual(r.out, "access-list 120 permit tcp any host 192.0.2.1 eq 443\n");
  deepStrictEqual(r.summary, [
    "2 terms → 1 term",
    "removed term #2 (line 2): shadowed by term #1 (line 1)",
  ]);
});

Deno.test("optimizer: a host inside an earlier /24 with the same action is removed", () => {
  const r = run(
    "ip access-list extended IN\n permit ip 10.1.1.0 0.0.0.255 any\n permit tcp host 10.1.1.7 any eq 22\n permit udp any any eq 53\n",
  );
  strictEqual(
    r.out,
    "ip access-list extended IN\n permit ip 10.1.1.0 0.0.0.255 any\n permit udp any any eq 53\n",
  );
  deepStrictEqual(r.summary.slice(1), ["removed term #2 (line 3): shadowed by term #1 (line 2)"]);
});

Deno.test("optimizer: adjacent port ranges 80 and 81-90 merge to 80-90", () => {
  const r = run(
    "access-list 101 permit tcp any any eq 80\naccess-list 101 permit tcp any any range 81 90\n",
  );
  strictEqual(r.out, "access-list 101 permit tcp any any range 80 90\n");
  deepStrictEqual(r.summary, [
    "2 terms → 1 term",
    "merged term #2 (line 2) into term #1 (line 1) (destination-port)",
  ]);
});

Deno.test("optimizer: two /25 halves merge into the /24 (Junos, names and comments kept)", () => {
  const r = run(`filter f {
    /* first half */
    term a {
        from { source-address { 10.0.0.0/25; } protocol tcp; }
        then accept;
    }
    /* second half */
    term b {
        from { source-address { 10.0.0.128/25; } protocol tcp; }
        then accept;
    }
}
`);
  strictEqual(
    r.out,
    "filter f {\n    term a {\n        /* first half */\n        /* second half */\n        from {\n" +
      "            source-address {\n                10.0.0.0/24;\n            }\n" +
      "            protocol tcp;\n        }\n        then {\n            accept;\n        }\n    }\n}\n",
  );
  deepStrictEqual(r.summary, [
    "2 terms → 1 term",
    "merged term b (line 8) into term a (line 3) (source-address)",
  ]);
});

Deno.test("optimizer: a deny after a broader permit is removed and reported with its counter", () => {
  const r = run(`filter f {
    term web { from { protocol tcp; destination-port [ 80 443 ]; } then accept; }
    term block { from { source-address { 192.0.2.0/24; } protocol tcp; destination-port 80; } then { discard; count blocked; } }
    term rest { then accept; }
}
`);
  deepStrictEqual(r.summary, [
    "3 terms → 2 terms",
    "removed term block (line 3): shadowed by term web (line 2) (its count blocked would never apply)",
  ]);
});

Deno.test("optimizer: a plain final deny goes, a logged one stays (reported), --keep-denies keeps both", () => {
  const plain = "access-list 110 permit tcp any any eq 22\naccess-list 110 deny ip any any\n";
  strictEqual(run(plain).out, "access-list 110 permit tcp any any eq 22\n");
  strictEqual(run(plain, true).out, plain);
  const logged = "access-list 110 permit tcp any any eq 22\naccess-list 110 deny ip any any log\n";
  const r = run(logged);
  strictEqual(r.out, logged);
  deepStrictEqual(r.summary, [
    "2 terms → 2 terms",
    "kept term #2 (line 2): repeats the implicit deny but has syslog",
  ]);
});

Deno.test("optimizer: refuses unsafe changes", () => {
  const cases = [
    // A permit between the two denies overlaps both: no merge across it, nothing shadowed.
    "access-list 101 deny tcp any host 10.0.0.0 eq 80\naccess-list 101 permit tcp host 192.0.2.1 10.0.0.0 0.0.0.1 eq 80\naccess-list 101 deny tcp any host 10.0.0.1 eq 80\naccess-list 101 permit ip any any\n",
    // Different logging: not merged.
    "access-list 101 permit tcp any any eq 80 log\naccess-list 101 permit tcp any any eq 81\n",
    // Two protocols cannot share one IOS line: not merged.
    "access-list 101 permit tcp any any\naccess-list 101 permit udp any any\n",
    // Hosts that do not aggregate: merging would print two lines again.
    "access-list 101 permit ip host 10.0.0.1 any\naccess-list 101 permit ip host 10.0.0.3 any\n",
  ];
  for (const text of cases) strictEqual(run(text).out, text, text);
});

Deno.test("optimizer: except, wildcards, next term and inactive terms are handled conservatively", () => {
  const junos = `filter f {
    term a { from { source-address { 10.0.0.0/8; 10.1.0.0/16 except; } } then accept; }
    term b { from { source-address { 10.1.2.0/24; } } then discard; }
    term c { from { source-address { 10.2.0.0/16; } } then discard; }
    term n { from { protocol udp; } then { next term; count u; } }
    inactive: term i { then discard; }
    term z { from { protocol udp; } then accept; }
}
`;
  using acl = parse(junos);
  const { acl: out, report } = optimize(acl, { keepDenies: true });
  using o = out;
  // b is outside a (10.1/16 is excepted), c is inside: only c goes; next-term and inactive stay.
  deepStrictEqual(o.terms.map((t) => t.name), ["a", "b", "n", "i", "z"]);
  deepStrictEqual(report.removed.map((r) => [r.term, r.by?.term]), [["c", "a"]]);
  // A non-contiguous wildcard neither shadows nor is shadowed by what it may not cover.
  const ios =
    "access-list 101 permit ip 10.0.0.0 0.0.255.0 any\naccess-list 101 deny ip 10.0.1.0 0.0.0.255 any\naccess-list 101 deny ip host 10.0.7.0 any\naccess-list 101 permit ip any any\n";
  using w = parse(ios);
  const r2 = optimize(w);
  using o2 = r2.acl;
  deepStrictEqual(r2.report.removed.map((r) => [r.term, r.by?.term]), [["#3", "#1"]]);
  strictEqual(o2.terms.length, 3);
});

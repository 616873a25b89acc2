/**
 * The in-place (sequence number) plan of an IOS list replacement, the way
 * load-acl computes it: each entry's identity through the ACL engine, then
 * the lines. Lists of 1,000 and 10,000 entries, half of the old entries kept
 * by the new list (they go through a twin), the rest replaced.
 *
 * Run: deno bench -A bench/acl_sequence_bench.ts
 */
import { entryKey } from "../lib/changemgmt/acl_methods.ts";
import { type SequenceEdit, sequenceEditLines } from "../lib/changemgmt/acl_sequence.ts";

function edit(n: number): SequenceEdit {
  const host = (i: number) => `192.0.${Math.floor(i / 250)}.${(i % 250) + 1}`;
  const old = Array.from({ length: n }, (_, i) => ({
    seq: 100 * (n + 1) + 10 * i,
    text: `permit tcp any host ${host(i)} eq ${i % 2 ? 443 : 22}`,
  }));
  const wanted = Array.from(
    { length: n },
    (_, i) => i % 2 ? old[i]!.text : `permit tcp any host ${host(i)} eq 8443`,
  );
  return {
    name: "BIG",
    header: "ip access-list extended BIG",
    exists: true,
    old,
    oldRemarks: [],
    wanted,
    key: (t) => entryKey(t, "extended"),
    resequence: "ip access-list resequence {name} {start} {step}",
  };
}

for (const n of [1_000, 10_000]) {
  const e = edit(n);
  Deno.bench(
    `sequenceEditLines: ${n.toLocaleString("en")} entries, half kept (engine keys)`,
    () => {
      sequenceEditLines(e);
    },
  );
}

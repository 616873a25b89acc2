/**
 * ACL engine benchmarks: parse and convert per dialect, and checks.
 * Run with `deno bench -A bench/acl_bench.ts`.
 */
import { convert, FlowBatch, parse } from "../lib/acl/mod.ts";
import { flows, iosText, junosText } from "./_gen_acl.ts";

const IOS_10K = iosText(10_000);
const JUNOS_10K = junosText(10_000);
const ACL = parse(iosText(10_000));
const FLOWS = flows(100_000);
const BATCH = new FlowBatch(FLOWS.length);
for (const f of FLOWS) BATCH.add(f);
const INTO = { verdicts: new Uint8Array(FLOWS.length), indices: new Int32Array(FLOWS.length) };
ACL.checkBatch(BATCH, INTO); // compile once, outside the timings

Deno.bench({ name: "parse IOS, 10k lines", group: "parse", fn: () => void parse(IOS_10K) });
Deno.bench({ name: "parse Junos, 10k lines", group: "parse", fn: () => void parse(JUNOS_10K) });
Deno.bench({
  name: "convert IOS → Junos, 10k lines",
  group: "convert",
  fn: () => void convert(IOS_10K, "junos"),
});
Deno.bench({
  name: "convert Junos → IOS named, 10k lines",
  group: "convert",
  fn: () => void convert(JUNOS_10K, "ios-named"),
});
Deno.bench({
  name: "encode 100k flows (JS side)",
  group: "check",
  fn: () => {
    BATCH.clear();
    for (const f of FLOWS) BATCH.add(f);
  },
});
Deno.bench({
  name: "checkBatch 100k flows × 10k terms",
  group: "check",
  fn: () => void ACL.checkBatch(BATCH, INTO),
});
Deno.bench({
  name: "checkAll 100k flow objects × 10k terms",
  group: "check",
  fn: () => void ACL.checkAll(FLOWS),
});

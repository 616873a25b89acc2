/**
 * ACL throughput: parse and convert IOS and Junos inputs of 1k, 10k and 100k
 * lines (lines/s), and check 100k flows against a 10k-term ACL (checks/s),
 * with the JS side (flow encoding) measured on its own. Prints a table.
 *
 * Run with `deno run -A --v8-flags=--expose-gc bench/acl_throughput.ts` (one
 * core: the engine is single-threaded; the flag lets each run start after a
 * full garbage collection).
 *
 * @module
 */
// deno-lint-ignore-file no-console
import { convert, FlowBatch, parse } from "../lib/acl/mod.ts";
import { flows, iosText, junosText } from "./_gen_acl.ts";

/**
 * With `--v8-flags=--expose-gc`, a full collection before each run, so that no run pays for the
 * garbage of another (the IR-decoding rows and the input generators leave hundreds of MB).
 */
const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});

function best(fn: () => void, runs = 3): number {
  collect();
  fn(); // warm-up
  let ms = Infinity;
  for (let i = 0; i < runs; i++) {
    collect();
    const t0 = performance.now();
    fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return ms;
}

const rows: [string, string, string, string][] = [];
function row(what: string, size: string, ms: number, per: number, unit: string): void {
  const rate = per / (ms / 1000);
  rows.push([
    what,
    size,
    `${ms.toFixed(1)} ms`,
    `${Math.round(rate).toLocaleString("en-US")} ${unit}`,
  ]);
}

// Rows that decode the IR into JS objects leave hundreds of MB of garbage whose collection
// would land in whatever is measured next, so they run after the text-in, text-out rows.
const inputs = [1_000, 10_000, 100_000].map((n) => {
  const junos = junosText(n);
  return { n, size: `${n / 1000}k`, ios: iosText(n), junos, jl: junos.split("\n").length - 1 };
});
for (const { n, size, ios, junos, jl } of inputs) {
  row("parse IOS → Acl (lazy: IR not decoded)", size, best(() => void parse(ios)), n, "lines/s");
  row(
    "parse Junos → Acl (lazy: IR not decoded)",
    size,
    best(() => void parse(junos)),
    jl,
    "lines/s",
  );
  row(
    "convert IOS → Junos (parse+emit)",
    size,
    best(() => void convert(ios, "junos")),
    n,
    "lines/s",
  );
  row(
    "convert IOS → IOS-XR (parse+emit)",
    size,
    best(() => void convert(ios, "iosxr")),
    n,
    "lines/s",
  );
  row(
    "convert Junos → IOS named (parse+emit)",
    size,
    best(() => void convert(junos, "ios-named")),
    jl,
    "lines/s",
  );
  row(
    "convert Junos → Junos (parse+emit)",
    size,
    best(() => void convert(junos, "junos")),
    jl,
    "lines/s",
  );
}
for (const { n, size, ios, junos, jl } of inputs) {
  row(
    "parse IOS → Acl + .terms (IR decoded)",
    size,
    best(() => void parse(ios).terms),
    n,
    "lines/s",
  );
  row(
    "parse Junos → Acl + .terms (IR decoded)",
    size,
    best(() => void parse(junos).terms),
    jl,
    "lines/s",
  );
}

const acl = parse(iosText(10_000));
const fs = flows(100_000);
const batch = new FlowBatch(fs.length);
const into = { verdicts: new Uint8Array(fs.length), indices: new Int32Array(fs.length) };
const compileMs = best(() => {
  acl.terms = [...acl.terms]; // invalidates the compiled form
  acl.checkBatch(new Uint8Array(0));
  const one = new FlowBatch(1);
  one.add({ src: "10.0.0.1", dst: "10.0.0.2" });
  acl.checkBatch(one);
}, 2);
rows.push(["compile 10k-term ACL (+1 check)", "10k terms", `${compileMs.toFixed(1)} ms`, ""]);
const encMs = best(() => {
  batch.clear();
  for (const f of fs) batch.add(f);
});
row("encode flows (JS side only)", "100k", encMs, fs.length, "flows/s");
row(
  "checkBatch, pre-encoded (engine)",
  "100k × 10k",
  best(() => void acl.checkBatch(batch, into)),
  fs.length,
  "checks/s",
);
row(
  "checkAll, Flow objects (encode+check+results)",
  "100k × 10k",
  best(() => void acl.checkAll(fs)),
  fs.length,
  "checks/s",
);
const iosAcl = iosText(10_000);
const few = new FlowBatch(1000);
for (const f of fs.slice(0, 1000)) few.add(f);
row(
  "parse 10k-term IOS text + checkBatch 1k flows (lazy)",
  "10k + 1k",
  best(() => void parse(iosAcl).checkBatch(few)),
  10_000,
  "lines/s",
);
const permitted = into.verdicts.reduce((n, v) => n + (v === 1 ? 1 : 0), 0);

const head: [string, string, string, string] = ["measure", "size", "time (best of 3)", "rate"];
const w = [0, 1, 2, 3].map((i) => Math.max(head[i]!.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i]!)).join(" | ")} |`;
console.log(line(head));
console.log(`|${w.map((n) => "-".repeat(n + 2)).join("|")}|`);
for (const r of rows) console.log(line(r));
console.log(
  `\n(${permitted} of ${fs.length} flows permitted; Deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} cores)`,
);

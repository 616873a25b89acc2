/**
 * ACL throughput: parse and convert IOS and Junos inputs of 1k, 10k and 100k
 * lines (lines/s), and check 100k flows against a 10k-term ACL (checks/s),
 * with the JS side (flow encoding) measured on its own. Prints a table.
 *
 * Run with `deno run -A --v8-flags=--expose-gc bench/acl_throughput.ts` (one
 * core: the engine is single-threaded; the flag lets each run start after a
 * full garbage collection). `--baseline DIR` (repeatable) adds columns for the
 * `lib/acl` of other trees, measured row by row in the same run; `--runs N`
 * takes the best of N runs (default 3).
 *
 * @module
 */
// deno-lint-ignore-file no-console
import * as here from "../lib/acl/mod.ts";
import type { Flow } from "../lib/acl/mod.ts";
import { flows, iosText, junosText } from "./_gen_acl.ts";

/** The part of `lib/acl` measured here (this tree's, or a baseline tree's). */
type AclModule = Pick<typeof here, "convert" | "parse" | "FlowBatch">;

/**
 * `--baseline DIR` (repeatable): also measure the `lib/acl` of other trees (e.g. `git archive
 * COMMIT | tar -x -C DIR`), each row right after this tree's, so that all see the same load.
 */
const impls: { label: string; acl: AclModule }[] = [{ label: "this tree", acl: here }];
for (let i = 0; i < Deno.args.length; i++) {
  if (Deno.args[i] !== "--baseline") continue;
  const dir = Deno.args[++i];
  if (!dir) throw new RangeError("Cannot run the bench: --baseline needs a directory");
  const url = new URL(`file://${await Deno.realPath(dir)}/lib/acl/mod.ts`);
  impls.push({ label: dir, acl: (await import(url.href)) as AclModule });
}

/**
 * With `--v8-flags=--expose-gc`, a full collection before each run, so that no run pays for the
 * garbage of another (the IR-decoding rows and the input generators leave hundreds of MB).
 */
const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** `--runs N`: timed runs per measure (the best counts); 3 unless given. */
const runsAt = Deno.args.indexOf("--runs");
const RUNS = runsAt >= 0 ? Number(Deno.args[runsAt + 1]) : 3;
if (!Number.isInteger(RUNS) || RUNS < 1) {
  throw new RangeError(
    `Cannot run the bench: --runs must be a positive integer, not "${Deno.args[runsAt + 1]}"`,
  );
}

function best(fn: () => void, runs = RUNS): number {
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

const rows: string[][] = [];
function fmt(ms: number, per: number, unit: string): string[] {
  const rate = per / (ms / 1000);
  return [`${ms.toFixed(1)} ms`, `${Math.round(rate).toLocaleString("en-US")} ${unit}`];
}
/** Measures `fn` with each implementation, one after the other. */
function row(
  what: string,
  size: string,
  fn: (acl: AclModule) => () => void,
  per: number,
  unit: string,
): void {
  rows.push([what, size, ...impls.flatMap(({ acl }) => fmt(best(fn(acl)), per, unit))]);
}

// Rows that decode the IR into JS objects leave hundreds of MB of garbage whose collection
// would land in whatever is measured next, so they run after the text-in, text-out rows.
const inputs = [1_000, 10_000, 100_000].map((n) => {
  const junos = junosText(n);
  return { n, size: `${n / 1000}k`, ios: iosText(n), junos, jl: junos.split("\n").length - 1 };
});
for (const { n, size, ios, junos, jl } of inputs) {
  row("parse IOS → Acl (lazy: IR not decoded)", size, (a) => () => void a.parse(ios), n, "lines/s");
  row(
    "parse Junos → Acl (lazy: IR not decoded)",
    size,
    (a) => () => void a.parse(junos),
    jl,
    "lines/s",
  );
  row(
    "convert IOS → Junos (parse+emit)",
    size,
    (a) => () => void a.convert(ios, "junos"),
    n,
    "lines/s",
  );
  row(
    "convert IOS → IOS-XR (parse+emit)",
    size,
    (a) => () => void a.convert(ios, "iosxr"),
    n,
    "lines/s",
  );
  row(
    "convert Junos → IOS named (parse+emit)",
    size,
    (a) => () => void a.convert(junos, "ios-named"),
    jl,
    "lines/s",
  );
  row(
    "convert Junos → Junos (parse+emit)",
    size,
    (a) => () => void a.convert(junos, "junos"),
    jl,
    "lines/s",
  );
}
for (const { n, size, ios, junos, jl } of inputs) {
  row(
    "parse IOS → Acl + .terms (IR decoded)",
    size,
    (a) => () => void a.parse(ios).terms,
    n,
    "lines/s",
  );
  row(
    "parse Junos → Acl + .terms (IR decoded)",
    size,
    (a) => () => void a.parse(junos).terms,
    jl,
    "lines/s",
  );
}

const fs: Flow[] = flows(100_000);
const iosAcl = iosText(10_000);
const checks = impls.map(({ acl }) => {
  const parsed = acl.parse(iosAcl);
  const batch = new acl.FlowBatch(fs.length);
  for (const f of fs) batch.add(f);
  const few = new acl.FlowBatch(1000);
  for (const f of fs.slice(0, 1000)) few.add(f);
  const into = { verdicts: new Uint8Array(fs.length), indices: new Int32Array(fs.length) };
  return { acl, parsed, batch, few, into };
});
rows.push([
  "compile 10k-term ACL (+1 check)",
  "10k terms",
  ...checks.flatMap(({ acl, parsed }) => {
    const ms = best(() => {
      parsed.terms = [...parsed.terms]; // invalidates the compiled form
      parsed.checkBatch(new Uint8Array(0));
      const one = new acl.FlowBatch(1);
      one.add({ src: "10.0.0.1", dst: "10.0.0.2" });
      parsed.checkBatch(one);
    }, 2);
    return [`${ms.toFixed(1)} ms`, ""];
  }),
]);
rows.push([
  "encode flows (JS side only)",
  "100k",
  ...checks.flatMap(({ batch }) =>
    fmt(
      best(() => {
        batch.clear();
        for (const f of fs) batch.add(f);
      }),
      fs.length,
      "flows/s",
    )
  ),
]);
const byImpl = new Map(checks.map((c) => [c.acl, c]));
const check = (a: AclModule) => byImpl.get(a)!;
row(
  "checkBatch, pre-encoded (engine)",
  "100k × 10k",
  (a) => () => void check(a).parsed.checkBatch(check(a).batch, check(a).into),
  fs.length,
  "checks/s",
);
row(
  "checkAll, Flow objects (encode+check+results)",
  "100k × 10k",
  (a) => () => void check(a).parsed.checkAll(fs),
  fs.length,
  "checks/s",
);
row(
  "parse 10k-term IOS text + checkBatch 1k flows (lazy)",
  "10k + 1k",
  (a) => () => void a.parse(iosAcl).checkBatch(check(a).few),
  10_000,
  "lines/s",
);
const permitted = checks[0]!.into.verdicts.reduce((n, v) => n + (v === 1 ? 1 : 0), 0);

const head = [
  "measure",
  "size",
  ...impls.flatMap(({ label }) =>
    impls.length > 1 ? [`${label}: time`, `${label}: rate`] : [`time (best of ${RUNS})`, "rate"]
  ),
];
const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
const line = (r: string[]) => `| ${w.map((n, i) => (r[i] ?? "").padEnd(n)).join(" | ")} |`;
console.log(line(head));
console.log(`|${w.map((n) => "-".repeat(n + 2)).join("|")}|`);
for (const r of rows) console.log(line(r));
console.log(
  `\n(${permitted} of ${fs.length} flows permitted; best of ${RUNS}; Deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} cores)`,
);

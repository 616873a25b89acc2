// deno-lint-ignore-file no-console
/**
 * The ACL commands as a user runs them, whole process (start-up included),
 * side by side in one run with the original Trigger 2.3.3 and Capirca on the
 * same rules (issue 13 §5):
 *
 * - `trigger aclconv --to junos`, `check-syntax`, `optimizer` on generated
 *   IOS inputs (200,000 numbered lines; a 10,000-entry rule base for the
 *   optimizer) and `check-access --flows` with 200,000 flows against 10,000
 *   rules;
 * - the original's `aclconv -j` on a 2,000-line slice of the same generator
 *   (it is slow), and its `trigger.acl` parser + `check_access` on 1,000
 *   rules × 200 flows (`acl_whole_process_original.py`), with this
 *   toolkit's commands on the very same files for the ratios;
 * - Capirca's `aclgen` rendering the same 2,000 rules as a policy (cisco and
 *   juniper targets), against `aclconv --to junos` on the IOS text.
 *
 * Times from `hyperfine` (mean of `--runs`, default 3); CPU and peak RSS from
 * one run under `/usr/bin/time -v`; the load average before and after. Then
 * the peak RSS of each command on the 50 MB IOS ACL of issue 12 item 14
 * (679,000 lines) against its size. Prints Markdown tables for
 * `bench/README.md`.
 *
 * Run: deno run -A bench/acl_whole_process.ts [--python .tmp/peers/bin/python] [--runs 3] [--keep]
 * (the venv: `python3 -m venv .tmp/peers && .tmp/peers/bin/pip install trigger capirca`)
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { parse } from "../lib/acl/mod.ts";
import type { AddressCondition, RangeCondition, Term } from "../lib/acl/ir.ts";
import { flows, iosRulesText, iosText } from "./_gen_acl.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    python: { type: "string", default: ".tmp/peers/bin/python" },
    runs: { type: "string", default: "3" },
    keep: { type: "boolean", default: false },
  },
});
const ROOT = new URL("../", import.meta.url).pathname;
const MAIN = join(ROOT, "cli/main.ts");
const PY = join(ROOT, values.python!);
const BIN = join(PY, "..");
const ORIGINAL = join(ROOT, "bench/acl_whole_process_original.py");
const RUNS = values.runs!;
const quiet = { PYTHONWARNINGS: "ignore" };

async function run(cmd: string[], env: Record<string, string> = {}): Promise<string> {
  const r = await new Deno.Command(cmd[0]!, {
    args: cmd.slice(1),
    env,
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const dec = new TextDecoder();
  if (!r.success) {
    throw new Deno.errors.InvalidData(
      `${cmd.join(" ")} failed: ${dec.decode(r.stderr).slice(-400)}`,
    );
  }
  return dec.decode(r.stdout);
}

async function load(): Promise<string> {
  return (await run(["uptime"])).trim().replace(/.*load average:/, "load");
}

/**
 * Mean wall seconds over RUNS (hyperfine, no shell), and the CPU seconds (user + system) and
 * peak RSS (MB) of one run under `/usr/bin/time -v`.
 */
async function measure(
  cmd: string[],
  env: Record<string, string> = {},
): Promise<[number, number, number]> {
  const dir = await Deno.makeTempDir();
  const json = join(dir, "h.json");
  const quoted = cmd.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
  await run(["hyperfine", "-N", "--runs", RUNS, "--export-json", json, quoted], {
    ...Deno.env.toObject(),
    ...env,
  });
  const mean = (JSON.parse(await Deno.readTextFile(json)) as { results: { mean: number }[] })
    .results[0]!.mean;
  const timed = await new Deno.Command("/usr/bin/time", {
    args: ["-v", ...cmd],
    env: { ...Deno.env.toObject(), ...env },
    stdout: "null",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(timed.stderr);
  if (!timed.success) {
    throw new Deno.errors.InvalidData(`${cmd.join(" ")} failed: ${text.slice(-400)}`);
  }
  const field = (name: string) => Number(text.split(`${name}: `)[1]?.split("\n")[0] ?? NaN);
  await Deno.remove(dir, { recursive: true });
  return [
    mean,
    field("User time (seconds)") + field("System time (seconds)"),
    field("Maximum resident set size (kbytes)") / 1024,
  ];
}

/** A term as a Capirca policy term (the networks and services it needs are added to `defs`). */
function capircaTerm(t: Term, i: number, defs: { net: string[]; svc: string[] }): string {
  const out = [`term t${i} {`];
  for (const c of t.conditions) {
    if (c.key === "source-address" || c.key === "destination-address") {
      const name = `${c.key === "source-address" ? "S" : "D"}${i}`;
      defs.net.push(`${name} = ${(c as AddressCondition).values.map((a) => a.prefix).join(" ")}`);
      out.push(`  ${c.key}:: ${name}`);
    } else if (c.key === "destination-port") {
      const proto = t.conditions.find((x) => x.key === "protocol") as RangeCondition;
      const name = `P${i}`;
      const ports = (c as RangeCondition).values.map((
        [lo, hi],
      ) => (lo === hi ? `${lo}` : `${lo}-${hi}`));
      const protos = proto.values.map(([p]) => (p === 6 ? "tcp" : "udp"));
      defs.svc.push(`${name} = ${protos.flatMap((p) => ports.map((x) => `${x}/${p}`)).join(" ")}`);
      out.push(`  destination-port:: ${name}`);
    } else if (c.key === "protocol") {
      const p = (c as RangeCondition).values[0]![0];
      out.push(`  protocol:: ${({ 6: "tcp", 17: "udp", 1: "icmp" } as Record<number, string>)[p]}`);
    } else if (c.key === "icmp-type") {
      const ty = (c as RangeCondition).values[0]![0];
      out.push(
        `  icmp-type:: ${
          ({ 0: "echo-reply", 8: "echo-request", 3: "unreachable" } as Record<number, string>)[ty]
        }`,
      );
    } else if (c.key === "tcp-flags") out.push("  option:: tcp-established"); // IOS established
  }
  if (t.modifiers.log) out.push("  logging:: true");
  out.push(`  action:: ${t.action.kind === "accept" ? "accept" : "deny"}`, "}");
  return out.join("\n");
}

/** Writes a Capirca policy equivalent to the IOS text (cisco and juniper targets). */
async function capircaPolicy(dir: string, iosTextIn: string): Promise<string> {
  using acl = parse(iosTextIn);
  const defs = { net: [] as string[], svc: [] as string[] };
  const terms = acl.terms.map((t, i) => capircaTerm(t, i, defs));
  await Deno.mkdir(join(dir, "def"), { recursive: true });
  await Deno.mkdir(join(dir, "pol"), { recursive: true });
  await Deno.writeTextFile(join(dir, "def/NETWORK.net"), defs.net.join("\n") + "\n");
  await Deno.writeTextFile(join(dir, "def/SERVICES.svc"), defs.svc.join("\n") + "\n");
  const header = "header {\n  target:: cisco RULES extended\n  target:: juniper RULES inet\n}\n";
  const pol = join(dir, "pol/rules.pol");
  await Deno.writeTextFile(pol, header + terms.join("\n") + "\n");
  return pol;
}

const dir = await Deno.makeTempDir({ prefix: "acl-whole-" });
const f = (name: string) => join(dir, name);
const ios200k = iosText(200_000, 1);
await Deno.writeTextFile(f("ios200k.acl"), ios200k);
await Deno.writeTextFile(f("rules10k.acl"), iosText(10_000, 7));
await Deno.writeTextFile(
  f("flows200k.jsonl"),
  flows(200_000).map((x) => JSON.stringify(x)).join("\n") + "\n",
);
await Deno.writeTextFile(f("opt10k.acl"), iosRulesText(10_000));
const ios2k = iosText(2_000, 1);
await Deno.writeTextFile(f("ios2k.acl"), ios2k);
await Deno.writeTextFile(f("rules1k.acl"), iosText(1_000, 7));
await Deno.writeTextFile(
  f("flows200.jsonl"),
  flows(200).map((x) => JSON.stringify(x)).join("\n") + "\n",
);
const pol = await capircaPolicy(join(dir, "capirca"), ios2k);
const deno = [Deno.execPath(), "run", "-A", MAIN];

interface Row {
  what: string;
  input: string;
  units: number;
  unit: string;
  cmd: string[];
  env?: Record<string, string>;
  peerOf?: string;
}
const rows: Row[] = [
  {
    what: "aclconv --to junos",
    input: "200,000 IOS lines",
    units: 200_000,
    unit: "lines",
    cmd: [...deno, "aclconv", "--to", "junos", f("ios200k.acl")],
  },
  {
    what: "check-syntax",
    input: "200,000 IOS lines",
    units: 200_000,
    unit: "lines",
    cmd: [...deno, "check-syntax", f("ios200k.acl")],
  },
  {
    what: "check-access --flows",
    input: "10,000 rules × 200,000 flows",
    units: 200_000,
    unit: "flows",
    cmd: [...deno, "check-access", "--flows", f("flows200k.jsonl"), f("rules10k.acl")],
  },
  {
    what: "optimizer",
    input: "10,000-entry rule base",
    units: 10_000,
    unit: "terms",
    cmd: [...deno, "optimizer", f("opt10k.acl")],
  },
  {
    what: "aclconv --to junos",
    input: "2,000 IOS lines",
    units: 2_000,
    unit: "lines",
    cmd: [...deno, "aclconv", "--to", "junos", f("ios2k.acl")],
  },
  {
    what: "original `aclconv -j`",
    input: "2,000 IOS lines",
    units: 2_000,
    unit: "lines",
    cmd: [join(BIN, "aclconv"), "-j", f("ios2k.acl")],
    env: quiet,
    peerOf: "aclconv --to junos|2,000 IOS lines",
  },
  {
    what: "Capirca `aclgen` (cisco + juniper)",
    input: "the same 2,000 rules",
    units: 2_000,
    unit: "terms",
    cmd: [
      join(BIN, "aclgen"),
      `--base_directory=${join(dir, "capirca/pol")}`,
      `--definitions_directory=${join(dir, "capirca/def")}`,
      `--output_directory=${join(dir, "capirca")}`,
      `--policy_file=${pol}`,
      "--max_renderers=1",
    ],
    env: quiet,
    peerOf: "aclconv --to junos|2,000 IOS lines",
  },
  {
    what: "check-access --flows",
    input: "1,000 rules × 200 flows",
    units: 200,
    unit: "flows",
    cmd: [...deno, "check-access", "--flows", f("flows200.jsonl"), f("rules1k.acl")],
  },
  {
    what: "original parse + `check_access`",
    input: "1,000 rules × 200 flows",
    units: 200,
    unit: "flows",
    cmd: [PY, ORIGINAL, f("rules1k.acl"), f("flows200.jsonl")],
    env: quiet,
    peerOf: "check-access --flows|1,000 rules × 200 flows",
  },
];

const before = await load();
const results = new Map<string, number>();
const lines = [
  "| command | input | wall (mean of " + RUNS + ") | rate (wall) | CPU, one run | peak RSS | " +
  "vs this toolkit (wall) |",
  "| --- | --- | --- | --- | --- | --- | --- |",
];
for (const r of rows) {
  const [s, cpu, mb] = await measure(r.cmd, r.env);
  results.set(`${r.what}|${r.input}`, s);
  const ours = r.peerOf ? results.get(r.peerOf) : undefined;
  const ratio = ours ? `${(s / ours).toFixed(1)}× slower` : "";
  const rate = `${Math.round(r.units / s).toLocaleString("en-US")} ${r.unit}/s`;
  const line = `| ${r.what} | ${r.input} | ${s.toFixed(2)} s | ${rate} | ${cpu.toFixed(2)} s | ` +
    `${mb.toFixed(0)} MB | ${ratio} |`;
  console.error(line);
  lines.push(line);
}
// Memory on the issue's 50 MB input (issue 12 item 14): one run each, peak RSS against the size.
const big = iosText(679_000, 1);
await Deno.writeTextFile(f("ios50mb.acl"), big);
const size = big.length / 2 ** 20;
const memory = [
  `| command (${
    size.toFixed(1)
  } MB IOS ACL, 679,000 lines) | exit | CPU | peak RSS | RSS / input |`,
  "| --- | --- | --- | --- | --- |",
];
for (
  const args of [
    ["aclconv", "--to", "junos", f("ios50mb.acl")],
    ["check-syntax", f("ios50mb.acl")],
    ["check-access", "--flows", f("flows200.jsonl"), f("ios50mb.acl")],
    ["optimizer", f("ios50mb.acl")],
  ]
) {
  const timed = await new Deno.Command("/usr/bin/time", {
    args: ["-v", ...deno, ...args],
    stdout: "null",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(timed.stderr);
  const field = (name: string) => Number(text.split(`${name}: `)[1]?.split("\n")[0] ?? NaN);
  const mb = field("Maximum resident set size (kbytes)") / 1024;
  const cpu = field("User time (seconds)") + field("System time (seconds)");
  const what = args.slice(0, -1).join(" ").replace(f("flows200.jsonl"), "FLOWS");
  const line = `| ${what} | ${timed.code} | ${cpu.toFixed(2)} s | ${mb.toFixed(0)} MB | ` +
    `${(mb / size).toFixed(1)}× |`;
  console.error(line);
  memory.push(line);
}
const after = await load();
console.log(lines.join("\n"));
console.log("\n" + memory.join("\n"));
console.log(`\nLoad before: ${before}; after: ${after}.`);
if (values.keep) console.log(`Inputs and outputs kept in ${dir}`);
else await Deno.remove(dir, { recursive: true });

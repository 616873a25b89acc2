// deno-lint-ignore-file no-console
/**
 * The issue 13 §5 targets, whole process, before and after a change: the
 * three commands (`aclconv --to junos` and `check-syntax` on 200,000 IOS
 * lines, `check-access --flows` with 200,000 flows against 10,000 rules) run
 * with each checkout's `cli/main.ts` in turn, interleaved, each run under
 * `/usr/bin/time` (wall, user + system CPU, peak RSS) with the 1-minute load
 * average read just before it. Prints one Markdown table row per run.
 *
 * Run: deno run -A bench/acl_whole_process_speed.ts BEFORE_DIR [AFTER_DIR] [--runs 3] [--inputs DIR] [--only WORD]
 * (BEFORE_DIR: another checkout, e.g. `git archive <commit> | tar x -C .tmp/before`;
 * AFTER_DIR defaults to this checkout; DIR holds `ios200k.acl`, `ios10k.acl` and
 * `flows200k.jsonl` from `deno run -A bench/_acl_cli_inputs.ts DIR`; `--only WORD`: only the
 * commands whose row names it, e.g. `--only check-access`).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join, resolve } from "node:path";

const { values, positionals } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: {
    runs: { type: "string", default: "3" },
    inputs: { type: "string", default: ".tmp/bench" },
    only: { type: "string", default: "" },
  },
});
const here = resolve(new URL("..", import.meta.url).pathname);
const [before, after = here] = positionals;
if (before === undefined) {
  console.error(
    "usage: acl_whole_process_speed.ts BEFORE_DIR [AFTER_DIR] [--runs N] [--inputs DIR] [--only WORD]",
  );
  Deno.exit(2);
}
const dir = resolve(values.inputs);
const all: [string, string[]][] = [
  ["aclconv --to junos ios200k.acl", ["aclconv", "--to", "junos", join(dir, "ios200k.acl")]],
  ["check-syntax ios200k.acl", ["check-syntax", join(dir, "ios200k.acl")]],
  [
    "check-access ios10k.acl --flows flows200k.jsonl",
    ["check-access", join(dir, "ios10k.acl"), "--flows", join(dir, "flows200k.jsonl")],
  ],
];
const commands = all.filter(([name]) => name.includes(values.only));

async function load(): Promise<string> {
  return (await Deno.readTextFile("/proc/loadavg")).split(" ")[0]!;
}

console.log("| command | checkout | wall (s) | CPU user+sys (s) | peak RSS (MiB) | load |");
console.log("| --- | --- | --- | --- | --- | --- |");
for (let r = 0; r < Number(values.runs); r++) {
  for (const [name, args] of commands) {
    for (const [label, root] of [["before", before], ["after", after]] as const) {
      const l = await load();
      const main = join(resolve(root), "cli/main.ts");
      const out = await new Deno.Command("/usr/bin/time", {
        args: ["-f", "%e %U %S %M", Deno.execPath(), "run", "-A", main, ...args],
        stdout: "null",
        stderr: "piped",
      }).output();
      const last = new TextDecoder().decode(out.stderr).trim().split("\n").at(-1)!;
      const [wall, user, sys, kb] = last.split(" ").map(Number) as [number, number, number, number];
      const cpu = (user + sys).toFixed(2);
      const mib = (kb / 1024).toFixed(0);
      console.log(`| \`${name}\` | ${label} | ${wall.toFixed(2)} | ${cpu} | ${mib} | ${l} |`);
    }
  }
}

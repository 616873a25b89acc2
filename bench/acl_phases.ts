// deno-lint-ignore-file no-console
/**
 * Where the time of the whole-process ACL commands goes: the same calls as
 * `aclconv --to junos`, `check-syntax` and `check-access --flows` make, one
 * phase at a time in a fresh process, with wall and CPU time (all threads,
 * `process.cpuUsage()`) per phase. Engine calls are made twice: the first
 * runs in a fresh V8 (wasm compiled lazily by Liftoff, hot functions tiered up
 * to TurboFan in the background, engine memory growing), the second shows the
 * warm cost that `bench/acl_throughput.ts` measures.
 *
 * Inputs from `deno run -A bench/_acl_cli_inputs.ts .tmp/bench`; the output
 * of the conversion goes to standard output (send it to /dev/null).
 *
 * ```sh
 * deno run -A bench/acl_phases.ts aclconv .tmp/bench >/dev/null
 * deno run -A bench/acl_phases.ts check-syntax .tmp/bench
 * deno run -A bench/acl_phases.ts check-access .tmp/bench
 * ```
 *
 * @module
 */
import process from "node:process";

const [what = "aclconv", dir = ".tmp/bench"] = Deno.args;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const rows: string[] = [
  `| runtime start to this module | ${performance.now().toFixed(0)} ms | ${cpu().toFixed(0)} ms |`,
];
let wall = performance.now();
let used = cpu();
function phase(name: string): void {
  const w = performance.now();
  const c = cpu();
  rows.push(`| ${name} | ${(w - wall).toFixed(0)} ms | ${(c - used).toFixed(0)} ms |`);
  wall = w;
  used = c;
}

await import("commander");
await import("../cli/_io.ts");
phase("commander + cli/_io.ts");
const { convertBytes } = await import("../lib/acl/parse.ts");
const { parseWithDiagnostics, dropKeptIr } = await import("../lib/acl/_engine.ts");
const { currentGeneration } = await import("../lib/acl/_wasm.ts");
phase("lib/acl modules (the engine's 1.5 MB base64 module included)");
currentGeneration();
phase("wasm: decode base64, compile (lazy), instantiate");
if (what === "aclconv") {
  const bytes = await Deno.readFile(`${dir}/ios200k.acl`);
  phase("read ios200k.acl");
  let out = convertBytes(bytes, "junos", {});
  phase("convert to junos, first call (engine + copy of the output out of wasm)");
  out = convertBytes(bytes, "junos", {});
  phase("the same call again (warm)");
  out.slice();
  phase(`a copy of the ${(out.length / 2 ** 20).toFixed(0)} MiB output alone`);
  for (let n = 0; n < out.length;) n += Deno.stdout.writeSync(out.subarray(n));
  phase("write the output");
} else if (what === "check-syntax") {
  const bytes = await Deno.readFile(`${dir}/ios200k.acl`);
  phase("read ios200k.acl");
  parseWithDiagnostics(bytes, "auto", { lazy: true });
  phase("lazy parse (heads, term counts), first call");
  parseWithDiagnostics(bytes, "auto", { lazy: true });
  phase("the same call again (warm)");
} else if (what === "check-access") {
  const { readFilters } = await import("../cli/commands/_acl_select.ts");
  const { compileChecker } = await import("../lib/acl/_check.ts");
  const { checkFlowFile } = await import("../lib/acl/_flow_engine.ts");
  phase("check-access modules");
  const text = await Deno.readTextFile(`${dir}/ios10k.acl`);
  const data = await Deno.readFile(`${dir}/flows200k.jsonl`);
  phase("read ios10k.acl and flows200k.jsonl");
  const { acls, sources } = readFilters(text, "auto");
  phase("filter heads and term lines (engine)");
  const acl = acls[0]!;
  const c = compileChecker(acl, null, sources.get(acl), () => acl.toJSON());
  dropKeptIr();
  phase("compile the 10k rules (engine, from the IR the heads' parse kept)");
  checkFlowFile(data, c.handle);
  phase("flow lines read and checked in the engine, first call");
  checkFlowFile(data, c.handle);
  phase("the same again (warm)");
} else {
  throw new RangeError(`unknown command "${what}" (aclconv, check-syntax, check-access)`);
}
console.error(`${what}\n\n| phase | wall | CPU |\n| --- | --- | --- |\n${rows.join("\n")}`);

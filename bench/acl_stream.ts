// deno-lint-ignore-file no-console
/**
 * The streaming check and conversion against the whole-text calls they
 * replace in `check-syntax` and `aclconv --to`, in one process, interleaved,
 * five rounds: CPU time (all threads, `process.cpuUsage()`) per call. The
 * first round runs the engine cold (wasm compiled lazily by Liftoff, hot
 * functions tiered up to TurboFan in the background, used from their next
 * call), the later ones warm. Also the engine's memory (WebAssembly memory
 * only grows: its size is the most the engine held).
 *
 * ```sh
 * deno run -A bench/acl_stream.ts .tmp/bench/ios200k.acl
 * ```
 *
 * Inputs from `deno run -A bench/_acl_cli_inputs.ts .tmp/bench`.
 *
 * @module
 */
import process from "node:process";
import { convertBytes } from "../lib/acl/parse.ts";
import { convertChunks } from "../lib/acl/convert_chunks.ts";
import { checkHeads, dropKeptIr, parseWithDiagnostics } from "../lib/acl/_engine.ts";
import { engineMemoryBytes } from "../lib/acl/_wasm.ts";

const bytes = await Deno.readFile(Deno.args[0] ?? ".tmp/bench/ios200k.acl");
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const rows: Record<string, number[]> = {};
function time(name: string, f: () => void): void {
  const c = cpu();
  f();
  (rows[name] ??= []).push(Math.round(cpu() - c));
}
const mode = Deno.args[1] ?? "both";
for (let i = 0; i < 5; i++) {
  if (mode !== "stream") {
    time("lazy parse (check-syntax before)", () => {
      parseWithDiagnostics(bytes, "auto", { lazy: true });
      dropKeptIr();
    });
  }
  if (mode !== "whole") time("checkHeads, streamed (after)", () => checkHeads(bytes, "auto"));
  if (mode !== "stream") {
    time("convertBytes to junos (aclconv before)", () => convertBytes(bytes, "junos"));
  }
  if (mode !== "whole") {
    time("convertChunks to junos (after)", () => {
      let n = 0;
      for (const p of convertChunks(bytes, "junos")) n += p.length;
    });
  }
}
console.log(`| call (CPU ms per round, 1st cold) | ${bytes.length} bytes in |`);
for (const [k, v] of Object.entries(rows)) console.log(`| ${k} | ${v.join(", ")} |`);
console.log(`engine memory: ${(engineMemoryBytes() / 2 ** 20).toFixed(0)} MiB`);

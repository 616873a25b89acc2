// deno-lint-ignore-file no-console
/**
 * `aclconv --to`'s output path alone, in cold processes, interleaved: the
 * text read once with the output held back (`convertChunks` with
 * `onRestart`, `cli/_held_output.ts`: what `aclconv` does now) against the
 * text read twice, a check pass and then the write pass, each piece written
 * straight to standard output (what it did before). Standard output is
 * `/dev/null`; the time is from the file's opening to the last byte written
 * (start-up excluded), with the 1-minute load average beside each run.
 *
 * Run: deno run -A bench/acl_one_pass.ts [--runs 5] [--inputs DIR] [--file ios200k.acl] [--to junos]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join, resolve } from "node:path";
import { convertChunks } from "../lib/acl/convert_chunks.ts";
import type { AclFormat } from "../lib/acl/ir.ts";
import { HeldOutput } from "../cli/_held_output.ts";
import { aclInput } from "../cli/commands/_acl_input.ts";
import { write } from "../cli/_io.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    runs: { type: "string", default: "5" },
    inputs: { type: "string", default: ".tmp/bench" },
    file: { type: "string", default: "ios200k.acl" },
    to: { type: "string", default: "junos" },
    child: { type: "string" },
  },
});
const path = join(resolve(values.inputs), values.file);
const to = values.to as AclFormat;

if (values.child !== undefined) {
  const src = await aclInput(path);
  const t0 = performance.now();
  if (values.child === "one") {
    using held = new HeldOutput();
    let voided = false;
    for (const p of convertChunks(src, to, { onRestart: () => voided = true })) {
      if (voided) await held.rewind(0);
      voided = false;
      await held.add(p);
    }
    await held.release();
  } else {
    for (const p of convertChunks(src, to)) write(p);
  }
  console.error((performance.now() - t0).toFixed(0));
  Deno.exit(0);
}

console.log(`| run | read once, held back (ms) | read twice, written straight (ms) | load |`);
console.log("| --- | --- | --- | --- |");
for (let r = 1; r <= Number(values.runs); r++) {
  const load = (await Deno.readTextFile("/proc/loadavg")).split(" ")[0];
  const times: string[] = [];
  for (const mode of ["one", "two"]) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL(import.meta.url).pathname, ...Deno.args, "--child", mode],
      stdout: "null",
      stderr: "piped",
    }).output();
    times.push(new TextDecoder().decode(out.stderr).trim());
  }
  console.log(`| ${r} | ${times[0]} | ${times[1]} | ${load} |`);
}

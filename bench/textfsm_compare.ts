/**
 * `deno run -A bench/textfsm_compare.ts [COUNT] [TEMPLATE]`: records per
 * second parsing a generated `show interfaces` (COUNT interfaces, default
 * 10000) with our engine and with Debian's python3-textfsm, in the same run,
 * same template (default `tests/textfsm/cases/cisco_ios_show_interfaces.textfsm`;
 * `lib/textfsm/templates/cisco_ios_show_interfaces.textfsm` is the built-in one).
 *
 * @module
 */
// deno-lint-ignore-file no-console
import { TextFsm } from "../lib/textfsm/mod.ts";
import { showInterfaces, TEMPLATE_PATH } from "./_textfsm_data.ts";

const count = Number(Deno.args[0] ?? 10_000);
const text = showInterfaces(count);
const templatePath = Deno.args[1] ?? TEMPLATE_PATH;
const template = await Deno.readTextFile(templatePath);
const input = await Deno.makeTempFile({ suffix: ".txt" });
try {
  await Deno.writeTextFile(input, text);
  const fsm = TextFsm.parse(template);
  fsm.parseText(text); // warm-up
  const runs = 5;
  let best = Infinity, records = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    records = fsm.parseText(text).length;
    best = Math.min(best, performance.now() - t0);
  }
  const py = `
import sys, time, textfsm
tpl, path = sys.argv[1], sys.argv[2]
text = open(path).read()
best = 1e9
for _ in range(3):
    with open(tpl) as f:
        fsm = textfsm.TextFSM(f)
    t0 = time.perf_counter(); n = len(fsm.ParseText(text)); best = min(best, time.perf_counter() - t0)
print(n, best * 1000)
`;
  const out = await new Deno.Command("/usr/bin/python3", { args: ["-c", py, templatePath, input] })
    .output();
  const [pyRecords, pyMs] = new TextDecoder().decode(out.stdout).trim().split(" ").map(Number);
  const lines = text.split("\n").length;
  if (pyRecords !== records) throw new Error(`record counts differ: ${records} vs ${pyRecords}`);
  console.log(`template: ${templatePath}`);
  console.log(`input: ${count} interfaces, ${lines} lines, ${(text.length / 1e6).toFixed(1)} MB`);
  console.log(
    `trigger (Deno ${Deno.version.deno}): ${records} records in ${best.toFixed(0)} ms = ${
      Math.round(records / best * 1000)
    } records/s`,
  );
  console.log(
    `python3-textfsm: ${pyRecords} records in ${pyMs!.toFixed(0)} ms = ${
      Math.round(pyRecords! / pyMs! * 1000)
    } records/s`,
  );
  console.log(`speed-up: ${(pyMs! / best).toFixed(1)}x`);
} finally {
  await Deno.remove(input);
}

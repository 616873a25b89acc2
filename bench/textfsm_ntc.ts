// deno-lint-ignore-file no-console
/**
 * TextFSM throughput on real templates (issue 16 §1): ntc-templates' own test
 * cases (every `tests/<platform>/<command>/*.raw` of a checkout) parsed by
 * this engine (`parseOutput`, templates read from the checkout as the Python
 * side reads them) and by Python's textfsm 2.x + `ntc_templates.parse.
 * parse_output`, in one run; cases per second (best of PASSES passes over all
 * cases, comparison with the expected `.yml` outside the timed part for us,
 * inside for Python, whose cost is a dict comparison).
 *
 * Run: deno run -A bench/textfsm_ntc.ts [REPO] [PASSES]
 * (REPO default `.tmp/ntc-templates`; Python from `.tmp/peers`, see bench/README.md)
 *
 * @module
 */
import { isDeepStrictEqual } from "node:util";
import { parse } from "yaml";
import { CliTable, parseOutput } from "../lib/textfsm/mod.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const repo = Deno.args[0] ?? `${ROOT}.tmp/ntc-templates`;
const passes = Number(Deno.args[1] ?? 3);
const python = Deno.env.get("PEERS_PYTHON") ?? `${ROOT}.tmp/peers/bin/python`;

const cases: { platform: string; command: string; data: string; want: unknown }[] = [];
for await (const p of Deno.readDir(`${repo}/tests`)) {
  if (!p.isDirectory) continue;
  for await (const c of Deno.readDir(`${repo}/tests/${p.name}`)) {
    if (!c.isDirectory) continue;
    for await (const f of Deno.readDir(`${repo}/tests/${p.name}/${c.name}`)) {
      if (!f.name.endsWith(".raw")) continue;
      const base = `${repo}/tests/${p.name}/${c.name}/${f.name.slice(0, -4)}`;
      cases.push({
        platform: p.name,
        command: c.name.split("_").join(" "),
        data: await Deno.readTextFile(`${base}.raw`),
        want: parse(await Deno.readTextFile(`${base}.yml`), { version: "1.1" }).parsed_sample,
      });
    }
  }
}

const table = await CliTable.load(`${repo}/ntc_templates/templates`);
let best = Infinity;
let identical = 0;
for (let pass = 0; pass < passes; pass++) {
  const got: unknown[] = [];
  const t0 = performance.now();
  for (const c of cases) {
    got.push(await parseOutput(table, c.data, { platform: c.platform, command: c.command }));
  }
  best = Math.min(best, (performance.now() - t0) / 1000);
  identical = cases.filter((c, i) => isDeepStrictEqual(got[i], c.want)).length;
}

const py = await new Deno.Command(python, {
  args: [`${ROOT}bench/_textfsm_ntc.py`, repo, String(passes)],
  stdout: "piped",
  stderr: "inherit",
}).output();
const p = JSON.parse(new TextDecoder().decode(py.stdout).trim());
console.log("| engine | cases | best pass | cases/s | identical to .yml |");
console.log("| --- | --- | --- | --- | --- |");
console.log(
  `| Trigger for Deno (parseOutput) | ${cases.length} | ${best.toFixed(2)} s | ${
    (cases.length / best).toFixed(0)
  } | ${identical} |`,
);
console.log(
  `| Python textfsm 2.1 + ntc_templates parse_output | ${p.cases} | ${p.best_s.toFixed(2)} s | ${
    (p.cases / p.best_s).toFixed(0)
  } | ${p.identical} |`,
);
console.log(`speed-up: ${((cases.length / best) / (p.cases / p.best_s)).toFixed(1)}x`);

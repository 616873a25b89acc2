/**
 * ntc-templates' own test suite through our engine: every
 * `tests/<platform>/<command>/*.raw` of a checkout of the public
 * networktocode/ntc-templates repository, parsed with that checkout's
 * templates through {@linkcode parseOutput} (as its
 * `test_structured_data_against_parsed_reference_files.py` does with Python's
 * `parse_output`), must equal the `.yml` beside it exactly.
 *
 * The checkout is `$NTC_TEMPLATES_REPO`, else `.tmp/ntc-templates`. The
 * PyPI package ships the templates but not the tests, so without a checkout
 * (CI cannot clone from GitHub) the test is skipped and says why.
 */
import { deepStrictEqual, ok } from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { parse } from "yaml";
import { CliTable, findNtcTemplates, parseOutput, TextFsm } from "../../lib/textfsm/mod.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const REPO = Deno.env.get("NTC_TEMPLATES_REPO") ?? `${ROOT}.tmp/ntc-templates`;
const present = await Deno.stat(`${REPO}/tests`).then(() => true, () => false) &&
  await Deno.stat(`${REPO}/ntc_templates/templates/index`).then(() => true, () => false);

/** The cases of a checkout: platform, command (as the Python test derives it), file base. */
export async function ntcCases(repo: string): Promise<[string, string, string][]> {
  const cases: [string, string, string][] = [];
  for await (const p of Deno.readDir(`${repo}/tests`)) {
    if (!p.isDirectory) continue;
    for await (const c of Deno.readDir(`${repo}/tests/${p.name}`)) {
      if (!c.isDirectory) continue;
      for await (const f of Deno.readDir(`${repo}/tests/${p.name}/${c.name}`)) {
        if (!f.name.endsWith(".raw")) continue;
        const base = `${repo}/tests/${p.name}/${c.name}/${f.name.slice(0, -4)}`;
        cases.push([p.name, c.name.split("_").join(" "), base]);
      }
    }
  }
  return cases.sort((a, b) => a[2] < b[2] ? -1 : 1);
}

Deno.test({
  name: present
    ? "parseOutput() equals every expected .yml of ntc-templates' own test suite"
    : "ntc-templates parity (skipped: no ntc-templates checkout; set NTC_TEMPLATES_REPO)",
  ignore: !present,
  async fn() {
    const table = await CliTable.load(`${REPO}/ntc_templates/templates`);
    const cases = await ntcCases(REPO);
    const failures: string[] = [];
    for (const [platform, command, base] of cases) {
      const raw = await Deno.readTextFile(`${base}.raw`);
      // PyYAML (the Python test's loader) reads YAML 1.1
      const want = parse(await Deno.readTextFile(`${base}.yml`), { version: "1.1" }).parsed_sample;
      let got: unknown;
      try {
        got = await parseOutput(table, raw, { platform, command });
      } catch (e) {
        got = `error: ${e instanceof Error ? e.message : e}`;
      }
      if (!isDeepStrictEqual(got, want)) failures.push(base.slice(REPO.length + 1));
    }
    ok(cases.length > 1000, `only ${cases.length} cases found in ${REPO}`);
    deepStrictEqual(failures, [], `${failures.length} of ${cases.length} cases differ`);
  },
});

Deno.test("parseOutput() keeps null and objects in List values when asked", async () => {
  const table = CliTable.fromText(
    "Template, Platform, Command\nt, p, show x\n",
    () =>
      Promise.resolve(
        "Value List A (x|y)\nValue List B ((?P<k>\\w)=(?P<v>\\w)?)\n\nStart\n  ^a ${A}?;\n  ^b ${B}\n",
      ),
  );
  const text = "a ;\na x;\nb k=\n";
  deepStrictEqual(await parseOutput(table, text, { platform: "p", command: "show x" }), [
    { a: ["None", "x"], b: ["{'k': 'k', 'v': None}"] },
  ]);
  deepStrictEqual(
    await parseOutput(table, text, { platform: "p", command: "show x", pythonStrings: false }),
    [{ a: [null, "x"], b: [{ k: "k", v: null }] }],
  );
});

// the pinned PyPI package (.ci/run installs it into .tmp/peers), else the checkout's templates
const installed =
  await findNtcTemplates({ env: (n) => n === "VIRTUAL_ENV" ? `${ROOT}.tmp/peers` : undefined }) ??
    (present ? `${REPO}/ntc_templates/templates` : undefined);

Deno.test({
  name: installed
    ? "every template of ntc-templates compiles, and its index loads"
    : "ntc-templates templates compile (skipped: no ntc-templates in .tmp/peers nor a checkout)",
  ignore: installed === undefined,
  async fn() {
    await CliTable.load(installed!);
    let n = 0;
    for await (const e of Deno.readDir(installed!)) {
      if (!e.name.endsWith(".textfsm")) continue;
      TextFsm.parse(await Deno.readTextFile(`${installed}/${e.name}`), { source: e.name });
      n++;
    }
    ok(n > 500, `only ${n} templates in ${installed}`);
  },
});

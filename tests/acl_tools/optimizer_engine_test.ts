/**
 * The engine's optimizer (`acl_optimize`, `acl-wasm/src/opt/`) gives exactly
 * the results of the TypeScript optimizer it replaced, whose semantics
 * `_optimizer_reference.ts` keeps: the same report and the same output on
 * every golden ACL of the repository (each ACL, in its own format and in
 * others, with and without `keepDenies`) and on generated rule bases of
 * several seeds and sizes, IOS and Junos; an ACL changed in JavaScript (IR
 * JSON) and a parsed one (its text) optimize alike.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { type Acl, type AclFormat, parse, parseAll } from "../../lib/acl/mod.ts";
import { optimize, type OptimizeOptions, summarizeOptimization } from "../../lib/acl/tools/mod.ts";
import { iosRulesText, iosText, junosText } from "../../bench/_gen_acl.ts";
import { referenceOptimize } from "./_optimizer_reference.ts";
import { engineOptimize } from "../../lib/acl/tools/_optimize_engine.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Every golden ACL input (the error cases left out). */
function goldenInputs(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of Deno.readDirSync(dir)) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory && e.name !== "errors") walk(p);
      else if (e.isFile && /\.(acl|jcl|txt)$/.test(e.name) && !e.name.includes(".out")) out.push(p);
    }
  };
  walk(`${ROOT}tests/acl/golden`);
  out.push(`${ROOT}acl-wasm/tests/data/realworld.acl`);
  return out.sort();
}

/** The written output, or the error's message when the format cannot write it. */
function written(acl: Acl, format: AclFormat): string {
  try {
    return acl.output(format);
  } catch (e) {
    return `error: ${e instanceof Error ? e.message : String(e)}`;
  }
}

function same(acl: Acl, options: OptimizeOptions, what: string): number {
  const now = optimize(acl, options);
  const before = referenceOptimize(acl, options);
  using a = now.acl;
  using b = before.acl;
  deepStrictEqual(now.report, before.report, `reports differ: ${what}`);
  const format = options.format ?? acl.defaultFormat;
  strictEqual(written(a, format), written(b, format), `outputs differ: ${what}`);
  return now.report.removed.length + now.report.merged.length;
}

Deno.test("optimize() in the engine equals the reference on every golden ACL", () => {
  const files = goldenInputs();
  ok(files.length > 40, `only ${files.length} golden inputs`);
  let changes = 0;
  let acls = 0;
  for (const file of files) {
    let all: Acl[];
    try {
      all = parseAll(Deno.readTextFileSync(file));
    } catch {
      continue; // not an ACL text of its own (an expected output)
    }
    for (const acl of all) {
      acls++;
      for (const format of [undefined, "junos", "ios-named", "nxos"] as const) {
        const opts = format === undefined ? {} : { format };
        changes += same(acl, opts, `${file} ${format ?? "own format"}`);
      }
      changes += same(acl, { keepDenies: true }, `${file} keepDenies`);
      changes += same(acl, { window: 1 }, `${file} window 1`);
    }
  }
  ok(acls > 40, `only ${acls} ACLs`);
  ok(changes > 50, `only ${changes} removals and merges`);
});

Deno.test("optimize() in the engine equals the reference on generated rule bases", () => {
  const inputs: [string, string][] = [
    ["iosRulesText(1500, 5)", iosRulesText(1500, 5)],
    ["iosRulesText(2500, 11)", iosRulesText(2500, 11)],
    ["iosRulesText(800, 3)", iosRulesText(800, 3)],
    ["iosText(1500, 9)", iosText(1500, 9)],
    ["iosText(3000, 1)", iosText(3000, 1)],
    ["junosText(20000, 4)", junosText(20_000, 4)],
    ["junosText(12000, 7)", junosText(12_000, 7)],
  ];
  for (const [what, text] of inputs) {
    for (const acl of parseAll(text)) {
      let changes = same(acl, {}, what);
      changes += same(acl, { format: "junos" }, `${what} junos`);
      changes += same(acl, { keepDenies: true }, `${what} keepDenies`);
      ok(changes > 0, `${what}: nothing removed or merged`);
    }
  }
});

Deno.test("optimize() of a changed ACL (its IR) equals that of the parsed one (its text)", () => {
  const text = iosRulesText(600, 8);
  using parsed = parse(text);
  const fromText = optimize(parsed);
  using changed = parse(text);
  changed.terms = [...changed.terms];
  const fromIr = optimize(changed);
  deepStrictEqual(fromIr.report, fromText.report);
  strictEqual(fromIr.acl.output(), fromText.acl.output());
  // a change is seen: the first term dropped
  using fewer = parse(text);
  fewer.terms = fewer.terms.slice(1);
  strictEqual(optimize(fewer).report.before, fromText.report.before - 1);
});

Deno.test("the CLI's path (the text read a run of lines at a time) equals optimize()", () => {
  const inputs: [string, string][] = goldenInputs().map((f) => [f, Deno.readTextFileSync(f)]);
  inputs.push(["iosText(4000, 3)", iosText(4000, 3)], [
    "iosRulesText(3000, 2)",
    iosRulesText(3000, 2),
  ]);
  const decoder = new TextDecoder();
  let compared = 0;
  let summarized = 0;
  for (const [what, text] of inputs) {
    let all: Acl[];
    try {
      all = parseAll(text);
    } catch {
      continue;
    }
    if (all.length !== 1) continue;
    for (const format of [undefined, "junos", "ios-named"] as const) {
      using acl = parseAll(text)[0]!;
      const want = optimize(acl, format === undefined ? {} : { format });
      using out = want.acl;
      const wanted = written(out, format ?? acl.defaultFormat);
      let got: { report: unknown; text: string };
      try {
        const r = engineOptimize(new TextEncoder().encode(text), {
          input: "text",
          format,
          keepDenies: false,
          window: 64,
          text: true,
          ir: false,
        });
        got = { report: JSON.parse(decoder.decode(r.report)), text: decoder.decode(r.text) };
      } catch (e) {
        got = { report: want.report, text: `error: ${e instanceof Error ? e.message : String(e)}` };
      }
      deepStrictEqual(got.report, want.report, `reports differ: ${what} ${format}`);
      strictEqual(got.text, wanted, `outputs differ: ${what} ${format}`);
      if (!got.text.startsWith("error: ")) {
        // the summary the CLI prints is written by the engine: the library's words, line for line
        const summary = engineOptimize(new TextEncoder().encode(text), {
          input: "text",
          format,
          keepDenies: false,
          window: 64,
          text: false,
          ir: false,
          report: "summary",
        }).report;
        strictEqual(
          decoder.decode(summary),
          summarizeOptimization(want.report).map((l) => `${l}\n`).join(""),
          `summaries differ: ${what} ${format}`,
        );
        summarized++;
      }
      compared++;
    }
  }
  ok(compared > 60, `only ${compared} compared`);
  ok(summarized > 30, `only ${summarized} summaries compared`);
});

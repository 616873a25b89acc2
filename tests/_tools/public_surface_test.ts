/**
 * The public surface: one entry point per concern in `deno.json`, each a
 * documented module; no private (`_`) file reachable through an entry's
 * re-exports; the root a small façade; every entry doc-linted by CI and
 * `deno task ok` (`deno task doc:lint` reads the exports map).
 */
import { deepStrictEqual, ok } from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import denoJson from "../../deno.json" with { type: "json" };

const ROOT = new URL("../../", import.meta.url).pathname;
const EXPORTS = denoJson.exports as Record<string, string>;
const LIBRARY = Object.entries(EXPORTS).filter(([k]) => k !== "./cli");

/** Every file whose names an entry re-exports, following `export ... from` chains. */
function reexported(entry: string, seen = new Set<string>()): Set<string> {
  const file = join(ROOT, entry);
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = Deno.readTextFileSync(file);
  for (const m of text.matchAll(/^export\s+(?:type\s+)?(?:\*|\{[^}]*\})\s+from\s+"([^"]+)"/gm)) {
    const target = m[1]!;
    if (!target.startsWith(".")) continue;
    reexported(relative(ROOT, join(dirname(file), target)), seen);
  }
  return seen;
}

Deno.test("every concern of lib/ has an entry point in deno.json", () => {
  const entries = new Set(Object.values(EXPORTS).map((p) => p.replace(/^\.\//, "")));
  const concerns: string[] = [];
  for (const e of Deno.readDirSync(join(ROOT, "lib"))) {
    if (!e.isDirectory || e.name.startsWith("_")) continue;
    concerns.push(`lib/${e.name}/mod.ts`);
  }
  for (const c of concerns) ok(entries.has(c), `${c} has no entry in deno.json exports`);
});

Deno.test("no private (_) file is reachable through an entry point's re-exports", () => {
  const leaks: string[] = [];
  for (const [name, entry] of LIBRARY) {
    for (const file of reexported(entry)) {
      const rel = relative(ROOT, file);
      if (rel.split("/").some((part) => part.startsWith("_"))) leaks.push(`${name}: ${rel}`);
    }
  }
  deepStrictEqual(leaks, []);
});

Deno.test("every entry point is a documented module", () => {
  for (const [name, entry] of LIBRARY) {
    const text = Deno.readTextFileSync(join(ROOT, entry));
    ok(/^\/\*\*[\s\S]*?@module[\s\S]*?\*\//.test(text), `${name} (${entry}) has no @module doc`);
  }
});

Deno.test("the root module is a small façade of everyday names", () => {
  const text = Deno.readTextFileSync(join(ROOT, "mod.ts"));
  ok(!/export \*/.test(text), "the root re-exports whole modules");
  const names = [...text.matchAll(/^export \{([^}]*)\}/gm)]
    .flatMap((m) => m[1]!.split(",").map((s) => s.trim()).filter(Boolean));
  ok(names.length > 0 && names.length <= 30, `${names.length} names in the root`);
});

Deno.test("CI and deno task ok doc-lint every entry point", () => {
  const ci = Deno.readTextFileSync(join(ROOT, ".ci/run"));
  ok(ci.includes("deno task doc:lint"), ".ci/run does not run deno task doc:lint");
  const tasks = denoJson.tasks as Record<string, string>;
  ok(tasks.ok?.includes("deno task doc:lint"), "deno task ok does not run doc:lint");
  ok(tasks["doc:lint"]?.includes("tests/_tools/doc_lint.ts"));
});

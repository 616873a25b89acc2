/**
 * Golden files: `tests/acl/golden/<dialect>/<case>.acl` → `<case>.ir.json`
 * (or `<case>.err` when the input does not parse) → `<case>.<format>.out`
 * (or `<case>.<format>.err` when the format cannot express it). The `ios`,
 * `junos` and `errors` cases are read with auto-detection; the `nxos`, `eos`,
 * `iosxr` and `asa` cases with their dialect, and each of those must round-trip
 * in its own format: reading the written text back gives the same terms and
 * writes the same text again.
 *
 * Run with `UPDATE_GOLDEN=1 deno test -A tests/acl/golden_test.ts` to rewrite
 * the expected files (review the diff before committing). A mismatch writes
 * `<file>.actual` (gitignored) next to the expected file.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { fileURLToPath as fromFileUrl } from "node:url";
import {
  type Acl,
  AclSyntaxError,
  AclUnsupportedError,
  convert,
  parseAll,
} from "../../lib/acl/mod.ts";
import {
  ACL_FORMATS,
  type AclDialect,
  type AclFormat,
  type Diagnostic,
} from "../../lib/acl/mod.ts";

const ROOT = fromFileUrl(new URL("./golden/", import.meta.url));
const UPDATE = Deno.env.get("UPDATE_GOLDEN") === "1";

function diagLines(ds: readonly Diagnostic[]): string {
  return ds.map((d) =>
    `${d.span.line}:${d.span.column}: ${d.severity} ${d.code}: ${d.message}` +
    (d.term ? ` [term ${d.term}]` : "") + "\n"
  ).join("");
}

async function golden(path: string, actual: string): Promise<void> {
  if (UPDATE) {
    await Deno.writeTextFile(path, actual);
    await Deno.remove(`${path}.actual`).catch(() => {});
    return;
  }
  let expected: string;
  try {
    expected = await Deno.readTextFile(path);
  } catch {
    await Deno.writeTextFile(`${path}.actual`, actual);
    throw new Error(`Missing golden file ${path} (run with UPDATE_GOLDEN=1)`);
  }
  if (expected !== actual) {
    await Deno.writeTextFile(`${path}.actual`, actual);
  } else {
    await Deno.remove(`${path}.actual`).catch(() => {});
  }
  strictEqual(actual, expected, `${path} differs: see ${path}.actual`);
}

async function removeStale(path: string): Promise<void> {
  if (UPDATE) await Deno.remove(path).catch(() => {});
}

/**
 * Output options per format: numbered formats get the number 150 when the
 * ACL's own name is not a number, and an unnamed ACL is called `golden`, so
 * that every construct reaches every emitter.
 */
function optionsFor(acl: Acl, format: AclFormat): { name?: string } {
  if ((format === "ios" || format === "brocade") && !/^[0-9]+$/.test(acl.name ?? "")) {
    return { name: "150" };
  }
  return acl.name === null ? { name: "golden" } : {};
}

function outputAll(acls: Acl[], format: AclFormat): string {
  return acls.map((a) => a.output(format, optionsFor(a, format))).join("");
}

/** Dialect directories read with their own dialect, and the format they round-trip in. */
const OWN: Record<string, AclDialect & AclFormat> = {
  nxos: "nxos",
  eos: "eos",
  iosxr: "iosxr",
  asa: "asa",
};

/**
 * The terms of an ACL as a round trip keeps them: without spans (where they were written), the
 * sequence numbers the format assigns, and the group names of the groups the format writes as
 * their members (a service group spread over several terms).
 */
function termsOf(acl: Acl): unknown {
  const drop = new Set(["span", "seq", "group"]);
  return JSON.parse(JSON.stringify(acl.terms, (k, v) => (drop.has(k) ? undefined : v)));
}

for (const dialect of ["ios", "junos", "errors", "nxos", "eos", "iosxr", "asa"]) {
  const dir = `${ROOT}${dialect}/`;
  const cases = [...Deno.readDirSync(dir)]
    .filter((e) => e.isFile && e.name.endsWith(".acl"))
    .map((e) => e.name.slice(0, -4))
    .sort();
  Deno.test(`golden ${dialect}: every case parses or fails as recorded`, async (t) => {
    ok(cases.length > 0, `no cases in ${dir}`);
    for (const name of cases) {
      await t.step(name, async () => {
        const base = `${dir}${name}`;
        const text = await Deno.readTextFile(`${base}.acl`);
        let acls: Acl[];
        try {
          acls = parseAll(text, { dialect: OWN[dialect] ?? "auto" });
        } catch (e) {
          if (!(e instanceof AclSyntaxError)) throw e;
          ok(e.diagnostics.length > 0);
          strictEqual(e.line, e.diagnostics.find((d) => d.severity === "error")?.span.line);
          await golden(`${base}.err`, diagLines(e.diagnostics));
          await removeStale(`${base}.ir.json`);
          return;
        }
        await removeStale(`${base}.err`);
        await golden(`${base}.ir.json`, JSON.stringify(acls, null, 2) + "\n");
        for (const format of ACL_FORMATS) {
          let text2: string | undefined;
          let failure: string | undefined;
          try {
            text2 = outputAll(acls, format);
          } catch (e) {
            if (!(e instanceof AclUnsupportedError)) throw e;
            ok(e.diagnostics.length > 0);
            failure = diagLines(e.diagnostics);
          }
          const out = `${base}.${format}.out`;
          const err = `${base}.${format}.err`;
          if (text2 !== undefined) {
            await golden(out, text2);
            await removeStale(err);
            if (acls.length === 1) {
              // the one-call fast path writes the same text as parse + output
              strictEqual(
                convert(text, format, {
                  ...optionsFor(acls[0]!, format),
                  from: OWN[dialect] ?? "auto",
                }),
                text2,
                `convert() != output() for ${format}`,
              );
            }
            if (format === OWN[dialect]) {
              const back = parseAll(text2, { dialect: format });
              deepStrictEqual(back.map(termsOf), acls.map(termsOf), `${format} round trip`);
              strictEqual(outputAll(back, format), text2, `${format} output is stable`);
            }
          } else {
            await golden(err, failure!);
            await removeStale(out);
            if (acls.length === 1) {
              let threw: unknown;
              try {
                convert(text, format, {
                  ...optionsFor(acls[0]!, format),
                  from: OWN[dialect] ?? "auto",
                });
              } catch (e) {
                threw = e;
              }
              ok(threw instanceof AclUnsupportedError, `convert() to ${format} should fail too`);
              deepStrictEqual(
                diagLines(threw.diagnostics),
                failure,
                `convert() and output() disagree on ${format}`,
              );
            }
          }
        }
      });
    }
  });
}

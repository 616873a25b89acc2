import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { TemplateError, TextFsm, TextFsmError } from "../../lib/textfsm/mod.ts";
import { loadCases, runReference } from "./_ref.ts";

/** Our answer in the reference's shape. */
function ours(template: string, input: string, name: string) {
  try {
    const fsm = TextFsm.parse(template, { source: `${name}.textfsm` });
    return { ok: true, header: fsm.header, rows: fsm.parseText(input) };
  } catch (e) {
    if (e instanceof TemplateError) {
      return { ok: false, kind: "TextFSMTemplateError", message: e.message };
    }
    if (e instanceof TextFsmError) return { ok: false, kind: "TextFSMError", message: e.message };
    throw e;
  }
}

Deno.test("TextFsm matches python3-textfsm on every case in tests/textfsm/cases", async (t) => {
  const cases = await loadCases();
  ok(cases.length >= 60, `only ${cases.length} cases`);
  const ref = await runReference(cases.map((c) => ({ template: c.template, input: c.input })));
  let records = 0;
  for (const [i, c] of cases.entries()) {
    await t.step(c.name, () => {
      const want = ref[i]!;
      const got = ours(c.template, c.input, c.name);
      if (want.ok) {
        ok(got.ok, `reference parsed, we failed: ${got.message}`);
        deepStrictEqual({ header: got.header, rows: got.rows }, {
          header: want.header,
          rows: want.rows,
        });
        records += want.rows!.length;
      } else {
        strictEqual(got.ok, false, `reference failed (${want.kind}: ${want.message}), we parsed`);
        strictEqual(got.kind, want.kind, `${got.message} vs ${want.message}`);
      }
      // error cases are named err_*; the others must parse in the reference
      strictEqual(want.ok, !c.name.startsWith("err_") && !c.name.startsWith("error_"), c.name);
    });
  }
  ok(records > 60, `only ${records} records compared`);
});

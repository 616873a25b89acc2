import { ok, strictEqual } from "node:assert/strict";
import { TemplateError, TextFsm } from "../../lib/textfsm/mod.ts";
import { runReference } from "./_ref.ts";

/**
 * The Python constructs JavaScript cannot express. Python accepts them; we
 * refuse the template with a TemplateError naming the template line and the
 * construct.
 */
const CASES: [string, string, number, RegExp][] = [
  [
    "conditional group in a rule",
    "Value A (\\S+)\n\nStart\n  ^(<)?${A}(?(1)>|$$) -> Record\n",
    4,
    /conditional groups \(\?\(id\)yes\|no\) cannot be translated to JavaScript/,
  ],
  [
    "conditional group in a Value used by a rule",
    "Value B (x)\nValue A ((<)?\\w+(?(2)>))\n\nStart\n  ^${B}\n  ^${A} -> Record\n",
    6,
    /conditional groups/,
  ],
  [
    "conditional group in a List value",
    "Value List A ((<)?\\w+(?(1)>))\n\nStart\n  ^${A} -> Record\n",
    1,
    /conditional groups/,
  ],
  [
    "named Unicode escape",
    "Value A (\\S+)\n\nStart\n  ^\\N{BULLET}\\s+${A} -> Record\n",
    4,
    /named escapes \\N\{\.\.\.\} cannot be translated/,
  ],
];

Deno.test("untranslatable Python regex constructs: a clear TemplateError naming the template line", async (t) => {
  const ref = await runReference(CASES.map(([, template]) => ({ template, input: "<ab>\n" })));
  for (const [i, [name, template, line, why]] of CASES.entries()) {
    await t.step(name, () => {
      ok(ref[i]!.ok, `python3-textfsm accepts it: ${JSON.stringify(ref[i])}`);
      try {
        TextFsm.parse(template, { source: "t.textfsm" });
        ok(false, "accepted");
      } catch (e) {
        ok(e instanceof TemplateError, String(e));
        strictEqual(e.line, line, e.message);
        ok(e.message.startsWith(`Cannot load template t.textfsm:${line}: `), e.message);
        ok(why.test(e.message), e.message);
      }
    });
  }
});

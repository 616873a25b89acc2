/**
 * Each profile's prompt patterns against the prompts devices of that
 * platform print (tests/conformance/cases.ts): the right mode, or none.
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { BUILTIN_PLATFORMS, getPlatform, type PlatformId } from "../../lib/platforms/mod.ts";
import { compilePromptPattern } from "../../lib/channel/mod.ts";
import { CASES } from "./cases.ts";

Deno.test("every built-in platform has a conformance case", () => {
  deepStrictEqual(Object.keys(CASES).sort(), Object.keys(BUILTIN_PLATFORMS).sort());
});

Deno.test("platform prompt patterns match their sample prompts in the right mode", async (t) => {
  for (const [id, cs] of Object.entries(CASES) as [PlatformId, (typeof CASES)[PlatformId]][]) {
    await t.step(id, () => {
      const modes = getPlatform(id).modes.map((m) => ({
        name: m.name,
        re: compilePromptPattern(m.promptPattern),
      }));
      for (const [line, mode] of cs.prompts) {
        strictEqual(modes.find((m) => m.re.test(line))?.name ?? null, mode, `${id}: ${line}`);
      }
    });
  }
});

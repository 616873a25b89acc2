import { strictEqual } from "node:assert/strict";
import { learnedPromptPattern } from "../../lib/channel/patterns.ts";

Deno.test("learnedPromptPattern() follows mode changes of the learned host name", async (t) => {
  const cases: [learned: string, later: string, matches: boolean][] = [
    ["router1>", "router1#", true],
    ["router1>", "router1(config)#", true],
    ["router1>", "router2#", false],
    // ArubaOS puts the host name in parentheses and a space before the mode mark
    ["(aos-aruba-001) >", "(aos-aruba-001) #", true],
    ["(aos-aruba-001) >", "(aos-aruba-001) (config) #", true],
    ["(aos-aruba-001) >", "(other) #", false],
  ];
  for (const [learned, later, matches] of cases) {
    await t.step(`${learned} -> ${later}`, () => {
      strictEqual(learnedPromptPattern(learned).test(later), matches);
    });
  }
});

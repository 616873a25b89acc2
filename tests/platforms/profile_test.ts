import { deepStrictEqual, ok, rejects, strictEqual, throws } from "node:assert/strict";
import {
  BUILTIN_PLATFORMS,
  getPlatform,
  listPlatforms,
  loadPlatformFile,
  type PlatformId,
  ProfileError,
  registerPlatform,
  unregisterPlatform,
  validatePlatformProfile,
} from "../../lib/platforms/mod.ts";
import { isTriggerError } from "../../lib/errors.ts";

const EXPECTED = Object.keys(BUILTIN_PLATFORMS) as PlatformId[];

Deno.test("every built-in platform profile validates", async (t) => {
  for (const id of EXPECTED) {
    await t.step(id, () => {
      deepStrictEqual(validatePlatformProfile(BUILTIN_PLATFORMS[id]), []);
      strictEqual(BUILTIN_PLATFORMS[id].id, id);
      ok(BUILTIN_PLATFORMS[id].failureIndicators.length > 0);
    });
  }
});

Deno.test("getPlatform() returns copies and rejects unknown ids", () => {
  const a = getPlatform("cisco_ios");
  a.onOpen.length = 0;
  ok(getPlatform("cisco_ios").onOpen.length > 0);
  throws(() => getPlatform("nope_os"), (e) => isTriggerError(e, "PROFILE_INVALID"));
  ok(listPlatforms().includes("juniper_junos"));
});

Deno.test("validatePlatformProfile() names the JSON path of each bad field", () => {
  const p = structuredClone(getPlatform("cisco_ios")) as unknown as Record<string, unknown>;
  const modes = p.modes as Record<string, unknown>[];
  modes[1]!.promptPattern = "([unclosed";
  (modes[2]!.transitions as { steps: unknown[] }[])[0]!.steps[0] = {
    type: "sendPromptedInput",
    input: "enable",
    prompt: "Password:",
    response: { secret: "root" },
  };
  (p.options as Record<string, unknown>).returnChar = "\t";
  p.extra = 1;
  const paths = validatePlatformProfile(p).map((i) => i.path);
  deepStrictEqual(paths.sort(), [
    "$.extra",
    "$.modes[1].promptPattern",
    "$.modes[2].transitions[0].steps[0].response.secret",
    "$.options.returnChar",
  ]);
  deepStrictEqual(validatePlatformProfile(42), [{ path: "$", message: "must be an object" }]);
});

Deno.test("loadPlatformFile() validates user files and registerPlatform() adds them", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bad = `${dir}/bad.json`;
    const profile = {
      ...getPlatform("cisco_ios"),
      id: "acme_os",
      onOpen: [{ type: "shout", input: "x" }],
    };
    await Deno.writeTextFile(bad, JSON.stringify(profile));
    await rejects(loadPlatformFile(bad), (e) => {
      ok(e instanceof ProfileError);
      strictEqual(e.code, "PROFILE_INVALID");
      deepStrictEqual(e.issues.map((i) => i.path), ["$.onOpen[0].type"]);
      ok(e.message.includes("$.onOpen[0].type"));
      return true;
    });
    await Deno.writeTextFile(`${dir}/junk.json`, "{");
    await rejects(
      loadPlatformFile(`${dir}/junk.json`),
      (e) => isTriggerError(e, "PROFILE_INVALID"),
    );
    await rejects(loadPlatformFile(`${dir}/missing.json`), (e) => isTriggerError(e, "IO_ERROR"));
    const good = registerPlatform({ ...getPlatform("cisco_ios"), id: "acme_os2" });
    strictEqual(getPlatform("acme_os2").id, good.id);
    ok(unregisterPlatform("acme_os2"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

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
import { compilePromptPattern } from "../../lib/channel/mod.ts";
import { isTriggerError } from "../../lib/errors.ts";

const EXPECTED: PlatformId[] = [
  "a10_acos",
  "arista_eos",
  "aruba_aos",
  "brocade_adx",
  "brocade_mlx",
  "brocade_vdx",
  "cisco_asa",
  "cisco_ios",
  "cisco_iosxr",
  "cisco_nxos",
  "citrix_netscaler",
  "dell_powerconnect",
  "foundry_fastiron",
  "juniper_junos",
  "juniper_screenos",
];

Deno.test("every built-in platform profile validates", async (t) => {
  deepStrictEqual(Object.keys(BUILTIN_PLATFORMS).sort(), EXPECTED);
  for (const id of EXPECTED) {
    await t.step(id, () => {
      deepStrictEqual(validatePlatformProfile(BUILTIN_PLATFORMS[id]), []);
      strictEqual(BUILTIN_PLATFORMS[id].id, id);
      ok(BUILTIN_PLATFORMS[id].onOpen.length > 0, "pages off on open");
      ok(BUILTIN_PLATFORMS[id].failureIndicators.length > 0);
    });
  }
});

/** Sample prompts per platform: [line, mode] (null: not a prompt). */
const SAMPLES: Record<string, [string, string | null][]> = {
  "cisco_ios": [["router1>", "exec"], ["router1#", "privileged"], [
    "router1(config-if)#",
    "configuration",
  ], ["% Invalid input", null]],
  "cisco_nxos": [["nx-9k1#", "privileged"], ["nx-9k1(config)#", "configuration"]],
  "cisco_asa": [["fw1/pri/act>", "exec"], ["fw1/pri/act#", "privileged"], [
    "fw1/pri/act(config)#",
    "configuration",
  ]],
  "cisco_iosxr": [["RP/0/RP0/CPU0:xr1#", "privileged"], [
    "RP/0/RP0/CPU0:xr1(config)#",
    "configuration",
  ]],
  "arista_eos": [["leaf1>", "exec"], ["leaf1#", "privileged"], [
    "leaf1(config-s-sess1)#",
    "configuration",
  ]],
  "juniper_junos": [["netops@mx1> ", "exec"], ["netops@mx1# ", "configuration"], [
    "{master:0}",
    null,
  ]],
  "juniper_screenos": [["ssg5-> ", "exec"], ["fw1(M)-> ", "exec"]],
  "citrix_netscaler": [["> ", "exec"], ["ns1> ", "exec"], [" Done", null]],
  "aruba_aos": [["(Aruba7010) >", "exec"], ["(Aruba7010) #", "privileged"], [
    "(Aruba7010) (config) #",
    "configuration",
  ], ["(mm1) [mynode] #", "privileged"]],
  "a10_acos": [
    ["AX3200-1>", "exec"],
    ["AX3200-1#", "privileged"],
    ["vThunder(NOLICENSE)>", "exec"],
    [
      "AX3200-1(config)#",
      "configuration",
    ],
  ],
  "brocade_adx": [["SSH@ADX1>", "exec"], ["SSH@ADX1#", "privileged"], [
    "SSH@ADX1(config)#",
    "configuration",
  ]],
  "brocade_mlx": [["telnet@MLX-1#", "privileged"], [
    "SSH@MLX-1(config-if-e10000-1/1)#",
    "configuration",
  ]],
  "brocade_vdx": [["sw0#", "privileged"], ["sw0(config)#", "configuration"]],
  "foundry_fastiron": [["SSH@ICX7450>", "exec"], ["SSH@ICX7450#", "privileged"]],
  "dell_powerconnect": [["console>", "exec"], ["console#", "privileged"], [
    "console(config)#",
    "configuration",
  ]],
};

Deno.test("platform prompt patterns match their sample prompts in the right mode", async (t) => {
  for (const id of EXPECTED) {
    await t.step(id, () => {
      const modes = getPlatform(id).modes.map((m) => ({
        name: m.name,
        re: compilePromptPattern(m.promptPattern),
      }));
      for (const [line, mode] of SAMPLES[id] ?? []) {
        strictEqual(modes.find((m) => m.re.test(line))?.name ?? null, mode, `${id}: ${line}`);
      }
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

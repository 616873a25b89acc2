/**
 * The profile sections beyond the CLI (inventory, management, ACL, gnng,
 * commands, appended text): every built-in states them, bad fields are named
 * by JSON path, and a user file without them still loads with defaults.
 */
import { deepStrictEqual, notStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import {
  BUILTIN_PLATFORMS,
  getPlatform,
  isPlatformId,
  loadPlatformFile,
  type PlatformId,
  platformProfiles,
  registerPlatform,
  unregisterPlatform,
  validatePlatformProfile,
} from "../../lib/platforms/mod.ts";

const SECTIONS = ["inventory", "management", "acl", "gnng", "commands", "appendToCommands"];

Deno.test("every built-in profile states every section, and its modes exist", async (t) => {
  for (const p of Object.values(BUILTIN_PLATFORMS)) {
    await t.step(p.id, () => {
      for (const k of SECTIONS) ok(k in p, `${p.id} states ${k}`);
      const modes = p.modes.map((m) => m.name);
      ok(modes.includes(p.management.configMode), "configMode is a mode");
      if (p.management.save) ok(modes.includes(p.management.save.mode), "save.mode is a mode");
      ok(p.inventory.match.length > 0, `${p.id}: some inventory record maps to it`);
    });
  }
});

Deno.test("a vendor's facts agree across its profiles (one default type, one iosLike)", () => {
  const byVendor = new Map<string, { defaults: string[]; iosLike: Set<boolean> }>();
  for (const p of Object.values(BUILTIN_PLATFORMS)) {
    const v = byVendor.get(p.vendor) ?? { defaults: [], iosLike: new Set() };
    const d = (p.inventory as { defaultType?: string }).defaultType;
    if (d !== undefined) v.defaults.push(d);
    v.iosLike.add(p.inventory.iosLike);
    byVendor.set(p.vendor, v);
  }
  for (const [vendor, v] of byVendor) {
    strictEqual(v.defaults.length, 1, `${vendor}: exactly one profile sets defaultType`);
    strictEqual(v.iosLike.size, 1, `${vendor}: iosLike agrees`);
  }
});

Deno.test("validatePlatformProfile() names bad fields of the sections by JSON path", () => {
  const p = structuredClone(getPlatform("cisco_ios")) as unknown as Record<string, unknown>;
  const inv = p.inventory as Record<string, unknown>;
  (inv.match as Record<string, unknown>[])[0] = { os: "ios", pattern: "([" };
  inv.defaultType = "TOASTER";
  const m = p.management as Record<string, unknown>;
  m.configMode = "config";
  m.confirmedCommit = "commit confirmed 5";
  m.savee = 1;
  (m.save as { steps: unknown[] }).steps[0] = { type: "shout" };
  (p.acl as Record<string, unknown>).named = "cisco";
  p.gnng = { command: "show run", parser: "yaml" };
  p.commands = { version: "show version" };
  p.appendToCommands = [{ pattern: "^show", text: " | no-more", when: 1 }];
  (p.options as Record<string, unknown>).learnPrompt = "no";
  deepStrictEqual(validatePlatformProfile(p).map((i) => i.path).sort(), [
    "$.acl.named",
    "$.appendToCommands[0].when",
    "$.commands.runningConfig",
    "$.gnng.parser",
    "$.inventory.defaultType",
    "$.inventory.match[0].os",
    "$.inventory.match[0].pattern",
    "$.management.configMode",
    "$.management.confirmedCommit",
    "$.management.save.steps[0].type",
    "$.management.savee",
    "$.options.learnPrompt",
  ]);
  const q = structuredClone(getPlatform("cisco_ios")) as unknown as Record<string, unknown>;
  delete (q.management as Record<string, unknown>).commit;
  deepStrictEqual(validatePlatformProfile(q), [
    { path: "$.management.commit", message: "is required (null when none)" },
  ]);
});

Deno.test("a user file without the new sections loads with their defaults", async () => {
  const path = await Deno.makeTempFile({ suffix: ".json" });
  try {
    const old = Object.fromEntries(
      Object.entries(getPlatform("cisco_ios")).filter(([k]) => !SECTIONS.includes(k)),
    );
    await Deno.writeTextFile(path, JSON.stringify({ ...old, id: "acme_legacy" }));
    const p = await loadPlatformFile(path);
    deepStrictEqual(p.management, {
      protocol: "cli",
      configMode: "configuration",
      commit: null,
      confirmedCommit: null,
      save: null,
    });
    strictEqual(p.acl, null);
    strictEqual(p.gnng, null);
    deepStrictEqual(p.inventory.match, []);
    deepStrictEqual(p.appendToCommands, []);
    strictEqual(getPlatform("acme_legacy").commands.version, "show version");
  } finally {
    unregisterPlatform("acme_legacy");
    await Deno.remove(path);
  }
});

Deno.test("platformProfiles(): registered first, frozen, rebuilt on change", () => {
  const before = platformProfiles();
  strictEqual(before, platformProfiles());
  ok(Object.isFrozen(before[0]) && Object.isFrozen(before[0]!.modes[0]));
  throws(() => {
    (before[0] as { vendor: string }).vendor = "x";
  }, TypeError);
  registerPlatform({ ...getPlatform("cisco_ios"), id: "acme_first" });
  try {
    const now = platformProfiles();
    notStrictEqual(now, before);
    strictEqual(now[0]!.id, "acme_first");
    strictEqual(now.length, before.length + 1);
    registerPlatform({ ...getPlatform("cisco_ios"), description: "mine" });
    strictEqual(platformProfiles().filter((p) => p.id === "cisco_ios").length, 1);
    deepStrictEqual(platformProfiles().slice(0, 2).map((p) => [p.id, p.description]), [
      ["acme_first", BUILTIN_PLATFORMS.cisco_ios.description],
      ["cisco_ios", "mine"],
    ]);
  } finally {
    unregisterPlatform("acme_first");
    unregisterPlatform("cisco_ios");
  }
  strictEqual(getPlatform("cisco_ios").description, BUILTIN_PLATFORMS.cisco_ios.description);
});

Deno.test("PlatformId is the union of the built-in ids", () => {
  const id: PlatformId = "cisco_ios";
  // @ts-expect-error: not a platform id
  const typo: PlatformId = "cisco_iox";
  strictEqual(isPlatformId(id), true);
  strictEqual(isPlatformId(typo), false);
  for (const [key, p] of Object.entries(BUILTIN_PLATFORMS)) strictEqual(p.id, key);
});

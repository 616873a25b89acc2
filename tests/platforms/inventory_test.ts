/**
 * The inventory half of the profiles: the vendor tables the settings default
 * to (`VENDOR_MAP`, `SUPPORTED_PLATFORMS`, `DEFAULT_TYPES`,
 * `IOSLIKE_VENDORS`) and the rules of `derivePlatform()` are built from them,
 * so every platform id handed out has a profile.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  BUILTIN_PLATFORMS,
  getPlatform,
  platformProfiles,
  registerPlatform,
  unregisterPlatform,
} from "../../lib/platforms/mod.ts";
import { derivePlatform, PLATFORM_RULES } from "../../lib/netdevices/platform.ts";
import {
  DEFAULT_TYPES,
  IOSLIKE_VENDORS,
  SUPPORTED_PLATFORMS,
  VENDOR_MAP,
} from "../../lib/settings/vendors.ts";

Deno.test("the settings' vendor tables come from the profiles", async (t) => {
  for (const p of Object.values(BUILTIN_PLATFORMS)) {
    await t.step(p.id, () => {
      for (const m of p.inventory.manufacturers) strictEqual(VENDOR_MAP[m], p.vendor);
      for (const type of p.inventory.deviceTypes) {
        ok(SUPPORTED_PLATFORMS[p.vendor]?.includes(type), `${p.vendor} supports ${type}`);
      }
      ok(DEFAULT_TYPES[p.vendor] !== undefined, `${p.vendor} has a default type`);
      strictEqual(IOSLIKE_VENDORS.includes(p.vendor), p.inventory.iosLike);
      ok(Object.values(VENDOR_MAP).includes(p.vendor), `some manufacturer names ${p.vendor}`);
    });
  }
  deepStrictEqual(SUPPORTED_PLATFORMS.brocade, ["LOAD_BALANCER", "ROUTER", "SWITCH"]);
  strictEqual(VENDOR_MAP["HEWLETT PACKARD"], "hp");
});

Deno.test("every platform derivePlatform() can hand out has a profile", () => {
  const ids = new Set(platformProfiles().map((p) => p.id));
  const produced = Object.values(PLATFORM_RULES).flatMap((rules) => rules.map((r) => r.platform));
  for (const id of produced) ok(ids.has(id), `${id} has a profile`);
  // the former hand-out-only ids are real platforms now
  for (
    const id of [
      "paloalto_panos",
      "f5_tmsh",
      "force10_ftos",
      "pica8_picos",
      "cumulus_linux",
      "avocent_acs",
      "mrv_lx",
    ]
  ) {
    ok(produced.includes(id), id);
  }
  // <vendor>_<os> only when that platform exists
  strictEqual(
    derivePlatform({ vendor: "acme", deviceType: "ROUTER", operatingSystem: "AcmeOS 4" }),
    undefined,
  );
});

Deno.test("derivePlatform(): inventory strings of the new platforms", async (t) => {
  const cases: [Parameters<typeof derivePlatform>[0], string][] = [
    [{ vendor: "force10", deviceType: "ROUTER" }, "force10_ftos"],
    [
      { vendor: "dell", deviceType: "SWITCH", operatingSystem: "FTOS 9.11", model: "S4810" },
      "force10_ftos",
    ],
    [{ vendor: "dell", deviceType: "SWITCH", model: "PowerConnect 6248" }, "dell_powerconnect"],
    [{ vendor: "paloalto", deviceType: "FIREWALL", model: "PA-3220" }, "paloalto_panos"],
    [{ vendor: "f5", deviceType: "LOAD_BALANCER", make: "BIG-IP" }, "f5_tmsh"],
    [{ vendor: "cumulus", deviceType: "SWITCH" }, "cumulus_linux"],
    [{ vendor: "pica8", deviceType: "SWITCH" }, "pica8_picos"],
    [{ vendor: "avocent", deviceType: "CONSOLE" }, "avocent_acs"],
    [{ vendor: "mrv", deviceType: "CONSOLE" }, "mrv_lx"],
    [{ vendor: "juniper", deviceType: "FIREWALL", make: "SSG-140" }, "juniper_screenos"],
    [{ vendor: "cisco", deviceType: "ROUTER", model: "ASR-9006" }, "cisco_iosxr"],
  ];
  for (const [input, id] of cases) {
    await t.step(`${JSON.stringify(input)} → ${id}`, () => strictEqual(derivePlatform(input), id));
  }
});

Deno.test("a user profile's inventory rules take part in derivePlatform()", () => {
  registerPlatform({
    ...getPlatform("cisco_ios"),
    id: "acme_acmeos",
    vendor: "acme",
    inventory: {
      manufacturers: [],
      deviceTypes: ["ROUTER"],
      iosLike: true,
      match: [{ pattern: "acmeos" }],
    },
  });
  registerPlatform({
    ...getPlatform("cisco_ios"),
    id: "cisco_iosxe",
    inventory: {
      manufacturers: [],
      deviceTypes: ["ROUTER"],
      iosLike: true,
      match: [{ pattern: "ios[ -]?xe" }],
    },
  });
  try {
    strictEqual(
      derivePlatform({ vendor: "acme", deviceType: "ROUTER", operatingSystem: "AcmeOS 4" }),
      "acme_acmeos",
    );
    strictEqual(
      derivePlatform({ vendor: "cisco", deviceType: "ROUTER", operatingSystem: "IOS-XE" }),
      "cisco_iosxe",
    );
    strictEqual(
      derivePlatform({ vendor: "cisco", deviceType: "ROUTER", operatingSystem: "IOS" }),
      "cisco_ios",
    );
  } finally {
    unregisterPlatform("acme_acmeos");
    unregisterPlatform("cisco_iosxe");
  }
  strictEqual(
    derivePlatform({ vendor: "cisco", deviceType: "ROUTER", operatingSystem: "IOS-XE" }),
    "cisco_ios",
  );
});

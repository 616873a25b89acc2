/**
 * The inventory half of the profiles: the vendor tables the settings default
 * to (`VENDOR_MAP`, `SUPPORTED_PLATFORMS`, `DEFAULT_TYPES`,
 * `IOSLIKE_VENDORS`) are built from them.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { BUILTIN_PLATFORMS } from "../../lib/platforms/mod.ts";
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

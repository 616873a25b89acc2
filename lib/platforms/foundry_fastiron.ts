/**
 * Platform profile: Foundry / Brocade / Ruckus FastIron (ICX) switches.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";
import { iosStyleAcl } from "./_ios_modes.ts";
import { IRONWARE } from "./_ironware.ts";

/** Foundry / Brocade / Ruckus FastIron (ICX) switches (`foundry_fastiron`). */
export const FOUNDRY_FASTIRON = {
  ...IRONWARE,
  "id": "foundry_fastiron",
  "vendor": "foundry",
  "description": "Foundry / Brocade / Ruckus FastIron (ICX) switches",
  "inventory": {
    "manufacturers": ["FOUNDRY"],
    "deviceTypes": ["ROUTER", "SWITCH"],
    "defaultType": "SWITCH",
    "iosLike": true,
    "match": [{}],
  },
  "acl": iosStyleAcl("ios-named", "brocade"),
  "pagers": [{ "pattern": "\\s*--More--, next page: Space", "reply": " " }],
} satisfies PlatformProfile;

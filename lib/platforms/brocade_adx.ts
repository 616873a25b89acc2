/**
 * Platform profile: Brocade ADX / Foundry ServerIron application delivery switches.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";
import { IRONWARE } from "./_ironware.ts";

/** Brocade ADX / Foundry ServerIron application delivery switches (`brocade_adx`). */
export const BROCADE_ADX = {
  ...IRONWARE,
  "id": "brocade_adx",
  "vendor": "brocade",
  "description": "Brocade ADX / Foundry ServerIron application delivery switches",
  "inventory": {
    "manufacturers": [],
    "deviceTypes": ["LOAD_BALANCER", "SWITCH"],
    "iosLike": true,
    "match": [{ "pattern": "adx|serveriron" }, { "deviceTypes": ["LOAD_BALANCER"] }],
  },
  "acl": null,
  "pagers": [],
} satisfies PlatformProfile;

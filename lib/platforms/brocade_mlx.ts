/**
 * Platform profile: Brocade MLX / NetIron routers.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";
import { iosStyleAcl } from "./_ios_modes.ts";
import { IRONWARE } from "./_ironware.ts";

/** Brocade MLX / NetIron routers (`brocade_mlx`). */
export const BROCADE_MLX = {
  ...IRONWARE,
  "id": "brocade_mlx",
  "vendor": "brocade",
  "description": "Brocade MLX / NetIron routers",
  "inventory": {
    "manufacturers": ["BROCADE"],
    "deviceTypes": ["ROUTER", "SWITCH"],
    "defaultType": "SWITCH",
    "iosLike": true,
    "match": [{}],
  },
  "acl": iosStyleAcl("ios-named", "brocade"),
  "pagers": [],
} satisfies PlatformProfile;

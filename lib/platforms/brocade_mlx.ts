/**
 * Platform profile: Brocade MLX / NetIron routers.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";
import { IRONWARE } from "./_ironware.ts";

/** Brocade MLX / NetIron routers (`brocade_mlx`). */
export const BROCADE_MLX = {
  ...IRONWARE,
  "id": "brocade_mlx",
  "vendor": "brocade",
  "description": "Brocade MLX / NetIron routers",
  "pagers": [],
} satisfies PlatformProfile;

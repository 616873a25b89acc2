/**
 * Platform profile: Foundry / Brocade / Ruckus FastIron (ICX) switches.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";
import { IRONWARE } from "./_ironware.ts";

/** Foundry / Brocade / Ruckus FastIron (ICX) switches (`foundry_fastiron`). */
export const FOUNDRY_FASTIRON = {
  ...IRONWARE,
  "id": "foundry_fastiron",
  "vendor": "foundry",
  "description": "Foundry / Brocade / Ruckus FastIron (ICX) switches",
  "pagers": [{ "pattern": "\\s*--More--, next page: Space", "reply": " " }],
} satisfies PlatformProfile;

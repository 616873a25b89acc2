/**
 * Every platform the lab emulates, by id. Adding a platform is one data file
 * in this folder and one line here.
 *
 * @module
 */
import type { LabPlatform } from "../profile.ts";
import { CISCO_IOS } from "./cisco_ios.ts";
import { JUNIPER_JUNOS } from "./juniper_junos.ts";

/** Every platform, in the order `startLab()` cycles through them. */
const ALL: readonly LabPlatform[] = [
  CISCO_IOS,
  JUNIPER_JUNOS,
];

/** Platform id → platform data. */
export const LAB_PLATFORMS: Readonly<Record<string, LabPlatform>> = Object.fromEntries(
  ALL.map((p) => [p.id, p]),
);

/** Platform ids in a stable order. */
export const LAB_PLATFORM_IDS: readonly string[] = ALL.map((p) => p.id);

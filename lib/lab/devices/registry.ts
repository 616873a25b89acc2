/**
 * Every platform the lab emulates, by id. Adding a platform is one data file
 * in this folder and one line here.
 *
 * @module
 */
import type { LabPlatform } from "../profile.ts";
import { CISCO_IOS } from "./cisco_ios.ts";
import { JUNIPER_JUNOS } from "./juniper_junos.ts";
import { A10_ACOS } from "./a10_acos.ts";
import { ARISTA_EOS } from "./arista_eos.ts";
import { ARUBA_AOS } from "./aruba_aos.ts";
import { BROCADE_ADX } from "./brocade_adx.ts";
import { BROCADE_MLX } from "./brocade_mlx.ts";
import { BROCADE_VDX } from "./brocade_vdx.ts";
import { CITRIX_NETSCALER } from "./citrix_netscaler.ts";
import { DELL_POWERCONNECT } from "./dell_powerconnect.ts";
import { FOUNDRY_FASTIRON } from "./foundry_fastiron.ts";
import { JUNIPER_SCREENOS } from "./juniper_screenos.ts";
import { CISCO_NXOS } from "./cisco_nxos.ts";
import { CISCO_ASA } from "./cisco_asa.ts";
import { CISCO_IOSXR } from "./cisco_iosxr.ts";
import { FORCE10_FTOS } from "./force10_ftos.ts";
import { PALOALTO_PANOS } from "./paloalto_panos.ts";
import { F5_TMSH } from "./f5_tmsh.ts";
import { CUMULUS_LINUX } from "./cumulus_linux.ts";
import { PICA8_PICOS } from "./pica8_picos.ts";
import { AVOCENT_ACS } from "./avocent_acs.ts";
import { MRV_LX } from "./mrv_lx.ts";

/** Every platform, in the order `startLab()` cycles through them. */
const ALL: readonly LabPlatform[] = [
  CISCO_IOS,
  JUNIPER_JUNOS,
  A10_ACOS,
  ARISTA_EOS,
  ARUBA_AOS,
  BROCADE_ADX,
  BROCADE_MLX,
  BROCADE_VDX,
  CITRIX_NETSCALER,
  DELL_POWERCONNECT,
  FOUNDRY_FASTIRON,
  JUNIPER_SCREENOS,
  CISCO_NXOS,
  CISCO_ASA,
  CISCO_IOSXR,
  FORCE10_FTOS,
  PALOALTO_PANOS,
  F5_TMSH,
  CUMULUS_LINUX,
  PICA8_PICOS,
  AVOCENT_ACS,
  MRV_LX,
];

/** Platform id → platform data. */
export const LAB_PLATFORMS: Readonly<Record<string, LabPlatform>> = Object.fromEntries(
  ALL.map((p) => [p.id, p]),
);

/** Platform ids in a stable order. */
export const LAB_PLATFORM_IDS: readonly string[] = ALL.map((p) => p.id);

/**
 * RANCID device types (the second field of `router.db`, see router.db(5)
 * and `rancid.types.base`) → manufacturer, operating system and device type.
 *
 * @module
 */

/** What a RANCID device type says about a device. */
export interface RancidType {
  /** Manufacturer (a vendor name the vendor map knows). */
  readonly manufacturer: string;
  /** Operating system, when the type names one. */
  readonly operatingSystem?: string;
  /** Device type, when the type implies one. */
  readonly deviceType?: string;
}

/**
 * RANCID device type → device facts. Types absent here keep the type as
 * their manufacturer.
 *
 * @example Nexus
 * ```ts
 * import { RANCID_TYPES } from "@trigger/trigger/netdevices";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(RANCID_TYPES["cisco-nx"]?.operatingSystem, "nxos");
 * ```
 */
export const RANCID_TYPES: Readonly<Record<string, RancidType>> = {
  a10: { manufacturer: "a10" },
  agm: { manufacturer: "cisco" },
  arista: { manufacturer: "arista", operatingSystem: "eos" },
  avocent: { manufacturer: "avocent", deviceType: "CONSOLE" },
  bigip: { manufacturer: "f5", deviceType: "LOAD_BALANCER" },
  bigip13: { manufacturer: "f5", deviceType: "LOAD_BALANCER" },
  brocade: { manufacturer: "brocade" },
  cat5: { manufacturer: "cisco", operatingSystem: "catos", deviceType: "SWITCH" },
  cisco: { manufacturer: "cisco", operatingSystem: "ios" },
  ios: { manufacturer: "cisco", operatingSystem: "ios" },
  "cisco-nx": { manufacturer: "cisco", operatingSystem: "nxos" },
  "ios-nx": { manufacturer: "cisco", operatingSystem: "nxos" },
  "cisco-xr": { manufacturer: "cisco", operatingSystem: "iosxr" },
  "cisco-xr7": { manufacturer: "cisco", operatingSystem: "iosxr" },
  "ios-xr": { manufacturer: "cisco", operatingSystem: "iosxr" },
  "ios-xr7": { manufacturer: "cisco", operatingSystem: "iosxr" },
  "cisco-exr": { manufacturer: "cisco", operatingSystem: "iosxr" },
  "ios-exr": { manufacturer: "cisco", operatingSystem: "iosxr" },
  "cisco-sb": { manufacturer: "cisco", operatingSystem: "ios", deviceType: "SWITCH" },
  "ios-sb": { manufacturer: "cisco", operatingSystem: "ios", deviceType: "SWITCH" },
  "cisco-wlc4": { manufacturer: "cisco", operatingSystem: "wlc", deviceType: "SWITCH" },
  "cisco-wlc5": { manufacturer: "cisco", operatingSystem: "wlc", deviceType: "SWITCH" },
  "cisco-wlc8": { manufacturer: "cisco", operatingSystem: "wlc", deviceType: "SWITCH" },
  css: { manufacturer: "cisco", operatingSystem: "css", deviceType: "LOAD_BALANCER" },
  fxos: { manufacturer: "cisco", operatingSystem: "fxos", deviceType: "FIREWALL" },
  dell: { manufacturer: "dell" },
  smc: { manufacturer: "dell" },
  dnos9: { manufacturer: "force10", operatingSystem: "ftos" },
  dnos10: { manufacturer: "dell", operatingSystem: "os10" },
  f5: { manufacturer: "f5", deviceType: "LOAD_BALANCER" },
  force10: { manufacturer: "force10", operatingSystem: "ftos" },
  fortigate: { manufacturer: "fortinet", operatingSystem: "fortios", deviceType: "FIREWALL" },
  "fortigate-full": {
    manufacturer: "fortinet",
    operatingSystem: "fortios",
    deviceType: "FIREWALL",
  },
  foundry: { manufacturer: "foundry" },
  hp: { manufacturer: "hp", operatingSystem: "procurve", deviceType: "SWITCH" },
  juniper: { manufacturer: "juniper", operatingSystem: "junos" },
  junos: { manufacturer: "juniper", operatingSystem: "junos" },
  "junos-evo": { manufacturer: "juniper", operatingSystem: "junos" },
  "juniper-srx": { manufacturer: "juniper", operatingSystem: "junos", deviceType: "FIREWALL" },
  erx: { manufacturer: "juniper", operatingSystem: "junose" },
  mikrotik: { manufacturer: "mikrotik", operatingSystem: "routeros" },
  routeros: { manufacturer: "mikrotik", operatingSystem: "routeros" },
  mrv: { manufacturer: "mrv" },
  netscaler: { manufacturer: "citrix", operatingSystem: "netscaler" },
  netscreen: { manufacturer: "netscreen", operatingSystem: "screenos", deviceType: "FIREWALL" },
  paloalto: { manufacturer: "paloalto", operatingSystem: "panos", deviceType: "FIREWALL" },
  sros: { manufacturer: "nokia", operatingSystem: "sros" },
  "sros-md": { manufacturer: "nokia", operatingSystem: "sros" },
  vrp: { manufacturer: "huawei", operatingSystem: "vrp" },
  extreme: { manufacturer: "extreme", deviceType: "SWITCH" },
  frr: { manufacturer: "frr", operatingSystem: "frr" },
  zebra: { manufacturer: "zebra", operatingSystem: "zebra" },
  edgerouter: { manufacturer: "ubiquiti", operatingSystem: "edgeos" },
  edgemax: { manufacturer: "ubiquiti", operatingSystem: "edgeos" },
};

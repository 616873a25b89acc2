/**
 * A lab's devices as inventory records in the original Trigger's
 * `netdevices.json` format (an array of objects with string values), plus
 * the fields this toolkit reads to reach a device on a non-standard port.
 *
 * @module
 */
import type { Lab } from "./lab.ts";

/** One `netdevices.json` record. */
export interface LabInventoryRecord {
  /** Device name (lower case). */
  nodeName: string;
  /** SSH port (the original's `nodePort`). */
  nodePort: string;
  /** Address to connect to. */
  address: string;
  /** Credential realm holding the lab's login. */
  realm: string;
  /** Telnet port (`0` when Telnet is off). */
  telnetPort: string;
  /** Platform id (`cisco_ios`). */
  platform: string;
  /** Manufacturer, as a CMDB spells it. */
  manufacturer: string;
  /** Canonical vendor key. */
  vendor: string;
  /** `ROUTER`, `SWITCH`, `FIREWALL`... */
  deviceType: string;
  /** Make. */
  make: string;
  /** Model. */
  model: string;
  /** Operating system name. */
  operatingSystem: string;
  /** Site. */
  site: string;
  /** Always `PRODUCTION`. */
  adminStatus: string;
  /** `ssh` or `netconf` (Junos). */
  connectProtocol: string;
  /** Owning team. */
  owningTeam: string;
  /** Other fields as strings. */
  [field: string]: string;
}

/** Inventory records for every device of a lab (sites `LAB1`, `LAB2`... by tens). */
export function labInventory(lab: Lab): LabInventoryRecord[] {
  return lab.devices.map((d, i) => ({
    nodeName: d.name.toLowerCase(),
    nodePort: String(d.ports.ssh),
    address: d.address,
    realm: "lab",
    telnetPort: String(d.ports.telnet),
    platform: d.platform,
    manufacturer: d.inventory.manufacturer,
    vendor: d.inventory.vendor,
    deviceType: d.inventory.deviceType,
    make: d.inventory.make,
    model: d.inventory.model,
    operatingSystem: d.inventory.operatingSystem,
    site: `LAB${Math.floor(i / 10) + 1}`,
    adminStatus: "PRODUCTION",
    connectProtocol: d.netconf ? "netconf" : "ssh",
    owningTeam: "Lab",
    serialNumber: "",
  }));
}

/**
 * Interfaces, addresses and applied ACLs per device (the original's
 * `NetACLInfo`, behind `gnng`): the command each platform profile names
 * (`gnng` section) and parsers for IOS-style running configurations and Junos
 * configuration text.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import { profileOf } from "../netdevices/platform.ts";
import { platformProfiles } from "../platforms/registry.ts";
import type { GnngProfile } from "../platforms/profile.ts";
import type { CommandoTarget, VendorHook } from "./commando.ts";

/** One interface of one device. */
export interface InterfaceAclInfo {
  /** Interface name (`GigabitEthernet0/1`; Junos `<ifd>.<unit>`). */
  name: string;
  /** Host addresses (`10.0.1.1`). */
  addresses: string[];
  /** Networks of those addresses (`10.0.1.0/24`). */
  subnets: string[];
  /** Inbound ACLs / filters. */
  aclIn: string[];
  /** Outbound ACLs / filters. */
  aclOut: string[];
  /** Description, if any. */
  description: string;
}

const MASK_BITS = (mask: string): number | undefined => {
  const n = ipv4(mask);
  if (n === undefined) return undefined;
  const bits = n.toString(2).padStart(32, "0");
  return /^1*0*$/.test(bits) ? bits.indexOf("0") === -1 ? 32 : bits.indexOf("0") : undefined;
};

function ipv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return parts.reduce((a, p) => a * 256 + p, 0);
}

/**
 * The network of `address/len` (`10.0.1.1/24` → `10.0.1.0/24`); non-IPv4
 * prefixes are returned unchanged.
 */
function subnetOf(address: string, len: number): string {
  const n = ipv4(address);
  if (n === undefined) return `${address}/${len}`;
  const size = 2 ** (32 - len);
  const net = Math.floor(n / size) * size;
  const octets = [24, 16, 8, 0].map((s) => Math.floor(net / 2 ** s) % 256);
  return `${octets.join(".")}/${len}`;
}

function blank(name: string): InterfaceAclInfo {
  return { name, addresses: [], subnets: [], aclIn: [], aclOut: [], description: "" };
}

/**
 * Parses `interface` blocks of an IOS-style configuration (IOS, NX-OS, EOS,
 * ASA, Foundry): `description`, `ip address A M [secondary]` or `A/len`,
 * `ip access-group NAME in|out` (`access-group` on ASA is per-interface in
 * global config and not covered).
 *
 * @param config The configuration text.
 * @returns One entry per interface, in order.
 *
 * @example Addresses, subnets and ACLs of an IOS interface
 * ```ts
 * import { parseIosInterfaces } from "@trigger/trigger/commando";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const cfg = "interface Gi0/1\n description users\n ip address 10.0.1.1 255.255.255.0\n ip access-group 101 in\n!\n";
 * deepStrictEqual(parseIosInterfaces(cfg), [{
 *   name: "Gi0/1", addresses: ["10.0.1.1"], subnets: ["10.0.1.0/24"],
 *   aclIn: ["101"], aclOut: [], description: "users",
 * }]);
 * ```
 */
export function parseIosInterfaces(config: string): InterfaceAclInfo[] {
  const out: InterfaceAclInfo[] = [];
  let cur: InterfaceAclInfo | undefined;
  for (const raw of config.split(/\r?\n/)) {
    const head = /^interface\s+(\S.*?)\s*$/.exec(raw);
    if (head) {
      cur = blank(head[1]!);
      out.push(cur);
      continue;
    }
    if (!/^\s/.test(raw)) {
      cur = undefined;
      continue;
    }
    if (cur === undefined) continue;
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^description\s+(.*)$/.exec(line))) cur.description = m[1]!;
    else if (
      (m = /^ip(?:v4)? address\s+(\S+?)(?:\/(\d+)|\s+(\S+))?(?:\s+secondary)?$/.exec(line))
    ) {
      const len = m[2] !== undefined ? Number(m[2]) : m[3] !== undefined ? MASK_BITS(m[3]) : 32;
      if (len === undefined || ipv4(m[1]!) === undefined) continue;
      cur.addresses.push(m[1]!);
      cur.subnets.push(subnetOf(m[1]!, len));
    } else if ((m = /^ip access-group\s+(\S+)\s+(in|out)\b/.exec(line))) {
      (m[2] === "in" ? cur.aclIn : cur.aclOut).push(m[1]!);
    }
  }
  return out;
}

/**
 * Parses Junos configuration text (the whole configuration or just its
 * `interfaces` hierarchy): per `<ifd>.<unit>`, `family inet` addresses and
 * `filter` `input`/`output` (or `input-list`/`output-list`), and the ifd's
 * or unit's description.
 *
 * @param config The configuration text, curly-brace format.
 * @returns One entry per unit with family inet, in order.
 *
 * @example A unit with an input filter
 * ```ts
 * import { parseJunosInterfaces } from "@trigger/trigger/commando";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const cfg = `interfaces {\n    xe-0/1/0 {\n        description "users";\n        unit 0 {\n` +
 *   `            family inet {\n                filter {\n                    input protect-re;\n` +
 *   `                }\n                address 10.0.1.1/24;\n            }\n        }\n    }\n}\n`;
 * deepStrictEqual(parseJunosInterfaces(cfg), [{
 *   name: "xe-0/1/0.0", addresses: ["10.0.1.1"], subnets: ["10.0.1.0/24"],
 *   aclIn: ["protect-re"], aclOut: [], description: "users",
 * }]);
 * ```
 */
export function parseJunosInterfaces(config: string): InterfaceAclInfo[] {
  const wrapped = /^interfaces\s*\{/m.test(config);
  const out = new Map<string, InterfaceAclInfo>();
  const ifdDescription = new Map<string, string>();
  const stack: string[] = [];
  for (const raw of config.split(/\r?\n/)) {
    const line = raw.replace(/\s*(#.*)?$/, "").trim();
    if (line === "" || line.startsWith("/*") || line.startsWith("##")) continue;
    if (line.endsWith("{")) {
      stack.push(line.slice(0, -1).trim());
      continue;
    }
    if (line === "}") {
      stack.pop();
      continue;
    }
    const path = wrapped ? (stack[0] === "interfaces" ? stack.slice(1) : undefined) : stack;
    if (path === undefined || path.length === 0) continue;
    const stmt = line.replace(/;$/, "");
    const [ifd, unit, family, sub] = path;
    const desc = /^description\s+"?(.*?)"?$/.exec(stmt);
    if (desc && path.length === 1) ifdDescription.set(ifd!, desc[1]!);
    const unitNo = /^unit\s+(\S+)$/.exec(unit ?? "")?.[1];
    if (unitNo === undefined) continue;
    const name = `${ifd}.${unitNo}`;
    if (desc && path.length === 2) ensure(out, name).description = desc[1]!;
    if (family !== "family inet") continue;
    const entry = ensure(out, name);
    let m: RegExpExecArray | null;
    if (path.length === 3 && (m = /^address\s+([\d.]+)\/(\d+)/.exec(stmt))) {
      entry.addresses.push(m[1]!);
      entry.subnets.push(subnetOf(m[1]!, Number(m[2])));
    } else if (
      sub === "filter" && (m = /^(input|output)(-list)?\s+\[?\s*([^\]]+?)\s*\]?$/.exec(stmt))
    ) {
      (m[1] === "input" ? entry.aclIn : entry.aclOut).push(...m[3]!.split(/\s+/));
    }
  }
  for (const [name, e] of out) {
    if (e.description === "") e.description = ifdDescription.get(name.split(".")[0]!) ?? "";
  }
  return [...out.values()].filter((e) => e.addresses.length || e.aclIn.length || e.aclOut.length);
}

function ensure(map: Map<string, InterfaceAclInfo>, name: string): InterfaceAclInfo {
  let e = map.get(name);
  if (e === undefined) map.set(name, e = blank(name));
  return e;
}

const PARSERS: Readonly<Record<GnngProfile["parser"], (text: string) => InterfaceAclInfo[]>> = {
  ios: parseIosInterfaces,
  junos: parseJunosInterfaces,
};

/** The `gnng` section of a device's platform, or an error naming the platform. */
function gnngOf(d: CommandoTarget): Readonly<GnngProfile> {
  const gnng = profileOf(d)?.gnng;
  if (gnng) return gnng;
  throw new TriggerError(
    "INVALID_ARGUMENT",
    `Cannot read interfaces and ACLs of ${d.nodeName}: platform "${
      d.platform ?? d.vendor
    }" has no gnng command (supported: ${
      platformProfiles().filter((p) => p.gnng !== null).map((p) => p.id).sort().join(", ")
    })`,
    { host: d.nodeName },
  );
}

/**
 * Commando hooks that turn a job into NetACLInfo: each device runs the
 * command of its platform profile's `gnng` section (`show running-config`
 * on IOS-like platforms, `show configuration interfaces` on Junos), and each
 * output is parsed by the parser the section names into the result's
 * `parsed` = {@linkcode InterfaceAclInfo}[]. A platform
 * without a `gnng` section fails that device with `INVALID_ARGUMENT`.
 *
 * @returns One `base` hook, for every device.
 *
 * @example Use with Commando (commands come from the hooks)
 * ```ts
 * import { Commando, netAclInfoHooks } from "@trigger/trigger/commando";
 * import { strictEqual } from "node:assert/strict";
 *
 * const job = new Commando({
 *   devices: [{ nodeName: "r1", vendor: "cisco", address: "192.0.2.1", port: 22 }],
 *   hooks: netAclInfoHooks(),
 *   executor: (_d, cmds) => Promise.resolve(cmds.map((command) => ({
 *     command, output: "interface Gi0/0\n ip address 192.0.2.1 255.255.255.252\n!",
 *   }))),
 * });
 * const { results } = await job.run();
 * const rows = results.r1?.[0]?.parsed as { subnets: string[] }[];
 * strictEqual(rows[0]?.subnets[0], "192.0.2.0/30");
 * ```
 */
export function netAclInfoHooks<D extends CommandoTarget>(): Record<string, VendorHook<D>> {
  return {
    base: {
      commands: (d) => [gnngOf(d).command],
      parse: (d, r) => PARSERS[gnngOf(d).parser](r.output),
    },
  };
}

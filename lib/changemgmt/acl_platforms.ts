/**
 * How an ACL is written for each kind of device: the output format, the
 * configuration lines that replace the list, and the command that reads it
 * back.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import type { Acl } from "../acl/acl.ts";
import type { AclFamily, AclFormat } from "../acl/ir.ts";

/** How a device is loaded: CLI lines (IOS-like) or NETCONF (Junos). */
export type AclPushMethod = "cli" | "netconf";

/** What a device needs to be loaded. */
export interface AclDeviceKind {
  /** CLI lines or NETCONF. */
  method: AclPushMethod;
  /** ACL output format for named lists. */
  named: AclFormat;
  /** ACL output format for numbered lists. */
  numbered: AclFormat;
}

const JUNOS: AclDeviceKind = { method: "netconf", named: "junos", numbered: "junos" };
const IOS: AclDeviceKind = { method: "cli", named: "ios-named", numbered: "ios" };
const EOS: AclDeviceKind = { method: "cli", named: "eos", numbered: "eos" };
const BROCADE: AclDeviceKind = { method: "cli", named: "ios-named", numbered: "brocade" };

/** Platform id → how to load it (one line per platform). */
const KINDS: Readonly<Record<string, AclDeviceKind>> = {
  "juniper_junos": JUNOS,
  "cisco_ios": IOS,
  "cisco_iosxe": IOS,
  "dell_powerconnect": IOS,
  "dell_force10": IOS,
  "arista_eos": EOS,
  "cisco_nxos": EOS,
  "brocade_mlx": BROCADE,
  "brocade_netiron": BROCADE,
  "foundry_fastiron": BROCADE,
};

/**
 * How to load ACLs on a device, by platform (vendor as a fallback).
 *
 * @param device The device's platform id and vendor.
 * @returns The method and formats.
 * @throws {TriggerError} `INVALID_ARGUMENT` for platforms ACLs cannot be loaded on.
 */
export function aclDeviceKind(
  device: { nodeName: string; platform?: string | undefined; vendor?: string | undefined },
): AclDeviceKind {
  const byPlatform = device.platform === undefined ? undefined : KINDS[device.platform];
  if (byPlatform) return byPlatform;
  if (device.vendor === "juniper") return JUNOS;
  if (device.vendor === "arista") return EOS;
  if (device.vendor === "cisco" && device.platform === undefined) return IOS;
  throw new TriggerError(
    "INVALID_ARGUMENT",
    `Cannot load ACLs on ${device.nodeName}: platform "${
      device.platform ?? device.vendor ?? "unknown"
    }" is not supported (supported: ${Object.keys(KINDS).join(", ")})`,
    { host: device.nodeName },
  );
}

/** An ACL written for one device. */
export interface RenderedAcl {
  /** The ACL name. */
  name: string;
  /** The format written. */
  format: AclFormat;
  /** Junos: the filter family. */
  family: AclFamily;
  /** IOS-like: configuration lines, `no ...` first. Junos: the `load replace` text. */
  payload: string;
  /** The text of the list alone, as the device will show it (what is compared). */
  definition: string;
  /** IOS-like: the command that reads the list back. */
  readback: string;
}

/**
 * Writes an ACL for a device.
 *
 * @param acl The parsed ACL.
 * @param name The name to load it under.
 * @param kind How the device is loaded.
 * @returns The payload and the read-back command.
 * @throws {AclUnsupportedError} When the device's format cannot express a term.
 */
export function renderAcl(acl: Acl, name: string, kind: AclDeviceKind): RenderedAcl {
  if (kind.method === "netconf") {
    const family: AclFamily = acl.family ?? "inet";
    acl.nameTerms();
    const payload = acl.output("junos", { replace: true, name, family });
    return { name, format: "junos", family, payload, definition: payload, readback: "" };
  }
  const numbered = /^\d+$/.test(name);
  const format = numbered ? kind.numbered : kind.named;
  const payload = acl.output(format, { replace: true, name });
  const lines = payload.split("\n").filter((l) => l.trim() !== "");
  const definition = lines.filter((l) => !/^no\s/.test(l)).join("\n") + "\n";
  const header = lines.find((l) => !/^no\s/.test(l)) ?? "";
  const readback = numbered
    ? `show running-config | include ^access-list ${name} `
    : `show running-config | section ^${header.trim()}$`;
  return { name, format, family: acl.family ?? "inet", payload, definition, readback };
}

/**
 * Finds `filter NAME { ... }` of a family in Junos configuration text (the
 * whole configuration, or the `firewall` subtree a filtered request returns).
 *
 * @param text Curly-brace configuration text.
 * @param family The filter family.
 * @param name The filter name.
 * @returns The filter's text, or `null` when it is not there.
 */
export function extractJunosFilter(text: string, family: AclFamily, name: string): string | null {
  const tokens = text.replace(/\/\*[\s\S]*?\*\//g, "")
    .match(/"(?:[^"\\]|\\.)*"|[{};]|[^\s{};"]+/g) ?? [];
  const path: string[] = [];
  let words: string[] = [];
  let start = -1;
  let startDepth = -1;
  let pos = 0;
  const offsets: number[] = [];
  // map tokens back to text offsets for slicing
  for (const t of tokens) {
    pos = text.indexOf(t, pos);
    offsets.push(pos);
    pos += t.length;
  }
  for (const [i, t] of tokens.entries()) {
    if (t === "{") {
      const key = words.join(" ").replace(/^replace:\s*/, "");
      path.push(key);
      if (start < 0 && key === `filter ${name}`) {
        const p = path.slice(0, -1);
        const inFamily = p.length === 2 && p[0] === "firewall" && p[1] === `family ${family}`;
        const bare = p.length === 1 && p[0] === "firewall" && family === "inet";
        if (inFamily || bare) {
          start = offsets[i - words.length]!;
          startDepth = path.length;
        }
      }
      words = [];
    } else if (t === "}") {
      if (start >= 0 && path.length === startDepth) {
        return `${text.slice(start, offsets[i]! + 1)}\n`;
      }
      path.pop();
      words = [];
    } else if (t === ";") words = [];
    else words.push(t);
  }
  return null;
}

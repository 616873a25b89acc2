/**
 * How an ACL is written for each kind of device: the output format, the
 * configuration lines that replace the list, and the command that reads it
 * back — all read from the platform profile's `acl` section.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import type { Acl } from "../acl/acl.ts";
import type { AclFamily, AclFormat } from "../acl/ir.ts";
import { platformProfiles } from "../platforms/registry.ts";
import type { AclProfile } from "../platforms/profile.ts";
import { profileOf } from "../netdevices/platform.ts";

/** How a device is loaded: CLI lines (IOS-like) or NETCONF (Junos). */
export type AclPushMethod = AclProfile["load"];

/** What a device needs to be loaded: its platform's `acl` section. */
export type AclDeviceKind = Readonly<AclProfile>;

/**
 * How to load ACLs on a device: the `acl` section of its platform's profile
 * (a device without a platform gets its vendor's fallback platform).
 *
 * @param device The device's platform id and vendor.
 * @returns The load kind, formats and read-back commands.
 * @throws {TriggerError} `INVALID_ARGUMENT` for platforms ACLs cannot be loaded on.
 *
 * @example Junos over NETCONF, Arista in EOS syntax
 * ```ts
 * import { aclDeviceKind } from "@trigger/trigger/changemgmt";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(aclDeviceKind({ nodeName: "r1", platform: "juniper_junos" }).load, "netconf");
 * strictEqual(aclDeviceKind({ nodeName: "r2", vendor: "arista" }).named, "eos");
 * ```
 */
export function aclDeviceKind(
  device: { nodeName: string; platform?: string | undefined; vendor?: string | undefined },
): AclDeviceKind {
  const acl = profileOf(device)?.acl;
  if (acl) return acl;
  throw new TriggerError(
    "INVALID_ARGUMENT",
    `Cannot load ACLs on ${device.nodeName}: platform "${
      device.platform ?? device.vendor ?? "unknown"
    }" is not supported (supported: ${
      platformProfiles().filter((p) => p.acl !== null).map((p) => p.id).sort().join(", ")
    })`,
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
  if (kind.load === "netconf") {
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
  const header = (lines.find((l) => !/^no\s/.test(l)) ?? "").trim();
  const readback = (numbered ? kind.readback.numbered : kind.readback.named)
    .replaceAll("{name}", name).replaceAll("{header}", header);
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

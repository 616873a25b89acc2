/**
 * Validation and defaults of the profile sections beyond the CLI itself:
 * `inventory`, `management`, `acl`, `gnng`, `commands` and
 * `appendToCommands`. Built-in profiles state every section; a user file
 * written before a section existed still loads, and gets the defaults below.
 *
 * @module
 */
import { ACL_DIALECTS, ACL_FORMATS } from "../acl/ir.ts";
import { type Checker, checkStep, isObj, type Obj } from "./_checker.ts";
import type { PlatformProfile } from "./profile.ts";

/** The sections a user file may leave out (and the defaults it then gets). */
export const OPTIONAL_SECTIONS = [
  "inventory",
  "management",
  "acl",
  "gnng",
  "commands",
  "appendToCommands",
] as const;

const DEVICE_TYPE = { re: /^[A-Z][A-Z0-9_]*$/, what: "an upper-case device type" };
const MANUFACTURER = { re: /^[A-Z0-9][A-Z0-9 .&,/-]*$/, what: "upper case" };
const VENDOR = /^[a-z0-9]+$/;

function checkInventory(c: Checker, v: unknown): void {
  const p = "$.inventory";
  const o = c.obj(v, p);
  if (!o) return;
  c.keys(o, p, ["manufacturers", "deviceTypes", "defaultType", "iosLike", "match"]);
  c.strings(o, "manufacturers", p, MANUFACTURER);
  const types = c.strings(o, "deviceTypes", p, DEVICE_TYPE);
  if (o.defaultType !== undefined && !types.includes(o.defaultType as string)) {
    c.add(`${p}.defaultType`, "must be one of deviceTypes");
  }
  c.bool(o, "iosLike", p);
  c.arr(o, "match", p).forEach((r, i) => {
    const rp = `${p}.match[${i}]`;
    const rule = c.obj(r, rp);
    if (!rule) return;
    c.keys(rule, rp, ["vendor", "deviceTypes", "pattern"]);
    const vendor = c.str(rule, "vendor", rp, { optional: true });
    if (vendor !== undefined && !VENDOR.test(vendor)) c.add(`${rp}.vendor`, "must be lower case");
    if (rule.deviceTypes !== undefined) c.strings(rule, "deviceTypes", rp, DEVICE_TYPE);
    c.regex(rule, "pattern", rp, true);
  });
}

function nullOr(c: Checker, o: Obj, key: string, path: string, check: (v: unknown) => void) {
  if (!(key in o)) c.add(`${path}.${key}`, "is required (null when none)");
  else if (o[key] !== null) check(o[key]);
}

function checkManagement(c: Checker, v: unknown, modes: Set<string>): void {
  const p = "$.management";
  const o = c.obj(v, p);
  if (!o) return;
  c.keys(o, p, ["protocol", "configMode", "commit", "confirmedCommit", "save"]);
  c.oneOf(o, "protocol", p, ["cli", "netconf"]);
  const mode = c.str(o, "configMode", p);
  if (mode !== undefined && modes.size > 0 && !modes.has(mode)) {
    c.add(`${p}.configMode`, `unknown mode "${mode}"`);
  }
  nullOr(c, o, "commit", p, () => c.str(o, "commit", p));
  nullOr(c, o, "confirmedCommit", p, () => {
    const t = c.str(o, "confirmedCommit", p);
    if (t !== undefined && !t.includes("{minutes}")) {
      c.add(`${p}.confirmedCommit`, "must contain {minutes}");
    }
  });
  nullOr(c, o, "save", p, (s) => {
    const sp = `${p}.save`;
    const save = c.obj(s, sp);
    if (!save) return;
    c.keys(save, sp, ["mode", "steps"]);
    const m = c.str(save, "mode", sp);
    if (m !== undefined && modes.size > 0 && !modes.has(m)) {
      c.add(`${sp}.mode`, `unknown mode "${m}"`);
    }
    const steps = c.arr(save, "steps", sp);
    if (Array.isArray(save.steps) && steps.length === 0) c.add(`${sp}.steps`, "must not be empty");
    steps.forEach((st, i) => checkStep(c, st, `${sp}.steps[${i}]`, modes));
  });
}

function checkAcl(c: Checker, v: unknown): void {
  const p = "$.acl";
  const o = c.obj(v, p);
  if (!o) return;
  c.keys(o, p, ["load", "named", "numbered", "read", "readback", "method", "sequence", "session"]);
  c.oneOf(o, "load", p, ["cli", "netconf"]);
  if ("method" in o) c.oneOf(o, "method", p, ["replace", "sequence", "session"]);
  const commands = (key: string, names: string[], placeholder: Record<string, RegExp>) => {
    if (!(key in o) && o.method !== key) return;
    const q = c.obj(o[key], `${p}.${key}`);
    if (!q) return;
    c.keys(q, `${p}.${key}`, names);
    for (const n of names) {
      const t = c.str(q, n, `${p}.${key}`);
      const need = placeholder[n];
      if (t !== undefined && need && !need.test(t)) {
        c.add(`${p}.${key}.${n}`, `must contain ${need.source.replace(/\\/g, "")}`);
      }
    }
  };
  commands("sequence", ["show", "resequence"], { show: /\{name\}/, resequence: /\{start\}/ });
  commands("session", ["enter", "commit", "abort"], { enter: /\{name\}/ });
  c.oneOf(o, "named", p, ACL_FORMATS);
  c.oneOf(o, "numbered", p, ACL_FORMATS);
  c.oneOf(o, "read", p, ACL_DIALECTS.filter((d) => d !== "auto"));
  const rb = c.obj(o.readback, `${p}.readback`);
  if (!rb) return;
  c.keys(rb, `${p}.readback`, ["named", "numbered"]);
  for (const k of ["named", "numbered"]) {
    const t = c.str(rb, k, `${p}.readback`, { empty: true });
    if (t !== undefined && o.load === "cli" && !/\{(?:name|header)\}/.test(t)) {
      c.add(`${p}.readback.${k}`, "must contain {name} or {header}");
    }
  }
}

function checkGnng(c: Checker, v: unknown): void {
  const p = "$.gnng";
  const o = c.obj(v, p);
  if (!o) return;
  c.keys(o, p, ["command", "parser"]);
  c.str(o, "command", p);
  c.oneOf(o, "parser", p, ["ios", "junos"]);
}

function checkCommands(c: Checker, v: unknown): void {
  const p = "$.commands";
  const o = c.obj(v, p);
  if (!o) return;
  c.keys(o, p, ["version", "runningConfig"]);
  c.str(o, "version", p);
  c.str(o, "runningConfig", p);
}

function checkAppend(c: Checker, p: Obj): void {
  c.arr(p, "appendToCommands", "$").forEach((v, i) => {
    const path = `$.appendToCommands[${i}]`;
    const o = c.obj(v, path);
    if (!o) return;
    c.keys(o, path, ["pattern", "text"]);
    c.regex(o, "pattern", path);
    c.str(o, "text", path);
  });
}

/** Checks the sections present in `p` (absent ones get defaults later). */
export function checkSections(c: Checker, p: Obj, modes: Set<string>): void {
  if ("inventory" in p) checkInventory(c, p.inventory);
  if ("management" in p) checkManagement(c, p.management, modes);
  if ("acl" in p && p.acl !== null) checkAcl(c, p.acl);
  if ("gnng" in p && p.gnng !== null) checkGnng(c, p.gnng);
  if ("commands" in p) checkCommands(c, p.commands);
  if ("appendToCommands" in p) checkAppend(c, p);
}

/**
 * A valid profile with every section present: the ones a user file left out
 * get their defaults (no inventory mapping; CLI management in the
 * `configuration` mode, or the default mode when there is none, with no
 * commit and no save; no ACL loading; no `gnng`; `show version` and
 * `show running-config`; nothing appended).
 *
 * @param p A profile that passed validation.
 * @returns A new object (the input is not changed).
 */
export function withDefaults(p: Obj): PlatformProfile {
  const modes = (p.modes as { name: string }[]).map((m) => m.name);
  const out: Obj = { ...p };
  out.inventory ??= { manufacturers: [], deviceTypes: [], iosLike: false, match: [] };
  out.management ??= {
    protocol: "cli",
    configMode: modes.includes("configuration") ? "configuration" : p.defaultMode,
    commit: null,
    confirmedCommit: null,
    save: null,
  };
  if (!("acl" in out)) out.acl = null;
  else if (out.acl !== null && !("method" in (out.acl as Obj))) {
    out.acl = { ...(out.acl as Obj), method: "replace" };
  }
  if (!("gnng" in out)) out.gnng = null;
  out.commands ??= { version: "show version", runningConfig: "show running-config" };
  out.appendToCommands ??= [];
  return out as unknown as PlatformProfile;
}

/** Whether `p` states every section (built-in profiles must). */
export function missingSections(p: unknown): string[] {
  return isObj(p) ? OPTIONAL_SECTIONS.filter((k) => !(k in p)) : [...OPTIONAL_SECTIONS];
}

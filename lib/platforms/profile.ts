/**
 * Platform profiles: everything the toolkit knows of a platform, as
 * JSON-compatible data — what its CLI looks like (modes with prompt patterns
 * and transitions, paging-off commands, failure indicators, pagers, line
 * ending, transports), which inventory records it serves, how configuration
 * is committed and saved, how ACLs are loaded, what `gnng` runs — and the
 * validator used for built-in and user files (every problem reported with its
 * JSON path).
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import type { AclDialect, AclFormat } from "../acl/ir.ts";
import { Checker, checkStep, isObj } from "./_checker.ts";
import { checkSections, OPTIONAL_SECTIONS, withDefaults } from "./_sections.ts";

/** A reference to a secret resolved from the credentials at run time. */
export interface SecretRef {
  /** `enable` (enable/privilege password) or `login` (the login password). */
  secret: "enable" | "login";
}

/** One instruction of a transition, on-open or on-close list. */
export type Step =
  /** Send a line and wait for a prompt. */
  | { type: "sendInput"; input: string }
  /** Send a line; if `prompt` appears, answer `response`; then wait for a prompt. */
  | { type: "sendPromptedInput"; input: string; prompt: string; response: string | SecretRef }
  /** Write raw text without waiting. */
  | { type: "write"; data: string }
  /** Move to another mode (path search over the transitions). */
  | { type: "enterMode"; mode: string };

/** A CLI mode (privilege level) and how to leave it. */
export interface ModeProfile {
  /** Mode name, e.g. `exec`, `privileged`, `configuration`. */
  name: string;
  /** Regex source matching the whole prompt line of this mode. */
  promptPattern: string;
  /** Direct transitions to other modes. */
  transitions: { to: string; steps: Step[] }[];
}

/** A pager the platform shows, and the key that continues it. */
export interface PagerProfile {
  /** Regex source matched at the start of the current line. */
  pattern: string;
  /** Key sent to continue (default a space). */
  reply?: string;
}

/** A question the platform asks, and its automatic answer. */
export interface ConfirmProfile {
  /** Regex source matched against the current line (anchor it with `$`). */
  pattern: string;
  /** The answer; the line ending is added. */
  answer: string;
}

/** Protocol and terminal options. */
export interface PlatformOptions {
  /** Line ending sent after each command. */
  returnChar: "\n" | "\r" | "\r\n";
  /** Whether the CLI needs a pty (all interactive CLIs here do). */
  pty: boolean;
  /** Terminal type requested with the pty. */
  term: string;
  /** Transports the platform supports. */
  transports: ("ssh" | "telnet")[];
  /** Whether old firmware commonly needs legacy SSH algorithms. */
  legacyAlgorithms: boolean;
  /**
   * Whether the first prompt is learned and later prompts must repeat its
   * host part (guards against prompt-like output lines). Turn it off for CLIs
   * whose prompts do not all carry the host name (MRV `Config:0 >>`, the
   * Avocent path prompt). @default {true}
   */
  learnPrompt?: boolean;
}

/**
 * Which inventory records get this platform: a device of `vendor` whose
 * device type is in `deviceTypes` and whose `operatingSystem make model`
 * (lower case) matches `pattern` (either may be absent). The most specific
 * rule of a vendor wins (pattern and types, then pattern, then types, then
 * neither: the vendor's fallback); see `derivePlatform()`.
 */
export interface InventoryRule {
  /** Canonical vendor the rule applies to. @default {the profile's vendor} */
  vendor?: string;
  /** Upper-case device types the rule applies to (any when absent). */
  deviceTypes?: string[];
  /** Regex source tested against `operatingSystem make model`, lower case (any when absent). */
  pattern?: string;
}

/**
 * How inventory records map to the platform, and the vendor facts the
 * original kept in settings tables (`VENDOR_MAP`, `SUPPORTED_PLATFORMS`,
 * `DEFAULT_TYPES`, `IOSLIKE_VENDORS`), which are now built from these.
 */
export interface InventoryProfile {
  /** Manufacturer strings as a CMDB writes them, upper case, that name the profile's vendor (`CISCO SYSTEMS`). */
  manufacturers: string[];
  /** Device types this platform's devices can have (`ROUTER`, `SWITCH`, `FIREWALL`...). */
  deviceTypes: string[];
  /** The device type of a record of this vendor that has none (one profile per vendor sets it). */
  defaultType?: string;
  /** Whether the vendor's CLI behaves like Cisco IOS (`NetDevice.isIosLike`). */
  iosLike: boolean;
  /** The rules that give this platform to an inventory record (none: only an explicit `platform` does). */
  match: InventoryRule[];
}

/** Saving the running configuration so that it survives a reload. */
export interface SaveProfile {
  /** The mode the steps start in. */
  mode: string;
  /** What to send (a `sendPromptedInput` answers a confirmation such as `[confirm]`). */
  steps: Step[];
}

/** How configuration is changed and kept on the platform. */
export interface ManagementProfile {
  /**
   * `netconf`: commands and configuration go over NETCONF unless the CLI is
   * asked for (Junos); `cli`: over an interactive CLI session.
   */
  protocol: "cli" | "netconf";
  /** The mode configuration lines are typed in. */
  configMode: string;
  /** Sent in `configMode` after the lines to make them take effect (`commit`); null when lines take effect as typed. */
  commit: string | null;
  /** A commit that rolls itself back unless confirmed, with `{minutes}`; null when the platform has none. */
  confirmedCommit: string | null;
  /** Saves the configuration for the next reload (`write memory`); null when a commit already does. */
  save: SaveProfile | null;
}

/** How ACLs are loaded on the platform, and the dialects it writes and reads. */
export interface AclProfile {
  /** Configuration lines over the CLI, or a `load replace` over NETCONF. */
  load: "cli" | "netconf";
  /** Output format for named lists (`ios-named`, `eos`, `iosxr`, `junos`...). */
  named: AclFormat;
  /** Output format for numbered lists (`ios`, `brocade`...). */
  numbered: AclFormat;
  /** Dialect the device shows its lists in, parsed when they are read back and compared. */
  read: Exclude<AclDialect, "auto">;
  /**
   * CLI commands that show one list as the device holds it: `{name}` is the
   * list's name, `{header}` the first line that defines it. Empty for NETCONF.
   */
  readback: { named: string; numbered: string };
  /**
   * How a CLI load replaces a list without a moment where traffic meets no
   * filter (`load: "cli"`):
   * - `sequence`: edited in place by sequence number (the new entries go in
   *   before the old ones, then the old ones are removed: every packet meets
   *   the old list or the new one, never neither) — needs `sequence`;
   * - `session`: typed in a configuration session and committed at once —
   *   needs `session`;
   * - `replace`: `no` + the new definition; atomic only on a platform whose
   *   `management.commit` applies the lines at once (IOS XR), otherwise a
   *   window remains (load-acl refuses it unless allowed).
   *
   * A user profile without it gets `replace`.
   */
  method: "replace" | "sequence" | "session";
  /** `sequence`: the command that lists entries with their numbers, and the one that renumbers. */
  sequence?: { show: string; resequence: string };
  /** `session`: enter a named session (`{name}`), commit it, abandon it. */
  session?: { enter: string; commit: string; abort: string };
}

/** What `gnng` (interfaces, addresses and ACLs per device) runs and how it reads the output. */
export interface GnngProfile {
  /** The command that shows the interfaces' configuration. */
  command: string;
  /** The parser of its output: IOS-style `interface` blocks, or Junos configuration text. */
  parser: "ios" | "junos";
}

/** Everyday commands of the platform (the demo, configuration backups, conformance tests). */
export interface PlatformCommands {
  /** Shows the software version (`show version`). */
  version: string;
  /** Shows the running configuration (`show running-config`). */
  runningConfig: string;
}

/** Text appended to the commands that match, before they are sent (PicOS `| no-more`). */
export interface AppendRule {
  /** Regex source tested against the command as given. */
  pattern: string;
  /** Text appended to it. */
  text: string;
}

/** A device platform, as data (no callbacks). */
export interface PlatformProfile {
  /** `<vendor>_<os>`, e.g. `cisco_ios`. */
  id: string;
  /** Vendor key (Trigger's vendor names: cisco, juniper, brocade ...). */
  vendor: string;
  /** Human description. */
  description: string;
  /** Inventory mapping and vendor facts. */
  inventory: InventoryProfile;
  /** Configuration: protocol, configuration mode, commit, save. */
  management: ManagementProfile;
  /** ACL loading; null when ACLs cannot be loaded on the platform. */
  acl: AclProfile | null;
  /** `gnng` support; null when the platform has none. */
  gnng: GnngProfile | null;
  /** Version and running-configuration commands. */
  commands: PlatformCommands;
  /** The mode commands run in (the session escalates to it). */
  defaultMode: string;
  /** Modes, in the order their prompt patterns are tried (most specific first). */
  modes: ModeProfile[];
  /** Substrings of an output that mean the command failed. */
  failureIndicators: string[];
  /** Sent after login in the default mode (paging off ...); outputs not recorded. */
  onOpen: Step[];
  /** Sent before closing. */
  onClose: Step[];
  /** Pagers beyond the defaults. */
  pagers: PagerProfile[];
  /** Confirmations answered automatically (replaces the defaults when non-empty). */
  confirmations: ConfirmProfile[];
  /** Text appended to matching commands (the original's `| no-more` for Pica8). */
  appendToCommands: AppendRule[];
  /** Protocol and terminal options (line ending, pty, transports allowed, legacy SSH). */
  options: PlatformOptions;
}

/** One problem found by {@linkcode validatePlatformProfile}. */
export interface ProfileIssue {
  /** JSON path of the bad field, e.g. `$.modes[1].promptPattern`. */
  path: string;
  /** What is wrong with it. */
  message: string;
}

/** A profile that failed validation (code `PROFILE_INVALID`). */
export class ProfileError extends TriggerError {
  /** Every problem found, each with its JSON path. */
  readonly issues: ProfileIssue[];

  /**
   * Creates the error from the issues found.
   *
   * @param issues The problems (the first one is in the message).
   * @param source Where the profile came from (file or id).
   */
  constructor(issues: ProfileIssue[], source: string) {
    const first = issues[0];
    super(
      "PROFILE_INVALID",
      `Invalid platform profile ${source}: ${first?.path}: ${first?.message}` +
        (issues.length > 1 ? ` (and ${issues.length - 1} more)` : ""),
    );
    this.name = "ProfileError";
    this.issues = issues;
  }
}

/**
 * Checks that a value is a valid {@linkcode PlatformProfile}.
 *
 * @param value Parsed JSON (or a built-in profile).
 * @returns Every problem found, each with the JSON path of the bad field
 *   (empty when valid).
 *
 * @example Report the bad field
 * ```ts
 * import { getPlatform, validatePlatformProfile } from "@trigger/trigger/platforms";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const p = structuredClone(getPlatform("cisco_ios")) as unknown as Record<string, unknown>;
 * p.defaultMode = "enable";
 * deepStrictEqual(validatePlatformProfile(p), [
 *   { path: "$.defaultMode", message: "unknown mode \"enable\"" },
 * ]);
 * ```
 */
export function validatePlatformProfile(value: unknown): ProfileIssue[] {
  const c = new Checker();
  const p = c.obj(value, "$");
  if (!p) return c.issues;
  c.keys(p, "$", [
    "id",
    "vendor",
    "description",
    ...OPTIONAL_SECTIONS,
    "defaultMode",
    "modes",
    "failureIndicators",
    "onOpen",
    "onClose",
    "pagers",
    "confirmations",
    "options",
  ]);
  const id = c.str(p, "id", "$");
  if (id !== undefined && !/^[a-z0-9]+_[a-z0-9_]+$/.test(id)) {
    c.add("$.id", "must be <vendor>_<os> in lower snake case");
  }
  c.str(p, "vendor", "$");
  c.str(p, "description", "$", { empty: true });
  const modes = c.arr(p, "modes", "$");
  const names = new Set<string>();
  modes.forEach((m, i) => {
    if (isObj(m) && typeof m.name === "string") {
      if (names.has(m.name)) c.add(`$.modes[${i}].name`, `duplicate mode "${m.name}"`);
      names.add(m.name);
    }
  });
  if (modes.length === 0 && Array.isArray(p.modes)) c.add("$.modes", "must not be empty");
  modes.forEach((m, i) => {
    const path = `$.modes[${i}]`;
    const o = c.obj(m, path);
    if (!o) return;
    c.keys(o, path, ["name", "promptPattern", "transitions"]);
    c.str(o, "name", path);
    c.regex(o, "promptPattern", path);
    c.arr(o, "transitions", path).forEach((t, j) => {
      const tp = `${path}.transitions[${j}]`;
      const to = c.obj(t, tp);
      if (!to) return;
      c.keys(to, tp, ["to", "steps"]);
      if (typeof to.to !== "string" || !names.has(to.to)) c.add(`${tp}.to`, "unknown mode");
      c.arr(to, "steps", tp).forEach((s, k) => checkStep(c, s, `${tp}.steps[${k}]`, names));
    });
  });
  const dm = c.str(p, "defaultMode", "$");
  if (dm !== undefined && names.size > 0 && !names.has(dm)) {
    c.add("$.defaultMode", `unknown mode "${dm}"`);
  }
  c.arr(p, "failureIndicators", "$").forEach((f, i) => {
    if (typeof f !== "string" || f === "") {
      c.add(`$.failureIndicators[${i}]`, "must be a non-empty string");
    }
  });
  for (const key of ["onOpen", "onClose"]) {
    c.arr(p, key, "$").forEach((s, i) => checkStep(c, s, `$.${key}[${i}]`, names));
  }
  c.arr(p, "pagers", "$").forEach((v, i) => {
    const o = c.obj(v, `$.pagers[${i}]`);
    if (!o) return;
    c.keys(o, `$.pagers[${i}]`, ["pattern", "reply"]);
    c.regex(o, "pattern", `$.pagers[${i}]`);
    c.str(o, "reply", `$.pagers[${i}]`, { optional: true });
  });
  c.arr(p, "confirmations", "$").forEach((v, i) => {
    const o = c.obj(v, `$.confirmations[${i}]`);
    if (!o) return;
    c.keys(o, `$.confirmations[${i}]`, ["pattern", "answer"]);
    c.regex(o, "pattern", `$.confirmations[${i}]`);
    c.str(o, "answer", `$.confirmations[${i}]`, { empty: true });
  });
  const opt = c.obj(p.options, "$.options");
  if (opt) {
    c.keys(opt, "$.options", [
      "returnChar",
      "pty",
      "term",
      "transports",
      "legacyAlgorithms",
      "learnPrompt",
    ]);
    if (opt.learnPrompt !== undefined) c.bool(opt, "learnPrompt", "$.options");
    if (!["\n", "\r", "\r\n"].includes(opt.returnChar as string)) {
      c.add("$.options.returnChar", 'must be "\\n", "\\r" or "\\r\\n"');
    }
    c.bool(opt, "pty", "$.options");
    c.str(opt, "term", "$.options");
    c.bool(opt, "legacyAlgorithms", "$.options");
    c.arr(opt, "transports", "$.options").forEach((t, i) => {
      if (t !== "ssh" && t !== "telnet") {
        c.add(`$.options.transports[${i}]`, 'must be "ssh" or "telnet"');
      }
    });
  }
  checkSections(c, p, names);
  return c.issues;
}

/**
 * Validates and returns a profile, or throws.
 *
 * @param value Parsed JSON.
 * @param source Where it came from, for the message.
 * @returns A new profile object with every section present (sections a user
 *   file leaves out get their defaults; see {@linkcode PlatformProfile}).
 * @throws {ProfileError} `PROFILE_INVALID` with every issue and its JSON path.
 */
export function assertPlatformProfile(value: unknown, source = "(inline)"): PlatformProfile {
  const issues = validatePlatformProfile(value);
  if (issues.length) throw new ProfileError(issues, source);
  return withDefaults(value as Record<string, unknown>);
}

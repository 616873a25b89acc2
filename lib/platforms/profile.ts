/**
 * Platform profiles: what a device CLI looks like, as JSON-compatible data
 * (modes with prompt patterns and transitions, paging-off commands, failure
 * indicators, options), and the validator used for built-in and user files.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";

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
}

/** A device platform, as data (no callbacks). */
export interface PlatformProfile {
  /** `<vendor>_<os>`, e.g. `cisco_ios`. */
  id: string;
  /** Vendor key (Trigger's vendor names: cisco, juniper, brocade ...). */
  vendor: string;
  /** Human description. */
  description: string;
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
  /** Protocol and terminal options. */
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

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

class Checker {
  issues: ProfileIssue[] = [];
  add(path: string, message: string) {
    this.issues.push({ path, message });
  }
  keys(o: Obj, path: string, allowed: string[]) {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) this.add(`${path}.${k}`, "unknown field");
    }
  }
  str(o: Obj, key: string, path: string, opts: { empty?: boolean; optional?: boolean } = {}) {
    const v = o[key];
    if (v === undefined && opts.optional) return undefined;
    if (typeof v !== "string") this.add(`${path}.${key}`, "must be a string");
    else if (!opts.empty && v === "") this.add(`${path}.${key}`, "must not be empty");
    else return v;
    return undefined;
  }
  regex(o: Obj, key: string, path: string, optional = false) {
    const v = this.str(o, key, path, { optional });
    if (v === undefined) return;
    try {
      new RegExp(v);
    } catch (e) {
      this.add(`${path}.${key}`, `invalid regex: ${(e as Error).message}`);
    }
  }
  arr(o: Obj, key: string, path: string): unknown[] {
    const v = o[key];
    if (!Array.isArray(v)) {
      this.add(`${path}.${key}`, "must be an array");
      return [];
    }
    return v;
  }
  obj(v: unknown, path: string): Obj | undefined {
    if (isObj(v)) return v;
    this.add(path, "must be an object");
    return undefined;
  }
}

function checkStep(c: Checker, v: unknown, path: string, modes: Set<string>): void {
  const s = c.obj(v, path);
  if (!s) return;
  switch (s.type) {
    case "sendInput":
      c.keys(s, path, ["type", "input"]);
      c.str(s, "input", path, { empty: true });
      break;
    case "write":
      c.keys(s, path, ["type", "data"]);
      c.str(s, "data", path, { empty: true });
      break;
    case "enterMode":
      c.keys(s, path, ["type", "mode"]);
      if (typeof s.mode !== "string" || !modes.has(s.mode)) c.add(`${path}.mode`, "unknown mode");
      break;
    case "sendPromptedInput": {
      c.keys(s, path, ["type", "input", "prompt", "response"]);
      c.str(s, "input", path);
      c.regex(s, "prompt", path);
      const r = s.response;
      if (isObj(r)) {
        c.keys(r, `${path}.response`, ["secret"]);
        if (r.secret !== "enable" && r.secret !== "login") {
          c.add(`${path}.response.secret`, 'must be "enable" or "login"');
        }
      } else if (typeof r !== "string") {
        c.add(`${path}.response`, "must be a string or { secret }");
      }
      break;
    }
    default:
      c.add(`${path}.type`, "must be sendInput, sendPromptedInput, write or enterMode");
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
 * import { getPlatform, validatePlatformProfile } from "@trigger/trigger";
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
    c.keys(opt, "$.options", ["returnChar", "pty", "term", "transports", "legacyAlgorithms"]);
    if (!["\n", "\r", "\r\n"].includes(opt.returnChar as string)) {
      c.add("$.options.returnChar", 'must be "\\n", "\\r" or "\\r\\n"');
    }
    if (typeof opt.pty !== "boolean") c.add("$.options.pty", "must be a boolean");
    c.str(opt, "term", "$.options");
    if (typeof opt.legacyAlgorithms !== "boolean") {
      c.add("$.options.legacyAlgorithms", "must be a boolean");
    }
    const tr = c.arr(opt, "transports", "$.options");
    tr.forEach((t, i) => {
      if (t !== "ssh" && t !== "telnet") {
        c.add(`$.options.transports[${i}]`, 'must be "ssh" or "telnet"');
      }
    });
  }
  return c.issues;
}

/**
 * Validates and returns a profile, or throws.
 *
 * @param value Parsed JSON.
 * @param source Where it came from, for the message.
 * @returns The value, typed.
 * @throws {ProfileError} `PROFILE_INVALID` with every issue and its JSON path.
 */
export function assertPlatformProfile(value: unknown, source = "(inline)"): PlatformProfile {
  const issues = validatePlatformProfile(value);
  if (issues.length) throw new ProfileError(issues, source);
  return value as PlatformProfile;
}

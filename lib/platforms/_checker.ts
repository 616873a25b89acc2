/**
 * The validator's helpers: a collector of problems by JSON path, and the
 * check of one {@linkcode Step} (used by modes, on-open/on-close lists and the
 * save steps).
 *
 * @module
 */
import type { ProfileIssue } from "./profile.ts";

/** A JSON object. */
export type Obj = Record<string, unknown>;

/** Whether a value is a plain JSON object. */
export const isObj = (v: unknown): v is Obj =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Collects problems, each with the JSON path of the bad field. */
export class Checker {
  /** The problems found so far. */
  issues: ProfileIssue[] = [];
  /** Records a problem. */
  add(path: string, message: string): void {
    this.issues.push({ path, message });
  }
  /** Reports every key of `o` not in `allowed`. */
  keys(o: Obj, path: string, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) this.add(`${path}.${k}`, "unknown field");
    }
  }
  /** A string field (non-empty unless `empty`; may be absent when `optional`). */
  str(
    o: Obj,
    key: string,
    path: string,
    opts: { empty?: boolean; optional?: boolean } = {},
  ): string | undefined {
    const v = o[key];
    if (v === undefined && opts.optional) return undefined;
    if (typeof v !== "string") this.add(`${path}.${key}`, "must be a string");
    else if (!opts.empty && v === "") this.add(`${path}.${key}`, "must not be empty");
    else return v;
    return undefined;
  }
  /** A string field that holds a valid regular expression. */
  regex(o: Obj, key: string, path: string, optional = false): void {
    const v = this.str(o, key, path, { optional });
    if (v === undefined) return;
    try {
      new RegExp(v);
    } catch (e) {
      this.add(`${path}.${key}`, `invalid regex: ${(e as Error).message}`);
    }
  }
  /** An array field (an empty list is returned after reporting a non-array). */
  arr(o: Obj, key: string, path: string): unknown[] {
    const v = o[key];
    if (!Array.isArray(v)) {
      this.add(`${path}.${key}`, "must be an array");
      return [];
    }
    return v;
  }
  /** A value that must be an object. */
  obj(v: unknown, path: string): Obj | undefined {
    if (isObj(v)) return v;
    this.add(path, "must be an object");
    return undefined;
  }
  /** A boolean field. */
  bool(o: Obj, key: string, path: string): void {
    if (typeof o[key] !== "boolean") this.add(`${path}.${key}`, "must be a boolean");
  }
  /** A field holding one of `values`. */
  oneOf(o: Obj, key: string, path: string, values: readonly string[]): void {
    if (!values.includes(o[key] as string)) {
      this.add(`${path}.${key}`, `must be ${values.map((v) => JSON.stringify(v)).join(" or ")}`);
    }
  }
  /** A list of non-empty strings, each matching `pattern` when given. */
  strings(o: Obj, key: string, path: string, pattern?: { re: RegExp; what: string }): string[] {
    const out: string[] = [];
    this.arr(o, key, path).forEach((v, i) => {
      if (typeof v !== "string" || v === "") {
        this.add(`${path}.${key}[${i}]`, "must be a non-empty string");
      } else if (pattern && !pattern.re.test(v)) {
        this.add(`${path}.${key}[${i}]`, `must be ${pattern.what}`);
      } else out.push(v);
    });
    return out;
  }
}

/** Checks one step (`sendInput`, `sendPromptedInput`, `write`, `enterMode`). */
export function checkStep(c: Checker, v: unknown, path: string, modes: Set<string>): void {
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

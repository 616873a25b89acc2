/**
 * Validators for setting values: each turns an untrusted value (from the
 * settings file, or text from an environment variable) into a typed value,
 * or reports what was expected.
 *
 * @module
 */

/** Where defaults are computed from. */
export interface SpecContext {
  /** The user's home directory. */
  home: string;
  /** The directory relative paths and defaults live in (the settings file's directory). */
  prefix: string;
  /** The environment. */
  env: Readonly<Record<string, string>>;
}

/** How an environment variable's text becomes a value before the check. */
export type EnvKind = "string" | "number" | "boolean" | "list" | "json";

/** One setting: its check, default and environment variable. */
export interface Spec<T> {
  /** What a valid value looks like, for error messages. */
  expected: string;
  /** Environment variable that overrides the file, if any. */
  env?: string;
  /** How the environment variable's text is read. */
  envKind: EnvKind;
  /** Returns the typed value, or `undefined` when the value is invalid. */
  check(value: unknown, ctx: SpecContext): T | undefined;
  /** The default value. */
  default(ctx: SpecContext): T;
}

/** Outcome of reading an environment variable: a value or the reason it is unreadable. */
export function fromEnvText(text: string, kind: EnvKind): unknown {
  switch (kind) {
    case "string":
      return text;
    case "number":
      return /^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : text;
    case "boolean": {
      const t = text.trim().toLowerCase();
      if (["1", "true", "yes", "on"].includes(t)) return true;
      if (["", "0", "false", "no", "off"].includes(t)) return false;
      return text;
    }
    case "list":
      if (text.trim().startsWith("[")) return parseJsonOr(text);
      return text.split(",").map((s) => s.trim()).filter((s) => s !== "");
    case "json":
      return parseJsonOr(text);
  }
}

function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Expands a leading `~` and makes relative paths relative to the prefix. */
export function expandPath(path: string, ctx: SpecContext): string {
  let p = path;
  if (p === "~" || p.startsWith("~/")) p = ctx.home + p.slice(1);
  if (!p.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(p)) p = `${ctx.prefix}/${p}`;
  return p;
}

type Default<T> = T | ((ctx: SpecContext) => T);

function spec<T>(
  expected: string,
  envKind: EnvKind,
  check: (v: unknown, ctx: SpecContext) => T | undefined,
  def: Default<T>,
  env?: string,
): Spec<T> {
  const s: Spec<T> = {
    expected,
    envKind,
    check,
    default: (ctx) => (typeof def === "function" ? (def as (c: SpecContext) => T)(ctx) : def),
  };
  if (env !== undefined) s.env = env;
  return s;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A non-empty string. */
export function str(def: Default<string>, env?: string): Spec<string> {
  return spec(
    "a non-empty string",
    "string",
    (v) => typeof v === "string" && v !== "" ? v : undefined,
    def,
    env,
  );
}

/** A file or directory path (`~` expanded, relative to the prefix). */
export function path(def: Default<string>, env?: string): Spec<string> {
  return spec(
    "a path",
    "string",
    (v, ctx) => (typeof v === "string" && v !== "" ? expandPath(v, ctx) : undefined),
    def,
    env,
  );
}

/** One of a fixed set of strings (case-insensitive; stored as given in `values`). */
export function oneOf(values: readonly string[], def: string, env?: string): Spec<string> {
  return spec(
    `one of ${values.map((x) => `"${x}"`).join(", ")}`,
    "string",
    (v) =>
      typeof v === "string" ? values.find((x) => x.toLowerCase() === v.toLowerCase()) : undefined,
    def,
    env,
  );
}

/** An integer in a range. */
export function int(min: number, max: number, def: number, env?: string): Spec<number> {
  const expected = min === 1 && max === Number.MAX_SAFE_INTEGER
    ? "a positive integer"
    : `an integer from ${min} to ${max}`;
  return spec(
    expected,
    "number",
    (v) => (typeof v === "number" && Number.isInteger(v) && v >= min && v <= max ? v : undefined),
    def,
    env,
  );
}

/** A boolean. */
export function bool(def: boolean, env?: string): Spec<boolean> {
  return spec(
    "true or false",
    "boolean",
    (v) => (typeof v === "boolean" ? v : undefined),
    def,
    env,
  );
}

/** A list of strings; a bare string becomes a one-element list. */
export function list(def: Default<readonly string[]>, env?: string): Spec<readonly string[]> {
  return spec(
    "a string or a list of strings",
    "list",
    (v) => {
      if (typeof v === "string") return v === "" ? [] : [v];
      if (Array.isArray(v) && v.every((x) => typeof x === "string")) return [...v];
      return undefined;
    },
    def,
    env,
  );
}

/** An object of string values, merged over the default. */
export function stringMap(
  def: Readonly<Record<string, string>>,
  normalizeKey: (k: string) => string = (k) => k,
  env?: string,
): Spec<Readonly<Record<string, string>>> {
  return spec(
    "an object of strings",
    "json",
    (v) => {
      if (!isRecord(v) || !Object.values(v).every((x) => typeof x === "string")) return undefined;
      const out: Record<string, string> = { ...def };
      for (const [k, x] of Object.entries(v)) out[normalizeKey(k)] = x as string;
      return out;
    },
    def,
    env,
  );
}

/** An object of string lists, merged over the default. */
export function listMap(
  def: Readonly<Record<string, readonly string[]>>,
  env?: string,
): Spec<Readonly<Record<string, readonly string[]>>> {
  return spec(
    "an object of string lists",
    "json",
    (v) => {
      if (!isRecord(v)) return undefined;
      const out: Record<string, readonly string[]> = { ...def };
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === "string") out[k] = [x];
        else if (Array.isArray(x) && x.every((y) => typeof y === "string")) out[k] = [...x];
        else return undefined;
      }
      return out;
    },
    def,
    env,
  );
}

/** An IANA time zone name. */
export function timeZone(def: string, env?: string): Spec<string> {
  return spec(
    'an IANA time zone such as "America/New_York"',
    "string",
    (v) => {
      if (typeof v !== "string" || v === "") return undefined;
      try {
        return new Intl.DateTimeFormat("en-US", { timeZone: v }).resolvedOptions().timeZone;
      } catch {
        return undefined;
      }
    },
    def,
    env,
  );
}

/** A URL with one of the given schemes. */
export function url(schemes: readonly string[], def: string, env?: string): Spec<string> {
  return spec(
    `a URL (${schemes.join(", ")})`,
    "string",
    (v) => {
      if (typeof v !== "string" || !URL.canParse(v)) return undefined;
      return schemes.includes(new URL(v).protocol.slice(0, -1)) ? v : undefined;
    },
    def,
    env,
  );
}

/** Any JSON object (left for its consumer to validate). */
export function object(env?: string): Spec<Readonly<Record<string, unknown>>> {
  return spec("an object", "json", (v) => (isRecord(v) ? v : undefined), {}, env);
}

/** A string, or `null` meaning "not set". */
export function optionalStr(env?: string): Spec<string | null> {
  return spec(
    "a string or null",
    "string",
    (v) => (v === null || v === "" ? null : typeof v === "string" ? v : undefined),
    null,
    env,
  );
}

/**
 * The JSON shape of a maintenance window, and its validation. Errors name
 * the JSON path of the bad field.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import { type BounceStatus, parseStatus } from "./status.ts";

/** A weekday: ISO numbering, Monday = 1 ... Sunday = 7, or its English name. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A weekly period (a weekend moratorium): from one weekday and time to another. */
export interface MoratoriumSpec {
  /** Start, e.g. `"fri 12:00"`. */
  from: string;
  /** End (exclusive), e.g. `"mon 04:00"`. */
  to: string;
  /** The colour during the period. @default {"red"} */
  status?: BounceStatus;
}

/** A freeze: calendar dates (inclusive, in the window's zone) with one colour. */
export interface FreezeSpec {
  /** First day, `YYYY-MM-DD`. */
  start: string;
  /** Last day, `YYYY-MM-DD` (inclusive). */
  end: string;
  /** The colour during the freeze. @default {"red"} */
  status?: BounceStatus;
  /** Why, shown to users. */
  reason?: string;
}

/** A window as written in a bounce file. Hours are `"0-4, 8-15"` strings or lists of hours. */
export interface WindowSpec {
  /** IANA zone the hours are in. */
  timeZone?: string;
  /** Green hours. */
  green?: string | number[];
  /** Yellow hours. */
  yellow?: string | number[];
  /** Red hours. */
  red?: string | number[];
  /** The colour of hours not listed. @default {"red"} */
  default?: BounceStatus;
  /** Per-weekday overrides (`"sat"`, `"sun"`, ... or 1-7) with their own hours. */
  days?: Record<
    string,
    {
      green?: string | number[];
      yellow?: string | number[];
      red?: string | number[];
      default?: BounceStatus;
    }
  >;
  /** Weekly moratoria. */
  moratoria?: MoratoriumSpec[];
  /** Freeze periods. */
  freezes?: FreezeSpec[];
}

/** A validated weekly time point. */
export interface WeekPoint {
  /** ISO weekday. */
  day: Weekday;
  /** Minutes since midnight. */
  minute: number;
}

const DAY_NAMES: Record<string, Weekday> = {
  mon: 1,
  monday: 1,
  tue: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
  sun: 7,
  sunday: 7,
};

/** Raises the validation error for one field. */
export function invalid(path: string, expected: string, value: unknown, file?: string): never {
  throw new TriggerError(
    "SETTINGS_INVALID",
    `Cannot use ${path}${file ? ` in "${file}"` : ""}: expected ${expected}, got ${
      JSON.stringify(value)
    }`,
  );
}

/**
 * Parses hours like `"0-4, 8-15, 23"` (inclusive ranges) or `[0, 1, 2]`.
 *
 * @param value The hours.
 * @param path The JSON path, for errors.
 * @returns The hours, each 0-23.
 */
export function parseHours(value: unknown, path: string): number[] {
  const out: number[] = [];
  const add = (h: number) => {
    if (!Number.isInteger(h) || h < 0 || h > 23) invalid(path, "hours from 0 to 23", value);
    out.push(h);
  };
  if (Array.isArray(value)) {
    for (const h of value) add(h);
    return out;
  }
  if (typeof value !== "string") invalid(path, 'hours like "0-4, 8-15" or a list of hours', value);
  for (const part of value.split(",")) {
    const p = part.trim();
    if (p === "") continue;
    const m = /^(\d{1,2})\s*(?:-\s*(\d{1,2}))?$/.exec(p);
    if (!m) invalid(path, 'hours like "0-4, 8-15"', value);
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) invalid(path, "ranges written low-high", value);
    for (let h = lo; h <= hi; h++) add(h);
  }
  return out;
}

/**
 * Builds the 24 colours of a day from green/yellow/red hour lists; an hour in
 * two lists is an error, unlisted hours take `default`.
 */
export function buildDay(
  spec: { green?: unknown; yellow?: unknown; red?: unknown; default?: unknown },
  path: string,
  fallback: BounceStatus,
): BounceStatus[] {
  const fill = spec.default === undefined ? fallback : parseStatus(spec.default, `${path}.default`);
  const day: (BounceStatus | undefined)[] = new Array(24).fill(undefined);
  for (const color of ["green", "yellow", "red"] as const) {
    const hours = spec[color];
    if (hours === undefined) continue;
    for (const h of parseHours(hours, `${path}.${color}`)) {
      if (day[h] !== undefined) invalid(`${path}.${color}`, `hour ${h} in only one colour`, hours);
      day[h] = color;
    }
  }
  return day.map((c) => c ?? fill);
}

/** Parses `"fri 12:00"` into a weekly point. */
export function parseWeekPoint(value: unknown, path: string): WeekPoint {
  const m = typeof value === "string" ? /^\s*([a-z]+)\s+(\d{1,2}):(\d{2})\s*$/i.exec(value) : null;
  const day = m ? DAY_NAMES[m[1]!.toLowerCase()] : undefined;
  const hour = m ? Number(m[2]) : NaN;
  const minute = m ? Number(m[3]) : NaN;
  if (!m || day === undefined || hour > 23 || minute > 59) {
    invalid(path, 'a weekday and time like "fri 12:00"', value);
  }
  return { day, minute: hour * 60 + minute };
}

/** Parses a weekday key (`"sat"` or `"6"`). */
export function parseWeekday(value: string, path: string): Weekday {
  const d = DAY_NAMES[value.toLowerCase()] ?? (/^[1-7]$/.test(value) ? Number(value) : undefined);
  if (d === undefined) invalid(path, "a weekday (mon..sun or 1..7)", value);
  return d as Weekday;
}

/** Checks an IANA zone name and returns it. */
export function parseTimeZone(value: unknown, path: string): string {
  if (typeof value !== "string" || value === "") invalid(path, "an IANA time zone", value);
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
  } catch {
    invalid(path, 'an IANA time zone like "America/New_York"', value);
  }
  return value;
}

/** Parses `YYYY-MM-DD`. */
export function parseDate(value: unknown, path: string): Temporal.PlainDate {
  try {
    if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      return Temporal.PlainDate.from(value, { overflow: "reject" });
    }
  } catch { /* reported below */ }
  return invalid(path, "a date YYYY-MM-DD", value);
}

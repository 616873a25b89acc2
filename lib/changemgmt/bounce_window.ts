/**
 * A maintenance (bounce) window: a colour for every hour in a named time
 * zone, optional per-weekday hours, weekly moratoria and freeze periods.
 * Computed with `Temporal`, so it is right across DST changes and midnight.
 *
 * @module
 */
import { type BounceStatus, compareStatus, parseStatus } from "./status.ts";
import {
  buildDay,
  invalid,
  parseDate,
  parseTimeZone,
  parseWeekday,
  parseWeekPoint,
  type Weekday,
  type WeekPoint,
  type WindowSpec,
} from "./window_spec.ts";

/** Why a time has its colour. */
export interface StatusExplanation {
  /** The colour. */
  status: BounceStatus;
  /** What decided it: the hour table, a weekly moratorium or a freeze. */
  reason: "hours" | "moratorium" | "freeze";
  /** The freeze's reason, or the moratorium's span, when there is one. */
  detail?: string;
}

interface Moratorium {
  from: WeekPoint;
  to: WeekPoint;
  status: BounceStatus;
  text: string;
}
interface Freeze {
  start: Temporal.PlainDate;
  end: Temporal.PlainDate;
  status: BounceStatus;
  reason: string;
}

/** Options for {@linkcode BounceWindow.from}. */
export interface BounceWindowOptions {
  /** Zone used when the spec names none. @default {"America/New_York"} */
  defaultTimeZone?: string;
  /** JSON path of the spec, for errors. @default {"window"} */
  path?: string;
}

const MAX_SEARCH_DAYS = 400;

/**
 * A maintenance window.
 *
 * @example The original's default window
 * ```ts
 * import { BounceWindow } from "@trigger/trigger/changemgmt";
 * import { strictEqual } from "node:assert/strict";
 *
 * const w = BounceWindow.original();
 * // Tuesday 2026-11-24 06:00 in New York (11:00 UTC) is green
 * strictEqual(w.status(Temporal.Instant.from("2026-11-24T11:00:00Z")), "green");
 * // Friday 13:00 New York is inside the weekend moratorium
 * strictEqual(w.status(Temporal.Instant.from("2026-11-27T18:00:00Z")), "red");
 * // the next green after Friday afternoon is Monday 05:00 New York
 * strictEqual(
 *   w.nextOk("green", Temporal.Instant.from("2026-11-27T18:00:00Z"))?.toString(),
 *   "2026-11-30T10:00:00Z",
 * );
 * ```
 */
export class BounceWindow {
  /** The IANA zone the hours are in. */
  readonly timeZone: string;
  readonly #hours: BounceStatus[];
  readonly #days: Map<Weekday, BounceStatus[]>;
  readonly #moratoria: Moratorium[];
  readonly #freezes: Freeze[];

  private constructor(
    timeZone: string,
    hours: BounceStatus[],
    days: Map<Weekday, BounceStatus[]>,
    moratoria: Moratorium[],
    freezes: Freeze[],
  ) {
    this.timeZone = timeZone;
    this.#hours = hours;
    this.#days = days;
    this.#moratoria = moratoria;
    this.#freezes = freezes;
  }

  /**
   * Builds a window from its JSON spec, validating every field.
   *
   * @param spec The window as written in a bounce file.
   * @param options Default zone and the JSON path for errors.
   * @returns The window.
   * @throws {TriggerError} `SETTINGS_INVALID`, naming the JSON path of the bad field.
   *
   * @example Hours in another zone
   * ```ts
   * import { BounceWindow } from "@trigger/trigger/changemgmt";
   * import { strictEqual } from "node:assert/strict";
   *
   * const w = BounceWindow.from({ timeZone: "Europe/Paris", green: "1-4", yellow: "5-7" });
   * strictEqual(w.status(Temporal.Instant.from("2026-07-01T00:30:00Z")), "green"); // 02:30 CEST
   * strictEqual(w.status(Temporal.Instant.from("2026-07-01T12:00:00Z")), "red");
   * ```
   */
  static from(spec: WindowSpec, options: BounceWindowOptions = {}): BounceWindow {
    const { defaultTimeZone = "America/New_York", path = "window" } = options;
    if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
      invalid(path, "an object", spec);
    }
    const known = new Set([
      "timeZone",
      "green",
      "yellow",
      "red",
      "default",
      "days",
      "moratoria",
      "freezes",
    ]);
    for (const k of Object.keys(spec)) if (!known.has(k)) invalid(`${path}.${k}`, "no such key", k);
    const timeZone = parseTimeZone(spec.timeZone ?? defaultTimeZone, `${path}.timeZone`);
    const fallback = spec.default === undefined
      ? "red"
      : parseStatus(spec.default, `${path}.default`);
    const hours = buildDay(spec, path, fallback);
    const days = new Map<Weekday, BounceStatus[]>();
    for (const [key, day] of Object.entries(spec.days ?? {})) {
      days.set(
        parseWeekday(key, `${path}.days.${key}`),
        buildDay(day, `${path}.days.${key}`, fallback),
      );
    }
    const moratoria = (spec.moratoria ?? []).map((m, i): Moratorium => {
      const p = `${path}.moratoria[${i}]`;
      return {
        from: parseWeekPoint(m.from, `${p}.from`),
        to: parseWeekPoint(m.to, `${p}.to`),
        status: m.status === undefined ? "red" : parseStatus(m.status, `${p}.status`),
        text: `${m.from} to ${m.to}`,
      };
    });
    const freezes = (spec.freezes ?? []).map((f, i): Freeze => {
      const p = `${path}.freezes[${i}]`;
      const start = parseDate(f.start, `${p}.start`);
      const end = parseDate(f.end, `${p}.end`);
      if (Temporal.PlainDate.compare(start, end) > 0) {
        invalid(`${p}.end`, "a date on or after start", f.end);
      }
      return {
        start,
        end,
        status: f.status === undefined ? "red" : parseStatus(f.status, `${p}.status`),
        reason: f.reason ?? `freeze ${f.start} to ${f.end}`,
      };
    });
    return new BounceWindow(timeZone, hours, days, moratoria, freezes);
  }

  /**
   * The original Trigger's default: green 05-07, yellow 00-04 and 08-15, red
   * 16-23 in America/New_York, and a red weekend moratorium from Friday 12:00
   * to Monday 04:00 (the moratorium in `color`: the original's
   * `BOUNCE_DEFAULT_COLOR`).
   *
   * @param timeZone The zone of those hours.
   * @param color The fill and moratorium colour.
   * @returns The window.
   */
  static original(timeZone = "America/New_York", color: BounceStatus = "red"): BounceWindow {
    return BounceWindow.from({
      timeZone,
      green: "5-7",
      yellow: "0-4, 8-15",
      red: "16-23",
      default: color,
      moratoria: [{ from: "fri 12:00", to: "mon 04:00", status: color }],
    });
  }

  /**
   * The colour at a time.
   *
   * @param at The time; now when omitted.
   * @returns The colour.
   */
  status(at: Temporal.Instant | Date = Temporal.Now.instant()): BounceStatus {
    return this.explain(at).status;
  }

  /**
   * The colour at a time and what decided it. When several rules apply, the
   * riskiest wins (a moratorium never makes a red hour green).
   *
   * @param at The time; now when omitted.
   * @returns The colour and its reason.
   */
  explain(at: Temporal.Instant | Date = Temporal.Now.instant()): StatusExplanation {
    const zdt = toInstant(at).toZonedDateTimeISO(this.timeZone);
    let best: StatusExplanation = {
      status: (this.#days.get(zdt.dayOfWeek as Weekday) ?? this.#hours)[zdt.hour]!,
      reason: "hours",
    };
    const minuteOfWeek = (zdt.dayOfWeek - 1) * 1440 + zdt.hour * 60 + zdt.minute;
    for (const m of this.#moratoria) {
      if (inWeekly(minuteOfWeek, m) && compareStatus(m.status, best.status) > 0) {
        best = { status: m.status, reason: "moratorium", detail: m.text };
      }
    }
    const date = zdt.toPlainDate();
    for (const f of this.#freezes) {
      const inside = Temporal.PlainDate.compare(f.start, date) <= 0 &&
        Temporal.PlainDate.compare(date, f.end) <= 0;
      if (inside && compareStatus(f.status, best.status) > 0) {
        best = { status: f.status, reason: "freeze", detail: f.reason };
      }
    }
    return best;
  }

  /**
   * The first time at or after `at` whose colour is `wanted` or better.
   *
   * @param wanted The riskiest acceptable colour.
   * @param at Where to start; now when omitted.
   * @returns That time, or `null` when none comes within 400 days.
   */
  nextOk(
    wanted: BounceStatus,
    at: Temporal.Instant | Date = Temporal.Now.instant(),
  ): Temporal.Instant | null {
    let zdt = toInstant(at).toZonedDateTimeISO(this.timeZone);
    const limit = zdt.add({ hours: MAX_SEARCH_DAYS * 24 });
    while (Temporal.ZonedDateTime.compare(zdt, limit) < 0) {
      if (compareStatus(this.explain(zdt.toInstant()).status, wanted) <= 0) return zdt.toInstant();
      zdt = this.#nextBoundary(zdt);
    }
    return null;
  }

  /**
   * The 24 colours of the hour table (of one weekday, when given).
   *
   * @param day ISO weekday (1 = Monday) for a per-day table.
   * @returns An hour-to-colour list.
   */
  dump(day?: Weekday): BounceStatus[] {
    return [...((day === undefined ? undefined : this.#days.get(day)) ?? this.#hours)];
  }

  #nextBoundary(zdt: Temporal.ZonedDateTime): Temporal.ZonedDateTime {
    let next = zdt.round({ smallestUnit: "hour", roundingMode: "floor" }).add({ hours: 1 });
    for (const m of this.#moratoria) {
      for (const edge of [m.from, m.to]) {
        const t = nextWeekPoint(zdt, edge);
        if (Temporal.ZonedDateTime.compare(t, next) < 0) next = t;
      }
    }
    return next;
  }
}

function toInstant(at: Temporal.Instant | Date): Temporal.Instant {
  return at instanceof Date ? Temporal.Instant.fromEpochMilliseconds(at.getTime()) : at;
}

function inWeekly(minuteOfWeek: number, m: Moratorium): boolean {
  const from = (m.from.day - 1) * 1440 + m.from.minute;
  const to = (m.to.day - 1) * 1440 + m.to.minute;
  return from <= to
    ? minuteOfWeek >= from && minuteOfWeek < to
    : minuteOfWeek >= from || minuteOfWeek < to;
}

/** The first occurrence of a weekly point strictly after `zdt`. */
function nextWeekPoint(zdt: Temporal.ZonedDateTime, p: WeekPoint): Temporal.ZonedDateTime {
  const today = zdt.toPlainDate();
  for (let k = 0; k <= 7; k++) {
    const date = today.add({ days: k });
    if (date.dayOfWeek !== p.day) continue;
    const t = date.toPlainDateTime({ hour: Math.floor(p.minute / 60), minute: p.minute % 60 })
      .toZonedDateTime(zdt.timeZoneId, { disambiguation: "compatible" });
    if (Temporal.ZonedDateTime.compare(t, zdt) > 0) return t;
  }
  return zdt.add({ days: 8 });
}

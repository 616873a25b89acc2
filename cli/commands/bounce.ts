/**
 * `trigger bounce DEVICE [--at TIME] [--json] [--file BOUNCE_FILE]`: the
 * maintenance-window colour of a device now (or at a time) and its next
 * green window, shown in your local zone and in the device's zone.
 *
 * `--at` takes a time today (`11:00`), a local date and time (`2026-11-24
 * 11:00`, in your zone), or an ISO 8601 date-time with an offset and/or a
 * bracketed zone (`2026-11-24T16:00:00Z`,
 * `2026-12-24T09:00:00+01:00[Europe/Paris]`), which are honoured. A field out
 * of range (`25:00`), an offset that does not match the zone, or a local time
 * that does not exist or happens twice (clock changes) is an error (exit 2).
 *
 * Exit status: 0 when the device is green at that time, 1 when it is not, 2
 * for bad input.
 *
 * @module
 */
import { Command } from "commander";
import { out, UsageError } from "../_io.ts";
import { defaultSettings } from "../../lib/settings/mod.ts";
import { NetDevices } from "../../lib/netdevices/mod.ts";
import { loadBouncePolicy } from "../../lib/resources/mod.ts";
import type { BouncePolicy } from "../../lib/changemgmt/mod.ts";

const AT_FORMS =
  'use "HH:MM" (today), "YYYY-MM-DD HH:MM" (your zone), or an ISO time with an offset ' +
  'and/or a zone ("2026-12-24T09:00:00+01:00[Europe/Paris]", "2026-11-24T16:00Z")';

/** Reads the numeric fields of `--at`, collecting every one that is out of range. */
class Fields {
  readonly #bad: string[] = [];

  /** The field as a number; an out-of-range value is noted (and 0 returned). */
  get(name: string, text: string | undefined, min: number, max: number | (() => number)): number {
    const n = Number(text ?? "0");
    const hi = typeof max === "number" ? max : max();
    if (n >= min && n <= hi) return n;
    this.#bad.push(`${name} ${text} is out of range (${min}-${hi})`);
    return min;
  }

  /** Throws when any field was out of range, naming each. */
  check(): void {
    if (this.#bad.length) throw new RangeError(this.#bad.join(", "));
  }
}

/**
 * A local date and time in `zone` as an instant; a time that does not exist
 * there (clocks go forward) or exists twice (clocks go back) is an error that
 * says so, instead of a silent guess.
 */
function inZone(local: Temporal.PlainDateTime, zone: string): Temporal.Instant {
  const zdt = local.toZonedDateTime(zone, { disambiguation: "compatible" });
  const earlier = local.toZonedDateTime(zone, { disambiguation: "earlier" });
  const later = local.toZonedDateTime(zone, { disambiguation: "later" });
  if (!zdt.toPlainDateTime().equals(local)) {
    throw new RangeError(
      `${local.toString().slice(0, 16)} does not exist in ${zone} (the clocks go forward)`,
    );
  }
  if (!earlier.toInstant().equals(later.toInstant())) {
    throw new RangeError(
      `${local.toString().slice(0, 16)} happens twice in ${zone} (the clocks go back): add ` +
        `the offset, ${earlier.offset} or ${later.offset}`,
    );
  }
  return zdt.toInstant();
}

const TIME_TODAY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?(?:\[([^\]]+)\])?$/i;

/**
 * Parses `--at`: a time today (`HH:MM`), a local date and time
 * (`YYYY-MM-DD HH:MM[:SS]`) in `zone`, or an ISO date-time with an offset
 * (`Z`, `+01:00`) and/or a bracketed time zone (`[Europe/Paris]`), which are
 * honoured. Every field is checked: `25:00` or a 13th month is an error that
 * names the field, never a clamped time; an offset that does not match the
 * bracketed zone at that date is an error.
 *
 * @throws {UsageError} What is wrong, and the accepted forms.
 */
export function parseAt(text: string, zone: string): Temporal.Instant {
  const t = text.trim();
  try {
    const f = new Fields();
    const today = TIME_TODAY.exec(t);
    if (today) {
      const [hour, minute, second] = [
        f.get("hour", today[1], 0, 23),
        f.get("minute", today[2], 0, 59),
        f.get("second", today[3], 0, 59),
      ];
      f.check();
      const time = new Temporal.PlainTime(hour, minute, second);
      return inZone(Temporal.Now.plainDateISO(zone).toPlainDateTime(time), zone);
    }
    const m = DATE_TIME.exec(t);
    if (m === null) throw new RangeError("not a time this command reads");
    const [, y, mo, d, h, mi, sec, frac, offset, bracket] = m;
    const year = f.get("year", y, 1, 9999);
    const month = f.get("month", mo, 1, 12);
    const day = f.get("day", d, 1, () => new Temporal.PlainYearMonth(year, month).daysInMonth);
    const [hour, minute, second] = [
      f.get("hour", h, 0, 23),
      f.get("minute", mi, 0, 59),
      f.get("second", sec, 0, 59),
    ];
    if (offset && !/^z$/i.test(offset)) {
      f.get("offset hour", offset.slice(1, 3), 0, 23);
      f.get("offset minute", offset.slice(3).replace(":", "") || "00", 0, 59);
    }
    f.check();
    const local = new Temporal.PlainDateTime(year, month, day, hour, minute, second)
      .add({ nanoseconds: frac ? Math.round(Number(frac) * 1e9) : 0 });
    const given = offset
      ? Temporal.Instant.from(`${local.toString()}${offset.toUpperCase()}`)
      : undefined;
    if (bracket === undefined) return given ?? inZone(local, zone);
    let tz: string;
    try {
      tz = Temporal.Now.zonedDateTimeISO(bracket).timeZoneId;
    } catch {
      throw new RangeError(`unknown time zone [${bracket}]`);
    }
    if (given === undefined) return inZone(local, tz);
    // The offset picks one of the zone's readings of that local time, or contradicts it.
    if (given.toZonedDateTimeISO(tz).toPlainDateTime().equals(local)) return given;
    const offsets = [
      ...new Set(
        (["earlier", "later"] as const).map((x) =>
          local.toZonedDateTime(tz, { disambiguation: x }).offset
        ),
      ),
    ];
    throw new RangeError(
      `offset ${offset} does not match ${tz} on that date (${offsets.join(" or ")}): fix or ` +
        "drop one",
    );
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new UsageError(`Cannot read time ${JSON.stringify(text)}: ${why}; ${AT_FORMS}`);
  }
}

function show(at: Temporal.Instant, zone: string): string {
  const z = at.toZonedDateTimeISO(zone);
  const name = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "short" })
    .formatToParts(new Date(at.epochMilliseconds)).find((p) => p.type === "timeZoneName")?.value ??
    zone;
  const day = z.toPlainDate().toString();
  return `${day} ${String(z.hour).padStart(2, "0")}:${String(z.minute).padStart(2, "0")} ${name}`;
}

/** Builds the `bounce` command. */
export function command(): Command {
  return new Command("bounce")
    .description("Show a device's maintenance-window status and its next green window")
    .argument("<device>", "device name (full or short)")
    .option("--at <time>", "when (ISO instant, 'YYYY-MM-DD HH:MM' or 'HH:MM' in your zone)")
    .option("--json", "print JSON")
    .option("--file <path>", "bounce file (default: settings / BOUNCE_FILE)")
    .action(async (name: string, opts: { at?: string; json?: boolean; file?: string }) => {
      const local = Temporal.Now.timeZoneId();
      const at = opts.at === undefined ? Temporal.Now.instant() : parseAt(opts.at, local);
      const devices = await NetDevices.load();
      const device = devices.find(name);
      const policy = await loadBouncePolicy(defaultSettings(), opts.file);
      const window = policy.windowFor(device);
      const why = window.explain(at);
      const nextGreen = window.nextOk("green", at);
      const endOfGreen = nextGreen ? leaveGreen(window, nextGreen) : null;
      if (opts.json) {
        out(JSON.stringify({
          device: device.nodeName,
          status: why.status,
          reason: why.reason,
          ...(why.detail ? { detail: why.detail } : {}),
          at: at.toString(),
          timeZone: window.timeZone,
          localTimeZone: local,
          nextGreen: nextGreen?.toString() ?? null,
          nextGreenEnds: endOfGreen?.toString() ?? null,
          policy: policy.source,
        }));
      } else {
        const detail = why.reason === "hours" ? "" : ` (${why.reason}: ${why.detail})`;
        out(`${device.nodeName}: ${why.status.toUpperCase()}${detail}`);
        out(`  at        ${show(at, local)} | ${show(at, window.timeZone)} (device zone)`);
        if (nextGreen === null) out("  next green: none within 400 days");
        else {
          const ends = endOfGreen ? ` until ${show(endOfGreen, window.timeZone)}` : "";
          const when = nextGreen.equals(at) ? "now" : show(nextGreen, local);
          out(`  next green: ${when} | ${show(nextGreen, window.timeZone)}${ends}`);
        }
      }
      Deno.exitCode = why.status === "green" ? 0 : 1;
    });
}

/** The first time after `start` that is no longer green. */
function leaveGreen(
  window: ReturnType<BouncePolicy["windowFor"]>,
  start: Temporal.Instant,
): Temporal.Instant | null {
  let t = start.add({ minutes: 1 });
  for (let i = 0; i < 24 * 60 * 14; i++, t = t.add({ minutes: 1 })) {
    if (window.status(t) !== "green") return t;
  }
  return null;
}

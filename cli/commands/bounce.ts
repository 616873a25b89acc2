/**
 * `trigger bounce DEVICE [--at TIME] [--json] [--file BOUNCE_FILE]`: the
 * maintenance-window colour of a device now (or at a time) and its next
 * green window, shown in your local zone and in the device's zone.
 *
 * `--at` takes an ISO 8601 instant (`2026-11-24T16:00:00Z`), a local date and
 * time (`2026-11-24 11:00`, in your zone) or a time today (`11:00`).
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

/** Parses `--at`: an instant, a local date-time, or a time today, in `zone`. */
export function parseAt(text: string, zone: string): Temporal.Instant {
  const t = text.trim();
  try {
    if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(t)) return Temporal.Instant.from(t.replace(" ", "T"));
    if (/^\d{1,2}:\d{2}$/.test(t)) {
      const [h, m] = t.split(":").map(Number) as [number, number];
      return Temporal.Now.zonedDateTimeISO(zone).withPlainTime({ hour: h, minute: m }).toInstant();
    }
    return Temporal.PlainDateTime.from(t.replace(" ", "T")).toZonedDateTime(zone).toInstant();
  } catch {
    throw new UsageError(
      `Cannot read time ${JSON.stringify(text)}: use an ISO instant, "YYYY-MM-DD HH:MM" or "HH:MM"`,
    );
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

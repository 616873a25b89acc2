/**
 * Fills `{{name}}` placeholders in the lab's device data with per-device and
 * per-call values (host name, serial number, the clock).
 *
 * @module
 */

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
] as const;

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** Clock placeholders for a moment, in UTC. */
export function clockValues(now: Date): Record<string, string> {
  return {
    hh: pad(now.getUTCHours()),
    mi: pad(now.getUTCMinutes()),
    ss: pad(now.getUTCSeconds()),
    ms: pad(now.getUTCMilliseconds(), 3),
    dow: DAYS[now.getUTCDay()]!,
    mon: MONTHS[now.getUTCMonth()]!,
    monNum: pad(now.getUTCMonth() + 1),
    day: String(now.getUTCDate()),
    dd: pad(now.getUTCDate()),
    year: String(now.getUTCFullYear()),
  };
}

/** An uptime in the IOS style: `2 weeks, 3 days, 4 hours, 5 minutes`. */
export function uptimeText(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const parts: Array<[number, string]> = [
    [Math.floor(minutes / 10_080), "week"],
    [Math.floor(minutes / 1_440) % 7, "day"],
    [Math.floor(minutes / 60) % 24, "hour"],
    [minutes % 60, "minute"],
  ];
  return parts.filter(([n], i) => n > 0 || i === 3)
    .map(([n, unit]) => `${n} ${unit}${n === 1 ? "" : "s"}`).join(", ");
}

/** Replaces every `{{key}}` with `values[key]`; unknown keys stay as they are. */
export function render(text: string, values: Readonly<Record<string, string>>): string {
  if (!text.includes("{{")) return text;
  return text.replace(/\{\{([a-zA-Z0-9_]+)\}\}/g, (all, key: string) => values[key] ?? all);
}

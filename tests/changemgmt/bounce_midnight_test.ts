/**
 * Windows that cross midnight (green 22:00-01:59), a moratorium that crosses
 * midnight, and a freeze ending at midnight, with DST in between; checked by
 * hand and against the independent zoneinfo reference.
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { BounceWindow } from "../../lib/changemgmt/bounce_window.ts";

const at = (s: string) => Temporal.Instant.from(s);

Deno.test("a green window across midnight: status and next green on both sides", () => {
  const w = BounceWindow.from({ timeZone: "Europe/Berlin", green: "22-23, 0-1", default: "red" });
  // Tuesday 2026-11-24, CET (UTC+1)
  strictEqual(w.status(at("2026-11-24T20:59:00Z")), "red"); // 21:59
  strictEqual(w.status(at("2026-11-24T21:00:00Z")), "green"); // 22:00
  strictEqual(w.status(at("2026-11-24T23:30:00Z")), "green"); // 00:30 Wednesday
  strictEqual(w.status(at("2026-11-25T00:59:00Z")), "green"); // 01:59
  strictEqual(w.status(at("2026-11-25T01:00:00Z")), "red"); // 02:00
  // from 02:00 the next green is 22:00 the same (new) day
  strictEqual(w.nextOk("green", at("2026-11-25T01:00:00Z"))?.toString(), "2026-11-25T21:00:00Z");
  // inside the window: now
  strictEqual(w.nextOk("green", at("2026-11-24T23:30:00Z"))?.toString(), "2026-11-24T23:30:00Z");
  // spring forward (2026-03-29 02:00 CET -> 03:00 CEST): the night's window ends at 02:00 CET
  strictEqual(w.status(at("2026-03-29T00:30:00Z")), "green"); // 01:30 CET
  strictEqual(w.status(at("2026-03-29T01:00:00Z")), "red"); // 03:00 CEST
  strictEqual(w.nextOk("green", at("2026-03-29T01:00:00Z"))?.toString(), "2026-03-29T20:00:00Z");
});

Deno.test("a moratorium across midnight and a freeze ending at midnight", () => {
  const w = BounceWindow.from({
    timeZone: "America/Chicago",
    green: "0-23",
    moratoria: [{ from: "fri 22:00", to: "sat 02:00" }],
    freezes: [{ start: "2026-12-31", end: "2026-12-31", reason: "new year" }],
  });
  // Friday 2026-11-27 21:59 CST = 03:59Z Saturday: still green; 22:00 red until 02:00 Saturday
  strictEqual(w.status(at("2026-11-28T03:59:00Z")), "green");
  strictEqual(w.explain(at("2026-11-28T04:00:00Z")).reason, "moratorium");
  strictEqual(w.status(at("2026-11-28T07:59:00Z")), "red"); // 01:59 Saturday
  strictEqual(w.nextOk("green", at("2026-11-28T04:00:00Z"))?.toString(), "2026-11-28T08:00:00Z");
  // the freeze covers Dec 31 local time; green again at 00:00 Jan 1 CST = 06:00Z
  deepStrictEqual(w.explain(at("2027-01-01T05:59:00Z")), {
    status: "red",
    reason: "freeze",
    detail: "new year",
  });
  strictEqual(w.nextOk("green", at("2026-12-31T12:00:00Z"))?.toString(), "2027-01-01T06:00:00Z");
});

Deno.test("a midnight-crossing window agrees with zoneinfo across DST in several zones", async () => {
  for (const zone of ["Europe/Berlin", "America/Los_Angeles", "Australia/Adelaide"]) {
    const w = BounceWindow.from({
      timeZone: zone,
      green: "22-23, 0-1",
      yellow: "2-5",
      red: "6-21",
      moratoria: [{ from: "sat 22:00", to: "sun 03:00" }],
    });
    const start = Date.UTC(2026, 0, 1);
    const instants: number[] = [];
    for (let t = start; t < start + 366 * 86_400_000; t += 53 * 60_000 * 11) {
      instants.push(t / 1000);
    }
    const input = JSON.stringify({
      zone,
      hours: w.dump(),
      moratorium: [6, 1320, 7, 180],
      instants,
      wanted: "green",
    });
    const child = new Deno.Command("/usr/bin/python3", {
      args: [new URL("./_zoneinfo_ref.py", import.meta.url).pathname],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(input));
    await writer.close();
    const out = await child.output();
    strictEqual(out.code, 0, new TextDecoder().decode(out.stderr));
    const ref: [string, number | null][] = JSON.parse(new TextDecoder().decode(out.stdout));
    const ours = instants.map((e) => {
      const i = Temporal.Instant.fromEpochMilliseconds(e * 1000);
      const n = w.nextOk("green", i);
      return [w.status(i), n === null ? null : n.epochMilliseconds / 1000];
    });
    deepStrictEqual(ours, ref, zone);
  }
});

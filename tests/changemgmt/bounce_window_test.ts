import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import { BounceWindow } from "../../lib/changemgmt/bounce_window.ts";
import { compareStatus } from "../../lib/changemgmt/status.ts";
import { isTriggerError } from "../../lib/errors.ts";

const at = (s: string) => Temporal.Instant.from(s);

Deno.test("BounceWindow.original() reproduces the original's default hours and moratorium", () => {
  const w = BounceWindow.original();
  deepStrictEqual(w.dump(), [
    ...Array(5).fill("yellow"),
    ...Array(3).fill("green"),
    ...Array(8).fill("yellow"),
    ...Array(8).fill("red"),
  ]);
  // Tuesday 2026-11-24: 00:00 UTC = Monday 19:00 EST -> red
  strictEqual(w.status(at("2026-11-24T00:00:00Z")), "red");
  // Friday 12:59 vs 11:59 New York (EST = UTC-5)
  strictEqual(w.status(at("2026-11-27T16:59:00Z")), "yellow");
  strictEqual(w.status(at("2026-11-27T17:00:00Z")), "red");
  strictEqual(w.explain(at("2026-11-27T17:00:00Z")).reason, "moratorium");
  // Monday 03:59 red, 04:00 back to the hour table (yellow)
  strictEqual(w.status(at("2026-11-30T08:59:00Z")), "red");
  strictEqual(w.status(at("2026-11-30T09:00:00Z")), "yellow");
});

Deno.test("BounceWindow.nextOk() matches the original's test cases", () => {
  const w = BounceWindow.from({ green: "5-7", yellow: "0-4, 8-15", red: "16-23" });
  // from 22:15 UTC (17:15 EST) the next yellow is 00:00 EST = 05:00 UTC
  strictEqual(w.nextOk("yellow", at("2026-11-24T22:15:00Z"))?.toString(), "2026-11-25T05:00:00Z");
  // already acceptable: returned unchanged
  strictEqual(w.nextOk("red", at("2026-11-24T22:15:00Z"))?.toString(), "2026-11-24T22:15:00Z");
  // weekend moratorium: from Friday 20:00 UTC the next green is Monday 05:00 EST = 10:00 UTC
  const o = BounceWindow.original();
  strictEqual(o.nextOk("green", at("2026-11-27T20:00:00Z"))?.toString(), "2026-11-30T10:00:00Z");
});

Deno.test("BounceWindow handles the spring-forward gap and the repeated fall-back hour", () => {
  // green only at local 02:00, which does not exist on 2026-03-08 in New York
  const w = BounceWindow.from({ green: "2", default: "red" });
  // the next 02:00 that exists is on March 9, in EDT (UTC-4)
  strictEqual(w.nextOk("green", at("2026-03-08T05:00:00Z"))?.toString(), "2026-03-09T06:00:00Z");
  // green only at 01:00: on 2026-11-01 that hour happens twice (EDT then EST)
  const w1 = BounceWindow.from({ green: "1", default: "red" });
  strictEqual(w1.status(at("2026-11-01T05:30:00Z")), "green"); // 01:30 EDT
  strictEqual(w1.status(at("2026-11-01T06:30:00Z")), "green"); // 01:30 EST
  strictEqual(w1.status(at("2026-11-01T07:30:00Z")), "red"); // 02:30 EST
});

Deno.test("BounceWindow supports weekday overrides, freezes and half-hour zones", () => {
  const w = BounceWindow.from({
    timeZone: "Asia/Kolkata",
    green: "1-3",
    days: { sun: { green: "0-23" } },
    freezes: [{ start: "2026-12-24", end: "2026-12-26", reason: "holidays" }],
  });
  // 2026-11-24 20:00 UTC = Wednesday 01:30 IST -> green
  strictEqual(w.status(at("2026-11-24T20:00:00Z")), "green");
  // Sunday noon IST: green from the override
  strictEqual(w.status(at("2026-11-29T06:30:00Z")), "green");
  // freeze covers the whole of Dec 25 local time
  deepStrictEqual(w.explain(at("2026-12-24T20:00:00Z")), {
    status: "red",
    reason: "freeze",
    detail: "holidays",
  });
  // next green after the freeze: Dec 27 is a Sunday (override), from 00:00 IST = Dec 26 18:30 UTC
  strictEqual(w.nextOk("green", at("2026-12-25T00:00:00Z"))?.toString(), "2026-12-26T18:30:00Z");
});

Deno.test("BounceWindow.from() names the JSON path of a bad field", async (t) => {
  const cases: [unknown, RegExp][] = [
    [{ green: "5-30" }, /window\.green/],
    [{ green: "5-7", yellow: "7-9" }, /window\.yellow.*hour 7/],
    [{ timeZone: "Mars/Base" }, /window\.timeZone/],
    [{ moratoria: [{ from: "friday noon", to: "mon 04:00" }] }, /window\.moratoria\[0\]\.from/],
    [{ freezes: [{ start: "2026-12-30", end: "2026-12-01" }] }, /window\.freezes\[0\]\.end/],
    [{ gren: "1" }, /window\.gren/],
  ];
  for (const [spec, re] of cases) {
    await t.step(JSON.stringify(spec), () => {
      throws(
        () => BounceWindow.from(spec as never),
        (e: unknown) => isTriggerError(e, "SETTINGS_INVALID") && re.test(e.message),
      );
    });
  }
});

Deno.test("compareStatus() orders red > yellow > green", () => {
  strictEqual(compareStatus("red", "yellow") > 0, true);
  strictEqual(compareStatus("yellow", "green") > 0, true);
  strictEqual(compareStatus("green", "green"), 0);
});

Deno.test("BounceWindow agrees with an independent zoneinfo computation across DST in several zones", async () => {
  const zones = ["America/New_York", "Europe/London", "Australia/Sydney", "America/Sao_Paulo"];
  for (const zone of zones) {
    const spec = { timeZone: zone, green: "2-4", yellow: "0-1, 5-9", red: "10-23" };
    const w = BounceWindow.from({
      ...spec,
      moratoria: [{ from: "fri 12:00", to: "mon 04:00" }],
    });
    // every 37 minutes across a year: hits both DST transitions of every zone
    const start = Date.UTC(2026, 0, 1);
    const instants: number[] = [];
    for (let t = start; t < start + 366 * 86_400_000; t += 37 * 60_000 * 7) instants.push(t / 1000);
    for (const wanted of ["green", "yellow"] as const) {
      const input = JSON.stringify({
        zone,
        hours: w.dump(),
        moratorium: [5, 720, 1, 240],
        instants,
        wanted,
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
        const n = w.nextOk(wanted, i);
        return [w.status(i), n === null ? null : n.epochMilliseconds / 1000];
      });
      deepStrictEqual(ours, ref, `${zone} ${wanted}`);
    }
  }
});

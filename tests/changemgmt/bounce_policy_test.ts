import { rejects, strictEqual, throws } from "node:assert/strict";
import { BouncePolicy } from "../../lib/changemgmt/bounce_policy.ts";
import { isTriggerError } from "../../lib/errors.ts";

const FILE = {
  timeZone: "America/Chicago",
  windows: {
    dc: { green: "1-5", yellow: "6-8" },
    backbone: { timeZone: "UTC", green: "3-4", yellow: "0-2" },
  },
  default: "dc",
  rules: [
    { match: { name: "(^|-)(oob|ilo)\\d*" }, window: { green: "0-23" } },
    { match: { owningTeam: "Backbone", site: ["ATL", "DFW"] }, window: "backbone" },
  ],
  freezes: [{ start: "2026-12-24", end: "2026-12-26", reason: "year-end freeze" }],
};

Deno.test("BouncePolicy.windowFor() applies the first matching rule, else the default", () => {
  const p = BouncePolicy.from(FILE);
  strictEqual(p.windowFor({ nodeName: "ilo3-abc.dc" }).dump()[12], "green");
  strictEqual(p.windowFor({ nodeName: "r1", owningTeam: "backbone", site: "atl" }).timeZone, "UTC");
  // one key of the rule not matching: default window, in the file's zone
  const w = p.windowFor({ nodeName: "r2", owningTeam: "Backbone", site: "NYC" });
  strictEqual(w.timeZone, "America/Chicago");
  strictEqual(w.dump()[3], "green");
});

Deno.test("BouncePolicy adds file-wide freezes to every window", () => {
  const p = BouncePolicy.from(FILE);
  const christmas = Temporal.Instant.from("2026-12-25T12:00:00Z");
  strictEqual(p.windowFor({ nodeName: "oob1" }).explain(christmas).reason, "freeze");
  strictEqual(
    p.windowFor({ nodeName: "r1", owningTeam: "Backbone", site: "DFW" }).status(christmas),
    "red",
  );
});

Deno.test("BouncePolicy.from() rejects unknown window names and bad patterns with their path", () => {
  throws(
    () =>
      BouncePolicy.from({ rules: [{ match: { site: "x" }, window: "nope" }] }, "/etc/bounce.json"),
    (e: unknown) =>
      isTriggerError(e, "SETTINGS_INVALID") && /rules\[0\]\.window/.test(e.message) &&
      e.message.includes("/etc/bounce.json"),
  );
  throws(
    () => BouncePolicy.from({ rules: [{ match: { name: "(" }, window: {} }] }),
    (e: unknown) =>
      isTriggerError(e, "SETTINGS_INVALID") && /rules\[0\]\.match\.name/.test(e.message),
  );
});

Deno.test("BouncePolicy.load() uses the built-in default without a file and reports bad JSON", async () => {
  const p = await BouncePolicy.load(undefined);
  strictEqual(p.windowFor({ nodeName: "any" }).timeZone, "America/New_York");
  const dir = await Deno.makeTempDir();
  try {
    const f = `${dir}/bounce.json`;
    await Deno.writeTextFile(f, '{"rules": [,]}');
    await rejects(
      BouncePolicy.load(f),
      (e: unknown) => isTriggerError(e, "SETTINGS_INVALID") && e.message.includes(f),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

import { match, strictEqual, throws } from "node:assert/strict";
import { parseAt } from "../../cli/commands/bounce.ts";

const NY = "America/New_York";
const MAIN = new URL("../../cli/main.ts", import.meta.url).pathname;

function rejected(text: string, re: RegExp): void {
  throws(() => parseAt(text, NY), (e) => {
    match((e as Error).message, re);
    strictEqual(
      (e as Error).message.startsWith(`Cannot read time ${JSON.stringify(text)}: `),
      true,
    );
    return true;
  });
}

Deno.test("parseAt() refuses out-of-range fields, naming each, instead of clamping", async (t) => {
  for (
    const [text, re] of [
      ["25:00", /hour 25 is out of range \(0-23\)/],
      ["99:99", /hour 99 is out of range \(0-23\), minute 99 is out of range \(0-59\)/],
      ["12:60", /minute 60 is out of range \(0-59\)/],
      ["2026-02-30 10:00", /day 30 is out of range \(1-28\)/],
      ["2026-13-01T00:00Z", /month 13 is out of range \(1-12\)/],
      ["2026-12-24T24:00:00+01:00[Europe/Paris]", /hour 24 is out of range/],
      ["2026-12-24T09:00+25:00", /offset hour 25 is out of range/],
      ["tomorrow-ish", /not a time this command reads/],
    ] as const
  ) {
    await t.step(text, () => rejected(text, re));
  }
});

Deno.test("parseAt() honours an offset and a bracketed zone", () => {
  strictEqual(
    parseAt("2026-12-24T09:00:00+01:00[Europe/Paris]", NY).toString(),
    "2026-12-24T08:00:00Z",
  );
  strictEqual(parseAt("2026-12-24T09:00[Europe/Paris]", NY).toString(), "2026-12-24T08:00:00Z");
  strictEqual(parseAt("2026-07-01T09:00[Europe/Paris]", NY).toString(), "2026-07-01T07:00:00Z");
  strictEqual(parseAt("2026-11-24T16:00:00Z", NY).toString(), "2026-11-24T16:00:00Z");
  strictEqual(parseAt("2026-11-24T16:00+0530", NY).toString(), "2026-11-24T10:30:00Z");
  // A local time is read in the given zone.
  strictEqual(parseAt("2026-12-24 09:00", NY).toString(), "2026-12-24T14:00:00Z");
  strictEqual(parseAt("2026-12-24 09:00", "Asia/Tokyo").toString(), "2026-12-24T00:00:00Z");
  // Today's HH:MM in the zone.
  const today = Temporal.Now.plainDateISO(NY);
  strictEqual(
    parseAt("23:59", NY).toString(),
    today.toPlainDateTime({ hour: 23, minute: 59 }).toZonedDateTime(NY).toInstant().toString(),
  );
});

Deno.test("parseAt() refuses an offset the zone contradicts, and clock-change times without one", () => {
  rejected(
    "2026-12-24T09:00:00+05:00[Europe/Paris]",
    /offset \+05:00 does not match Europe\/Paris on that date \(\+01:00\)/,
  );
  rejected("2026-12-24T09:00[Mars/Olympus]", /unknown time zone \[Mars\/Olympus\]/);
  rejected("2026-03-08 02:30", /does not exist in America\/New_York \(the clocks go forward\)/);
  rejected("2026-11-01 01:30", /happens twice in America\/New_York.*-04:00 or -05:00/);
  // The offset settles which of the two it is.
  strictEqual(
    parseAt("2026-11-01T01:30-05:00[America/New_York]", NY).toString(),
    "2026-11-01T06:30:00Z",
  );
  strictEqual(
    parseAt("2026-11-01T01:30-04:00[America/New_York]", NY).toString(),
    "2026-11-01T05:30:00Z",
  );
});

Deno.test("trigger bounce --at: a bad time exits 2 naming the field; a zoned time is honoured", async () => {
  const dir = await Deno.makeTempDir({ prefix: "trigger-bounce-at-" });
  try {
    await Deno.writeTextFile(
      `${dir}/netdevices.json`,
      JSON.stringify([{
        nodeName: "edge1.par.example.net",
        manufacturer: "JUNIPER",
        deviceType: "ROUTER",
        site: "PAR",
        adminStatus: "PRODUCTION",
      }]),
    );
    // Green only 09:00-09:59 Paris time: 08:00Z in winter.
    await Deno.writeTextFile(
      `${dir}/bounce.json`,
      JSON.stringify({
        windows: { par: { timeZone: "Europe/Paris", green: "9", red: "0-8,10-23" } },
        default: { red: "0-23" },
        rules: [{ match: { site: "PAR" }, window: "par" }],
      }),
    );
    const env = {
      HOME: dir,
      XDG_CONFIG_HOME: dir,
      NETDEVICES_SOURCE: `${dir}/netdevices.json`,
      BOUNCE_FILE: `${dir}/bounce.json`,
      TZ: "America/New_York",
      NO_COLOR: "1",
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    };
    const bounce = async (at: string) => {
      const o = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", MAIN, "bounce", "edge1", "--json", "--at", at],
        env,
        clearEnv: true,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const dec = new TextDecoder();
      return { code: o.code, out: dec.decode(o.stdout), err: dec.decode(o.stderr) };
    };
    const zoned = await bounce("2026-12-24T09:00:00+01:00[Europe/Paris]");
    strictEqual(zoned.code, 0, zoned.err);
    strictEqual(JSON.parse(zoned.out).at, "2026-12-24T08:00:00Z");
    strictEqual(JSON.parse(zoned.out).status, "green");
    for (const [at, re] of [["25:00", /hour 25/], ["99:99", /hour 99.*minute 99/]] as const) {
      const r = await bounce(at);
      strictEqual(r.code, 2, r.out);
      match(r.err, re);
      strictEqual(r.out, "", "no verdict printed for a time that was not understood");
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

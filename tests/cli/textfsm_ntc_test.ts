import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { labDir, trigger } from "./_lab_dir.ts";

const CLOCK = "Value Required TIME (\\S+)\nValue List ZONE (UTC|(GMT))\n\n" +
  "Start\n  ^\\*?${TIME}\\s+${ZONE}? -> Record\n";

/** A directory laid out as an installed ntc-templates' `templates/`, with one template. */
async function fakeNtc(root: string): Promise<string> {
  await Deno.mkdir(root, { recursive: true });
  await Deno.writeTextFile(
    `${root}/index`,
    "Template, Hostname, Platform, Command\n\nclock.textfsm, .*, cisco_ios, sh[[ow]] clo[[ck]]\n",
  );
  await Deno.writeTextFile(`${root}/clock.textfsm`, CLOCK);
  return root;
}

Deno.test("trigger textfsm --ntc: NTC_TEMPLATES_DIR, keys as parse_output(), List items as Python's", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const env = { NTC_TEMPLATES_DIR: await fakeNtc(`${dir}/t`), NO_COLOR: "1" };
    const args = ["textfsm", "--ntc", "--platform", "cisco_ios", "--command", "sh clock", "-"];
    const text = "*10:01:02.123 Mon Jan 1 2024\n";
    const r = await trigger(env, args, text);
    strictEqual(r.code, 0, r.err);
    deepStrictEqual(JSON.parse(r.out), [{ time: "10:01:02.123", zone: ["None"] }]);
    const n = await trigger(env, [...args, "--null"], text);
    deepStrictEqual(JSON.parse(n.out), [{ time: "10:01:02.123", zone: [null] }]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("trigger textfsm --ntc finds the package in VIRTUAL_ENV; says what to do when none", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await fakeNtc(`${dir}/venv/lib/python3.11/site-packages/ntc_templates/templates`);
    const args = ["textfsm", "--ntc", "--platform", "cisco_ios", "--command", "show clock", "-"];
    const r = await trigger(
      { VIRTUAL_ENV: `${dir}/venv`, NTC_TEMPLATES_DIR: "" },
      args,
      "10:00 UTC\n",
    );
    strictEqual(r.code, 0, r.err);
    deepStrictEqual(JSON.parse(r.out), [{ time: "10:00", zone: ["UTC"] }]);
    const none = await trigger({ NTC_TEMPLATES_DIR: `${dir}/empty` }, args, "10:00\n");
    strictEqual(none.code, 2);
    ok(none.err.includes("NTC_TEMPLATES_DIR"), none.err);
    strictEqual(none.err.trim().split("\n").length, 1, none.err);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("trigger run-cmds --parse uses an installed ntc-templates before the built-ins", async () => {
  await using l = await labDir({ devices: 1, vendors: ["cisco_ios"] });
  const ntc = await fakeNtc(`${l.dir}/ntc`);
  const r = await trigger({ ...l.env, NTC_TEMPLATES_DIR: ntc }, [
    "run-cmds",
    "-c",
    "show clock",
    "--json",
    "--parse",
    "ios-cisco-001",
  ]);
  strictEqual(r.code, 0, r.err);
  const [clock] = JSON.parse(r.out).results["ios-cisco-001"];
  strictEqual(clock.command, "show clock");
  const records = clock.parsed;
  // the built-in show clock template has no ZONE column: this one is the installed template
  ok(Array.isArray(records[0].ZONE), JSON.stringify(records));
});

Deno.test("trigger run-cmds --parse: a runaway template regex fails that parse only, within --parse-timeout", async () => {
  await using l = await labDir({ devices: 2, vendors: ["cisco_ios"] });
  const ntc = await fakeNtc(`${l.dir}/ntc`);
  // (([^!]+)+!) over a 32-character line without "!" backtracks about 2^32 times
  await Deno.writeTextFile(
    `${ntc}/clock.textfsm`,
    "Value X (([^!]+)+!)\n\nStart\n  ^${X} -> Record\n",
  );
  await Deno.writeTextFile(
    `${ntc}/index`,
    "Template, Hostname, Platform, Command\n\nclock.textfsm, .*, cisco_ios, sh[[ow]] clo[[ck]]\n" +
      "version.textfsm, .*, cisco_ios, sh[[ow]] ver[[sion]]\n",
  );
  await Deno.writeTextFile(
    `${ntc}/version.textfsm`,
    "Value VERSION (\\S+)\n\nStart\n  ^.*Version\\s+${VERSION}, -> Record\n",
  );
  const r = await trigger({ ...l.env, NTC_TEMPLATES_DIR: ntc }, [
    "run-cmds",
    "-c",
    "show clock",
    "-c",
    "show version",
    "--json",
    "--parse",
    "--parse-timeout",
    "2",
    "--timeout",
    "60",
    ...l.lab.devices.map((d) => d.name),
  ]);
  strictEqual(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  for (const d of l.lab.devices) {
    const [clock, version] = j.results[d.name];
    strictEqual(clock.command, "show clock");
    ok(clock.output.length > 0, "the output itself is kept");
    strictEqual(clock.parsed, undefined);
    strictEqual(version.parsed[0].VERSION, "15.7(3)M8");
    ok(
      r.err.includes(`cannot parse "show clock" of ${d.name}`) && r.err.includes("2000 ms"),
      r.err,
    );
  }
});

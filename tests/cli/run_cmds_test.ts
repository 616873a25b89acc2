import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { labDir, trigger } from "./_lab_dir.ts";

const INDEX_DIR = new URL("../textfsm/index/", import.meta.url).pathname;

Deno.test("trigger run-cmds --json: results, errors with codes, exit 1 when a device failed", async () => {
  await using l = await labDir({
    devices: 4,
    vendors: ["cisco_ios", "juniper_junos", "arista_eos"],
    faults: "wrongPassword",
  });
  const names = l.lab.devices.map((d) => d.name);
  const r = await trigger(l.env, [
    "run-cmds",
    "-c",
    "show version",
    "--json",
    "--timeout",
    "10",
    ...names,
    "ghost",
  ]);
  strictEqual(r.code, 1, r.err);
  const j = JSON.parse(r.out);
  deepStrictEqual(Object.keys(j).sort(), ["errors", "results"]);
  deepStrictEqual(Object.keys(j.results).sort(), [
    "eos-arista-001",
    "ios-cisco-001",
    "junos-juniper-001",
  ]);
  deepStrictEqual(j.results["ios-cisco-001"].map((x: { command: string }) => x.command), [
    "show version",
  ]);
  match(j.results["ios-cisco-001"][0].output, /^Cisco IOS Software/);
  match(j.results["junos-juniper-001"][0].output, /^Hostname: junos-juniper-001/);
  strictEqual(j.errors["ios-cisco-002"].code, "AUTH_FAILED");
  strictEqual(j.errors.ghost.code, "DEVICE_NOT_FOUND");
  match(j.errors.ghost.message, /ghost/);
  match(r.err, /ghost\s+FAILED\s+\S+\s+DEVICE_NOT_FOUND: Cannot find device "ghost"/);
  match(r.err, /5 device\(s\): 3 ok, 2 failed/);
});

Deno.test("trigger run-cmds prints outputs and a summary, exit 0 when all succeeded", async () => {
  await using l = await labDir({ devices: 2, vendors: ["cisco_ios"] });
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/cmds`, "# a comment\nshow clock\n\nshow privilege\n");
    const r = await trigger(l.env, [
      "run-cmds",
      "--commands-file",
      `${dir}/cmds`,
      "--match",
      "vendor=cisco",
    ]);
    // on failure the summary (stdout) names the device and its error code
    strictEqual(r.code, 0, `${r.err}\n${r.out}`);
    match(r.out, /###\n# ios-cisco-001\n###\nios-cisco-001# show clock\n\*\d\d:\d\d/);
    match(r.out, /ios-cisco-002# show privilege\nCurrent privilege level is 15/);
    match(r.out, /ios-cisco-001\s+ok\s+\d+\.\d\ds/);
    match(r.out, /2 device\(s\): 2 ok, 0 failed/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("trigger run-cmds --output-dir writes one file per device", async () => {
  await using l = await labDir({ devices: 2, vendors: ["cisco_ios", "arista_eos"] });
  const out = `${l.dir}/out`;
  const r = await trigger(l.env, [
    "run-cmds",
    "-c",
    "show clock",
    "--output-dir",
    out,
    "ios-cisco-001",
    "eos-arista-001",
  ]);
  strictEqual(r.code, 0, r.err);
  const files = [...Deno.readDirSync(out)].map((e) => e.name).sort();
  deepStrictEqual(files, ["eos-arista-001.txt", "ios-cisco-001.txt"]);
  match(await Deno.readTextFile(`${out}/ios-cisco-001.txt`), /^ios-cisco-001# show clock\n\*/);
  ok(!r.out.includes("# show clock"), "outputs go to the files only");
});

Deno.test("trigger run-cmds --parse adds TextFSM records under parsed", async () => {
  await using l = await labDir({ devices: 1, vendors: ["cisco_ios"] });
  const r = await trigger({ ...l.env, TEXTFSM_TEMPLATE_DIR: INDEX_DIR }, [
    "run-cmds",
    "-c",
    "show version",
    "--json",
    "--parse",
    "ios-cisco-001",
  ]);
  strictEqual(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  strictEqual(j.results["ios-cisco-001"][0].parsed[0].VERSION, "15.7(3)M8");
});

Deno.test("trigger run-cmds: unknown host keys are refused unless --accept-new-hostkeys", async () => {
  await using l = await labDir({ devices: 1, vendors: ["cisco_ios"] });
  await Deno.writeTextFile(l.knownHosts, "");
  const args = ["run-cmds", "-c", "show clock", "--json", "ios-cisco-001"];
  const strict = await trigger(l.env, args);
  strictEqual(strict.code, 1);
  strictEqual(JSON.parse(strict.out).errors["ios-cisco-001"].code, "HOSTKEY_UNKNOWN");
  const tofu = await trigger(l.env, [...args, "--accept-new-hostkeys"]);
  strictEqual(tofu.code, 0, tofu.err);
  match(tofu.err, /Added 1 host key/);
  match(await Deno.readTextFile(l.knownHosts), /^\[127\.0\.0\.1\]:\d+ ssh-ed25519 /);
});

Deno.test("trigger run-cmds: a hung device times out within --timeout", async () => {
  await using l = await labDir({ devices: 2, vendors: ["cisco_ios"], faults: "hang=login" });
  const t0 = performance.now();
  const r = await trigger(l.env, [
    "run-cmds",
    "-c",
    "show clock",
    "--json",
    "--timeout",
    "2",
    "ios-cisco-001",
    "ios-cisco-002",
  ]);
  strictEqual(r.code, 1);
  strictEqual(JSON.parse(r.out).errors["ios-cisco-002"].code, "TIMEOUT");
  ok(JSON.parse(r.out).results["ios-cisco-001"]);
  ok(performance.now() - t0 < 15_000);
});

Deno.test("trigger run-cmds: bad input is a usage error (exit 2)", async (t) => {
  await using l = await labDir({ devices: 1, vendors: ["cisco_ios"] });
  for (
    const [args, re] of [
      [["run-cmds", "ios-cisco-001"], /No commands/],
      [["run-cmds", "-c", "show clock"], /No devices/],
      [["run-cmds", "-c", "x", "--max-conns", "0", "r1"], /--max-conns "0"/],
      [["run-cmds", "-c", "x", "--match", "novalue", "r1"], /key=value/],
    ] as const
  ) {
    await t.step(args.join(" "), async () => {
      const r = await trigger(l.env, [...args]);
      strictEqual(r.code, 2, r.err);
      match(r.err, re);
      strictEqual(r.err.trim().split("\n").length, 1, r.err);
    });
  }
});

Deno.test("trigger run-cmds keeps a repeated command each time, in order (text and --json)", async () => {
  await using l = await labDir({ devices: 1, vendors: ["cisco_ios"] });
  const args = ["run-cmds", "-c", "show clock", "-c", "show privilege", "-c", "show clock"];
  const j = await trigger(l.env, [...args, "--json", "ios-cisco-001"]);
  strictEqual(j.code, 0, j.err);
  const results = JSON.parse(j.out).results["ios-cisco-001"];
  deepStrictEqual(results.map((r: { command: string }) => r.command), [
    "show clock",
    "show privilege",
    "show clock",
  ]);
  match(results[0].output, /^\*\d\d:\d\d:\d\d\.\d+ UTC/);
  match(results[2].output, /^\*\d\d:\d\d:\d\d\.\d+ UTC/);
  const text = await trigger(l.env, [...args, "ios-cisco-001"]);
  strictEqual(text.code, 0, text.err);
  strictEqual(text.out.match(/ios-cisco-001# show clock\n/g)?.length, 2, text.out);
});

Deno.test("trigger run-cmds text summary says why each device failed and on which command", async () => {
  await using l = await labDir({
    devices: [
      { platform: "cisco_ios", name: "ios-ok" },
      { platform: "cisco_ios", name: "ios-auth", faults: { wrongPassword: true } },
      { platform: "cisco_ios", name: "ios-rej" },
      { platform: "juniper_junos", name: "junos-rej" },
    ],
  });
  const r = await trigger(l.env, [
    "run-cmds",
    "-c",
    "show version",
    "-c",
    "show foo",
    "ios-ok",
    "ios-auth",
    "ios-rej",
    "junos-rej",
    "ghost",
  ]);
  strictEqual(r.code, 1, r.err);
  const summary = r.out.slice(r.out.lastIndexOf("\nDEVICE "));
  const row = (d: string) => summary.split("\n").find((x) => x.startsWith(`${d} `)) ?? "";
  // Every device fails on "show foo" except the one that never logged in.
  match(row("ios-auth"), /FAILED\s+\S+\s+AUTH_FAILED: Authentication failed on "ios-auth"/);
  match(
    row("ios-rej"),
    /FAILED\s+\S+\s+COMMAND_FAILED: Command "show foo" failed on "ios-rej": % Invalid input detected at '\^' marker\.$/,
  );
  match(row("junos-rej"), /FAILED\s+\S+\s+NETCONF_RPC_ERROR on command "show foo": \S/);
  match(row("ghost"), /FAILED\s+\S+\s+DEVICE_NOT_FOUND: Cannot find device "ghost"/);
  match(r.out, /5 device\(s\): 0 ok, 5 failed/);
  // What came back before the failure is shown, with the reason.
  match(
    r.out,
    /# ios-rej\n###\nios-rej# show version\nCisco IOS Software[\s\S]*?ios-rej# show foo\n/,
  );
  match(r.out, /# FAILED: COMMAND_FAILED: Command "show foo"/);
  // --json says the same: the command, and the outputs before it.
  const j = await trigger(l.env, [
    "run-cmds",
    "-c",
    "show version",
    "-c",
    "show foo",
    "--json",
    "ios-rej",
    "junos-rej",
  ]);
  const e = JSON.parse(j.out).errors;
  strictEqual(e["ios-rej"].command, "show foo");
  strictEqual(e["junos-rej"].command, "show foo");
  deepStrictEqual(e["junos-rej"].results.map((x: { command: string }) => x.command), [
    "show version",
  ]);
});

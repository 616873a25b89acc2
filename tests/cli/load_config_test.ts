import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { type CliRun, labDir, trigger } from "./_lab_dir.ts";

/** Parses a run's JSON output, failing with its standard error when it is not JSON. */
// deno-lint-ignore no-explicit-any
function json(r: CliRun): any {
  try {
    return JSON.parse(r.out);
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.out}\n--- stderr:\n${r.err}`);
  }
}

const IOS_LINES = "! a comment\ninterface Loopback99\n description pushed-by-trigger\n";

async function runningConfig(env: Record<string, string>, device: string, cmd: string) {
  const r = await trigger(env, ["run-cmds", "-c", cmd, "--json", device]);
  strictEqual(r.code, 0, r.err);
  const [first] = json(r).results[device];
  strictEqual(first.command, cmd);
  return first.output as string;
}

Deno.test("trigger load-config is a dry run by default: it prints the plan and sends nothing", async () => {
  await using l = await labDir({ devices: 2, vendors: ["cisco_ios", "juniper_junos"] });
  const file = `${l.dir}/cfg.txt`;
  await Deno.writeTextFile(file, IOS_LINES);
  const env = { ...l.env, TRIGGER_AUDIT_LOG: `${l.dir}/audit.log` };
  const r = await trigger(env, ["load-config", file, "ios-cisco-001", "junos-juniper-001"]);
  strictEqual(r.code, 0, r.err);
  match(r.out, /Dry run: nothing is sent/);
  match(
    r.out,
    /### ios-cisco-001 \(cisco_ios\): 2 line\(s\)\n {2}interface Loopback99\n {3}description/,
  );
  match(r.out, /### junos-juniper-001 \(juniper_junos\)/);
  ok(!(await runningConfig(env, "ios-cisco-001", "show running-config")).includes("Loopback99"));
  await Deno.stat(`${l.dir}/audit.log`).then(
    () => ok(false, "a dry run writes no audit record"),
    () => {},
  );
  const j = await trigger(env, ["load-config", file, "ios-cisco-001", "ghost", "--json"]);
  strictEqual(j.code, 1);
  const plan = json(j);
  strictEqual(plan.dryRun, true);
  deepStrictEqual(plan.plan["ios-cisco-001"].lines, [
    "interface Loopback99",
    " description pushed-by-trigger",
  ]);
  strictEqual(plan.errors.ghost.code, "DEVICE_NOT_FOUND");
});

Deno.test("trigger load-config --push applies lines on IOS (CLI) and Junos (NETCONF, and CLI with --force-cli)", async () => {
  await using l = await labDir({ devices: 3, vendors: ["cisco_ios", "juniper_junos"] });
  const env = { ...l.env, TRIGGER_AUDIT_LOG: `${l.dir}/audit.log` };
  await Deno.writeTextFile(`${l.dir}/ios.txt`, IOS_LINES);
  const ios = await trigger(env, [
    "load-config",
    `${l.dir}/ios.txt`,
    "--push",
    "ios-cisco-001",
    "ios-cisco-002",
  ]);
  strictEqual(ios.code, 0, ios.err);
  match(ios.out, /2 device\(s\): 2 ok, 0 failed/);
  match(
    await runningConfig(env, "ios-cisco-002", "show running-config"),
    /interface Loopback99\n description pushed-by-trigger/,
  );
  await Deno.writeTextFile(`${l.dir}/junos.txt`, "set system location building lab-42\n");
  const nc = await trigger(env, [
    "load-config",
    `${l.dir}/junos.txt`,
    "--push",
    "--json",
    "junos-juniper-001",
  ]);
  strictEqual(nc.code, 0, nc.err);
  deepStrictEqual(json(nc).results["junos-juniper-001"].at(-1), {
    command: "commit",
    output: "commit complete",
  });
  await Deno.writeTextFile(`${l.dir}/junos2.txt`, "set system location floor 3\n");
  const cli = await trigger(env, [
    "load-config",
    `${l.dir}/junos2.txt`,
    "--push",
    "--force-cli",
    "junos-juniper-001",
  ]);
  strictEqual(cli.code, 0, cli.err);
  match(
    await runningConfig(env, "junos-juniper-001", "show configuration system"),
    /location \{\n\s+building lab-42;\n\s+floor 3;/,
  );
  // each run: start, plan, one push and one result per device (as they happen), end
  const log = (await Deno.readTextFile(`${l.dir}/audit.log`)).trim().split("\n").map((x) =>
    JSON.parse(x)
  );
  const ends = log.filter((r) => r.event === "end");
  strictEqual(ends.length, 3);
  ok(log.every((r) => typeof r.user === "string" && r.user !== "" && typeof r.run === "string"));
  deepStrictEqual(ends[0].devices, { "ios-cisco-001": "ok", "ios-cisco-002": "ok" });
  const first = log.filter((r) => r.run === log[0].run).map((r) => r.event);
  deepStrictEqual(first.slice(0, 2), ["start", "plan"]);
  deepStrictEqual(first.filter((e) => e === "push").length, 2);
  deepStrictEqual(first.filter((e) => e === "result").length, 2);
  deepStrictEqual(log.filter((r) => r.event === "plan")[1].lines, [
    "set system location building lab-42",
  ]);
  match(ios.err, /load-config audit: \{"event":"end"/);
});

Deno.test("trigger load-config --push reports rejected lines and cut connections per device (exit 1)", async () => {
  await using l = await labDir({
    devices: [
      { platform: "cisco_ios", name: "ok-ios" },
      { platform: "cisco_ios", name: "rej-ios", faults: { rejectConfig: true } },
      { platform: "juniper_junos", name: "rej-junos", faults: { rejectConfig: true } },
      { platform: "cisco_ios", name: "cut-ios", faults: { disconnectMidPush: true } },
    ],
  });
  const env = { ...l.env, TRIGGER_AUDIT_LOG: `${l.dir}/audit.log` };
  await Deno.writeTextFile(
    `${l.dir}/ios.txt`,
    "interface Loopback7\n description one\n description two\n description three\n",
  );
  const r = await trigger(env, [
    "load-config",
    `${l.dir}/ios.txt`,
    "--push",
    "--json",
    "--timeout",
    "10",
    "ok-ios",
    "rej-ios",
    "cut-ios",
  ]);
  strictEqual(r.code, 1, r.err);
  const j = json(r);
  deepStrictEqual(Object.keys(j.results), ["ok-ios"]);
  strictEqual(j.errors["rej-ios"].code, "COMMAND_FAILED");
  match(j.errors["rej-ios"].message, /interface Loopback7/);
  ok(["TRANSPORT_CLOSED", "TIMEOUT"].includes(j.errors["cut-ios"].code), j.errors["cut-ios"].code);
  await Deno.writeTextFile(`${l.dir}/junos.txt`, "set system location building x\n");
  const jr = await trigger(env, [
    "load-config",
    `${l.dir}/junos.txt`,
    "--push",
    "--json",
    "rej-junos",
  ]);
  strictEqual(jr.code, 1);
  strictEqual(json(jr).errors["rej-junos"].code, "NETCONF_RPC_ERROR");
  const log = (await Deno.readTextFile(`${l.dir}/audit.log`)).trim().split("\n")
    .map((x) => JSON.parse(x));
  const ends = log.filter((r) => r.event === "end");
  strictEqual(ends.length, 2);
  match(ends[0].devices["rej-ios"], /^COMMAND_FAILED: .* \(0 line\(s\) taken\)$/);
  // the cut device took the first lines before the connection dropped: the log says how many
  const cut = log.find((r) => r.event === "result" && r.device === "cut-ios");
  strictEqual(cut.result, "failed");
  strictEqual(cut.applied, 2);
});

Deno.test("trigger load-config --push --save saves as each platform does (write memory; copy ... answering its question)", async () => {
  await using l = await labDir({
    devices: [
      { platform: "cisco_ios", name: "ios1" },
      { platform: "cisco_nxos", name: "nx1" },
      { platform: "dell_powerconnect", name: "pc1" },
    ],
    telnet: false,
  });
  // the lab's PowerConnect answers over SSH (the default setting sends Dell switches to Telnet)
  await Deno.writeTextFile(
    `${l.dir}/settings.json`,
    JSON.stringify({
      netdevicesSource: "netdevices.json",
      defaultRealm: "lab",
      sshAsyncDisabled: { dell: [] },
    }),
  );
  const env = { ...l.env, TRIGGER_AUDIT_LOG: `${l.dir}/audit.log` };
  await Deno.writeTextFile(`${l.dir}/cfg.txt`, "interface Loopback3\n description saved\n");
  const r = await trigger(env, [
    "load-config",
    `${l.dir}/cfg.txt`,
    "--push",
    "--save",
    "--json",
    "ios1",
    "nx1",
    "pc1",
  ]);
  strictEqual(r.code, 0, r.err);
  type Step = { command: string; output: string };
  const results = json(r).results as Record<string, Step[]>;
  const last = (d: string) => results[d]!.at(-1)!;
  strictEqual(last("ios1").command, "write memory");
  match(last("ios1").output, /\[OK\]/);
  strictEqual(last("nx1").command, "copy running-config startup-config");
  strictEqual(last("pc1").command, "copy running-config startup-config");
  // without --save nothing is saved
  const plain = await trigger(env, ["load-config", `${l.dir}/cfg.txt`, "--push", "--json", "ios1"]);
  ok(!(json(plain).results.ios1 as Step[]).some((x) => x.command === "write memory"));
});

Deno.test("trigger load-config --push --json: one result per line, in order, repeated lines included", async () => {
  await using l = await labDir({ devices: 1, vendors: ["cisco_ios"] });
  const env = { ...l.env, TRIGGER_AUDIT_LOG: `${l.dir}/audit.log` };
  const lines = [
    "interface Loopback11",
    " shutdown",
    "interface Loopback12",
    " shutdown",
  ];
  await Deno.writeTextFile(`${l.dir}/cfg.txt`, lines.join("\n") + "\n");
  const r = await trigger(env, [
    "load-config",
    `${l.dir}/cfg.txt`,
    "--push",
    "--json",
    "ios-cisco-001",
  ]);
  strictEqual(r.code, 0, r.err);
  const results = json(r).results["ios-cisco-001"] as { command: string; output: string }[];
  deepStrictEqual(results.map((x) => x.command), lines);
});

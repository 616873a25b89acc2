import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { createServer } from "node:net";
import { labInventory, startLab } from "../../lib/lab/mod.ts";
import { NetDevices } from "../../lib/netdevices/mod.ts";
import {
  Commando,
  type CommandOutput,
  deviceExecutor,
  type DeviceExecutorOptions,
  type DeviceOutcome,
  type ExecutorTarget,
  textfsmHook,
} from "../../lib/commando/mod.ts";
import { CliTable } from "../../lib/textfsm/mod.ts";
import type { Lab } from "../../lib/lab/mod.ts";

const INDEX_DIR = new URL("../textfsm/index/", import.meta.url).pathname;

async function setup(lab: Lab) {
  const dir = await Deno.makeTempDir({ prefix: "commando-exec-" });
  await Deno.writeTextFile(`${dir}/known_hosts`, lab.knownHosts());
  const c = lab.credentials;
  const options: DeviceExecutorOptions = {
    knownHostsPath: `${dir}/known_hosts`,
    credentials: () => Promise.resolve({ ...c }),
    connectTimeoutMs: 2000,
    loginTimeoutMs: 2500,
    commandTimeoutMs: 2500,
  };
  const inventory = NetDevices.fromRecords(labInventory(lab));
  return {
    dir,
    options,
    inventory,
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

async function closedPort(): Promise<number> {
  const s = createServer();
  const port = await new Promise<number>((r) =>
    s.listen(0, "127.0.0.1", () => r((s.address() as { port: number }).port))
  );
  await new Promise((r) => s.close(r));
  return port;
}

/** The output of `command` in a device's results (each command is sent once here). */
function outputOf(results: Record<string, CommandOutput[]>, device: string, command: string) {
  const r = results[device]?.find((x) => x.command === command);
  if (r === undefined) throw new Error(`no "${command}" in the results of ${device}`);
  return r.output;
}

Deno.test("deviceExecutor runs commands on IOS, EOS, NX-OS (CLI) and Junos (NETCONF) lab devices", async () => {
  await using lab = await startLab({
    devices: 4,
    vendors: ["cisco_ios", "arista_eos", "cisco_nxos", "juniper_junos"],
  });
  await using s = await setup(lab);
  const job = new Commando<ExecutorTarget>({
    devices: [...s.inventory.all().map((d) => d.shortName), "ghost"],
    resolve: (n) => s.inventory.find(n),
    commands: ["show version"],
    executor: deviceExecutor(s.options),
    timeoutMs: 10_000,
  });
  const r = await job.run();
  deepStrictEqual(Object.keys(r.results).sort(), lab.devices.map((d) => d.name).sort());
  deepStrictEqual(Object.keys(r.errors), ["ghost"]);
  strictEqual(r.errors.ghost!.code, "DEVICE_NOT_FOUND");
  match(outputOf(r.results, "ios-cisco-001", "show version"), /^Cisco IOS Software/);
  match(outputOf(r.results, "eos-arista-001", "show version"), /^Arista /);
  match(outputOf(r.results, "nxos-cisco-001", "show version"), /NX-OS/);
  match(
    outputOf(r.results, "junos-juniper-001", "show version"),
    /^Hostname: junos-juniper-001\nModel: mx204/,
  );
});

Deno.test("deviceExecutor with forceCli runs Junos commands over the CLI", async () => {
  await using lab = await startLab({ devices: 1, vendors: ["juniper_junos"] });
  await using s = await setup(lab);
  const job = new Commando<ExecutorTarget>({
    devices: s.inventory.all(),
    commands: ["show version", "show interfaces terse"],
    executor: deviceExecutor({ ...s.options, forceCli: true }),
  });
  const r = await job.run();
  deepStrictEqual(r.errors, {});
  const version = outputOf(r.results, "junos-juniper-001", "show version");
  match(version, /^Hostname: junos-juniper-001/);
  match(outputOf(r.results, "junos-juniper-001", "show interfaces terse"), /^Interface\s+Admin/);
  ok(!version.includes("junos-juniper-001>"), "no prompt in the output");
});

Deno.test("Commando with faults: every device ends in exactly one of results/errors with the right code", async () => {
  const faults = {
    "r-auth": { wrongPassword: true },
    "r-cut": { disconnectAfterBytes: 300 },
    "r-hang-connect": { hang: "connect" as const },
    "r-hang-login": { hang: "login" as const },
    "r-slow": { slowOutput: 4000 },
    "r-garbage": { garbage: true },
    "r-refused": { refused: true },
  };
  const names = ["r-ok1", "r-ok2", ...Object.keys(faults)];
  await using lab = await startLab({
    devices: names.map((name, i) => ({
      name,
      platform: i % 2 ? "arista_eos" : "cisco_ios",
      faults: (faults as Record<string, object>)[name] ?? {},
    })),
  });
  await using s = await setup(lab);
  const timeoutMs = 3000;
  const t0 = performance.now();
  const outcomes: DeviceOutcome[] = [];
  const job = new Commando<ExecutorTarget>({
    devices: s.inventory.all(),
    commands: ["show clock", "show version"],
    executor: deviceExecutor(s.options),
    timeoutMs,
    maxConns: 20,
    retries: 1,
  });
  for await (const o of job.stream()) {
    outcomes.push(o);
    ok(o.elapsedMs < timeoutMs + 500, `${o.device} took ${o.elapsedMs} ms`);
  }
  ok(performance.now() - t0 < timeoutMs + 1500, "the job ends with its slowest device's timeout");
  deepStrictEqual(outcomes.map((o) => o.device).sort(), [...names].sort());
  const code = (n: string) => {
    const o = outcomes.find((x) => x.device === n)!;
    return o.ok ? "ok" : o.error.code;
  };
  strictEqual(code("r-ok1"), "ok");
  strictEqual(code("r-ok2"), "ok");
  strictEqual(code("r-garbage"), "ok");
  strictEqual(code("r-auth"), "AUTH_FAILED");
  strictEqual(code("r-refused"), "CONNECTION_REFUSED");
  strictEqual(code("r-hang-connect"), "TIMEOUT");
  strictEqual(code("r-hang-login"), "TIMEOUT");
  ok(["TRANSPORT_CLOSED", "TIMEOUT"].includes(code("r-cut")), code("r-cut"));
  strictEqual(code("r-slow"), "ok");
  const auth = outcomes.find((x) => x.device === "r-auth")!;
  strictEqual(auth.attempts, 1, "authentication failures are never retried");
  const refused = outcomes.find((x) => x.device === "r-refused")!;
  strictEqual(refused.attempts, 2, "refused connections are retried once");
  const slow = outcomes.find((x) => x.device === "r-slow")!;
  ok(slow.ok && slow.results[1]!.output.endsWith("Configuration register is 0x2102"));
});

Deno.test("deviceExecutor falls back to Telnet when SSH is refused and the device lists Telnet", async () => {
  await using lab = await startLab({ devices: 1, vendors: ["cisco_ios"] });
  await using s = await setup(lab);
  const d = lab.devices[0]!;
  const device: ExecutorTarget = {
    nodeName: d.name,
    vendor: "cisco",
    platform: "cisco_ios",
    address: d.address,
    port: await closedPort(),
    realm: "lab",
    transports: ["ssh", "telnet"],
    get: (f) => (f === "telnetPort" ? String(d.ports.telnet) : undefined),
  };
  const r = await new Commando<ExecutorTarget>({
    devices: [device],
    commands: ["show clock"],
    executor: deviceExecutor(s.options),
  }).run();
  deepStrictEqual(r.errors, {});
  match(outputOf(r.results, d.name, "show clock"), /UTC/);
});

Deno.test("deviceExecutor refuses unknown host keys by default and records them with accept-new", async () => {
  await using lab = await startLab({ devices: 2, vendors: ["cisco_ios", "juniper_junos"] });
  await using s = await setup(lab);
  await Deno.writeTextFile(`${s.dir}/known_hosts`, "");
  const run = (extra: Partial<DeviceExecutorOptions>) =>
    new Commando<ExecutorTarget>({
      devices: s.inventory.all(),
      commands: ["show version"],
      executor: deviceExecutor({ ...s.options, ...extra }),
    }).run();
  const strict = await run({});
  deepStrictEqual(Object.values(strict.errors).map((e) => e.code), [
    "HOSTKEY_UNKNOWN",
    "HOSTKEY_UNKNOWN",
  ]);
  const added: string[] = [];
  const tofu = await run({
    hostKeyPolicy: "accept-new",
    onHostKeyEvent: (e) => added.push(e.type),
  });
  deepStrictEqual(tofu.errors, {});
  ok(added.includes("added"));
  const lines = (await Deno.readTextFile(`${s.dir}/known_hosts`)).trim().split("\n");
  strictEqual(lines.length, 2);
  const again = await run({});
  deepStrictEqual(again.errors, {});
});

Deno.test("a failed command fails the device unless withErrors keeps its error text", async () => {
  await using lab = await startLab({ devices: 2, vendors: ["cisco_ios", "juniper_junos"] });
  await using s = await setup(lab);
  const run = (withErrors: boolean) =>
    new Commando<ExecutorTarget>({
      devices: s.inventory.all(),
      commands: ["show bogus", "show version"],
      executor: deviceExecutor({ ...s.options, withErrors }),
    }).run();
  const strict = await run(false);
  strictEqual(strict.errors["ios-cisco-001"]!.code, "COMMAND_FAILED");
  strictEqual(strict.errors["junos-juniper-001"]!.code, "NETCONF_RPC_ERROR");
  // The device's own message, not the caret line above it.
  strictEqual(
    strict.errors["ios-cisco-001"]!.message,
    `Command "show bogus" failed on "ios-cisco-001": % Invalid input detected at '^' marker.`,
  );
  // Each failed device says which command it failed on (CLI and NETCONF).
  const outcomes: DeviceOutcome[] = [];
  for await (
    const o of new Commando<ExecutorTarget>({
      devices: s.inventory.all(),
      commands: ["show version", "show bogus", "show version"],
      executor: deviceExecutor(s.options),
    }).stream()
  ) outcomes.push(o);
  for (const o of outcomes) {
    ok(!o.ok, o.device);
    strictEqual(o.command, "show bogus", o.device);
    strictEqual(o.results[0]!.command, "show version", o.device);
  }
  const lenient = await run(true);
  deepStrictEqual(lenient.errors, {});
  match(outputOf(lenient.results, "ios-cisco-001", "show bogus"), /% Invalid input detected/);
  strictEqual(lenient.results["ios-cisco-001"]![0]!.failed, true);
  match(outputOf(lenient.results, "junos-juniper-001", "show version"), /^Hostname/);
});

Deno.test("Commando cancelled mid-run: devices end as CANCELLED, nothing is lost", async () => {
  await using lab = await startLab({
    devices: 6,
    vendors: ["cisco_ios"],
    faults: "hang=login@3",
  });
  await using s = await setup(lab);
  const ac = new AbortController();
  const job = new Commando<ExecutorTarget>({
    devices: s.inventory.all(),
    commands: ["show clock"],
    executor: deviceExecutor(s.options),
    signal: ac.signal,
    timeoutMs: 20_000,
    maxConns: 6,
  });
  const seen: string[] = [];
  const codes: string[] = [];
  for await (const o of job.stream()) {
    seen.push(o.device);
    codes.push(o.ok ? "ok" : o.error.code);
    if (codes.filter((c) => c === "ok").length === 3) ac.abort();
  }
  strictEqual(seen.length, 6);
  deepStrictEqual(codes.sort(), ["CANCELLED", "CANCELLED", "CANCELLED", "ok", "ok", "ok"]);
});

Deno.test("textfsmHook stores parsed records for outputs the index has a template for", async () => {
  await using lab = await startLab({ devices: 2, vendors: ["cisco_ios", "arista_eos"] });
  await using s = await setup(lab);
  const table = await CliTable.load(INDEX_DIR);
  const r = await new Commando<ExecutorTarget>({
    devices: s.inventory.all(),
    commands: ["show version"],
    hooks: { base: textfsmHook(table) },
    executor: deviceExecutor(s.options),
  }).run();
  deepStrictEqual(Object.keys(r.results).sort(), ["eos-arista-001", "ios-cisco-001"]);
  strictEqual(r.results["eos-arista-001"]![0]!.parsed, undefined, "no template: EOS show version");
  const rec = (r.results["ios-cisco-001"]![0]!.parsed as Record<string, unknown>[])[0]!;
  strictEqual(rec.VERSION, "15.7(3)M8");
  strictEqual(rec.HOSTNAME, "ios-cisco-001");
});

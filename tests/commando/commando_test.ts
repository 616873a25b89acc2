import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  Commando,
  type CommandoTarget,
  CommandStepError,
  type DeviceOutcome,
} from "../../lib/commando/commando.ts";
import type { Progress } from "../../lib/commando/pool.ts";
import { CommandFailedError } from "../../lib/session/errors.ts";
import { TriggerError } from "../../lib/errors.ts";
import { sleep } from "../../lib/commando/rate_limiter.ts";

interface Dev extends CommandoTarget {
  platform: string;
}
const DEVICES: Dev[] = [
  { nodeName: "r1", vendor: "cisco", platform: "cisco_ios", address: "10.0.0.1", port: 22 },
  { nodeName: "r2", vendor: "juniper", platform: "juniper_junos", address: "10.0.0.2", port: 22 },
  { nodeName: "r3", vendor: "arista", platform: "arista_eos", address: "10.0.0.3", port: 22 },
  { nodeName: "r4", vendor: "cisco", platform: "cisco_nxos", address: "10.0.0.4", port: 22 },
];
const resolve = (n: string) => {
  const d = DEVICES.find((x) => x.nodeName === n);
  if (!d) throw new TriggerError("DEVICE_NOT_FOUND", `Cannot find device "${n}"`, { host: n });
  return d;
};
const echo = (d: Dev, cmds: readonly string[]) =>
  Promise.resolve(cmds.map((command) => ({ command, output: `${d.nodeName}:${command}` })));

Deno.test("Commando.run() picks hooks by vendor, then platform, then base", async () => {
  const { results, errors } = await new Commando<Dev>({
    devices: ["r1", "r2", "r3", "r4"],
    resolve,
    commands: ["show version"],
    executor: echo,
    hooks: {
      juniper: { commands: (_d, c) => c.map((x) => `${x} | no-more`) },
      arista_eos: { commands: (_d, c) => [...c, "show clock"] },
      base: { parse: (_d, r) => r.output.length },
    },
  }).run();
  // the base hook (parse) applies only where no vendor/platform hook matched
  deepStrictEqual(results, {
    r1: [{ command: "show version", output: "r1:show version", parsed: 15 }],
    r2: [{ command: "show version | no-more", output: "r2:show version | no-more" }],
    r3: [
      { command: "show version", output: "r3:show version" },
      { command: "show clock", output: "r3:show clock" },
    ],
    r4: [{ command: "show version", output: "r4:show version", parsed: 15 }],
  });
  deepStrictEqual(errors, {});
});

Deno.test("Commando keeps every command's result in order, a repeated command each time", async () => {
  let n = 0;
  const { results } = await new Commando<Dev>({
    devices: ["r1"],
    resolve,
    commands: ["show clock", "show version", "show clock", " shutdown", " shutdown"],
    executor: (_d, cmds) =>
      Promise.resolve(cmds.map((command) => ({ command, output: `#${++n}` }))),
    hooks: { base: { parse: (_d, r) => r.output } },
  }).run();
  deepStrictEqual(results.r1!.map((r) => [r.command, r.output, r.parsed]), [
    ["show clock", "#1", "#1"],
    ["show version", "#2", "#2"],
    ["show clock", "#3", "#3"],
    [" shutdown", "#4", "#4"],
    [" shutdown", "#5", "#5"],
  ]);
});

Deno.test("Commando: a failed device says which command failed and keeps the outputs before it", async () => {
  const outcomes: DeviceOutcome[] = [];
  for await (
    const o of new Commando<Dev>({
      devices: ["r1", "r2", "r3"],
      resolve,
      commands: ["show version", "show foo", "show clock"],
      executor: (d, cmds) => {
        if (d.nodeName === "r1") {
          // A CLI session: the results so far, the last one refused by the device.
          const at = (command: string, output: string, failed: boolean) => ({
            command,
            output,
            raw: output,
            failed,
            startedAt: new Date(0),
            elapsedMs: 1,
          });
          return Promise.reject(
            new CommandFailedError("r1", [
              at("show version", "IOS 15", false),
              at("show foo", "         ^\n% Invalid input detected at '^' marker.", true),
            ]),
          );
        }
        if (d.nodeName === "r2") {
          // An executor that knows the command (NETCONF): CommandStepError.
          const cause = new TriggerError("NETCONF_RPC_ERROR", "syntax error", { host: "r2" });
          return Promise.reject(
            new CommandStepError(cause, cmds[1]!, [{ command: cmds[0]!, output: "JUNOS 21" }]),
          );
        }
        return Promise.reject(new TriggerError("AUTH_FAILED", "Cannot log in", { host: "r3" }));
      },
    }).stream()
  ) outcomes.push(o);
  const by = Object.fromEntries(outcomes.map((o) => [o.device, o]));
  const r1 = by.r1!;
  ok(!r1.ok);
  strictEqual(r1.command, "show foo");
  strictEqual(r1.error.code, "COMMAND_FAILED");
  strictEqual(
    r1.error.message,
    `Command "show foo" failed on "r1": % Invalid input detected at '^' marker.`,
    "the device's message, not the caret line",
  );
  deepStrictEqual(r1.results.map((r) => [r.command, r.failed ?? false]), [
    ["show version", false],
    ["show foo", true],
  ]);
  const r2 = by.r2!;
  ok(!r2.ok);
  strictEqual(r2.command, "show foo");
  strictEqual(r2.error.code, "NETCONF_RPC_ERROR");
  deepStrictEqual(r2.results, [{ command: "show version", output: "JUNOS 21" }]);
  const r3 = by.r3!;
  ok(!r3.ok);
  strictEqual(r3.command, undefined, "failed before any command");
  deepStrictEqual(r3.results, []);
});

Deno.test("Commando reports progress from the start: connecting, connected, done", async () => {
  const seen: Progress[] = [];
  const gate = Promise.withResolvers<void>();
  const job = new Commando<Dev>({
    devices: ["r1", "r2", "nope"],
    resolve,
    commands: ["x"],
    maxConns: 2,
    onProgress: (p) => seen.push({ ...p }),
    executor: async (d, c, ctx) => {
      if (d.nodeName === "r1") ctx.connected();
      await gate.promise;
      return echo(d, c);
    },
  });
  const done = (async () => {
    for await (const _ of job.stream()) { /* drain */ }
  })();
  while (!seen.some((p) => p.connected === 1)) await sleep(1);
  // Before any device finished: both started, one reached; the unknown one counts as done.
  const before = seen.at(-1)!;
  deepStrictEqual(
    [before.total, before.done, before.failed, before.connecting, before.connected],
    [3, 1, 1, 1, 1],
  );
  strictEqual(seen[0]!.inFlight, 0, "a first report before anything runs");
  gate.resolve();
  await done;
  const last = seen.at(-1)!;
  deepStrictEqual([last.done, last.failed, last.inFlight, last.connected], [3, 1, 0, 0]);
});

Deno.test("Commando records unknown devices and failures as errors, never throws", async () => {
  const { results, errors } = await new Commando<Dev>({
    devices: ["r1", "nope", DEVICES[1]!],
    resolve,
    commands: ["x"],
    executor: (d, c) =>
      d.nodeName === "r2"
        ? Promise.reject(new TriggerError("AUTH_FAILED", "Cannot log in"))
        : echo(d, c),
  }).run();
  deepStrictEqual(Object.keys(results), ["r1"]);
  strictEqual(errors.nope?.code, "DEVICE_NOT_FOUND");
  strictEqual(errors.r2?.code, "AUTH_FAILED");
});

Deno.test("Commando: a hook that throws fails its device only, and progress counts it", async () => {
  const seen: Progress[] = [];
  const { results, errors } = await new Commando<Dev>({
    devices: DEVICES.slice(0, 3),
    commands: ["x"],
    hooks: {
      juniper: {
        commands: () => {
          throw new TriggerError("INVALID_ARGUMENT", "no command for this platform");
        },
      },
      arista: {
        parse: () => {
          throw new TriggerError("TEMPLATE_ERROR", "a parser that breaks");
        },
      },
    },
    executor: echo,
    onProgress: (p) => seen.push(p),
  }).run();
  deepStrictEqual(Object.keys(results), ["r1"]);
  strictEqual(errors.r2?.code, "INVALID_ARGUMENT");
  strictEqual(errors.r3?.code, "TEMPLATE_ERROR");
  const last = seen.at(-1)!;
  strictEqual(last.done, 3);
  // the hook's refusal counts as failed at once; a parse runs after the device finished
  ok(last.failed >= 1);
});

Deno.test("Commando restricts by vendor and platform, listing skipped devices", async () => {
  const byVendor = await new Commando<Dev>({ devices: DEVICES, executor: echo, vendors: ["Cisco"] })
    .run();
  deepStrictEqual(Object.keys(byVendor.results).sort(), ["r1", "r4"]);
  deepStrictEqual(byVendor.skipped, ["r2", "r3"]);
  const byPlatform = await new Commando<Dev>({
    devices: DEVICES,
    executor: echo,
    platforms: ["cisco_nxos"],
  }).run();
  deepStrictEqual(Object.keys(byPlatform.results), ["r4"]);
});

Deno.test("Commando.stream() yields each device as it finishes, slowest last", async () => {
  const order: string[] = [];
  const outcomes: DeviceOutcome[] = [];
  for await (
    const o of new Commando<Dev>({
      devices: DEVICES,
      commands: ["x"],
      maxConns: 4,
      executor: async (d, c, ctx) => {
        await sleep(d.nodeName === "r1" ? 80 : 5, ctx.signal);
        return echo(d, c);
      },
    }).stream()
  ) {
    order.push(o.device);
    outcomes.push(o);
  }
  strictEqual(order.at(-1), "r1");
  ok(outcomes.every((o) => o.ok));
});

Deno.test("Commando times out a hanging device without holding up the others", async () => {
  const { results, errors } = await new Commando<Dev>({
    devices: DEVICES,
    commands: ["x"],
    timeoutMs: 50,
    executor: (d, c, ctx) =>
      d.nodeName === "r3"
        ? new Promise((_, reject) =>
          ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason))
        )
        : echo(d, c),
  }).run();
  deepStrictEqual(Object.keys(results).sort(), ["r1", "r2", "r4"]);
  strictEqual(errors.r3?.code, "TIMEOUT");
});

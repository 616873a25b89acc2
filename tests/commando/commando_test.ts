import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { Commando, type CommandoTarget, type DeviceOutcome } from "../../lib/commando/commando.ts";
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
  const { results, parsed, errors } = await new Commando<Dev>({
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
  deepStrictEqual(results, {
    r1: { "show version": "r1:show version" },
    r2: { "show version | no-more": "r2:show version | no-more" },
    r3: { "show version": "r3:show version", "show clock": "r3:show clock" },
    r4: { "show version": "r4:show version" },
  });
  // the base hook applies only where no vendor/platform hook matched
  deepStrictEqual(parsed, { r1: { "show version": 15 }, r4: { "show version": 15 } });
  deepStrictEqual(errors, {});
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

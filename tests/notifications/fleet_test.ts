import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { labInventory, startLab } from "../../lib/lab/mod.ts";
import { NetDevices } from "../../lib/netdevices/mod.ts";
import {
  Commando,
  deviceExecutor,
  type DeviceOutcome,
  type ExecutorTarget,
} from "../../lib/commando/mod.ts";
import { fleetSummaryMessage, notify, webhookHandler } from "../../lib/notifications/mod.ts";

Deno.test("fleetSummaryMessage: a Commando job with a failed device, delivered by webhook", async () => {
  await using lab = await startLab({
    devices: 3,
    vendors: ["cisco_ios"],
    faults: "wrongPassword@1",
  });
  const dir = await Deno.makeTempDir({ prefix: "fleet-notify-" });
  const seen: unknown[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    seen.push(await req.json());
    return new Response("ok");
  });
  try {
    await Deno.writeTextFile(`${dir}/known_hosts`, lab.knownHosts());
    const c = lab.credentials;
    const outcomes: DeviceOutcome[] = [];
    const job = new Commando<ExecutorTarget>({
      devices: NetDevices.fromRecords(labInventory(lab)).all(),
      commands: ["show clock"],
      retries: 0,
      executor: deviceExecutor({
        knownHostsPath: `${dir}/known_hosts`,
        loginTimeoutMs: 3000,
        credentials: () => Promise.resolve({ ...c }),
      }),
    });
    for await (const o of job.stream()) outcomes.push(o);
    const message = fleetSummaryMessage(outcomes, {
      job: "run-cmds",
      user: "alice",
      host: "ops1",
      commands: ["show clock"],
    });
    ok(message !== undefined);
    strictEqual(message.subject, "run-cmds: 1 of 3 device(s) failed");
    strictEqual(message.level, "failure");
    match(
      message.body,
      /^run-cmds run by alice on ops1\n\nCommands:\n {2}show clock\n\nFAILED:\n {2}ios-cisco-003: AUTH_FAILED: /,
    );
    match(message.body, /\n2 device\(s\) ok, 1 failed\n$/);
    const url = `http://127.0.0.1:${server.addr.port}/hook`;
    const [r] = await notify(message, [webhookHandler({ url })]);
    strictEqual(r!.ok, true, r!.error);
    const got = seen[0] as {
      subject: string;
      data: { failed: { device: string; code: string }[] };
    };
    strictEqual(got.subject, message.subject);
    deepStrictEqual(got.data.failed.map((f) => [f.device, f.code]), [[
      "ios-cisco-003",
      "AUTH_FAILED",
    ]]);
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("fleetSummaryMessage: nothing to report unless asked; success message with always", () => {
  const all = [{ device: "r1", ok: true as const }, { device: "r2", ok: true as const }];
  strictEqual(fleetSummaryMessage(all, { job: "load-config", user: "bob" }), undefined);
  const m = fleetSummaryMessage(all, { job: "load-config", user: "bob", always: true })!;
  strictEqual(m.subject, "load-config: 2 device(s) ok");
  strictEqual(m.level, "success");
  strictEqual(m.body, "load-config run by bob\n\n2 device(s) ok, 0 failed\n");
  deepStrictEqual(m.data, { job: "load-config", user: "bob", commands: [], ok: 2, failed: [] });
});

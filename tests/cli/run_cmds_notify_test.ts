import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { labDir, trigger } from "./_lab_dir.ts";

Deno.test("trigger run-cmds --parse uses the built-in templates when no template directory exists", async () => {
  await using l = await labDir({ devices: 2, vendors: ["cisco_ios", "arista_eos"], telnet: false });
  const r = await trigger(l.env, [
    "run-cmds",
    "--json",
    "--parse",
    "-c",
    "show version",
    ...l.lab.devices.map((d) => d.name),
  ]);
  strictEqual(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  const [ios] = j.results["ios-cisco-001"];
  strictEqual(ios.command, "show version");
  strictEqual(ios.parsed.length, 1);
  strictEqual(ios.parsed[0].HOSTNAME, "ios-cisco-001");
  ok(/^\d+\.\d+/.test(ios.parsed[0].VERSION), ios.parsed[0].VERSION);
  const [eos] = j.results["eos-arista-001"];
  ok(eos.parsed[0].MODEL, JSON.stringify(eos));
});

Deno.test("trigger run-cmds --notify posts a summary when a device fails, and exit status ignores delivery", async () => {
  const received: unknown[] = [];
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (req) => {
      received.push(await req.json());
      return new Response("ok");
    },
  );
  await using l = await labDir({
    devices: [{ platform: "cisco_ios", name: "good-1" }, {
      platform: "cisco_ios",
      name: "bad-1",
      faults: { wrongPassword: true },
    }],
    telnet: false,
  });
  const settingsPath = `${l.dir}/settings.json`;
  const settings = JSON.parse(await Deno.readTextFile(settingsPath));
  settings.notifications = {
    handlers: [{
      type: "webhook",
      name: "hook",
      url: `http://127.0.0.1:${server.addr.port}/fleet`,
    }],
  };
  await Deno.writeTextFile(settingsPath, JSON.stringify(settings));
  const r = await trigger(l.env, ["run-cmds", "--notify", "-c", "show clock", "good-1", "bad-1"]);
  strictEqual(r.code, 1, r.err); // a device failed
  strictEqual(received.length, 1);
  const msg = JSON.stringify(received[0]);
  match(msg, /1 of 2 device\(s\) failed/);
  match(msg, /bad-1/);
  match(msg, /AUTH_FAILED/);
  ok(!msg.includes(l.lab.credentials.password), "no password in the notification");

  // every device ok: nothing is sent; an unreachable handler never changes the exit status
  settings.notifications = {
    handlers: [{ type: "webhook", name: "down", url: "http://127.0.0.1:1/x" }],
  };
  await Deno.writeTextFile(settingsPath, JSON.stringify(settings));
  const ok1 = await trigger(l.env, ["run-cmds", "--notify", "-c", "show clock", "good-1"]);
  strictEqual(ok1.code, 0, ok1.err);
  const bad = await trigger(l.env, ["run-cmds", "--notify", "-c", "show clock", "bad-1"]);
  strictEqual(bad.code, 1);
  match(bad.err, /notification via down failed/);
  deepStrictEqual(received.length, 1);
});

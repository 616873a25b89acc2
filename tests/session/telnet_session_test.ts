/**
 * Full sessions over Telnet through the session layer (`TRANSPORTS.telnet`:
 * connectTelnet + telnetLogin, then the prompt engine): against the lab's
 * Telnet emulators of several platforms and against real inetutils telnetd.
 */
import { deepStrictEqual, match, ok, rejects, strictEqual } from "node:assert/strict";
import { startLab } from "../../lib/lab/mod.ts";
import { CommandFailedError, execute, openSession } from "../../lib/session/mod.ts";
import { isTriggerError } from "../../lib/errors.ts";
import { startTelnetd } from "../_servers/telnetd.ts";

const TIMEOUTS = { connectTimeoutMs: 3000, loginTimeoutMs: 6000, commandTimeoutMs: 4000 };

/** Every Telnet-capable platform → [platform, version command, expected output, invalid command]. */
const LAB_CASES: [string, string, RegExp, string][] = [
  ["cisco_ios", "show version", /^Cisco IOS Software/, "show bogus"],
  ["arista_eos", "show version", /Arista/, "show bogus"],
  ["cisco_nxos", "show version", /NX-OS/, "show bogus"],
  ["cisco_asa", "show version", /Adaptive Security Appliance/, "show bogus"],
  ["juniper_junos", "show version", /^Hostname: /, "show bogus"],
  ["brocade_mlx", "show version", /NetIron|MLX/, "show bogus"],
  ["foundry_fastiron", "show version", /FastIron|ICX|Foundry/, "show bogus"],
  ["dell_powerconnect", "show version", /Image|PowerConnect|Version/, "show bogus"],
  ["aruba_aos", "show version", /ArubaOS/, "show bogus"],
  ["a10_acos", "show version", /ACOS/, "show bogus"],
  ["brocade_adx", "show version", /ServerIron|ADX/, "show bogus"],
  ["brocade_vdx", "show version", /Network Operating System|VDX/, "show bogus"],
  ["cisco_iosxr", "show version", /IOS XR/, "show bogus"],
  ["juniper_screenos", "get system", /Product Name|ScreenOS|Serial/, "get bogus"],
];

Deno.test("execute() over Telnet against the lab's Telnet emulators", async (t) => {
  await using lab = await startLab({
    devices: LAB_CASES.map(([platform]) => ({
      platform,
      name: `tn-${platform.replace("_", "-")}`,
    })),
  });
  const c = lab.credentials;
  const options = {
    credentials: { username: c.username, password: c.password, enablePassword: c.enablePassword },
    ...TIMEOUTS,
  };
  for (const [platform, version, re, invalid] of LAB_CASES) {
    await t.step(platform, async () => {
      const dev = lab.devices.find((d) => d.platform === platform)!;
      const target = {
        name: dev.name,
        address: dev.address,
        port: dev.ports.telnet,
        platform,
        transport: "telnet" as const,
      };
      const results = await execute(target, [version, version], options);
      strictEqual(results.length, 2);
      match(results[0]!.output, re);
      strictEqual(results[0]!.output, results[1]!.output);
      ok(!/--\s?more\s?--/i.test(results[0]!.output), "paging was turned off");
      ok(!results[0]!.output.includes(c.password), "no secrets in the output");
      await rejects(execute(target, [version, invalid], options), (e) => {
        ok(e instanceof CommandFailedError, String(e));
        deepStrictEqual(e.results.map((r) => r.command), [version, invalid]);
        return true;
      });
    });
  }
  await t.step("a wrong password over Telnet is AUTH_FAILED", async () => {
    const dev = lab.devices[0]!;
    await rejects(
      execute(
        {
          name: dev.name,
          address: dev.address,
          port: dev.ports.telnet,
          platform: dev.platform,
          transport: "telnet",
        },
        ["show version"],
        { ...options, credentials: { ...options.credentials, password: "not-the-password" } },
      ),
      (e) => isTriggerError(e, "AUTH_FAILED") && !String(e).includes("not-the-password"),
    );
  });
});

Deno.test("a session over Telnet to real inetutils telnetd (device-like login program)", async (t) => {
  const login = { username: "netops", password: "tel-s3cret", enablePassword: "en-s3cret" };
  await using srv = await startTelnetd({ login: { ...login, hostname: "edge1" } });
  const target = {
    name: "edge1",
    address: "127.0.0.1",
    port: srv.port,
    platform: "cisco_ios",
    transport: "telnet" as const,
  };
  const options = { credentials: login, ...TIMEOUTS, loginTimeoutMs: 15_000 };
  await t.step("login, enable with the enable secret, commands", async () => {
    await using s = await openSession(target, options);
    strictEqual(s.transport.kind, "telnet");
    strictEqual(s.mode, "privileged");
    strictEqual(s.prompt, "edge1#");
    const r = await s.send("show version");
    strictEqual(r.output, "Fake IOS Software, Version 15.2(4)E10\nuptime is 1 day");
    strictEqual(r.failed, false);
    await s.enterMode("exec");
    strictEqual(s.prompt, "edge1>");
  });
  await t.step("execute(): CommandFailedError, then withErrors", async () => {
    await rejects(
      execute(target, ["show version", "show bogus"], options),
      (e) => e instanceof CommandFailedError && e.result.command === "show bogus",
    );
    const rs = await execute(target, ["show bogus", "show version"], {
      ...options,
      withErrors: true,
    });
    deepStrictEqual(rs.map((r) => r.failed), [true, false]);
  });
  await t.step("wrong enable password: AUTH_FAILED", async () => {
    await rejects(
      openSession(target, { ...options, credentials: { ...login, enablePassword: "nope" } }),
      (e) => isTriggerError(e, "AUTH_FAILED"),
    );
  });
});

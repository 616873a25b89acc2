/**
 * Client-side conformance: every built-in platform profile against the lab's
 * independently written emulator of that platform (over SSH): log in, paging
 * off, enable, a `show version`, configuration mode in and out, and an invalid
 * command raising `CommandFailedError`.
 */
import { match, ok, rejects, strictEqual } from "node:assert/strict";
import { startLab } from "../../lib/lab/mod.ts";
import { CommandFailedError, execute, openSession } from "../../lib/session/mod.ts";
import { listPlatforms } from "../../lib/platforms/mod.ts";

interface Case {
  /** The version command and what its output starts with / contains. */
  version: [string, RegExp];
  /** A command the platform rejects. */
  invalid: string;
  /** Configuration mode name, when the platform has one. */
  config?: string;
  /** A command with enough output to page. */
  long?: string;
}

const CASES: Record<string, Case> = {
  "a10_acos": { version: ["show version", /ACOS/], invalid: "show bogus", config: "configuration" },
  "arista_eos": {
    version: ["show version", /Arista/],
    invalid: "show bogus",
    config: "configuration",
  },
  "aruba_aos": {
    version: ["show version", /ArubaOS/],
    invalid: "show bogus",
    config: "configuration",
  },
  "brocade_adx": {
    version: ["show version", /ServerIron|ADX/],
    invalid: "show bogus",
    config: "configuration",
  },
  "brocade_mlx": {
    version: ["show version", /NetIron|MLX/],
    invalid: "show bogus",
    config: "configuration",
  },
  "brocade_vdx": {
    version: ["show version", /Network Operating System|VDX/],
    invalid: "show bogus",
    config: "configuration",
  },
  "cisco_asa": {
    version: ["show version", /Adaptive Security Appliance/],
    invalid: "show bogus",
    config: "configuration",
  },
  "cisco_ios": {
    version: ["show version", /^Cisco IOS Software/],
    invalid: "show bogus",
    config: "configuration",
  },
  "cisco_iosxr": {
    version: ["show version", /IOS XR/],
    invalid: "show bogus",
    config: "configuration",
  },
  "cisco_nxos": {
    version: ["show version", /NX-OS/],
    invalid: "show bogus",
    config: "configuration",
  },
  "citrix_netscaler": { version: ["show ns version", /NetScaler/], invalid: "show bogus" },
  "dell_powerconnect": {
    version: ["show version", /Image|PowerConnect|Version/],
    invalid: "show bogus",
    config: "configuration",
  },
  "foundry_fastiron": {
    version: ["show version", /FastIron|ICX|Foundry/],
    invalid: "show bogus",
    config: "configuration",
  },
  "juniper_junos": {
    version: ["show version", /^Hostname: /],
    invalid: "show bogus",
    config: "configuration",
  },
  "juniper_screenos": {
    version: ["get system", /Product Name|ScreenOS|Serial/],
    invalid: "get bogus",
  },
};

Deno.test("every platform profile works against the lab's emulator of that platform", async (t) => {
  const ids = listPlatforms();
  strictEqual(ids.length, 15);
  await using lab = await startLab({
    devices: ids.map((platform) => ({ platform, name: `conf-${platform.replace("_", "-")}` })),
    telnet: false,
  });
  const dir = await Deno.makeTempDir({ prefix: "conformance-" });
  await Deno.writeTextFile(`${dir}/known_hosts`, lab.knownHosts());
  const c = lab.credentials;
  const options = {
    credentials: { username: c.username, password: c.password, enablePassword: c.enablePassword },
    knownHostsPath: `${dir}/known_hosts`,
    connectTimeoutMs: 3000,
    loginTimeoutMs: 5000,
    commandTimeoutMs: 4000,
  };
  try {
    for (const id of ids) {
      const cs = CASES[id];
      ok(cs, `a conformance case for ${id}`);
      const dev = lab.devices.find((d) => d.platform === id)!;
      const target = { name: dev.name, address: dev.address, port: dev.ports.ssh, platform: id };
      await t.step(id, async () => {
        let log = "";
        await using s = await openSession(target, { ...options, onData: (x: string) => log += x });
        try {
          const [cmd, re] = cs.version;
          const r = await s.send(cmd);
          strictEqual(r.failed, false, r.output);
          match(r.output, re);
          ok(!/--\s?more\s?--|---\(more/i.test(r.output), `no pager artefacts:\n${r.output}`);
          ok(!r.output.includes(dev.name + (id === "juniper_junos" ? ">" : "#")), "no prompt");
          const running = await s.send(
            id === "citrix_netscaler" ? "show ns runningConfig" : (
              id === "juniper_junos" ? "show configuration" : (
                id === "juniper_screenos" ? "get config" : "show running-config"
              )
            ),
          );
          ok(running.output.split("\n").length > 5, running.output);
          ok(!/--\s?more\s?--|---\(more/i.test(running.output), running.output);
          const home = s.mode;
          if (cs.config) {
            await s.enterMode(cs.config);
            strictEqual(s.mode, cs.config);
            await s.enterMode(home!);
            strictEqual(s.mode, home);
          }
          await rejects(s.sendMany([cs.invalid]), (e) => {
            ok(e instanceof CommandFailedError, String(e));
            strictEqual(e.result.command, cs.invalid);
            return true;
          });
          strictEqual(s.mode, home);
        } catch (e) {
          throw new Error(`${id}: ${e}\nlast output: ${JSON.stringify(log.slice(-800))}`, {
            cause: e,
          });
        }
      });
    }
    await t.step("execute() opens, runs and closes on every platform at once", async () => {
      const all = await Promise.all(ids.map((id) => {
        const dev = lab.devices.find((d) => d.platform === id)!;
        return execute(
          { name: dev.name, address: dev.address, port: dev.ports.ssh, platform: id },
          [CASES[id]!.version[0]],
          options,
        );
      }));
      all.forEach((rs, i) => match(rs[0]!.output, CASES[ids[i]!]!.version[1]));
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

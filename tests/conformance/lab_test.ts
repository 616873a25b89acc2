/**
 * Client-side conformance: every built-in platform profile against the lab's
 * independently written emulator of that platform (over SSH): log in, paging
 * off, enable, the version and running configuration, the configuration mode
 * in and out, a configuration line typed and committed, a save, and a
 * rejected command raising `CommandFailedError`. Also: the emulator's
 * inventory facts (manufacturer, type, make, model, OS) map to the platform.
 */
import { deepStrictEqual, match, ok, rejects, strictEqual } from "node:assert/strict";
import { LAB_PLATFORM_IDS, startLab } from "../../lib/lab/mod.ts";
import {
  CommandFailedError,
  configure,
  execute,
  openSession,
  type Session,
} from "../../lib/session/mod.ts";
import { BUILTIN_PLATFORMS, getPlatform, type PlatformId } from "../../lib/platforms/mod.ts";
import { NetDevice } from "../../lib/netdevices/mod.ts";
import { CASES } from "./cases.ts";

const ids = Object.keys(BUILTIN_PLATFORMS).sort() as PlatformId[];
const PAGER = /--\s?more\s?--|---\(more|---\(less/i;

async function check(s: Session, id: PlatformId): Promise<void> {
  const cs = CASES[id];
  const profile = getPlatform(id);
  const r = await s.send(profile.commands.version);
  strictEqual(r.failed, false, r.output);
  match(r.output, cs.version);
  ok(!PAGER.test(r.output), `no pager artefacts:\n${r.output}`);
  ok(!r.output.includes(s.prompt.trim()), "no prompt in the output");
  const running = await s.send(profile.commands.runningConfig);
  ok(running.output.split("\n").length > 5, running.output);
  ok(!PAGER.test(running.output), running.output);
  const home = s.mode!;
  const { configMode } = profile.management;
  if (configMode !== home) {
    await s.enterMode(configMode);
    strictEqual(s.mode, configMode);
    await s.enterMode(home);
    strictEqual(s.mode, home);
  }
  const [line, shows] = cs.config;
  const typed = await configure(s, [line]);
  ok(typed.every((x) => !x.failed), JSON.stringify(typed));
  strictEqual(s.mode, home);
  match((await s.send(profile.commands.runningConfig)).output, shows);
  for (const saved of await s.saveConfig()) strictEqual(saved.failed, false, saved.output);
  strictEqual(s.mode, home);
  await rejects(s.sendMany([cs.invalid]), (e) => {
    ok(e instanceof CommandFailedError, String(e));
    strictEqual(e.result.command, cs.invalid);
    return true;
  });
  strictEqual(s.mode, home);
}

Deno.test("every platform profile works against the lab's emulator of that platform", async (t) => {
  deepStrictEqual([...LAB_PLATFORM_IDS].sort(), ids, "one emulator per platform");
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
  const target = (id: PlatformId) => {
    const dev = lab.devices.find((d) => d.platform === id)!;
    return { name: dev.name, address: dev.address, port: dev.ports.ssh, platform: id };
  };
  try {
    for (const id of ids) {
      await t.step(id, async () => {
        let log = "";
        await using s = await openSession(target(id), { ...options, onData: (x) => log += x });
        try {
          await check(s, id);
        } catch (e) {
          throw new Error(`${id}: ${e}\nlast output: ${JSON.stringify(log.slice(-800))}`, {
            cause: e,
          });
        }
      });
    }
    await t.step("execute() opens, runs and closes on every platform at once", async () => {
      const all = await Promise.all(
        ids.map((id) => execute(target(id), [getPlatform(id).commands.version], options)),
      );
      all.forEach((rs, i) => match(rs[0]!.output, CASES[ids[i]!].version));
    });
    await t.step("each emulator's inventory facts map to its platform", () => {
      for (const d of lab.devices) {
        const { manufacturer, deviceType, make, model, operatingSystem } = d.inventory;
        const dev = new NetDevice({
          nodeName: d.name,
          manufacturer,
          deviceType,
          make,
          model,
          operatingSystem,
        });
        strictEqual(dev.platform, d.platform, `${d.name}: ${JSON.stringify(d.inventory)}`);
      }
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

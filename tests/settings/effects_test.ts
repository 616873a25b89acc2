/**
 * Settings shown acting where they are consumed (the ones no other test
 * shows): inventory, vendors and types, ports, bounce and autoacl files,
 * .gorc allow-list, and the fleet verbs' connect/command timeouts and
 * parallelism through the CLI against the lab.
 */
import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { isTriggerError } from "../../lib/errors.ts";
import { loadSettings, type Settings } from "../../lib/settings/mod.ts";
import { NetDevices } from "../../lib/netdevices/net_devices.ts";
import { NetDevice } from "../../lib/netdevices/net_device.ts";
import { canonicalVendor } from "../../lib/netdevices/vendor.ts";
import { loadAutoAclRules, loadBouncePolicy } from "../../lib/resources/mod.ts";
import { loadGorc } from "../../lib/gorc/mod.ts";
import { labDir, trigger } from "../cli/_lab_dir.ts";

const FIXTURES = new URL("../_fixtures/inventory/", import.meta.url).pathname;

/** Settings from `values` in a settings file in `dir`, plus environment variables. */
function settingsIn(
  dir: string,
  values: Record<string, unknown>,
  env: Record<string, string> = {},
) {
  Deno.writeTextFileSync(`${dir}/settings.json`, JSON.stringify(values));
  return loadSettings({ path: `${dir}/settings.json`, env: { HOME: dir, ...env } });
}

async function inDir<T>(fn: (dir: string) => T | Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "trigger-effects-" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const device = (record: Record<string, string>, settings: Settings) =>
  new NetDevice({ nodeName: "d1", ...record }, { settings });

Deno.test("inventory settings act on NetDevices.load and NetDevice", async (t) => {
  await t.step(
    "prefix and netdevicesSource: the inventory is read from the prefix",
    () =>
      inDir(async (dir) => {
        await Deno.mkdir(`${dir}/etc`);
        await Deno.writeTextFile(
          `${dir}/etc/netdevices.json`,
          JSON.stringify([{ nodeName: "p1" }]),
        );
        await Deno.writeTextFile(`${dir}/etc/other.json`, JSON.stringify([{ nodeName: "o1" }]));
        const byPrefix = await NetDevices.load({
          settings: settingsIn(dir, { prefix: `${dir}/etc` }),
        });
        deepStrictEqual(byPrefix.all().map((d) => d.nodeName), ["p1"]);
        const bySource = await NetDevices.load({
          settings: settingsIn(dir, { prefix: `${dir}/etc`, netdevicesSource: "other.json" }),
        });
        deepStrictEqual(bySource.all().map((d) => d.nodeName), ["o1"]);
      }),
  );
  await t.step("netdevicesLoaders: only the listed loaders are tried", () =>
    inDir(async (dir) => {
      const settings = settingsIn(dir, { netdevicesLoaders: ["csv"] });
      await rejects(
        NetDevices.load({ settings, source: `${FIXTURES}netdevices.xml` }),
        (e) => isTriggerError(e, "INVENTORY_INVALID"),
      );
      const xml = settingsIn(dir, { netdevicesLoaders: ["xml"] });
      ok((await NetDevices.load({ settings: xml, source: `${FIXTURES}netdevices.xml` })).size > 0);
    }));
  await t.step(
    "rancidRecurseSubdirs: a single router.db is read as a multi-instance tree",
    () =>
      inDir(async (dir) => {
        const source = `${FIXTURES}rancid_single`;
        ok((await NetDevices.load({ settings: settingsIn(dir, {}), source })).size > 0);
        await rejects(
          NetDevices.load({ settings: settingsIn(dir, { rancidRecurseSubdirs: true }), source }),
          (e) => isTriggerError(e, "INVENTORY_INVALID"),
        );
      }),
  );
  await t.step(
    "supportedTypes: a router.db type column is a device type only if listed",
    () =>
      inDir(async (dir) => {
        await Deno.writeTextFile(`${dir}/router.db`, "olt1;cisco;up;DWDM\n");
        const source = `${dir}/router.db`;
        const listed = await NetDevices.load({ settings: settingsIn(dir, {}), source });
        strictEqual(listed.all()[0]!.deviceType, "DWDM");
        const other = await NetDevices.load({
          settings: settingsIn(dir, { supportedTypes: ["ROUTER", "SWITCH"] }),
          source,
        });
        strictEqual(other.all()[0]!.deviceType, "ROUTER");
      }),
  );
  await t.step(
    "defaultAdminStatus, fallbackManufacturer, fallbackType, defaultTypes",
    () =>
      inDir((dir) => {
        const s = settingsIn(dir, {
          defaultAdminStatus: "NON-PRODUCTION",
          fallbackManufacturer: "ACME",
          fallbackType: "FIREWALL",
          defaultTypes: { cisco: "SWITCH" },
        });
        const bare = device({}, s);
        strictEqual(bare.adminStatus, "NON-PRODUCTION");
        strictEqual(bare.manufacturer, "ACME");
        strictEqual(bare.deviceType, "FIREWALL");
        strictEqual(device({ manufacturer: "CISCO SYSTEMS" }, s).deviceType, "SWITCH");
        strictEqual(device({}, settingsIn(dir, {})).adminStatus, "PRODUCTION");
      }),
  );
  await t.step(
    "supportedPlatforms: a listed vendor is recognised in a manufacturer string",
    () =>
      inDir((dir) => {
        strictEqual(
          canonicalVendor("Acme Optical Widgets", settingsIn(dir, {})),
          "acme_optical_widgets",
        );
        const s = settingsIn(dir, { supportedPlatforms: { acme: ["SWITCH"] } });
        strictEqual(canonicalVendor("Acme Optical Widgets", s), "acme");
      }),
  );
  await t.step("iosLikeVendors: which vendors count as IOS-like", () =>
    inDir((dir) => {
      strictEqual(device({ manufacturer: "ARISTA NETWORKS" }, settingsIn(dir, {})).isIosLike, true);
      const s = settingsIn(dir, { iosLikeVendors: ["cisco"] });
      strictEqual(device({ manufacturer: "ARISTA NETWORKS" }, s).isIosLike, false);
    }));
  await t.step(
    "telnetPortDefault: the port of a Telnet-first device without one",
    () =>
      inDir((dir) => {
        const s = settingsIn(dir, {}, { TELNET_PORT: "2323" });
        strictEqual(device({ connectProtocol: "telnet" }, s).port, 2323);
      }),
  );
});

Deno.test("bounceFile and bounceDefaultTimezone shape the bounce policy", () =>
  inDir(async (dir) => {
    const zoned = await loadBouncePolicy(settingsIn(dir, {}, { BOUNCE_DEFAULT_TZ: "Asia/Tokyo" }));
    strictEqual(zoned.windowFor({ nodeName: "r1" }).timeZone, "Asia/Tokyo");
    await Deno.writeTextFile(`${dir}/b.json`, JSON.stringify({ default: { green: "0-23" } }));
    const file = await loadBouncePolicy(settingsIn(dir, { bounceFile: "b.json" }));
    strictEqual(file.source, `${dir}/b.json`);
    await rejects(
      loadBouncePolicy(settingsIn(dir, { bounceFile: "missing.json" })),
      (e) => isTriggerError(e, "SETTINGS_INVALID") && e.message.includes("missing.json"),
    );
  }));

Deno.test("autoaclFile and validOwners decide the implicit ACLs", () =>
  inDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/rules.json`,
      JSON.stringify({ rules: [{ match: { site: "NYC" }, acls: ["edge-in"] }] }),
    );
    const ours = { nodeName: "r1", site: "NYC", owningTeam: "neteng" };
    const theirs = { nodeName: "r2", site: "NYC", owningTeam: "voice" };
    const rules = await loadAutoAclRules(settingsIn(dir, { autoaclFile: "rules.json" }));
    deepStrictEqual([...rules(ours, [])], ["edge-in"]);
    deepStrictEqual([...rules(theirs, [])], ["edge-in"]);
    const owned = await loadAutoAclRules(
      settingsIn(dir, { autoaclFile: "rules.json", validOwners: ["NetEng"] }),
    );
    deepStrictEqual([...owned(ours, [])], ["edge-in"]);
    deepStrictEqual([...owned(theirs, [])], []);
    deepStrictEqual([...(await loadAutoAclRules(settingsIn(dir, {})))(ours, [])], []);
  }));

Deno.test("gorcAllowedCommands: the first words a .gorc may use", () =>
  inDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/gorc`, "[init_commands]\ncisco:\n    configure terminal\n");
    await rejects(
      loadGorc(`${dir}/gorc`, { allowed: settingsIn(dir, {}).gorcAllowedCommands }),
      /"configure" is not allowed/,
    );
    const s = settingsIn(dir, { gorcAllowedCommands: ["show", "configure"] });
    const g = await loadGorc(`${dir}/gorc`, { allowed: s.gorcAllowedCommands });
    deepStrictEqual(g.commandsFor("cisco"), ["configure terminal"]);
  }));

Deno.test("commandoMaxConns, commandTimeoutMs, connectTimeoutMs act on run-cmds", async (t) => {
  await using w = await labDir({
    devices: [
      { platform: "cisco_ios", name: "r1" },
      { platform: "cisco_ios", name: "r2" },
      { platform: "cisco_ios", name: "r3" },
      { platform: "cisco_ios", name: "slow", faults: { slowOutput: 10 } },
      { platform: "cisco_ios", name: "mute", faults: { hang: "connect" } },
    ],
    telnet: false,
  });
  /** `run-cmds -c "show version" DEVICE --json` with `env`: the device's error. */
  const failure = async (env: Record<string, string>, device: string) => {
    const r = await trigger({ ...w.env, ...env }, [
      "run-cmds",
      "-c",
      "show version",
      device,
      "--json",
    ]);
    strictEqual(r.code, 1, r.err);
    const parsed = JSON.parse(r.out) as {
      errors: Record<string, { code: string; message: string }>;
    };
    return parsed.errors[device]!;
  };
  await t.step("COMMANDO_MAX_CONNS=1: one device at a time", async () => {
    const before = w.lab.sshConnections().peak;
    strictEqual(before, 0);
    const r = await trigger({ ...w.env, COMMANDO_MAX_CONNS: "1" }, [
      "run-cmds",
      "-c",
      "show version",
      "r1",
      "r2",
      "r3",
    ]);
    strictEqual(r.code, 0, r.err);
    strictEqual(w.lab.sshConnections().peak, 1);
  });
  await t.step("COMMAND_TIMEOUT_MS: a command that outlasts it is a TIMEOUT", async () => {
    // the slow device drips a byte every 100 ms: silence longer than 40 ms
    const e = await failure({ COMMAND_TIMEOUT_MS: "40" }, "slow");
    strictEqual(e.code, "TIMEOUT", e.message);
    ok(e.message.includes("Timed out after 40 ms"), e.message);
  });
  await t.step("CONNECT_TIMEOUT_MS: a port that never speaks SSH fails that fast", async () => {
    const t0 = performance.now();
    const e = await failure({ CONNECT_TIMEOUT_MS: "500" }, "mute");
    strictEqual(e.code, "TIMEOUT", e.message);
    ok(e.message.includes("within 500 ms"), e.message);
    ok(performance.now() - t0 < 20_000, "not the 20 s login timeout");
  });
});

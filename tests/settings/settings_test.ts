import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { builtinSettings, loadSettings, settingsPath } from "../../lib/settings/mod.ts";
import { isTriggerError } from "../../lib/errors.ts";

function withDir(fn: (dir: string) => void): void {
  const dir = Deno.makeTempDirSync({ prefix: "trigger-settings-" });
  try {
    fn(dir);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

function write(dir: string, data: unknown): string {
  const p = `${dir}/settings.json`;
  Deno.writeTextFileSync(p, typeof data === "string" ? data : JSON.stringify(data, null, 2));
  return p;
}

function settingsError(fn: () => unknown, ...parts: string[]): void {
  throws(fn, (e: unknown) => {
    ok(isTriggerError(e, "SETTINGS_INVALID"), `not SETTINGS_INVALID: ${e}`);
    for (const p of parts) ok(e.message.includes(p), `"${e.message}" lacks "${p}"`);
    return true;
  });
}

Deno.test("settingsPath() follows TRIGGER_SETTINGS, then XDG_CONFIG_HOME, then HOME", () => {
  deepStrictEqual(settingsPath({ TRIGGER_SETTINGS: "/x/s.json", HOME: "/h" }), {
    path: "/x/s.json",
    explicit: true,
  });
  strictEqual(
    settingsPath({ XDG_CONFIG_HOME: "/cfg", HOME: "/h" }).path,
    "/cfg/trigger/settings.json",
  );
  strictEqual(settingsPath({ HOME: "/h" }).path, "/h/.config/trigger/settings.json");
});

Deno.test("loadSettings() without a file gives the defaults, relative to the config dir", () => {
  withDir((dir) => {
    const s = loadSettings({ env: { HOME: dir } });
    strictEqual(s.file, null);
    strictEqual(s.prefix, `${dir}/.config/trigger`);
    deepStrictEqual(s.netdevicesSource, [`${dir}/.config/trigger/netdevices.json`]);
    deepStrictEqual(s.netdevicesLoaders, ["json", "xml", "sqlite", "rancid", "csv", "netbox"]);
    strictEqual(s.tacacsrc, `${dir}/.tacacsrc.json`);
    strictEqual(s.tacacsrcKeyfile, `${dir}/.tacacsrc.key`);
    strictEqual(s.legacyTacacsrc, `${dir}/.tacacsrc`);
    strictEqual(s.legacyTacacsrcKeyfile, `${dir}/.config/trigger/.tackf`);
    strictEqual(s.bounceDefaultTimezone, "America/New_York");
    strictEqual(s.defaultRealm, "default");
    strictEqual(s.sshPortDefault, 22);
    strictEqual(s.telnetFallback, true);
    strictEqual(s.vendorMap["CISCO SYSTEMS"], "cisco");
    strictEqual(s.defaultTypes.paloalto, "FIREWALL");
    ok(Object.isFrozen(s) && Object.isFrozen(s.vendorMap) && Object.isFrozen(s.netdevicesSource));
  });
});

Deno.test("loadSettings() reads the file: paths relative to it, maps merged, custom kept", () => {
  withDir((dir) => {
    const path = write(dir, {
      netdevicesSource: ["inventory/devices.csv", "https://netbox.example.com/?site=nyc"],
      netdevicesLoaders: "csv",
      tacacsrc: "~/creds/.tacacsrc",
      bounceDefaultTimezone: "Europe/London",
      vendorMap: { "acme networks": "acme" },
      defaultTypes: { acme: "SWITCH" },
      supportedPlatforms: { acme: "SWITCH" },
      validOwners: "neteng",
      commandoMaxConns: 50,
      telnetFallback: false,
      notifications: { handlers: ["email"], smtp: { host: "localhost" } },
      custom: { anything: [1, 2, 3] },
    });
    const s = loadSettings({ path, env: { HOME: "/home/ann" } });
    strictEqual(s.file, path);
    deepStrictEqual(s.netdevicesSource, [
      `${dir}/inventory/devices.csv`,
      "https://netbox.example.com/?site=nyc",
    ]);
    deepStrictEqual(s.netdevicesLoaders, ["csv"]);
    strictEqual(s.tacacsrc, "/home/ann/creds/.tacacsrc");
    strictEqual(s.bounceDefaultTimezone, "Europe/London");
    strictEqual(s.vendorMap["ACME NETWORKS"], "acme");
    strictEqual(s.vendorMap["CISCO SYSTEMS"], "cisco", "built-in entries kept");
    deepStrictEqual(s.supportedPlatforms.acme, ["SWITCH"]);
    deepStrictEqual(s.validOwners, ["neteng"], "a bare string becomes a list");
    strictEqual(s.commandoMaxConns, 50);
    strictEqual(s.telnetFallback, false);
    deepStrictEqual(s.notifications, { handlers: ["email"], smtp: { host: "localhost" } });
    deepStrictEqual(s.custom, { anything: [1, 2, 3] });
  });
});

Deno.test("loadSettings() environment variables override the file", async (t) => {
  await t.step("every kind of variable", () => {
    withDir((dir) => {
      const path = write(dir, { commandoMaxConns: 5, tacacsrc: "/file/tacacsrc" });
      const s = loadSettings({
        path,
        env: {
          HOME: dir,
          COMMANDO_MAX_CONNS: "64",
          TACACSRC: "/env/tacacsrc",
          TACACSRC_KEYFILE: "/env/tackf",
          NETDEVICES_SOURCE: "/data/netdevices.xml",
          NETDEVICES_LOADERS: "xml, json",
          BOUNCE_FILE: "/env/bounce.json",
          AUTOACL_FILE: "/env/autoacl.json",
          RANCID_RECURSE_SUBDIRS: "1",
          TELNET_ENABLED: "no",
          SSH_PORT: "2222",
          VALID_OWNERS: "a,b",
          VENDOR_MAP: '{"WIDGET CORP": "widget"}',
          REDIS_URL: "redis://10.0.0.1:6380/2",
          BOUNCE_DEFAULT_TZ: "Asia/Tokyo",
        },
      });
      strictEqual(s.commandoMaxConns, 64);
      strictEqual(s.tacacsrc, "/env/tacacsrc");
      strictEqual(s.tacacsrcKeyfile, "/env/tackf");
      deepStrictEqual(s.netdevicesSource, ["/data/netdevices.xml"]);
      deepStrictEqual(s.netdevicesLoaders, ["xml", "json"]);
      strictEqual(s.bounceFile, "/env/bounce.json");
      strictEqual(s.autoaclFile, "/env/autoacl.json");
      strictEqual(s.rancidRecurseSubdirs, true);
      strictEqual(s.telnetFallback, false);
      strictEqual(s.sshPortDefault, 2222);
      deepStrictEqual(s.validOwners, ["a", "b"]);
      strictEqual(s.vendorMap["WIDGET CORP"], "widget");
      strictEqual(s.redisUrl, "redis://10.0.0.1:6380/2");
      strictEqual(s.bounceDefaultTimezone, "Asia/Tokyo");
    });
  });
  await t.step("NETDEVICES_SOURCE as a JSON list, TRIGGER_SETTINGS and TRIGGER_PREFIX", () => {
    withDir((dir) => {
      const path = write(dir, {});
      const s = loadSettings({
        env: {
          HOME: dir,
          TRIGGER_SETTINGS: path,
          TRIGGER_PREFIX: "/srv/trigger",
          NETDEVICES_SOURCE: '["a.json", "/abs/b.csv"]',
        },
      });
      strictEqual(s.file, path);
      strictEqual(s.prefix, "/srv/trigger");
      // a relative path typed in the environment is relative to the user's directory
      deepStrictEqual(s.netdevicesSource, [`${Deno.cwd()}/a.json`, "/abs/b.csv"]);
      strictEqual(s.autoaclFile, "/srv/trigger/autoacl.json");
    });
  });
});

Deno.test("loadSettings() rejects bad values naming key, origin and expectation", async (t) => {
  const cases: [string, unknown, string][] = [
    ["commandoMaxConns", "abc", 'expected a positive integer, got "abc"'],
    ["commandoMaxConns", 0, "expected a positive integer, got 0"],
    ["sshPortDefault", 70000, "expected an integer from 1 to 65535"],
    ["bounceDefaultTimezone", "US/Nowhere", "expected an IANA time zone"],
    ["bounceDefaultColor", "blue", 'expected one of "green", "yellow", "red"'],
    ["telnetFallback", "yes", "expected true or false"],
    ["netdevicesLoaders", ["json", "yaml"], "expected a non-empty list of loader names"],
    ["netdevicesSource", [], "expected a path or URL"],
    ["vendorMap", { CISCO: 1 }, "expected an object of strings"],
    ["redisUrl", "http://x", "expected a URL (redis, rediss)"],
    ["notifications", [1], "expected an object"],
    ["custom", "x", "expected an object"],
  ];
  for (const [key, value, expected] of cases) {
    await t.step(`${key} = ${JSON.stringify(value)}`, () => {
      withDir((dir) => {
        const path = write(dir, { [key]: value });
        settingsError(
          () => loadSettings({ path, env: { HOME: dir } }),
          `Cannot use setting "${key}" from "${path}"`,
          expected,
        );
      });
    });
  }
  await t.step("from an environment variable", () => {
    settingsError(
      () => loadSettings({ env: { HOME: "/nonexistent", SSH_PORT: "ssh" } }),
      'Cannot use setting "sshPortDefault" from environment variable SSH_PORT',
      'got "ssh"',
    );
  });
});

Deno.test("loadSettings() rejects unknown keys with a suggestion, allows them under custom", () => {
  withDir((dir) => {
    let path = write(dir, { comandoMaxConns: 3 });
    settingsError(
      () => loadSettings({ path, env: {} }),
      '"comandoMaxConns"',
      'did you mean "commandoMaxConns"',
    );
    path = write(dir, { NETDEVICES_SOURCE: "/x.json" });
    settingsError(() => loadSettings({ path, env: {} }), 'did you mean "netdevicesSource"');
    path = write(dir, { custom: { comandoMaxConns: 3 } });
    strictEqual(loadSettings({ path, env: {} }).custom.comandoMaxConns, 3);
  });
});

Deno.test("loadSettings() reports malformed and missing files", () => {
  withDir((dir) => {
    const path = write(dir, '{\n  "commandoMaxConns": 5,\n  "defaultRealm": }\n');
    settingsError(() => loadSettings({ path, env: {} }), `"${path}"`, "3:19");
    write(dir, "[1, 2]");
    settingsError(() => loadSettings({ path, env: {} }), "expected a JSON object");
    settingsError(
      () => loadSettings({ path: `${dir}/missing.json`, env: {} }),
      "Cannot read settings file",
    );
    settingsError(
      () => loadSettings({ env: { TRIGGER_SETTINGS: `${dir}/missing.json` } }),
      "missing.json",
    );
  });
});

Deno.test("builtinSettings() uses the original's /etc/trigger prefix and no environment", () => {
  const s = builtinSettings();
  strictEqual(s.prefix, "/etc/trigger");
  deepStrictEqual(s.netdevicesSource, ["/etc/trigger/netdevices.json"]);
  strictEqual(s.termType, "xterm");
  strictEqual(builtinSettings(), s);
});

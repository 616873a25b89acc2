/**
 * The settings that shape how devices are reached, each shown acting:
 * sshAuthenticationOrder and termType against a real OpenSSH server,
 * telnetTimeoutMs, sshAsyncDisabled/sshPtyDisabled, juniperFullCommitFields,
 * bounceDefaultColor, textfsmVendorMappings, aclDbBackend,
 * legacyTacacsrcKeyfile; and the settings not supported, refused by name.
 */
import { deepStrictEqual, ok, rejects, strictEqual, throws } from "node:assert/strict";
import { isTriggerError } from "../../lib/errors.ts";
import { loadSettings, type Settings } from "../../lib/settings/mod.ts";
import {
  accessPolicy,
  fullCommitRule,
  loadBouncePolicy,
  openAclStore,
  textfsmPlatformRule,
} from "../../lib/resources/mod.ts";
import {
  deviceTarget,
  openInteractive,
  openSession,
  planConnection,
} from "../../lib/session/mod.ts";
import { Commando, type ExecutorTarget } from "../../lib/commando/mod.ts";
import { configPushExecutor } from "../../lib/commando/config_push.ts";
import { NetDevice } from "../../lib/netdevices/net_device.ts";
import { labInventory, startLab } from "../../lib/lab/mod.ts";
import { loadAcls, planAclLoads } from "../../lib/changemgmt/load_acl.ts";
import { AclAssociations, SqliteAclStore } from "../../lib/acl/db/mod.ts";
import { BouncePolicy } from "../../lib/changemgmt/bounce_policy.ts";
import type { ShellTransport } from "../../lib/transport/transport.ts";
import { hintFor } from "../../cli/_hints.ts";
import { CredentialsMissingError } from "../../lib/credentials/errors.ts";
import { makeClientKey, startSshd, TEST_PASSWORD, TEST_USER } from "../_servers/sshd.ts";
import { startJunosNetconf } from "../_servers/junos_netconf.ts";

/** Settings from a settings file holding `values`, plus environment variables. */
function settingsWith(
  values: Record<string, unknown>,
  env: Record<string, string> = {},
): Settings {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeTextFileSync(`${dir}/settings.json`, JSON.stringify(values));
    return loadSettings({ path: `${dir}/settings.json`, env: { HOME: dir, ...env } });
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

/** Reads a shell until `re` matches what came. */
async function readUntil(shell: ShellTransport, re: RegExp): Promise<string> {
  const dec = new TextDecoder();
  let text = "";
  const signal = AbortSignal.timeout(15_000);
  while (!re.test(text)) {
    const chunk = await shell.read(signal);
    if (chunk === null) break;
    text += dec.decode(chunk, { stream: true });
  }
  return text;
}

Deno.test("sshAuthenticationOrder and termType, against a real OpenSSH server", async (t) => {
  const dir = await Deno.makeTempDir();
  const key = await makeClientKey(dir, "ed25519");
  await using sshd = await startSshd({ authorizedKeys: [key.publicKey] });
  const target = {
    name: "host1",
    address: "127.0.0.1",
    port: sshd.port,
    platform: "cisco_ios",
  };
  const credentials = { username: TEST_USER, password: TEST_PASSWORD, privateKeyPath: key.path };
  const login = async (settings: Settings, interactive = false) => {
    const shell = await openInteractive(target, {
      credentials,
      knownHostsPath: sshd.knownHostsPath,
      policy: accessPolicy(settings, { interactive }),
    });
    await shell.write("echo TERM=$TERM.\n");
    const text = await readUntil(shell, /TERM=[^$\s]+\./);
    await shell.close();
    return text.match(/TERM=([^$\s]+)\./)?.[1];
  };
  try {
    await t.step("default order: the password first", async () => {
      const before = sshd.log().split("\n").length;
      await login(settingsWith({}));
      const lines = sshd.log().split("\n").slice(before - 1).join("\n");
      ok(/Accepted password for/.test(lines), lines);
    });
    await t.step("SSH_AUTHENTICATION_ORDER=publickey,password: the key first", async () => {
      const before = sshd.log().split("\n").length;
      await login(settingsWith({}, { SSH_AUTHENTICATION_ORDER: "publickey,password" }));
      const lines = sshd.log().split("\n").slice(before - 1).join("\n");
      ok(/Accepted publickey for/.test(lines), lines);
    });
    await t.step("an unknown method is a settings error", () => {
      throws(
        () => settingsWith({ sshAuthenticationOrder: ["password", "hostbased"] }),
        (e) => isTriggerError(e, "SETTINGS_INVALID") && /sshAuthenticationOrder/.test(e.message),
      );
    });
    await t.step("termType: scripted sessions keep the platform's unless set", async () => {
      strictEqual(await login(settingsWith({})), "vt100");
      strictEqual(await login(settingsWith({ termType: "vt220" })), "vt220");
      strictEqual(await login(settingsWith({}, { TERM: "screen" }), true), "screen");
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("telnetTimeoutMs bounds a Telnet login (TELNET_TIMEOUT_MS)", async () => {
  await using lab = await startLab({
    devices: [{ platform: "cisco_ios", name: "r1", faults: { hang: "connect" } }],
  });
  const d = lab.devices[0]!;
  const settings = settingsWith({}, { TELNET_TIMEOUT_MS: "300" });
  const t0 = performance.now();
  await rejects(
    openSession(
      {
        name: "r1",
        address: d.address,
        port: d.ports.telnet,
        platform: "cisco_ios",
        transport: "telnet",
      },
      {
        credentials: { ...lab.credentials },
        loginTimeoutMs: 60_000,
        policy: accessPolicy(settings),
      },
    ),
    (e) => isTriggerError(e, "TIMEOUT") && /after 300 ms/.test(e.message),
  );
  ok(performance.now() - t0 < 50_000, "not the 60 s login timeout");
});

Deno.test("sshAsyncDisabled sends scripted sessions by Telnet; sshPtyDisabled, logins", async () => {
  await using lab = await startLab({ devices: [{ platform: "cisco_ios", name: "r1" }] });
  const d = lab.devices[0]!;
  const record = labInventory(lab)[0]!;
  const { nodePort: _, ...rest } = record;
  const at = (settings: Settings) =>
    deviceTarget(new NetDevice({ ...rest, nodeName: "r1" }, { settings }));
  const env = { SSH_PORT: String(d.ports.ssh) };
  const options = { credentials: { ...lab.credentials }, hostKeyPolicy: "off" as const };
  await using ssh = await openSession(at(settingsWith({}, env)), options);
  strictEqual(ssh.transport.kind, "ssh");
  const off = settingsWith({ sshAsyncDisabled: { cisco: ["ROUTER"] } }, env);
  await using telnet = await openSession(at(off), options);
  strictEqual(telnet.transport.kind, "telnet");
  const pty = at(settingsWith({ sshPtyDisabled: { cisco: ["ROUTER"] } }, env));
  deepStrictEqual(planConnection(pty).attempts.map((a) => a.kind), ["ssh", "telnet"]);
  const shell = await openInteractive(pty, options);
  strictEqual(shell.kind, "telnet");
  await shell.close();
});

Deno.test("juniperFullCommitFields: matching Junos devices commit with <full/>", async () => {
  await using srv = await startJunosNetconf();
  const settings = settingsWith({ juniperFullCommitFields: { make: "EX4200" } });
  const device = (make: string): ExecutorTarget =>
    new NetDevice({
      nodeName: `sw-${make}`,
      address: "127.0.0.1",
      nodePort: String(srv.port),
      manufacturer: "JUNIPER",
      platform: "juniper_junos",
      make,
    });
  const r = await new Commando<ExecutorTarget>({
    devices: [device("ex4200"), device("MX480")],
    commands: ["set system host-name x"],
    executor: configPushExecutor({
      credentials: () => Promise.resolve({ username: "lab", password: "lab123" }),
      hostKeyPolicy: "off",
      fullCommit: fullCommitRule(settings),
    }),
  }).run();
  deepStrictEqual(r.errors, {}, JSON.stringify(r.errors));
  const commits = srv.requests.filter((q) => q.includes("<commit-configuration"));
  strictEqual(commits.length, 2);
  strictEqual(commits.filter((q) => q.includes("<full/>")).length, 1);

  // load-acl: the dry run shows the full confirmed commit
  await using lab = await startLab({ devices: [{ platform: "juniper_junos", name: "mx1" }] });
  const dir = await Deno.makeTempDir();
  const store = SqliteAclStore.open(":memory:");
  try {
    await Deno.writeTextFile(`${dir}/acl.f`, "filter f {\n term t {\n  then accept;\n }\n}\n");
    const associations = new AclAssociations(store);
    await associations.add("mx1", "f");
    const inventory = labInventory(lab).map((x) => new NetDevice({ ...x, make: "EX4200" }));
    const plan = await planAclLoads({
      inventory,
      associations,
      acls: ["f"],
      policy: BouncePolicy.from({ default: { green: "0-23" } }),
    });
    const [dry] = await loadAcls(plan, {
      aclDir: dir,
      dryRun: true,
      fullCommit: fullCommitRule(settings),
      credentials: () => Promise.resolve({ ...lab.credentials }),
    });
    ok(dry?.payload?.includes("<commit-configuration><full/><confirmed/>"), dry?.payload);
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bounceDefaultColor colours unnamed hours and the built-in weekend moratorium", async () => {
  const saturdayNoon = Temporal.Instant.from("2026-12-05T17:00:00Z"); // 12:00 New York
  const builtIn = await loadBouncePolicy(settingsWith({}, { BOUNCE_DEFAULT_COLOR: "yellow" }));
  strictEqual(builtIn.windowFor({ nodeName: "r1" }).status(saturdayNoon), "yellow");
  const red = await loadBouncePolicy(settingsWith({}));
  strictEqual(red.windowFor({ nodeName: "r1" }).status(saturdayNoon), "red");
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/bounce.json`, JSON.stringify({ default: { green: "3" } }));
    const file = await loadBouncePolicy(
      settingsWith({ bounceFile: `${dir}/bounce.json`, bounceDefaultColor: "yellow" }),
    );
    const tuesdayNoon = Temporal.Instant.from("2026-12-08T17:00:00Z");
    strictEqual(file.windowFor({ nodeName: "r1" }).status(tuesdayNoon), "yellow");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("textfsmVendorMappings picks the templates of a listed operating system", () => {
  const rule = textfsmPlatformRule(settingsWith({ textfsmVendorMappings: { cisco: ["xe"] } }));
  const xe = { vendor: "cisco", platform: "cisco_ios", operatingSystem: "XE" };
  strictEqual(rule(xe as never), "cisco_xe");
  strictEqual(textfsmPlatformRule(settingsWith({}))(xe as never), "cisco_ios");
});

Deno.test("aclDbBackend (ACL_DB_BACKEND) picks the store every ACL verb opens", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const sqlite = await openAclStore(settingsWith({ aclDbPath: `${dir}/sub/acls.db` }));
    strictEqual(sqlite.kind, "sqlite");
    await sqlite.close();
    await rejects(
      openAclStore(
        settingsWith({ redisUrl: "redis://127.0.0.1:1/0" }, { ACL_DB_BACKEND: "redis" }),
      ),
      (e) => isTriggerError(e) && /127\.0\.0\.1:1|redis/i.test(e.message),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("legacyTacacsrcKeyfile is the key file the import hint names", () => {
  const e = new CredentialsMissingError("core", 'No credentials for realm "core"', "/h/.tacacsrc");
  const hint = hintFor(e, settingsWith({ legacyTacacsrcKeyfile: "/etc/trigger/.tackf" }));
  ok(hint.includes("import-legacy /h/.tacacsrc --keyfile /etc/trigger/.tackf"), hint);
});

Deno.test("settings the toolkit does not support are refused by name, from the file and the environment", () => {
  for (
    const [key, variable] of [
      ["withAcls", "WITH_ACLS"],
      ["tftprootDir", "TFTPROOT_DIR"],
      ["tftpHost", "TFTP_HOST"],
      ["internalNetworks", "INTERNAL_NETWORKS"],
    ] as const
  ) {
    throws(
      () => settingsWith({ [key]: "x" }),
      (e) =>
        isTriggerError(e, "SETTINGS_INVALID") &&
        e.message.includes(`"${key}"`) && e.message.includes("not supported: "),
    );
    throws(
      () => settingsWith({}, { [variable]: "1" }),
      (e) => isTriggerError(e, "SETTINGS_INVALID") && e.message.includes(variable),
    );
  }
});

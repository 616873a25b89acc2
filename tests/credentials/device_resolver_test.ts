/**
 * The one credential resolver of every verb (`deviceCredentials`): the
 * device's realm, else the configured default realm (not a fixed
 * "default"), the inventory's `loginPW` and `enablePW`, and
 * `TRIGGER_ENABLEPW` over them; used by a real Telnet login that asks only
 * for a password, and by the CLI.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { CredentialStore } from "../../lib/credentials/credential_store.ts";
import { loadSettings } from "../../lib/settings/mod.ts";
import { deviceCredentials } from "../../lib/resources/mod.ts";
import { NetDevice } from "../../lib/netdevices/net_device.ts";
import { Commando, deviceExecutor, type ExecutorTarget } from "../../lib/commando/mod.ts";
import { startTelnetd } from "../_servers/telnetd.ts";
import { labDir, trigger } from "../cli/_lab_dir.ts";
import { tempDir } from "./_helpers.ts";

Deno.test("deviceCredentials(): default realm from the settings, inventory passwords, TRIGGER_ENABLEPW", async () => {
  await using dir = await tempDir();
  const settings = loadSettings({ env: { HOME: dir.path, DEFAULT_REALM: "corp" } });
  const store = await CredentialStore.open({
    path: `${dir.path}/c.json`,
    keyFile: `${dir.path}/c.key`,
  });
  await store.set("default", { username: "wrong", password: "wrong" });
  await store.set("corp", { username: "ops", password: "pw", enablePassword: "stored-en" });
  const plain = deviceCredentials(settings, { store, env: {} });
  const r1 = new NetDevice({
    nodeName: "r1",
    realm: "lab",
    enablePW: "inv-en",
    loginPW: "inv-login",
  });
  const c = await plain("lab", r1);
  deepStrictEqual(
    [
      c.realm,
      c.username,
      c.password.reveal(),
      c.enablePassword?.reveal(),
      c.loginPassword?.reveal(),
    ],
    ["corp", "ops", "pw", "inv-en", "inv-login"],
  );
  strictEqual((await plain("lab", { nodeName: "r2" })).enablePassword?.reveal(), "stored-en");
  const forced = deviceCredentials(settings, { store, env: { TRIGGER_ENABLEPW: "env-en" } });
  strictEqual((await forced("lab", r1)).enablePassword?.reveal(), "env-en");
});

Deno.test("a Telnet login that asks only for a password gets the inventory's loginPW; enable its enablePW", async () => {
  await using dir = await tempDir();
  await using srv = await startTelnetd({
    login: { username: "x", password: "line-pw", enablePassword: "en-pw", passwordOnly: true },
  });
  const settings = loadSettings({ env: { HOME: dir.path, DEFAULT_REALM: "lab" } });
  const store = await CredentialStore.open({
    path: `${dir.path}/c.json`,
    keyFile: `${dir.path}/c.key`,
  });
  await store.set("lab", { username: "netops", password: "tacacs-pw", enablePassword: "nope" });
  const device = new NetDevice({
    nodeName: "edge1",
    address: "127.0.0.1",
    nodePort: String(srv.port),
    platform: "cisco_ios",
    connectProtocol: "telnet",
    loginPW: "line-pw",
    enablePW: "en-pw",
  }, { settings });
  const r = await new Commando<ExecutorTarget>({
    devices: [device],
    commands: ["show version"],
    executor: deviceExecutor({
      credentials: deviceCredentials(settings, { store, env: {} }),
      loginTimeoutMs: 15_000,
    }),
  }).run();
  deepStrictEqual(r.errors, {});
  ok(r.results["edge1"]![0]!.output.startsWith("Fake IOS Software"));
});

Deno.test("trigger run-cmds: the configured default realm answers, not a realm named default", async () => {
  await using w = await labDir({ devices: [{ platform: "cisco_ios", name: "r1" }], telnet: false });
  const store = await CredentialStore.open({
    path: w.env.TACACSRC,
    keyFile: w.env.TACACSRC_KEYFILE,
  });
  const c = w.lab.credentials;
  await store.remove("lab");
  await store.set("default", { username: c.username, password: "not-the-password" });
  await store.set("corp", { username: c.username, password: c.password, enablePassword: "x" });
  const env = { ...w.env, DEFAULT_REALM: "corp", TRIGGER_ENABLEPW: c.enablePassword };
  const r = await trigger(env, ["run-cmds", "-c", "show clock", "r1"]);
  strictEqual(r.code, 0, r.err + r.out);
});

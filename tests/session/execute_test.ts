import { deepStrictEqual, match, ok, rejects, strictEqual } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { CommandFailedError, execute, openSession } from "../../lib/session/mod.ts";
import { isTriggerError } from "../../lib/errors.ts";
import { startSshd, TEST_PASSWORD, TEST_USER } from "../_servers/sshd.ts";

const FAKE = fileURLToPath(new URL("../_fixtures/fake_device.py", import.meta.url));

async function device() {
  const sshd = await startSshd({ forceCommand: FAKE });
  const target = { name: "router1", address: "127.0.0.1", port: sshd.port, platform: "cisco_ios" };
  const options = {
    credentials: { username: TEST_USER, password: TEST_PASSWORD, enablePassword: "s3cret-en" },
    knownHostsPath: sshd.knownHostsPath,
    loginTimeoutMs: 10_000,
    commandTimeoutMs: 5_000,
  };
  return { sshd, target, options };
}

Deno.test("execute() runs commands on an IOS-like device over real OpenSSH", async () => {
  const { sshd, target, options } = await device();
  await using _ = sshd;
  const results = await execute(target, ["show version", "show clock", "show privilege"], options);
  deepStrictEqual(results.map((r) => [r.command, r.failed]), [
    ["show version", false],
    ["show clock", false],
    ["show privilege", false],
  ]);
  const version = results[0]!.output.split("\n");
  strictEqual(version.length, 58);
  match(version[0]!, /^Cisco IOS Software/);
  strictEqual(version[57], "Configuration register is 0x2102");
  ok(!results[0]!.output.includes("More"));
  strictEqual(results[1]!.output, "*10:15:42.123 UTC Mon Nov 24 2025");
  strictEqual(results[2]!.output, "Current privilege level is 15");
  ok(results[0]!.raw.includes("show version"));
  ok(results[0]!.startedAt instanceof Date);
  ok(results[0]!.elapsedMs >= 0);
});

Deno.test("execute() throws CommandFailedError with the results so far", async () => {
  const { sshd, target, options } = await device();
  await using _ = sshd;
  await rejects(execute(target, ["show clock", "show bogus", "show version"], options), (e) => {
    ok(e instanceof CommandFailedError);
    strictEqual(e.code, "COMMAND_FAILED");
    strictEqual(e.host, "router1");
    deepStrictEqual(e.results.map((r) => r.command), ["show clock", "show bogus"]);
    match(e.result.output, /% Invalid input detected/);
    return true;
  });
});

Deno.test("execute() with withErrors keeps going after a failed command", async () => {
  const { sshd, target, options } = await device();
  await using _ = sshd;
  const results = await execute(target, ["show bogus", "show clock"], {
    ...options,
    withErrors: true,
  });
  deepStrictEqual(results.map((r) => r.failed), [true, false]);
});

Deno.test("Session handles pagers when paging cannot be disabled", async () => {
  const { sshd, target, options } = await device();
  await using _ = sshd;
  const profile = {
    ...(await import("../../lib/platforms/mod.ts")).getPlatform("cisco_ios"),
    onOpen: [],
  };
  await using s = await openSession({ ...target, platform: profile }, options);
  const r = await s.send("show version");
  const lines = r.output.split("\n");
  strictEqual(lines.length, 58);
  strictEqual(lines[20], "line 21 of the version text");
  ok(!r.output.includes("More"), r.output);
  match(r.raw, /--More--/);
});

Deno.test("Session changes modes and answers confirmations", async () => {
  const { sshd, target, options } = await device();
  await using _ = sshd;
  await using s = await openSession(target, options);
  strictEqual(s.mode, "privileged");
  strictEqual(s.prompt, "router1#");
  await s.enterMode("configuration");
  strictEqual(s.prompt, "router1(config)#");
  const r = await s.send("interface Gi0/1");
  strictEqual(s.mode, "configuration");
  strictEqual(s.prompt, "router1(config-if)#");
  strictEqual(r.output, "");
  await s.enterMode("exec");
  strictEqual(s.prompt, "router1>");
  await s.enterMode("privileged");
  const copy = await s.send("copy running-config startup-config");
  match(copy.output, /\[OK\]/);
  const reload = await s.send("reload");
  match(reload.output, /Reload cancelled/);
});

Deno.test("openSession() refuses a wrong enable password with AUTH_FAILED", async () => {
  const { sshd, target, options } = await device();
  await using _ = sshd;
  await rejects(
    openSession(target, {
      ...options,
      credentials: { ...options.credentials, enablePassword: "nope" },
    }),
    (e) => isTriggerError(e, "AUTH_FAILED") && e.host === "router1",
  );
});

Deno.test("openSession() without an enable password cannot reach privileged mode", async () => {
  const { sshd, target, options } = await device();
  await using _ = sshd;
  const { enablePassword: _e, ...creds } = options.credentials;
  await rejects(
    openSession(target, { ...options, credentials: creds }),
    (e) => isTriggerError(e, "MODE_UNREACHABLE"),
  );
  // exec mode still works
  const results = await execute(target, ["show privilege"], {
    ...options,
    credentials: creds,
    mode: "exec",
  });
  strictEqual(results[0]!.output, "Current privilege level is 1");
});

Deno.test("Session.send() times out with the last output and no secrets", async () => {
  const { sshd, target, options } = await device();
  await using _ = sshd;
  await using s = await openSession(target, options);
  // `copy` waits for an answer the session does not give when autoConfirm is off
  await s.close();
  await using s2 = await openSession(target, {
    ...options,
    autoConfirm: false,
    commandTimeoutMs: 300,
  });
  await rejects(s2.send("copy running-config startup-config"), (e) => {
    ok(isTriggerError(e, "TIMEOUT"));
    match(e.message, /Destination filename/);
    ok(!e.message.includes("s3cret-en"));
    return true;
  });
});

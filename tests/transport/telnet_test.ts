import { match, rejects, strictEqual } from "node:assert/strict";
import { isTriggerError } from "../../lib/errors.ts";
import { connectTelnet } from "../../lib/transport/telnet.ts";
import { telnetLogin } from "../../lib/transport/telnet_login.ts";
import type { ShellTransport } from "../../lib/transport/transport.ts";
import { ensureSystemUser, freePort, startTelnetd } from "../_servers/telnetd.ts";

const LOGIN = { username: "admin", password: "s3cret!", enablePassword: "en4ble" };

/** Reads until `re` matches the accumulated text; returns that text. */
async function readUntil(t: ShellTransport, re: RegExp): Promise<string> {
  const dec = new TextDecoder();
  let text = "";
  while (!re.test(text)) {
    const chunk = await t.read(AbortSignal.timeout(10000));
    if (chunk === null) throw new Error(`EOF after ${JSON.stringify(text)}`);
    text += dec.decode(chunk, { stream: true });
  }
  return text;
}

function connect(port: number, extra: { columns?: number; rows?: number } = {}) {
  return connectTelnet({ host: "switch1", address: "127.0.0.1", port }, {
    terminalType: "VT220",
    ...extra,
  });
}

Deno.test("telnetLogin() logs in to telnetd, enters enable and runs commands", async () => {
  await using srv = await startTelnetd({ login: LOGIN });
  const t = await connect(srv.port);
  try {
    await loginEnableAndRun(t);
  } catch (e) {
    // Which side ended the session: the device program's own account of its end.
    throw new Error(`${e}\ndevice program: ${await srv.traces() || "(still running)"}`, {
      cause: e,
    });
  } finally {
    await t.close();
    await t.close(); // twice is safe
  }
});

async function loginEnableAndRun(t: ShellTransport): Promise<void> {
  strictEqual(t.kind, "telnet");
  const r = await telnetLogin(t, LOGIN, { timeoutMs: 15000 });
  strictEqual(r.prompt, "switch1#");
  strictEqual(r.privileged, true);
  match(r.transcript, /Authorized access only/); // banner before the prompts
  strictEqual(r.transcript.includes(LOGIN.password), false);
  await t.write("show version\n");
  match(await readUntil(t, /switch1#$/), /Version 15\.2\(4\)E10/);
  await t.write("exit\n");
  match(await readUntil(t, /Goodbye/), /Goodbye/);
  // The device hangs up: reads end with null, writes fail.
  while ((await t.read()) !== null) { /* drain */ }
  await rejects(t.write("x\n"), (e) => isTriggerError(e, "TRANSPORT_CLOSED"));
}

Deno.test("telnetLogin() without an enable password stops at the unprivileged prompt", async () => {
  await using srv = await startTelnetd({ login: LOGIN });
  const t = await connect(srv.port);
  try {
    const r = await telnetLogin(t, { username: "admin", password: LOGIN.password });
    strictEqual(r.prompt, "switch1>");
    strictEqual(r.privileged, false);
  } finally {
    await t.close();
  }
});

Deno.test("telnetLogin() maps a wrong password to AUTH_FAILED", async () => {
  await using srv = await startTelnetd({ login: LOGIN });
  const t = await connect(srv.port);
  try {
    await rejects(telnetLogin(t, { ...LOGIN, password: "wrong" }), (e) => {
      strictEqual(isTriggerError(e, "AUTH_FAILED"), true);
      match((e as Error).message, /Login invalid/);
      strictEqual((e as Error).message.includes("wrong"), false);
      return true;
    });
  } finally {
    await t.close();
  }
});

Deno.test("telnetLogin() maps a wrong enable password to AUTH_FAILED", async () => {
  await using srv = await startTelnetd({ login: LOGIN });
  const t = await connect(srv.port);
  try {
    await rejects(
      telnetLogin(t, { ...LOGIN, enablePassword: "nope" }),
      (e) => isTriggerError(e, "AUTH_FAILED") && /Access denied/.test((e as Error).message),
    );
  } finally {
    await t.close();
  }
});

Deno.test("telnetLogin() handles password-only login", async () => {
  await using srv = await startTelnetd({
    login: { ...LOGIN, passwordOnly: true, hostname: "core-sw" },
  });
  const t = await connect(srv.port);
  try {
    const r = await telnetLogin(t, { password: LOGIN.password, enablePassword: "en4ble" });
    strictEqual(r.prompt, "core-sw#");
  } finally {
    await t.close();
  }
});

Deno.test("connectTelnet() negotiates TTYPE and NAWS with telnetd, and resize() updates it", async () => {
  await using srv = await startTelnetd({ login: LOGIN });
  const t = await connect(srv.port, { columns: 132, rows: 50 });
  try {
    await telnetLogin(t, LOGIN);
    await t.write("show term\n");
    const first = await readUntil(t, /switch1#$/);
    match(first, /TERM=vt220/i);
    match(first, /SIZE=50 132/);
    t.resize?.(100, 30);
    await new Promise((r) => setTimeout(r, 200));
    await t.write("show term\n");
    match(await readUntil(t, /switch1#$/), /SIZE=30 100/);
  } finally {
    await t.close();
  }
});

Deno.test("telnetLogin() times out with the last bytes seen and no secrets", async () => {
  await using srv = await startTelnetd({ login: LOGIN });
  const t = await connect(srv.port);
  try {
    // Patterns that never match the device's password prompt.
    await rejects(
      telnetLogin(t, { ...LOGIN, patterns: { password: [/never-matches/] } }, { timeoutMs: 1500 }),
      (e) => {
        strictEqual(isTriggerError(e, "TIMEOUT"), true);
        match((e as Error).message, /Password: /);
        return true;
      },
    );
  } finally {
    await t.close();
  }
});

Deno.test("connectTelnet() maps a closed port to CONNECTION_REFUSED", async () => {
  const port = await freePort();
  await rejects(connect(port), (e) => {
    strictEqual(isTriggerError(e, "CONNECTION_REFUSED"), true);
    strictEqual((e as { host?: string }).host, "switch1");
    strictEqual((e as Error).cause instanceof Error, true);
    return true;
  });
});

Deno.test("connectTelnet() maps an unreachable address to a TriggerError naming the host", async () => {
  // 192.0.2.0/24 (TEST-NET-1) is never routed: the SYN fails fast or goes unanswered.
  const err = await connectTelnet(
    { host: "blackhole", address: "192.0.2.1", port: 23, connectTimeoutMs: 300 },
  ).then(async (t) => {
    await t.close();
    return undefined;
  }, (e: unknown) => e);
  strictEqual(isTriggerError(err), true);
  strictEqual((err as { host?: string }).host, "blackhole");
  strictEqual(
    ["TIMEOUT", "TRANSPORT_CLOSED", "CONNECTION_REFUSED"].includes((err as { code: string }).code),
    true,
  );
});

Deno.test("connectTelnet() honours an aborted signal with CANCELLED", async () => {
  await rejects(
    connectTelnet({ host: "sw", address: "127.0.0.1", port: 1 }, { signal: AbortSignal.abort() }),
    (e) => isTriggerError(e, "CANCELLED"),
  );
});

Deno.test("telnetLogin() logs in through the real /bin/login of telnetd", async (t) => {
  const user = "trigger-telnet-test";
  const password = "Tt-trigger-test-7";
  if (!(await ensureSystemUser(user, password))) {
    await t.step({ name: "needs root to create a user", ignore: true, fn: () => {} });
    return;
  }
  await using srv = await startTelnetd({ systemLogin: true });
  const tr = await connect(srv.port);
  try {
    const r = await telnetLogin(tr, {
      username: user,
      password,
      patterns: { prompt: /\$ $/ },
    }, { timeoutMs: 20000 });
    strictEqual(r.privileged, false);
    await tr.write("echo hello-$((6*7))\n");
    match(await readUntil(tr, /hello-42[\s\S]*\$ $/), /hello-42/);
    await tr.write("exit\n");
  } finally {
    await tr.close();
  }
});

import { deepStrictEqual, match, ok, rejects, strictEqual } from "node:assert/strict";
import { connectSsh, openSshConnection } from "../../lib/transport/ssh.ts";
import { isTriggerError } from "../../lib/errors.ts";
import { freePort, makeClientKey, startSshd, TEST_PASSWORD, TEST_USER } from "../_servers/sshd.ts";

const target = (port: number) => ({
  host: "r1",
  address: "127.0.0.1",
  port,
  connectTimeoutMs: 5000,
});
const base = { username: TEST_USER, agent: false as const, loginTimeoutMs: 10_000 };

async function readUntil(
  shell: { read(): Promise<Uint8Array | null> },
  text: string,
): Promise<string> {
  let buf = "";
  const dec = new TextDecoder();
  while (!buf.includes(text)) {
    const chunk = await shell.read();
    if (chunk === null) break;
    buf += dec.decode(chunk, { stream: true });
  }
  return buf;
}

Deno.test("openSshConnection() logs in with a password and runs an exec command", async () => {
  await using sshd = await startSshd();
  const conn = await openSshConnection(target(sshd.port), {
    ...base,
    password: TEST_PASSWORD,
    knownHostsPath: sshd.knownHostsPath,
  });
  try {
    const r = await conn.execCommand("echo hello; echo oops >&2; exit 3");
    deepStrictEqual(r, { stdout: "hello\n", stderr: "oops\n", exitCode: 3 });
  } finally {
    await conn.close();
  }
});

Deno.test("connectSsh() opens a pty shell that echoes, resizes and closes", async () => {
  await using sshd = await startSshd();
  const shell = await connectSsh(target(sshd.port), {
    ...base,
    password: { reveal: () => TEST_PASSWORD },
    knownHostsPath: sshd.knownHostsPath,
  });
  try {
    strictEqual(shell.kind, "ssh");
    shell.resize(100, 40);
    await shell.write("stty size; echo MARK$((40+2))\n");
    const out = await readUntil(shell, "MARK42");
    match(out, /40 100/);
  } finally {
    await shell.close();
    await shell.close();
  }
});

Deno.test("openSshConnection() answers keyboard-interactive password prompts", async () => {
  await using sshd = await startSshd({
    // without PAM, Linux sshd has no keyboard-interactive device
    extraConfig: ["UsePAM yes", "PasswordAuthentication no", "KbdInteractiveAuthentication yes"],
  });
  const conn = await openSshConnection(target(sshd.port), {
    ...base,
    password: TEST_PASSWORD,
    knownHostsPath: sshd.knownHostsPath,
  });
  try {
    strictEqual((await conn.execCommand("echo kbd")).stdout, "kbd\n");
    match(sshd.log(), /Accepted keyboard-interactive/);
  } finally {
    await conn.close();
  }
});

for (const type of ["ed25519", "rsa"] as const) {
  for (const passphrase of ["", "s3cret pass"]) {
    Deno.test(`openSshConnection() logs in with a ${type} key${passphrase ? " (passphrase)" : ""}`, async () => {
      const dir = await Deno.makeTempDir();
      try {
        const key = await makeClientKey(dir, type, passphrase);
        await using sshd = await startSshd({ authorizedKeys: [key.publicKey] });
        const conn = await openSshConnection(target(sshd.port), {
          ...base,
          privateKeyPath: key.path,
          ...(passphrase ? { passphrase } : {}),
          knownHostsPath: sshd.knownHostsPath,
        });
        try {
          strictEqual((await conn.execCommand("echo key")).stdout, "key\n");
        } finally {
          await conn.close();
        }
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    });
  }
}

Deno.test("openSshConnection() logs in through ssh-agent", async () => {
  const dir = await Deno.makeTempDir();
  const sock = `${dir}/agent.sock`;
  const agent = new Deno.Command("ssh-agent", {
    args: ["-D", "-a", sock],
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    const key = await makeClientKey(dir, "ed25519");
    for (let i = 0; i < 100; i++) {
      try {
        await Deno.stat(sock);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    const add = await new Deno.Command("ssh-add", {
      args: [key.path],
      env: { SSH_AUTH_SOCK: sock },
      stdout: "null",
      stderr: "null",
    }).output();
    strictEqual(add.code, 0);
    await using sshd = await startSshd({ authorizedKeys: [key.publicKey] });
    const conn = await openSshConnection(target(sshd.port), {
      username: TEST_USER,
      agent: sock,
      knownHostsPath: sshd.knownHostsPath,
    });
    try {
      strictEqual((await conn.execCommand("echo agent")).stdout, "agent\n");
    } finally {
      await conn.close();
    }
  } finally {
    agent.kill("SIGTERM");
    await agent.status;
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openSshConnection() maps a wrong password to AUTH_FAILED", async () => {
  await using sshd = await startSshd();
  await rejects(
    openSshConnection(target(sshd.port), {
      ...base,
      password: "wrong",
      knownHostsPath: sshd.knownHostsPath,
    }),
    (e) => isTriggerError(e, "AUTH_FAILED") && e.host === "r1" && e.cause !== undefined,
  );
});

Deno.test("openSshConnection() maps a closed port to CONNECTION_REFUSED", async () => {
  const port = await freePort();
  await rejects(
    openSshConnection(target(port), { ...base, password: "x" }),
    (e) => isTriggerError(e, "CONNECTION_REFUSED") && e.host === "r1" && e.cause !== undefined,
  );
});

Deno.test("openSshConnection() maps a silent server to TIMEOUT", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted: Deno.Conn[] = [];
  const loop = (async () => {
    for await (const c of listener) accepted.push(c);
  })();
  try {
    await rejects(
      openSshConnection(target(listener.addr.port), {
        ...base,
        password: "x",
        loginTimeoutMs: 300,
      }),
      (e) => isTriggerError(e, "TIMEOUT") && e.host === "r1",
    );
  } finally {
    listener.close();
    await loop.catch(() => {});
    for (const c of accepted) c.close();
  }
  ok(accepted.length >= 1);
});

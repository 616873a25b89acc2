/**
 * Test helper: a private OpenSSH server on 127.0.0.1 with its own host keys,
 * config and authorized keys in a temp dir. Stop it with `await using`.
 *
 * Logins use a dedicated local account ({@linkcode TEST_USER}) created once
 * (idempotently) with a fixed password; tests run as root, as CI does.
 *
 * @module
 */
import { freePort } from "./ports.ts";

export { freePort };

/** The local account the private sshd authenticates. */
export const TEST_USER = "trigger-ssh-test";
/** Its password (a throwaway account used only by these tests). */
export const TEST_PASSWORD = "Tr1gger-test-pw";

/** What a test wants from its private sshd. */
export interface SshdOptions {
  /** Extra sshd_config lines (they win over the defaults). */
  extraConfig?: string[];
  /** Public keys (OpenSSH one-line format) allowed to log in. */
  authorizedKeys?: string[];
  /** Host key types to generate (default ed25519 and rsa). */
  hostKeyTypes?: ("ed25519" | "rsa")[];
  /** Path of a script run for every session (copied into the temp dir). */
  forceCommand?: string;
}

/** A running private sshd. */
export interface Sshd extends AsyncDisposable {
  port: number;
  dir: string;
  /** Host public key lines ("type base64"), by type. */
  hostKeys: Record<string, string>;
  /** A known_hosts file path holding the host keys as `[127.0.0.1]:port`. */
  knownHostsPath: string;
  /** Everything sshd wrote to stderr so far. */
  log(): string;
  stop(): Promise<void>;
}

async function run(cmd: string, args: string[], stdin?: string): Promise<number> {
  const child = new Deno.Command(cmd, {
    args,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "null",
    stderr: "null",
  }).spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  return (await child.status).code;
}

let userReady: Promise<void> | undefined;

/** Creates the test account once (idempotent, safe to race with other processes). */
export function ensureTestUser(): Promise<void> {
  userReady ??= (async () => {
    if (await run("id", [TEST_USER]) === 0) return;
    await run("useradd", ["-m", "-s", "/bin/sh", TEST_USER]);
    for (let i = 0; i < 20; i++) {
      if (await run("chpasswd", [], `${TEST_USER}:${TEST_PASSWORD}\n`) === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Cannot set the password of ${TEST_USER}`);
  })();
  return userReady;
}

async function canConnect(port: number): Promise<boolean> {
  try {
    const c = await Deno.connect({ hostname: "127.0.0.1", port });
    const buf = new Uint8Array(64);
    const n = await c.read(buf);
    c.close();
    return n !== null && new TextDecoder().decode(buf.subarray(0, n)).startsWith("SSH-");
  } catch {
    return false;
  }
}

/**
 * Prepares what any `sshd` needs on this machine before it starts: its
 * privilege separation directory `/run/sshd` (root-owned, not writable by
 * others), which only Debian's init script creates. A fresh machine or
 * container has none, and sshd then exits with "Missing privilege separation
 * directory".
 */
export async function prepareSshd(): Promise<void> {
  await Deno.mkdir("/run/sshd", { recursive: true, mode: 0o755 });
  const st = await Deno.stat("/run/sshd");
  if ((st.mode! & 0o022) !== 0) await Deno.chmod("/run/sshd", 0o755);
}

/**
 * Starts `sshd -D -e -f CONFIG -p PORT` and waits until it sends its banner.
 *
 * @param options Extra config, authorized keys, host key types, forced command.
 * @returns The running server; `await using` stops it.
 */
export async function startSshd(options: SshdOptions = {}): Promise<Sshd> {
  // a port free when picked can be taken before sshd binds it: try another
  for (let attempt = 1;; attempt++) {
    try {
      return await startSshdOnce(options);
    } catch (e) {
      if (attempt >= 3 || !String(e).includes("Address already in use")) throw e;
    }
  }
}

async function startSshdOnce(options: SshdOptions): Promise<Sshd> {
  await ensureTestUser();
  await prepareSshd();
  const dir = await Deno.makeTempDir({ prefix: "trigger-sshd-" });
  await Deno.chmod(dir, 0o755);
  const types = options.hostKeyTypes ?? ["ed25519", "rsa"];
  const hostKeys: Record<string, string> = {};
  const keyLines: string[] = [];
  for (const t of types) {
    const path = `${dir}/ssh_host_${t}_key`;
    const args = ["-q", "-t", t, "-N", "", "-f", path];
    if (t === "rsa") args.push("-b", "2048");
    if (await run("ssh-keygen", args) !== 0) throw new Error(`ssh-keygen ${t} failed`);
    const pub = (await Deno.readTextFile(`${path}.pub`)).trim().split(" ");
    hostKeys[t] = `${pub[0]} ${pub[1]}`;
    keyLines.push(`HostKey ${path}`);
  }
  const authKeys = `${dir}/authorized_keys`;
  await Deno.writeTextFile(authKeys, (options.authorizedKeys ?? []).join("\n") + "\n");
  await Deno.chmod(authKeys, 0o644);
  let force: string[] = [];
  if (options.forceCommand) {
    const script = `${dir}/force_command`;
    await Deno.copyFile(options.forceCommand, script);
    await Deno.chmod(script, 0o755);
    force = [`ForceCommand ${script}`];
  }
  const port = await freePort();
  // sshd keeps the first value of a keyword: the test's lines come first
  const config = [
    ...(options.extraConfig ?? []),
    ...keyLines,
    "ListenAddress 127.0.0.1",
    "UsePAM no",
    "StrictModes no",
    "PidFile none",
    "LogLevel VERBOSE",
    `AuthorizedKeysFile ${authKeys}`,
    `AllowUsers ${TEST_USER}`,
    "PasswordAuthentication yes",
    "KbdInteractiveAuthentication no",
    "PubkeyAuthentication yes",
    "MaxAuthTries 10",
    "LoginGraceTime 20",
    "ClientAliveInterval 0",
    ...force,
  ];
  const configPath = `${dir}/sshd_config`;
  await Deno.writeTextFile(configPath, config.join("\n") + "\n");
  await Deno.writeTextFile(
    `${dir}/known_hosts`,
    Object.values(hostKeys).map((k) => `[127.0.0.1]:${port} ${k}`).join("\n") + "\n",
  );
  const child = new Deno.Command("/usr/sbin/sshd", {
    args: ["-D", "-e", "-f", configPath, "-p", String(port)],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let stderr = "";
  const reader = (async () => {
    const dec = new TextDecoder();
    for await (const chunk of child.stderr) stderr += dec.decode(chunk, { stream: true });
  })();
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      try {
        child.kill("SIGTERM");
      } catch { /* already gone */ }
    }
    await status;
    await reader;
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  for (let i = 0; i < 100; i++) {
    if (exited) break;
    if (await canConnect(port)) {
      return {
        port,
        dir,
        hostKeys,
        knownHostsPath: `${dir}/known_hosts`,
        log: () => stderr,
        stop,
        [Symbol.asyncDispose]: stop,
      };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`sshd did not start on port ${port}: ${stderr}`);
}

/** Generates a client key pair with ssh-keygen; returns the private key path and public line. */
export async function makeClientKey(
  dir: string,
  type: "ed25519" | "rsa",
  passphrase = "",
): Promise<{ path: string; publicKey: string }> {
  const path = `${dir}/id_${type}${passphrase ? "_enc" : ""}`;
  const args = ["-q", "-t", type, "-N", passphrase, "-f", path];
  if (type === "rsa") args.push("-b", "2048");
  if (await run("ssh-keygen", args) !== 0) throw new Error(`ssh-keygen ${type} failed`);
  return { path, publicKey: (await Deno.readTextFile(`${path}.pub`)).trim() };
}

/**
 * Runs a real NETCONF server for tests: Debian's `netconfd` (yuma123) on a
 * private unix socket, behind a private `sshd` on 127.0.0.1 and a free port
 * whose `netconf` subsystem is `/usr/sbin/netconf-subsystem` pointed at that
 * socket (`--ncxserver-sockname=PORT@SOCKET`). netconfd is told the same SSH
 * port (`--port`), otherwise it refuses the session ("access denied").
 *
 * @module
 */

import { ensureSystemUser, waitForPort } from "./telnetd.ts";
import { freePort } from "./ports.ts";
import { prepareSshd } from "./sshd.ts";

/** A running netconfd + sshd pair. */
export interface Netconfd extends AsyncDisposable {
  /** SSH port on 127.0.0.1. */
  port: number;
  /** User allowed in (netconfd superuser). */
  username: string;
  /** That user's password. */
  password: string;
  /** A known_hosts file holding the server's host key. */
  knownHostsPath: string;
  /** Stops both servers and removes the temp dir. */
  stop(): Promise<void>;
}

/** The local user the NETCONF tests log in as. */
export const NETCONF_TEST_USER = "trigger-netconf-test";

async function run(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(`${cmd} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  return new TextDecoder().decode(out.stdout);
}

async function stopChildren(children: Deno.ChildProcess[]): Promise<void> {
  for (const c of children.reverse()) {
    try {
      c.kill("SIGTERM");
    } catch { /* already exited */ }
    await c.status;
  }
  children.length = 0;
}

/**
 * Whether a just started sshd bound its port: it says "Server listening on"
 * when it did, "Cannot bind" (and exits) when another process has the port.
 */
async function listening(sshd: Deno.ChildProcess): Promise<boolean> {
  const reader = sshd.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const deadline = Date.now() + 10_000;
  try {
    while (Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) return false;
      text += value;
      if (/Server listening on/.test(text)) return true;
      if (/Cannot bind|Address already in use/.test(text)) return false;
    }
    return false;
  } finally {
    // keep draining so sshd never blocks on a full pipe
    void (async () => {
      try {
        while (!(await reader.read()).done) { /* discard */ }
      } catch { /* closed */ }
    })();
  }
}

/** Starts netconfd on a socket in `dir`, then its sshd on `port`; `false` when the port was taken. */
async function startPair(
  dir: string,
  port: number,
  sshdConfig: string[],
  children: Deno.ChildProcess[],
): Promise<boolean> {
  const sock = `${dir}/ncxserver.sock`;
  await Deno.writeTextFile(
    `${dir}/sshd_config`,
    [
      ...sshdConfig,
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${dir}/host_key`,
      `PidFile ${dir}/sshd.pid`,
      "PasswordAuthentication yes",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      "StrictModes no",
      `AllowUsers ${NETCONF_TEST_USER}`,
      `Subsystem netconf /usr/sbin/netconf-subsystem --ncxserver-sockname=${port}@${sock}`,
      "",
    ].join("\n"),
  );
  await Deno.remove(sock).catch(() => {}); // a stale socket makes netconfd fail
  children.push(
    new Deno.Command("/usr/sbin/netconfd", {
      args: [
        "--no-startup",
        `--superuser=${NETCONF_TEST_USER}`,
        `--port=${port}`,
        `--ncxserver-sockname=${sock}`,
        `--log=${dir}/netconfd.log`,
        "--log-level=warn",
      ],
      // netconfd keeps its files (backup-cfg.xml on a confirmed commit, startup-cfg.xml)
      // in $HOME/.yuma, or in its working directory when that is missing: both are the
      // temp dir, never the user's home or the checkout.
      cwd: dir,
      env: { HOME: dir },
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn(),
  );
  const deadline = Date.now() + 10000;
  while (!(await Deno.stat(sock).then(() => true, () => false))) {
    if (Date.now() > deadline) throw new Error("netconfd did not create its socket");
    await new Promise((r) => setTimeout(r, 50));
  }
  const sshd = new Deno.Command("/usr/sbin/sshd", {
    args: ["-D", "-e", "-f", `${dir}/sshd_config`],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  children.push(sshd);
  if (!(await listening(sshd))) return false;
  await waitForPort(port);
  return true;
}

/**
 * Starts netconfd and sshd; resolves when SSH accepts connections.
 *
 * @param options `sshdConfig`: extra sshd_config lines (they win: sshd keeps a
 *   keyword's first value), e.g. legacy-only algorithms.
 * @returns Connection details, or `undefined` when not root (tests skip).
 */
export async function startNetconfd(
  options: { sshdConfig?: string[] } = {},
): Promise<Netconfd | undefined> {
  const password = "Nc-trigger-test-7";
  if (!(await ensureSystemUser(NETCONF_TEST_USER, password))) return undefined;
  await prepareSshd();
  const dir = await Deno.makeTempDir({ prefix: "trigger-netconfd-" });
  await Deno.chmod(dir, 0o755);
  const children: Deno.ChildProcess[] = [];
  const stop = async () => {
    await stopChildren(children);
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  try {
    await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", `${dir}/host_key`]);
    const pub = (await Deno.readTextFile(`${dir}/host_key.pub`)).trim().split(" ");
    // another test may take the free port before our sshd binds it (then our
    // sshd exits and theirs answers): retry on another port
    let port = 0;
    let knownHostsPath = "";
    for (let attempt = 1;; attempt++) {
      port = await freePort();
      knownHostsPath = `${dir}/known_hosts`;
      if (await startPair(dir, port, options.sshdConfig ?? [], children)) break;
      await stopChildren(children);
      if (attempt === 5) throw new Error("netconfd's sshd never got a port of its own");
    }
    await Deno.writeTextFile(knownHostsPath, `[127.0.0.1]:${port} ${pub[0]} ${pub[1]}\n`);
    return {
      port,
      username: NETCONF_TEST_USER,
      password,
      knownHostsPath,
      stop,
      [Symbol.asyncDispose]: stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * netconfd (yuma123) leaves a message unread when it arrives in the same
 * read as the client's hello, until more bytes come: a client that sends its
 * first RPC as soon as the server's hello arrives may wait forever when the
 * two get coalesced on the way (a busy machine, a jump host). Tests call
 * this after connecting: a first `<get-config>`, sent again if unanswered,
 * which makes netconfd read on. A NETCONF server's bug, not the client's.
 */
export async function settle(client: { getConfig(o: { timeoutMs: number }): Promise<unknown> }) {
  try {
    await client.getConfig({ timeoutMs: 3000 });
  } catch {
    await client.getConfig({ timeoutMs: 15_000 });
  }
}

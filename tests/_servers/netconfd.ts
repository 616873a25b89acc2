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
    for (const c of children.reverse()) {
      try {
        c.kill("SIGTERM");
      } catch { /* already exited */ }
      await c.status;
    }
    children.length = 0;
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  try {
    await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", `${dir}/host_key`]);
    const pub = (await Deno.readTextFile(`${dir}/host_key.pub`)).trim().split(" ");
    const port = await freePort();
    const sock = `${dir}/ncxserver.sock`;
    const knownHostsPath = `${dir}/known_hosts`;
    await Deno.writeTextFile(knownHostsPath, `[127.0.0.1]:${port} ${pub[0]} ${pub[1]}\n`);
    await Deno.writeTextFile(
      `${dir}/sshd_config`,
      [
        ...(options.sshdConfig ?? []),
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
    children.push(
      new Deno.Command("/usr/sbin/sshd", {
        args: ["-D", "-e", "-f", `${dir}/sshd_config`],
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).spawn(),
    );
    await waitForPort(port);
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

/**
 * Runs a real Telnet server for tests: Debian's `inetutils-inetd` in the
 * foreground (`-d`) with a private config on 127.0.0.1 and a free port,
 * spawning `/usr/sbin/telnetd` per connection. By default telnetd runs our
 * own device-like login program (`tests/_fixtures/telnet_fake_login.py`)
 * through `-E`; `systemLogin: true` uses the real `/bin/login` instead.
 *
 * @module
 */

import { freePort } from "./ports.ts";
export { freePort };
import { createConnection } from "node:net";
import { fileURLToPath } from "node:url";

/** What the fake login program accepts. */
export interface FakeLogin {
  /** Expected user name. */
  username: string;
  /** Expected login password. */
  password: string;
  /** Enable password; `enable` needs none when absent. */
  enablePassword?: string;
  /** Ask only for the password (no `Username:` prompt). */
  passwordOnly?: boolean;
  /** Host name shown in the prompt (default `switch1`). */
  hostname?: string;
}

/** Options of {@linkcode startTelnetd}. */
export interface TelnetdOptions {
  /** Fake login settings (ignored with `systemLogin`). */
  login?: FakeLogin;
  /** Use the system `/bin/login` instead of the fake program. */
  systemLogin?: boolean;
}

/** A running telnetd; stop it with `await using` or `stop()`. */
export interface Telnetd extends AsyncDisposable {
  /** Port on 127.0.0.1. */
  port: number;
  /** The inetd process; each connection's telnetd is one of its children. */
  pid: number;
  /**
   * Why each fake login program ended so far (end of input, a signal, an
   * error, with the last lines it read): one line per session, for test
   * failures that need to know which side ended a connection.
   */
  traces(): Promise<string>;
  /** Stops inetd and removes the temp dir. */
  stop(): Promise<void>;
}

const FAKE_LOGIN = fileURLToPath(new URL("../_fixtures/telnet_fake_login.py", import.meta.url));

/** Resolves once something accepts TCP connections on the port. */
export async function waitForPort(port: number, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: "127.0.0.1", port });
      s.once("connect", () => {
        s.destroy();
        resolve(true);
      });
      s.once("error", () => {
        s.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Cannot reach 127.0.0.1:${port} after ${timeoutMs} ms`);
}

function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/**
 * Starts inetd + telnetd on a free port and waits until it accepts.
 *
 * @param options Which login program to run.
 * @returns The port and a stop function.
 */
export async function startTelnetd(options: TelnetdOptions = {}): Promise<Telnetd> {
  const dir = await Deno.makeTempDir({ prefix: "trigger-telnetd-" });
  let exec = "";
  if (!options.systemLogin) {
    const l = options.login ?? { username: "admin", password: "secret" };
    const args = ["/usr/bin/python3", FAKE_LOGIN, "--user", l.username, "--password", l.password];
    args.push("--trace", `${dir}/login-trace.log`);
    if (l.enablePassword !== undefined) args.push("--enable", l.enablePassword);
    if (l.passwordOnly) args.push("--no-username");
    if (l.hostname) args.push("--hostname", l.hostname);
    const script = `${dir}/login.sh`;
    await Deno.writeTextFile(script, `#!/bin/sh\nexec ${args.map(shellQuote).join(" ")}\n`);
    await Deno.chmod(script, 0o755);
    await Deno.chmod(dir, 0o755);
    exec = ` -E ${script}`;
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const conf = `${dir}/inetd.conf`;
    await Deno.writeTextFile(
      conf,
      `127.0.0.1:${port} stream tcp nowait root /usr/sbin/telnetd telnetd -h${exec}\n`,
    );
    const child = new Deno.Command("/usr/sbin/inetutils-inetd", {
      args: ["-d", "-p", `${dir}/inetd.pid`, conf],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    let exited = false;
    const status = child.status.then((s) => {
      exited = true;
      return s;
    });
    const stop = async () => {
      if (!exited) {
        try {
          child.kill("SIGTERM");
        } catch { /* already gone */ }
      }
      await status;
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    };
    try {
      await Promise.race([
        waitForPort(port, 5000),
        status.then(() => {
          throw new Error("inetd exited");
        }),
      ]);
    } catch {
      if (!exited) child.kill("SIGTERM");
      await status;
      continue;
    }
    return {
      port,
      pid: child.pid,
      traces: () => Deno.readTextFile(`${dir}/login-trace.log`).catch(() => ""),
      stop,
      [Symbol.asyncDispose]: stop,
    };
  }
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  throw new Error("Cannot start inetutils-inetd");
}

/**
 * Creates (or resets the password of) a local user for system-login tests.
 * Needs root; returns `false` when it cannot (the test should then skip).
 *
 * @param name User name.
 * @param password Password to set.
 * @returns Whether the user exists with that password.
 */
export async function ensureSystemUser(name: string, password: string): Promise<boolean> {
  if (Deno.uid() !== 0) return false;
  const exists = await new Deno.Command("id", { args: [name], stdout: "null", stderr: "null" })
    .output();
  if (!exists.success) {
    const add = await new Deno.Command("useradd", {
      args: ["-m", "-s", "/bin/sh", name],
      stdout: "null",
      stderr: "null",
    }).output();
    // A parallel test may have created it meanwhile: check again.
    if (!add.success) {
      const again = await new Deno.Command("id", { args: [name], stdout: "null", stderr: "null" })
        .output();
      if (!again.success) return false;
    }
  }
  const child = new Deno.Command("chpasswd", { stdin: "piped", stdout: "null", stderr: "null" })
    .spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(`${name}:${password}\n`));
  await w.close();
  return (await child.status).success;
}

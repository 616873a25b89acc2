/**
 * The telnetd flake, found and made deterministic: a device's last words
 * before it hangs up ("Goodbye") must reach the client even when telnetd is
 * slow.
 *
 * inetutils telnetd notes its child's exit (SIGCHLD) and, at the end of the
 * loop iteration it is in, flushes what it already holds and shuts the
 * connection, without reading the terminal again. When the login program
 * answered `exit` and exited within that iteration (telnetd slow, the
 * program fast: a CPU hog), its "Goodbye" stayed in the terminal and the
 * client read the end of the connection with no output (~1 run in 100-200 of
 * "telnetLogin() logs in to telnetd, enters enable and runs commands"). Our
 * client was right; the device-like program now waits until telnetd has
 * written its last words (telnetd's own write counter) before exiting.
 *
 * This test makes telnetd slow on purpose: every write() it makes returns
 * 300 ms late (strace fault injection), so the program always answers and
 * hangs up within the iteration that handed it `exit`. With the old program
 * the words were lost every time; now they arrive.
 *
 * @module
 */
import { match, strictEqual } from "node:assert/strict";
import { connectTelnet } from "../../lib/transport/telnet.ts";
import { telnetLogin } from "../../lib/transport/telnet_login.ts";
import type { ShellTransport } from "../../lib/transport/transport.ts";
import { startTelnetd } from "../_servers/telnetd.ts";

const LOGIN = { username: "admin", password: "s3cret!", enablePassword: "en4ble" };

/** The telnetd serving our connection: the child of inetd that holds a terminal. */
async function sessionTelnetd(inetd: number): Promise<number> {
  for await (const e of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    const stat = await Deno.readTextFile(`/proc/${e.name}/stat`).catch(() => "");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (ppid !== inetd) continue;
    const fds = await Array.fromAsync(Deno.readDir(`/proc/${e.name}/fd`)).catch(() => []);
    for (const fd of fds) {
      const to = await Deno.readLink(`/proc/${e.name}/fd/${fd.name}`).catch(() => "");
      if (to === "/dev/ptmx") return Number(e.name);
    }
  }
  throw new Error(`no telnetd session under inetd ${inetd}`);
}

/** Delays the return of every write() of `pid` (strace's fault injection) until disposed. */
async function slowWrites(pid: number, ms: number): Promise<AsyncDisposable> {
  const child = new Deno.Command("strace", {
    args: ["-p", String(pid), "-e", "trace=write", "-e", `inject=write:delay_exit=${ms * 1000}`],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.getReader();
  let seen = "";
  while (!seen.includes("attached")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`strace did not attach: ${seen}`);
    seen += new TextDecoder().decode(value);
  }
  const drain = (async () => {
    while (!(await reader.read()).done) { /* strace's trace lines */ }
  })();
  return {
    async [Symbol.asyncDispose]() {
      try {
        child.kill("SIGTERM");
      } catch { /* it ended with telnetd */ }
      await child.status;
      await drain;
    },
  };
}

async function readAll(t: ShellTransport): Promise<string> {
  const dec = new TextDecoder();
  let text = "";
  for (;;) {
    const chunk = await t.read(AbortSignal.timeout(20_000));
    if (chunk === null) return text;
    text += dec.decode(chunk, { stream: true });
  }
}

Deno.test({
  name: "a device's last words before it hangs up reach the client, even with telnetd slow",
  ignore: Deno.uid() !== 0, // strace on telnetd (a root process) needs root
  fn: async () => {
    await using srv = await startTelnetd({ login: LOGIN });
    const t = await connectTelnet({ host: "switch1", address: "127.0.0.1", port: srv.port });
    try {
      strictEqual((await telnetLogin(t, LOGIN, { timeoutMs: 15_000 })).prompt, "switch1#");
      const telnetd = await sessionTelnetd(srv.pid);
      // Every write() of telnetd returns 300 ms late: after it hands `exit` to the device,
      // the device answers and hangs up before telnetd looks at the terminal again.
      await using _slow = await slowWrites(telnetd, 300);
      await t.write("exit\n");
      const rest = await readAll(t);
      match(
        rest,
        /Goodbye/,
        `the connection ended without the last words: ${JSON.stringify(rest)}`,
      );
      match(await srv.traces(), /exit command/);
    } finally {
      await t.close();
    }
  },
});

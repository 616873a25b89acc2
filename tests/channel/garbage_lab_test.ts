/**
 * The lab's `garbage` fault against the real session: stray escape
 * sequences before the first prompt (each kind, and the random noise of the
 * fault) never hang the login; every command runs.
 */
import { match, strictEqual } from "node:assert/strict";
import { startLab } from "../../lib/lab/mod.ts";
import { execute } from "../../lib/session/mod.ts";

const STRAYS = ["\x1b]0;", "\x1bP", "\x1bX", "\x1b^", "\x1b_", "\x1b[?", "\x1b"];
const RANDOM = 40;

Deno.test("execute() logs in through the lab's garbage fault: each stray escape, and random noise", async () => {
  await using lab = await startLab({
    devices: [
      ...STRAYS.map((garbage, i) => ({
        platform: "cisco_ios",
        name: `stray${i}`,
        faults: { garbage },
      })),
      ...Array.from({ length: RANDOM }, (_, i) => ({
        platform: "cisco_ios",
        name: `noise${i}`,
        faults: { garbage: true },
      })),
    ],
  });
  const dir = await Deno.makeTempDir({ prefix: "garbage-" });
  try {
    await Deno.writeTextFile(`${dir}/known_hosts`, lab.knownHosts());
    const c = lab.credentials;
    const results = await Promise.all(lab.devices.map(async (d) => {
      try {
        const [r] = await execute(
          { name: d.name, address: d.address, port: d.ports.ssh, platform: "cisco_ios" },
          ["show version"],
          {
            credentials: {
              username: c.username,
              password: c.password,
              enablePassword: c.enablePassword,
            },
            knownHostsPath: `${dir}/known_hosts`,
            // well under the nudge (3 s) and the default timeouts: no waiting them out
            loginTimeoutMs: 2500,
            commandTimeoutMs: 10_000,
            connectTimeoutMs: 10_000,
          },
        );
        return `${d.name}: ${r!.output.split("\n")[0]}`;
      } catch (e) {
        return `${d.name}: ${e}`;
      }
    }));
    for (const r of results) match(r, /: Cisco IOS Software/);
    strictEqual(results.length, STRAYS.length + RANDOM);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

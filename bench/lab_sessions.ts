/**
 * Sessions per second against the emulated lab: each session connects over
 * SSH, logs in, runs two commands and closes. Runs at concurrency 1, 100 and
 * 1,000 and reports CPU time (process.cpuUsage) and peak RSS.
 *
 * ```sh
 * deno run -A bench/lab_sessions.ts            # client: lib/session execute()
 * deno run -A bench/lab_sessions.ts --raw      # client: a minimal ssh2 client
 * ```
 *
 * @module
 */
// deno-lint-ignore-file no-console
import process from "node:process";
import ssh2 from "ssh2";
import { startLab } from "../lib/lab/mod.ts";
import { execute } from "../lib/session/mod.ts";

const RAW = Deno.args.includes("--raw");
const DEVICES = 200;
const lab = await startLab({ devices: DEVICES, vendors: ["cisco_ios"], telnet: false });
const dir = await Deno.makeTempDir({ prefix: "lab-bench-" });
const knownHostsPath = `${dir}/known_hosts`;
await Deno.writeTextFile(knownHostsPath, lab.knownHosts());
const { username, password, enablePassword } = lab.credentials;

/** A minimal ssh2 client session: shell, wait for prompts, two commands, close. */
function rawSession(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // deno-lint-ignore no-explicit-any
    const c: any = new ssh2.Client();
    c.on("error", reject);
    c.on("ready", () => {
      // deno-lint-ignore no-explicit-any
      c.shell({ rows: 24, cols: 80 }, (e: Error | undefined, s: any) => {
        if (e) return reject(e);
        const steps = ["terminal length 0\r", "show clock\r", "show ip interface brief\r"];
        let buf = "";
        s.on("data", (d: Uint8Array) => {
          buf += new TextDecoder().decode(d);
          if (!/[>#]$/.test(buf)) return;
          buf = "";
          const next = steps.shift();
          if (next === undefined) {
            c.end();
            return;
          }
          s.write(next);
        });
        s.on("close", () => c.end());
      });
    });
    c.on("close", () => resolve());
    c.connect({ host: "127.0.0.1", port, username, password, readyTimeout: 60_000 });
  });
}

async function sessionViaLib(port: number, name: string): Promise<void> {
  const results = await execute(
    { name, address: "127.0.0.1", port, platform: "cisco_ios" },
    ["show clock", "show ip interface brief"],
    {
      credentials: { username, password, enablePassword },
      knownHostsPath,
      connectTimeoutMs: 60_000,
    },
  );
  if (results.length !== 2 || results.some((r) => r.failed)) throw new Error("command failed");
}

async function run(concurrency: number, total: number) {
  let next = 0;
  let errors = 0;
  let peak = Deno.memoryUsage().rss;
  const sampler = setInterval(() => peak = Math.max(peak, Deno.memoryUsage().rss), 50);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++;
      const d = lab.devices[i % DEVICES]!;
      try {
        if (RAW) await rawSession(d.ports.ssh);
        else await sessionViaLib(d.ports.ssh, d.name);
      } catch {
        errors++;
      }
    }
  }));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  peak = Math.max(peak, Deno.memoryUsage().rss);
  return {
    concurrency,
    sessions: total,
    errors,
    seconds: +(ms / 1000).toFixed(2),
    perSecond: Math.round(total / (ms / 1000)),
    cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
    peakRssMB: Math.round(peak / 2 ** 20),
  };
}

console.log(
  `client: ${
    RAW ? "minimal ssh2 client" : "lib/session execute()"
  }; lab: ${DEVICES} cisco_ios devices`,
);
for (const [c, total] of [[1, 50], [100, 1000], [1000, 2000]] as const) {
  console.log(JSON.stringify(await run(c, total)));
}
await lab.stop();
await Deno.remove(dir, { recursive: true });

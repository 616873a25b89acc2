// deno-lint-ignore-file no-console
/**
 * Fleet fan-out: Commando (with the default device executor: SSH, login,
 * enable, paging off, two commands, close) against N emulated `cisco_ios`
 * devices whose lab runs in a SEPARATE process (`_fanout_lab.ts`), so the
 * lab's CPU is measured apart from the client's. Then the same job done the
 * way an engineer would without the toolkit: OpenSSH `ssh -tt` + `sshpass`
 * under `xargs -P 64`, on a bounded sample of the same lab (extrapolated,
 * and labelled so).
 *
 * Run: deno run -A bench/fanout.ts [--devices 1000,10000] [--max-conns 200]
 *                                  [--xargs-sample 500] [--xargs-parallel 64]
 *
 * @module
 */
import { parseArgs } from "node:util";
import process from "node:process";
import { NetDevices } from "../lib/netdevices/mod.ts";
import { Commando, deviceExecutor, type ExecutorTarget } from "../lib/commando/mod.ts";
import { builtinSettings } from "../lib/settings/mod.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    devices: { type: "string", default: "1000,10000" },
    "max-conns": { type: "string", default: "200" },
    "xargs-sample": { type: "string", default: "500" },
    "xargs-parallel": { type: "string", default: "64" },
  },
});
const COMMANDS = ["show version", "show clock"];
const TICKS = 100; // clock ticks per second of /proc/<pid>/stat

function cpuSecondsOf(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / TICKS;
}

function peakRssMb(pid: number | "self"): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(Deno.readTextFileSync(`/proc/${pid}/status`));
  return m ? Number(m[1]) / 1024 : NaN;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

async function startLabProcess(n: number, dir: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./_fanout_lab.ts", import.meta.url).pathname, String(n), dir],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("ready")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the lab process ended before it was ready");
    text += value;
  }
  reader.releaseLock();
  return child;
}

async function commandoRun(dir: string, maxConns: number) {
  const creds = JSON.parse(await Deno.readTextFile(`${dir}/lab.json`));
  const inventory = await NetDevices.load({
    source: `${dir}/netdevices.json`,
    settings: builtinSettings(),
  });
  const job = new Commando<ExecutorTarget>({
    devices: inventory.all(),
    commands: COMMANDS,
    maxConns,
    timeoutMs: 60_000,
    executor: deviceExecutor({
      knownHostsPath: `${dir}/known_hosts`,
      ...(Deno.env.get("FANOUT_HOSTKEY_OFF") ? { hostKeyPolicy: "off" as const } : {}),
      credentials: () => Promise.resolve(creds),
    }),
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const elapsed: number[] = [];
  const errors = new Map<string, number>();
  for await (const o of job.stream()) {
    elapsed.push(o.elapsedMs);
    if (!o.ok) errors.set(o.error.code, (errors.get(o.error.code) ?? 0) + 1);
  }
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  elapsed.sort((a, b) => a - b);
  return {
    devices: elapsed.length,
    wall,
    perSecond: elapsed.length / wall,
    p50: pct(elapsed, 0.5),
    p95: pct(elapsed, 0.95),
    clientCpu: (cpu.user + cpu.system) / 1e6,
    errors: Object.fromEntries(errors),
    ports: inventory.all().map((d) => d.port),
    password: creds.password as string,
  };
}

async function xargsRun(ports: number[], password: string, parallel: number) {
  const list = ports.join("\n") + "\n";
  const script = `printf 'terminal length 0\\nshow version\\nshow clock\\nexit\\n' | ` +
    `sshpass -p "$PW" ssh -tt -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null ` +
    `-o LogLevel=ERROR -p "$1" lab@127.0.0.1 > /dev/null 2>&1 || echo FAIL`;
  const t0 = performance.now();
  const child = new Deno.Command("xargs", {
    args: ["-P", String(parallel), "-n", "1", "sh", "-c", script, "_"],
    env: { PW: password },
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(list));
  await w.close();
  const out = new TextDecoder().decode((await child.output()).stdout);
  const wall = (performance.now() - t0) / 1000;
  const failed = out.split("\n").filter((l) => l === "FAIL").length;
  return { devices: ports.length, wall, perSecond: ports.length / wall, failed };
}

const rows: string[] = [];
for (const n of values.devices!.split(",").map(Number)) {
  const dir = await Deno.makeTempDir({ prefix: "fanout-" });
  const lab = await startLabProcess(n, dir);
  try {
    const labCpu0 = cpuSecondsOf(lab.pid);
    const r = await commandoRun(dir, Number(values["max-conns"]));
    const labCpu = cpuSecondsOf(lab.pid) - labCpu0;
    const line =
      `| Commando (max-conns ${values["max-conns"]}) | ${n} | ${r.wall.toFixed(1)} s | ` +
      `${r.perSecond.toFixed(0)} | ${r.p50.toFixed(0)} ms | ${r.p95.toFixed(0)} ms | ` +
      `${r.clientCpu.toFixed(1)} s | ${labCpu.toFixed(1)} s | ${
        peakRssMb("self").toFixed(0)
      } MB | ` +
      `${peakRssMb(lab.pid).toFixed(0)} MB | ${JSON.stringify(r.errors)} |`;
    console.log(line);
    rows.push(line);
    const sample = r.ports.slice(0, Math.min(n, Number(values["xargs-sample"])));
    const x = await xargsRun(sample, r.password, Number(values["xargs-parallel"]));
    const est = n / x.perSecond;
    const xl = `| ssh+sshpass, xargs -P ${values["xargs-parallel"]} | ${x.devices} of ${n} | ` +
      `${x.wall.toFixed(1)} s (whole ${n}: ~${est.toFixed(0)} s, extrapolated) | ` +
      `${x.perSecond.toFixed(1)} | | | | | | | ${x.failed} failed |`;
    console.log(xl);
    rows.push(xl);
    console.log(`speed-up: ${(r.perSecond / x.perSecond).toFixed(1)}x`);
  } finally {
    lab.kill("SIGTERM");
    await lab.status;
    await Deno.remove(dir, { recursive: true });
  }
}
console.log(
  "\n| run | devices | wall | devices/s | p50 | p95 | client CPU | lab CPU | client peak RSS | lab peak RSS | errors |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows) console.log(r);

// deno-lint-ignore-file no-console
/**
 * Distributed fan-out, in one run: N emulated `cisco_ios` devices (the lab in
 * its own process, `_fanout_lab.ts`) through (1) a local Commando job, (2)
 * one `trigger worker` process on Redis (BullMQ: batches of up to 50 devices
 * per queue job, results through the job's result stream), (3) two worker
 * processes — the same devices, commands and total concurrency; and (4) the
 * local job sharded over two threads (`--workers 2`), for the CPU per device
 * and devices/s of every core of one machine. Per run: wall time, devices/s,
 * p95 per device (as the executing side measured it), the CPU of
 * every process (client, workers, redis-server, lab), and whether every
 * device's output is identical to the local run's. The queue's overhead is
 * reported per device: CPU of (client + workers + Redis) per device over the
 * local client's CPU per device, and devices/s against the local run.
 *
 * Run: deno run -A bench/fanout_distributed.ts [--devices 10000] [--conns 200]
 *      [--no-threads] [--profile DIR]
 *
 * `--no-threads` leaves out the `--workers 2` run; `--profile DIR` starts the
 * worker processes with `--cpu-prof --cpu-prof-dir DIR` (run the bench itself
 * with `deno run --cpu-prof` for the client's profile).
 *
 * @module
 */
import { parseArgs } from "node:util";
import process from "node:process";
import { NetDevices } from "../lib/netdevices/mod.ts";
import { Commando, deviceExecutor, type ExecutorTarget } from "../lib/commando/mod.ts";
import { builtinSettings } from "../lib/settings/mod.ts";
import { CredentialStore } from "../lib/credentials/mod.ts";
import { startRedis } from "../tests/_servers/redis.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    devices: { type: "string", default: "10000" },
    conns: { type: "string", default: "200" },
    "no-threads": { type: "boolean", default: false },
    profile: { type: "string" },
  },
});
const PROFILE = values.profile;
const N = Number(values.devices);
const CONNS = Number(values.conns);
const COMMANDS = ["show version"];
const MAIN = new URL("../cli/main.ts", import.meta.url).pathname;

function cpuOf(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
}

function selfCpu(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
}

function p95(ms: number[]): number {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? NaN;
}

async function startLab(dir: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./_fanout_lab.ts", import.meta.url).pathname, String(N), dir],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  for (let text = ""; !text.includes("ready");) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the lab ended before it was ready");
    text += value;
  }
  reader.releaseLock();
  return child;
}

async function startWorker(env: Record<string, string>, url: string, concurrency: number) {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      ...(PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE}`] : []),
      MAIN,
      "worker",
      "--via",
      url,
      "--concurrency",
      String(concurrency),
    ],
    env,
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  for (let text = ""; !text.includes("serving");) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the worker ended: ${text}`);
    text += value;
  }
  // keep draining its log (one line per device) so that it never blocks
  (async () => {
    for (;;) if ((await reader.read()).done) break;
  })();
  return child;
}

interface Run {
  name: string;
  wall: number;
  perSecond: number;
  p95: number;
  cpu: Record<string, number>;
  outputs: Map<string, string>;
  errors: number;
}

async function job(
  name: string,
  inventory: NetDevices,
  dir: string,
  cpuPids: Record<string, number>,
  via?: string,
  threads = 1,
): Promise<Run> {
  const creds = JSON.parse(await Deno.readTextFile(`${dir}/lab.json`));
  const commando = new Commando<ExecutorTarget>({
    devices: inventory.all(),
    commands: COMMANDS,
    maxConns: CONNS,
    timeoutMs: 120_000,
    executor: deviceExecutor({
      knownHostsPath: `${dir}/known_hosts`,
      credentials: () => Promise.resolve(creds),
    }),
    ...(via ? { via } : {}),
    ...(threads > 1 ? { workers: threads } : {}),
  });
  const before = Object.fromEntries(Object.entries(cpuPids).map(([k, pid]) => [k, cpuOf(pid)]));
  const client0 = selfCpu();
  const t0 = performance.now();
  const elapsed: number[] = [];
  const outputs = new Map<string, string>();
  let errors = 0;
  for await (const o of commando.stream()) {
    elapsed.push(o.elapsedMs);
    // the lab's show version counts its uptime in minutes: compare without that line
    if (o.ok) outputs.set(o.device, JSON.stringify(o.results).replace(/uptime is [^\\]*/g, ""));
    else errors++;
  }
  const wall = (performance.now() - t0) / 1000;
  const cpu: Record<string, number> = { client: selfCpu() - client0 };
  for (const [k, pid] of Object.entries(cpuPids)) cpu[k] = cpuOf(pid) - before[k]!;
  return { name, wall, perSecond: elapsed.length / wall, p95: p95(elapsed), cpu, outputs, errors };
}

const dir = await Deno.makeTempDir({ prefix: "fanout-dist-" });
const lab = await startLab(dir);
await using redis = await startRedis();
const redisPid = redis.pid;
const workers: Deno.ChildProcess[] = [];
try {
  const creds = JSON.parse(await Deno.readTextFile(`${dir}/lab.json`));
  const store = await CredentialStore.open({
    path: `${dir}/store.json`,
    keyFile: `${dir}/store.key`,
  });
  await store.set("default", {
    username: creds.username,
    password: creds.password,
    enablePassword: creds.enablePassword,
  });
  const env = {
    HOME: dir,
    TACACSRC: `${dir}/store.json`,
    TACACSRC_KEYFILE: `${dir}/store.key`,
    TRIGGER_KNOWN_HOSTS: `${dir}/known_hosts`,
    DEFAULT_REALM: "default",
    NETDEVICES_SOURCE: `${dir}/netdevices.json`,
  };
  const inventory = await NetDevices.load({
    source: `${dir}/netdevices.json`,
    settings: builtinSettings(),
  });
  const runs: Run[] = [];
  runs.push(await job("local Commando", inventory, dir, { lab: lab.pid }));
  console.error(`local: ${runs[0]!.wall.toFixed(1)} s`);
  if (!values["no-threads"]) {
    runs.push(
      await job("local, --workers 2 (threads)", inventory, dir, { lab: lab.pid }, undefined, 2),
    );
    console.error(`2 threads: ${runs.at(-1)!.wall.toFixed(1)} s`);
  }
  workers.push(await startWorker(env, redis.url, CONNS));
  runs.push(
    await job("queue, 1 worker", inventory, dir, {
      lab: lab.pid,
      redis: redisPid,
      worker1: workers[0]!.pid,
    }, redis.url),
  );
  console.error(`1 worker: ${runs.at(-1)!.wall.toFixed(1)} s`);
  workers[0]!.kill("SIGTERM");
  await workers[0]!.status;
  workers.length = 0;
  workers.push(
    await startWorker(env, redis.url, CONNS / 2),
    await startWorker(env, redis.url, CONNS / 2),
  );
  runs.push(
    await job("queue, 2 workers", inventory, dir, {
      lab: lab.pid,
      redis: redisPid,
      worker1: workers[0]!.pid,
      worker2: workers[1]!.pid,
    }, redis.url),
  );

  const local = runs[0]!;
  const localCpuPerDevice = local.cpu.client! / N * 1000;
  console.log(
    `\n${N} devices, ${COMMANDS.join(", ")}, ${CONNS} at once; load before: ${
      Deno.loadavg().map((x) => x.toFixed(1)).join(" ")
    }`,
  );
  console.log(
    "| run | wall | devices/s | p95 per device | client CPU | workers CPU | redis CPU | lab CPU | CPU/device (all but lab) | vs local | identical | errors |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of runs) {
    const workersCpu = (r.cpu.worker1 ?? 0) + (r.cpu.worker2 ?? 0);
    const ours = r.cpu.client! + workersCpu + (r.cpu.redis ?? 0);
    const perDevice = ours / N * 1000;
    const same = [...local.outputs].filter(([d, o]) => r.outputs.get(d) === o).length;
    console.log(
      `| ${r.name} | ${r.wall.toFixed(1)} s | ${r.perSecond.toFixed(0)} | ${
        r.p95.toFixed(0)
      } ms | ` +
        `${r.cpu.client!.toFixed(1)} s | ${workersCpu.toFixed(1)} s | ${
          (r.cpu.redis ?? 0).toFixed(1)
        } s | ` +
        `${r.cpu.lab!.toFixed(1)} s | ${perDevice.toFixed(2)} ms | ` +
        `CPU ${((perDevice / localCpuPerDevice - 1) * 100).toFixed(0)}%, devices/s ${
          ((r.perSecond / local.perSecond - 1) * 100).toFixed(0)
        }% | ` +
        `${same}/${local.outputs.size} | ${r.errors} |`,
    );
  }
} finally {
  for (const w of workers) {
    try {
      w.kill("SIGTERM");
    } catch { /* gone */ }
    await w.status;
  }
  lab.kill("SIGTERM");
  await lab.status;
  await Deno.remove(dir, { recursive: true });
}

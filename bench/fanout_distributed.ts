// deno-lint-ignore-file no-console
/**
 * Distributed fan-out, in one run: N emulated `cisco_ios` devices (the lab in
 * its own process, `_fanout_lab.ts`) through (1) a local Commando job, (2)
 * one `trigger worker` process on Redis (BullMQ: batches of devices per queue
 * job, results through the job's result stream), (3) two worker processes —
 * the same devices, commands and total concurrency; and, unless
 * `--no-threads`, (4) the local job sharded over two threads (`--workers 2`).
 *
 * Fair and repeatable: the runs are interleaved in rounds (A/B/C, then
 * B/C/A, then C/A/B...), so that the machine's load of the moment hits every
 * configuration alike, and every process is started once and kept warm
 * across rounds (the one-worker and two-worker setups serve queues of their
 * own). Per run: wall time, devices/s, p95 per device (as the executing side
 * measured it), the CPU of every process from `/proc` (client, workers,
 * redis-server, lab), the load average at its start, and whether every
 * device's output is identical to the first local run's. The summary gives,
 * per configuration, the median over the rounds and the spread (min-max) of
 * devices/s, p95, CPU per device of each process, CPU per device of all
 * processes but the lab and of all of them; and the queue's overhead per
 * round against the local run of the same round.
 *
 * Run: deno run -A bench/fanout_distributed.ts [--devices 10000] [--conns 200]
 *      [--rounds 3] [--no-threads] [--log DIR] [--only TEXT] [--profile DIR]
 *
 * `--log DIR` keeps each worker's log (one line per batch and per device) in
 * DIR (else they go to the temporary directory); `--only TEXT` runs only the
 * configurations whose name holds TEXT (e.g. `"1 worker"`, for a profile);
 * `--profile DIR` starts the worker processes with `--cpu-prof
 * --cpu-prof-dir DIR` (run the bench itself with `deno run --cpu-prof` for the
 * client's profile).
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
    rounds: { type: "string", default: "3" },
    "no-threads": { type: "boolean", default: false },
    log: { type: "string" },
    only: { type: "string" },
    profile: { type: "string" },
  },
});
const PROFILE = values.profile;
const LOG = values.log;
const N = Number(values.devices);
const CONNS = Number(values.conns);
const ROUNDS = Number(values.rounds);
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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
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

async function startWorker(
  env: Record<string, string>,
  url: string,
  queue: string,
  concurrency: number,
  logPath: string,
) {
  // its log (lines per batch and per device) goes straight to a file, as under a service
  // manager: the client does not copy it (sh execs the worker: the pid is the worker's)
  const child = new Deno.Command("sh", {
    args: [
      "-c",
      'exec "$0" "$@" 2>"$WORKER_LOG"',
      Deno.execPath(),
      "run",
      "-A",
      ...(PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE}`] : []),
      MAIN,
      "worker",
      "--via",
      url,
      "--queue",
      queue,
      "--concurrency",
      String(concurrency),
    ],
    env: { ...env, WORKER_LOG: logPath },
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  for (let text = ""; !text.includes("serving");) {
    const status = await Promise.race([child.status, new Promise((r) => setTimeout(r, 100))]);
    text = await Deno.readTextFile(logPath).catch(() => "");
    if (status) throw new Error(`the worker ended: ${text}`);
  }
  return child;
}

interface Run {
  config: string;
  round: number;
  load: number;
  wall: number;
  perSecond: number;
  p95: number;
  cpu: Record<string, number>;
  outputs: Map<string, string>;
  errors: number;
}

interface Setup {
  name: string;
  pids: Record<string, number>;
  via?: { url: string; queueOf: () => string };
  threads?: number;
}

async function job(setup: Setup, round: number, inventory: NetDevices, dir: string): Promise<Run> {
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
    ...(setup.via ? { via: setup.via } : {}),
    ...(setup.threads ? { workers: setup.threads } : {}),
  });
  const load = Deno.loadavg()[0]!;
  const before = Object.fromEntries(Object.entries(setup.pids).map(([k, p]) => [k, cpuOf(p)]));
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
  for (const [k, pid] of Object.entries(setup.pids)) cpu[k] = cpuOf(pid) - before[k]!;
  return {
    config: setup.name,
    round,
    load,
    wall,
    perSecond: elapsed.length / wall,
    p95: p95(elapsed),
    cpu,
    outputs,
    errors,
  };
}

const ms = (s: number) => (s / N * 1000).toFixed(2);
const notLab = (r: Run) =>
  Object.entries(r.cpu).filter(([k]) => k !== "lab").reduce((a, [, v]) => a + v, 0);
const workersOf = (r: Run) =>
  Object.entries(r.cpu).filter(([k]) => k.startsWith("worker")).reduce((a, [, v]) => a + v, 0);
const range = (xs: number[], f: (x: number) => string) =>
  `${f(median(xs))} (${f(Math.min(...xs))}-${f(Math.max(...xs))})`;
const pct = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(0)}%`;

const dir = await Deno.makeTempDir({ prefix: "fanout-dist-" });
const lab = await startLab(dir);
await using redis = await startRedis();
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
  // every process started once: one worker of CONNS on its queue, two of CONNS/2 on another
  const worker = async (queue: string, concurrency: number, label: string) => {
    const w = await startWorker(env, redis.url, queue, concurrency, `${LOG ?? dir}/${label}.log`);
    workers.push(w);
    return w;
  };
  const one = await worker("bench1", CONNS, "worker-1of1");
  const twoA = await worker("bench2", CONNS / 2, "worker-1of2");
  const twoB = await worker("bench2", CONNS / 2, "worker-2of2");
  const setups: Setup[] = [
    { name: "local Commando", pids: { lab: lab.pid } },
    {
      name: "queue, 1 worker",
      pids: { lab: lab.pid, redis: redis.pid, worker1: one.pid },
      via: { url: redis.url, queueOf: () => "bench1" },
    },
    {
      name: "queue, 2 workers",
      pids: { lab: lab.pid, redis: redis.pid, worker1: twoA.pid, worker2: twoB.pid },
      via: { url: redis.url, queueOf: () => "bench2" },
    },
  ];
  if (!values["no-threads"]) {
    setups.push({ name: "local, --workers 2 (threads)", pids: { lab: lab.pid }, threads: 2 });
  }
  if (values.only) {
    // for profiling one side: e.g. --only "1 worker"
    const keep = setups.filter((s) => s.name.includes(values.only!));
    setups.splice(0, setups.length, ...keep);
  }
  const runs: Run[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < setups.length; k++) {
      const setup = setups[(round + k) % setups.length]!;
      const r = await job(setup, round, inventory, dir);
      runs.push(r);
      console.error(
        `round ${round + 1} ${setup.name}: ${r.wall.toFixed(1)} s, ${
          ms(notLab(r))
        } ms CPU/device (lab excluded), load ${r.load.toFixed(1)}, ${r.errors} errors`,
      );
    }
  }

  // the local run of a round (none with --only): overheads are then NaN
  const LOCAL = "local Commando";
  const reference = runs.find((r) => r.config === LOCAL) ?? runs[0]!;
  const localOf = (round: number) => runs.find((r) => r.round === round && r.config === LOCAL);
  const loads = runs.map((r) => r.load);
  console.log(
    `\n${N} devices, ${COMMANDS.join(", ")}, ${CONNS} at once, ${ROUNDS} rounds interleaved; ` +
      `load (1 min) at the runs' starts: ${Math.min(...loads).toFixed(1)}-${
        Math.max(...loads).toFixed(1)
      }`,
  );
  console.log("\nEach run:\n");
  console.log(
    "| round | run | load | wall | devices/s | p95 per device | client CPU | workers CPU | redis CPU | lab CPU | CPU/device (all but lab) | identical | errors |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of runs) {
    const same = [...reference.outputs].filter(([d, o]) => r.outputs.get(d) === o).length;
    console.log(
      `| ${r.round + 1} | ${r.config} | ${r.load.toFixed(1)} | ${r.wall.toFixed(1)} s | ${
        r.perSecond.toFixed(0)
      } | ${r.p95.toFixed(0)} ms | ${r.cpu.client!.toFixed(1)} s | ${workersOf(r).toFixed(1)} s | ${
        (r.cpu.redis ?? 0).toFixed(1)
      } s | ${r.cpu.lab!.toFixed(1)} s | ${
        ms(notLab(r))
      } ms | ${same}/${reference.outputs.size} | ${r.errors} |`,
    );
  }
  console.log(
    "\nMedian (min-max) over the rounds; overhead against the local run of each round:\n",
  );
  console.log(
    "| run | devices/s | p95 per device | ms CPU/device: client | workers | redis | lab | all but lab | all | vs local: CPU/device (all but lab) | vs local: all processes | vs local: devices/s |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  const f0 = (x: number) => x.toFixed(0);
  const f2 = (x: number) => x.toFixed(2);
  const perDev = (s: number) => s / N * 1000;
  for (const s of setups) {
    const rs = runs.filter((r) => r.config === s.name);
    const vs = (f: (r: Run) => number) =>
      rs.map((r) => {
        const local = localOf(r.round);
        return local ? f(r) / f(local) - 1 : NaN;
      });
    const all = (r: Run) => notLab(r) + r.cpu.lab!;
    const over = (xs: number[]) => `${pct(median(xs))} (${xs.map(pct).join(", ")})`;
    console.log(
      `| ${s.name} | ${range(rs.map((r) => r.perSecond), f0)} | ${
        range(rs.map((r) => r.p95), f0)
      } ms | ${range(rs.map((r) => perDev(r.cpu.client!)), f2)} | ${
        s.via ? range(rs.map((r) => perDev(workersOf(r))), f2) : ""
      } | ${s.via ? range(rs.map((r) => perDev(r.cpu.redis ?? 0)), f2) : ""} | ${
        range(rs.map((r) => perDev(r.cpu.lab!)), f2)
      } | ${range(rs.map((r) => perDev(notLab(r))), f2)} | ${
        range(rs.map((r) => perDev(all(r))), f2)
      } | ${over(vs(notLab))} | ${over(vs(all))} | ${over(vs((r) => r.perSecond))} |`,
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

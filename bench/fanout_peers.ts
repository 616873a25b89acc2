// deno-lint-ignore-file no-console
/**
 * The same fleet job by this toolkit and by the tools engineers use today,
 * side by side in one run (issue 16 §1): N emulated `cisco_ios` devices (the
 * lab in its own process, `_fanout_lab.ts`), `show version` + `show clock`
 * on each, done by
 *
 * - `trigger run-cmds` (the CLI, a whole process: start-up, inventory,
 *   credentials, strict host-key checks against known_hosts, JSON output);
 * - Netmiko 4 (`ConnectHandler` in a `ThreadPoolExecutor(64)`), Nornir 3 +
 *   nornir_netmiko (threaded runner, `num_workers=64`), scrapli (asyncio API,
 *   `asyncio.gather` with a semaphore of 64): `bench/_fanout_peers.py`, from
 *   a venv (`.tmp/peers`, see bench/README.md);
 * - OpenSSH `ssh -tt` + `sshpass` under `xargs -P 64`.
 *
 * Each client runs under `/usr/bin/time`: wall, client CPU (user + system of
 * the process and every child it waited for: the ssh processes of xargs),
 * peak RSS (the largest single process). The lab's CPU is read from
 * `/proc/<pid>/stat` around each run.
 *
 * Run: deno run -A bench/fanout_peers.ts [--devices 1000] [--repeat 1]
 *        [--peers run-cmds,netmiko,nornir,scrapli,xargs] [--python .tmp/peers/bin/python]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { CredentialStore } from "../lib/credentials/mod.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    devices: { type: "string", default: "1000" },
    repeat: { type: "string", default: "1" },
    peers: { type: "string", default: "run-cmds,netmiko,nornir,scrapli,xargs" },
    python: { type: "string", default: ".tmp/peers/bin/python" },
    "max-conns": { type: "string", default: "64,200" },
  },
});
const ROOT = new URL("../", import.meta.url).pathname;
const TICKS = 100;

function cpuSecondsOf(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / TICKS;
}

async function startLab(n: number, dir: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}bench/_fanout_lab.ts`, String(n), dir],
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

interface Measured {
  wall: number;
  cpu: number;
  rssMb: number;
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs a command under GNU time; its last stderr line is "wall user sys maxrssKB". */
async function timed(cmd: string[], env: Record<string, string> = {}, stdin?: string) {
  const child = new Deno.Command("/usr/bin/time", {
    args: ["-f", "TIME %e %U %S %M", ...cmd],
    env,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const r = await child.output();
  const stderr = new TextDecoder().decode(r.stderr);
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(stderr);
  if (!m) throw new Error(`no timing from ${cmd.join(" ")}: ${stderr.slice(-500)}`);
  return {
    wall: Number(m[1]),
    cpu: Number(m[2]) + Number(m[3]),
    rssMb: Number(m[4]) / 1024,
    stdout: new TextDecoder().decode(r.stdout),
    stderr: stderr.slice(0, m.index),
    code: r.code,
  } satisfies Measured;
}

async function writeCredentials(dir: string) {
  const c = JSON.parse(await Deno.readTextFile(`${dir}/lab.json`));
  const store = await CredentialStore.open({
    path: `${dir}/credentials`,
    keyFile: `${dir}/credentials.key`,
  });
  await store.set("lab", {
    username: c.username,
    password: c.password,
    enablePassword: c.enablePassword,
  });
  await Deno.writeTextFile(
    `${dir}/settings.json`,
    JSON.stringify({ netdevicesSource: "netdevices.json", defaultRealm: "lab" }),
  );
  return c as { username: string; password: string };
}

type Row = { peer: string; n: number; m: Measured; ok: number; failed: string; lab: number };

async function runCmds(dir: string, names: string[], maxConns: string) {
  const env = {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    HOME: dir,
    TRIGGER_SETTINGS: `${dir}/settings.json`,
    NETDEVICES_SOURCE: `${dir}/netdevices.json`,
    TACACSRC: `${dir}/credentials`,
    TACACSRC_KEYFILE: `${dir}/credentials.key`,
    TRIGGER_KNOWN_HOSTS: `${dir}/known_hosts`,
    NO_COLOR: "1",
  };
  const m = await timed([
    Deno.execPath(),
    "run",
    "-A",
    `${ROOT}cli/main.ts`,
    "run-cmds",
    "-c",
    "show version",
    "-c",
    "show clock",
    "--json",
    "--max-conns",
    maxConns,
    ...names,
  ], env);
  const j = JSON.parse(m.stdout);
  const errors: Record<string, number> = {};
  for (const e of Object.values(j.errors) as { code: string }[]) {
    errors[e.code] = (errors[e.code] ?? 0) + 1;
  }
  const failed = Object.keys(errors).length ? JSON.stringify(errors) : "0";
  return { m, ok: Object.keys(j.results).length, failed };
}

async function pythonPeer(peer: string, dir: string) {
  const m = await timed([values.python!, `${ROOT}bench/_fanout_peers.py`, peer, dir]);
  const line = m.stdout.trim().split("\n").at(-1) ?? "{}";
  const j = JSON.parse(line);
  const failed = j.failed ? `${j.failed} ${JSON.stringify(j.errors)} ${j.first_error ?? ""}` : "0";
  return { m, ok: j.ok as number, failed };
}

async function xargs(ports: number[], password: string) {
  const script = `printf 'terminal length 0\\nshow version\\nshow clock\\nexit\\n' | ` +
    `sshpass -p "$PW" ssh -tt -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null ` +
    `-o LogLevel=ERROR -p "$1" lab@127.0.0.1 > /dev/null 2>&1 || echo FAIL`;
  const m = await timed(
    ["xargs", "-P", "64", "-n", "1", "sh", "-c", script, "_"],
    { PW: password, PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin" },
    ports.join("\n") + "\n",
  );
  const failed = m.stdout.split("\n").filter((l) => l === "FAIL").length;
  return { m, ok: ports.length - failed, failed: String(failed) };
}

const n = Number(values.devices);
const rows: Row[] = [];
for (let rep = 0; rep < Number(values.repeat); rep++) {
  const dir = await Deno.makeTempDir({ prefix: "fanout-peers-" });
  const lab = await startLab(n, dir);
  try {
    const creds = await writeCredentials(dir);
    const inventory = JSON.parse(await Deno.readTextFile(`${dir}/netdevices.json`));
    const names: string[] = inventory.map((d: { nodeName: string }) => d.nodeName);
    const ports: number[] = inventory.map((d: { nodePort: string }) => Number(d.nodePort));
    if (rep === 0) await runCmds(dir, names.slice(0, 1), "1"); // Deno's module cache, not measured
    for (const peer of values.peers!.split(",")) {
      const runs = peer === "run-cmds"
        ? values["max-conns"]!.split(",").map((c) => [`run-cmds (max-conns ${c})`, c] as const)
        : [[peer, ""] as const];
      for (const [label, conns] of runs) {
        const lab0 = cpuSecondsOf(lab.pid);
        const r = peer === "run-cmds"
          ? await runCmds(dir, names, conns)
          : peer === "xargs"
          ? await xargs(ports, creds.password)
          : await pythonPeer(peer, dir);
        const row = {
          peer: label,
          n,
          m: r.m,
          ok: r.ok,
          failed: r.failed,
          lab: cpuSecondsOf(lab.pid) - lab0,
        };
        rows.push(row);
        console.log(line(row));
      }
    }
  } finally {
    lab.kill("SIGTERM");
    await lab.status;
    await Deno.remove(dir, { recursive: true });
  }
}

function line(r: Row): string {
  return `| ${r.peer} | ${r.n} | ${r.m.wall.toFixed(1)} s | ${(r.ok / r.m.wall).toFixed(0)} | ` +
    `${(r.m.cpu * 1000 / r.n).toFixed(2)} ms | ${r.m.rssMb.toFixed(0)} MB | ` +
    `${(r.lab * 1000 / r.n).toFixed(2)} ms | ${r.failed} |`;
}

console.log(
  "\n| client | devices | wall | devices/s | client CPU per device | client peak RSS | lab CPU per device | failures |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows) console.log(line(r));

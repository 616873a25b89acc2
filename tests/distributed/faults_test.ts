/**
 * Faults of a distributed job, each with real processes and real signals: a
 * worker SIGKILLed mid-job, Redis killed and restarted mid-job (with and
 * without persistence). Every device must end with exactly one result or a
 * clear error, and the submitting process must end by itself.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { labDir } from "../cli/_lab_dir.ts";
import { startRedis } from "../_servers/redis.ts";
import { startWorker } from "./_workers.ts";

const MAIN = new URL("../../cli/main.ts", import.meta.url).pathname;

/** `trigger run-cmds --via URL --json` running in the background. */
function submit(env: Record<string, string>, url: string, names: string[]) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "run-cmds", "--via", url, "-c", "show version", "--json", ...names],
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  return child.output().then((r) => ({
    code: r.code,
    out: new TextDecoder().decode(r.stdout),
    err: new TextDecoder().decode(r.stderr),
  }));
}

/** One summary row per device, and the totals line. */
function summaryRows(err: string, names: string[]): void {
  for (const n of names) {
    const rows = err.split("\n").filter((l) => l.startsWith(`${n} `));
    strictEqual(rows.length, 1, `device ${n} has one summary row:\n${err}`);
  }
  match(err, new RegExp(`${names.length} device\\(s\\):`));
}

Deno.test("a worker SIGKILLed mid-job: the batch it held runs again on another worker after the lock expires (try 2), one result each", async () => {
  await using redis = await startRedis();
  // slow output: each device takes a few seconds, so the kill lands mid-device; one worker of 3:
  // batches of 3, 3, 2, 1, and A holds its first batch, all 3 devices running
  await using l = await labDir({ devices: 9, vendors: ["cisco_ios"], faults: "slowOutput=600@9" });
  const names = l.lab.devices.map((d) => d.name);
  await using a = await startWorker(l.env, [
    "--via",
    redis.url,
    "--concurrency",
    "3",
    "--lock-duration",
    "2",
  ]);
  const job = submit(l.env, redis.url, names);
  for (let i = 0; i < 3; i++) await a.waitFor(new RegExp(`(start .*\\n[^]*){${i + 1}}`));
  a.kill("SIGKILL");
  await a.status;
  const started = [...a.log().matchAll(/start (\S+)/g)].map((m) => m[1]!);
  strictEqual(started.length, 3, a.log());
  await using b = await startWorker(l.env, [
    "--via",
    redis.url,
    "--concurrency",
    "6",
    "--lock-duration",
    "2",
  ]);
  const r = await job;
  strictEqual(r.code, 0, `${r.err}\n--- worker b:\n${b.log()}`);
  const j = JSON.parse(r.out);
  deepStrictEqual(Object.keys(j.results).sort(), [...names].sort());
  deepStrictEqual(j.errors, {});
  summaryRows(r.err, names);
  // A's batch went to B whole (its second try), and what A had started, B ran again
  match(b.log(), / batch \S+ \(job \S+, queue trigger, 3 device\(s\), try 2\)/);
  for (const d of started) {
    match(b.log(), new RegExp(`start ${d} \\(job \\S+, queue trigger, try 2\\)`));
  }
});

Deno.test("Redis killed and restarted mid-job with its data (AOF): the job resumes, every device ends once", async () => {
  await using first = await startRedis({ durable: true });
  const { port, dir } = first;
  await using l = await labDir({ devices: 6, vendors: ["cisco_ios"], faults: "slowOutput=1500@6" });
  const names = l.lab.devices.map((d) => d.name);
  await using w = await startWorker(l.env, [
    "--via",
    first.url,
    "--concurrency",
    "2",
    "--lock-duration",
    "3",
  ]);
  const job = submit(l.env, first.url, names);
  await w.waitFor(/ok ios-cisco-\d+/);
  Deno.kill(first.pid, "SIGKILL");
  await first.exited;
  await new Promise((r) => setTimeout(r, 1500));
  await using _second = await startRedis({ dir, port, durable: true });
  const r = await job;
  summaryRows(r.err, names);
  const j = JSON.parse(r.out);
  strictEqual(Object.keys(j.results).length + Object.keys(j.errors).length, names.length, r.out);
  // devices in flight during the restart are run again (after their lock expired) or fail clearly
  for (const [d, e] of Object.entries(j.errors) as [string, { code: string; message: string }][]) {
    strictEqual(e.code, "QUEUE_ERROR", `${d}: ${e.message}`);
  }
  ok(Object.keys(j.results).length >= names.length - 2, r.err);
  await Deno.remove(dir, { recursive: true }).catch(() => {});
});

Deno.test("Redis restarted mid-job without its data: the devices not reported fail with a clear QUEUE_ERROR, the run ends", async () => {
  await using first = await startRedis();
  const { port } = first;
  await using l = await labDir({ devices: 6, vendors: ["cisco_ios"], faults: "slowOutput=1500@6" });
  const names = l.lab.devices.map((d) => d.name);
  await using w = await startWorker(l.env, ["--via", first.url, "--concurrency", "2"]);
  const job = submit(l.env, first.url, names);
  await w.waitFor(/ok ios-cisco-\d+/);
  Deno.kill(first.pid, "SIGKILL");
  await first.exited;
  await using _empty = await startRedis({ port });
  const r = await job;
  strictEqual(r.code, 1, r.err);
  summaryRows(r.err, names);
  const j = JSON.parse(r.out);
  strictEqual(Object.keys(j.results).length + Object.keys(j.errors).length, names.length);
  ok(Object.keys(j.errors).length >= 1, r.out);
  for (const e of Object.values(j.errors) as { code: string; message: string }[]) {
    strictEqual(e.code, "QUEUE_ERROR");
    match(
      e.message,
      /gone from Redis at redis:\/\/127\.0\.0\.1:\d+ \(restarted without persistence/,
    );
  }
});

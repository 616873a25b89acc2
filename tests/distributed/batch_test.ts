/**
 * Batches of devices in one queue job (read-only work), with real worker
 * processes and real signals: a worker SIGKILLed mid-batch (what it reported
 * is neither run nor reported again, the rest runs again on another worker),
 * a cancel while a worker holds a batch (its devices not started end
 * CANCELLED without running), and the batch sizes.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { Redis } from "ioredis";
import { labDir } from "../cli/_lab_dir.ts";
import { startRedis } from "../_servers/redis.ts";
import { startWorker } from "./_workers.ts";
import { NetDevice } from "../../lib/netdevices/mod.ts";
import { labInventory } from "../../lib/lab/mod.ts";
import { batchSizeOf, type RemoteRunOptions, runRemote } from "../../lib/distributed/remote.ts";
import type { CommandOutput } from "../../lib/commando/commando.ts";
import type { JobOutcome } from "../../lib/commando/pool.ts";

/** `show version` on the devices through the queue, each outcome collected as it comes. */
function submit(
  devices: NetDevice[],
  url: string,
  more: Partial<RemoteRunOptions<NetDevice>> = {},
) {
  const outcomes: JobOutcome<NetDevice, CommandOutput[]>[] = [];
  const done = (async () => {
    for await (
      const o of runRemote(devices.map((device) => ({ device, commands: ["show version"] })), {
        connection: { url },
        task: { kind: "commands" },
        queueOf: () => "trigger",
        ...more,
      })
    ) outcomes.push(o);
  })();
  return { outcomes, done };
}

Deno.test("batch size: one device per job for a push; else at most 50 and at most a quarter of each worker's share", () => {
  strictEqual(batchSizeOf(10_000, 1, "commands"), 50);
  strictEqual(batchSizeOf(10_000, 2, "commands", 10), 10);
  strictEqual(batchSizeOf(24, 1, "commands"), 6);
  strictEqual(batchSizeOf(24, 2, "commands"), 3);
  strictEqual(batchSizeOf(24, 0, "commands"), 6); // nobody listening yet: as for one worker
  strictEqual(batchSizeOf(6, 1, "commands"), 1);
  strictEqual(batchSizeOf(10_000, 1, "push"), 1);
});

Deno.test("a worker SIGKILLed mid-batch: the devices it reported are not run or reported again, the rest run again on another worker; one result each", async () => {
  await using redis = await startRedis();
  // the last 6 devices answer slowly: the kill lands after the fast ones reported, mid-batch
  await using l = await labDir({ devices: 12, vendors: ["cisco_ios"], faults: "slowOutput=100@6" });
  const all = labInventory(l.lab).map((r) => new NetDevice(r));
  const fast = all.slice(0, 6);
  const slow = all.slice(6);
  // fast and slow interleaved: 12 devices, one worker → batches of 3, each mixing both
  const devices = fast.flatMap((f, i) => [f, slow[i]!]);
  const workerArgs = ["--via", redis.url, "--concurrency", "12", "--lock-duration", "2"];
  await using a = await startWorker(l.env, workerArgs);
  let jobId = "";
  const { outcomes, done: job } = submit(devices, redis.url, {
    onSubmitted: (x) => (jobId = x.jobId),
  });
  await a.waitFor(new RegExp(`(ok ios-cisco-\\d+[^]*){6}`), 120_000);
  const r = new Redis(redis.url);
  try {
    // 12 devices in 4 queue jobs, all held by A
    strictEqual(await r.llen("trigger:trigger:active"), 4);
    a.kill("SIGKILL");
    await a.status;
    const entries = await r.xrange(`trigger:results:${jobId}`, "-", "+");
    const reported = new Set(
      entries.map(([, f]) => devices[Number(f[f.indexOf("i") + 1])]!.nodeName),
    );
    ok(reported.size >= 1 && reported.size < 12, `A reported ${[...reported]}`);
    // at least one batch was cut in two: some of its devices reported, some not
    const batches = [0, 3, 6, 9].map((at) => devices.slice(at, at + 3).map((d) => d.nodeName));
    ok(
      batches.some((b) => b.some((n) => reported.has(n)) && b.some((n) => !reported.has(n))),
      `no batch was cut: ${[...reported]}`,
    );
    await using b = await startWorker(l.env, workerArgs);
    await job;
    strictEqual(outcomes.length, 12, JSON.stringify(outcomes.map((o) => o.name)));
    deepStrictEqual(
      outcomes.map((o) => o.name).sort(),
      devices.map((d) => d.nodeName).sort(),
      "one result per device",
    );
    for (const o of outcomes) {
      ok(o.ok, `${o.name}: ${o.ok ? "" : o.error.message}`);
      if (!o.ok) continue;
      strictEqual(o.item.nodeName, o.name);
      deepStrictEqual(o.value.map((c) => c.command), ["show version"]);
      match(o.value[0]!.output, /Cisco IOS/);
    }
    for (const d of devices) {
      if (reported.has(d.nodeName)) {
        ok(!b.log().includes(`start ${d.nodeName} `), `${d.nodeName} ran again:\n${b.log()}`);
      } else {
        match(b.log(), new RegExp(`start ${d.nodeName} \\(job \\S+, queue trigger, try 2\\)`));
      }
    }
  } finally {
    r.disconnect();
  }
});

Deno.test("cancelled while a worker holds a batch: its devices not started end CANCELLED without running, the queued batches are removed", async () => {
  await using redis = await startRedis();
  await using l = await labDir({ devices: 8, vendors: ["cisco_ios"], faults: "slowOutput=150@8" });
  const devices = labInventory(l.lab).map((r) => new NetDevice(r));
  // one device at a time: the worker holds one batch of 2 (8 devices, one worker), runs its first
  await using w = await startWorker(l.env, ["--via", redis.url, "--concurrency", "1"]);
  const stop = new AbortController();
  const started = w.waitFor(/start ios-cisco-\d+/, 60_000).then(() => stop.abort());
  const { outcomes, done: job } = submit(devices, redis.url, { signal: stop.signal });
  await job;
  await started;
  const ran = [...w.log().matchAll(/start (\S+)/g)].map((m) => m[1]!);
  deepStrictEqual(ran.length, 1, w.log());
  const done = outcomes.filter((o) => o.ok).map((o) => o.name);
  deepStrictEqual(done, ran, "the device in progress finished and reported");
  const cancelled = outcomes.filter((o) => !o.ok && o.error.code === "CANCELLED");
  strictEqual(cancelled.length, 7, JSON.stringify(outcomes.map((o) => [o.name, o.ok])));
  deepStrictEqual(
    outcomes.map((o) => o.name).sort(),
    devices.map((d) => d.nodeName).sort(),
    "one result per device",
  );
  // the held batch's second device was answered by the worker, not run
  match(w.log(), /FAILED ios-cisco-\d+ \S+ CANCELLED/);
});

Deno.test("a worker told to stop (SIGTERM) finishes its device in progress and puts the rest of its batch back: another worker runs them, one result each", async () => {
  await using redis = await startRedis();
  await using l = await labDir({ devices: 8, vendors: ["cisco_ios"], faults: "slowOutput=150@8" });
  const devices = labInventory(l.lab).map((r) => new NetDevice(r));
  // one device at a time: A holds one batch of 2 (8 devices, one worker) and runs its first
  await using a = await startWorker(l.env, ["--via", redis.url, "--concurrency", "1"]);
  const { outcomes, done: job } = submit(devices, redis.url);
  await a.waitFor(/start ios-cisco-\d+/);
  a.kill("SIGTERM");
  strictEqual((await a.status).code, 0, a.log());
  const ranOnA = [...a.log().matchAll(/ok (\S+)/g)].map((m) => m[1]!);
  strictEqual(ranOnA.length, 1, a.log());
  await using b = await startWorker(l.env, ["--via", redis.url, "--concurrency", "8"]);
  await job;
  deepStrictEqual(
    outcomes.map((o) => o.name).sort(),
    devices.map((d) => d.nodeName).sort(),
    "one result per device",
  );
  for (const o of outcomes) ok(o.ok, `${o.name}: ${o.ok ? "" : o.error.message}`);
  const ranOnB = [...b.log().matchAll(/start (\S+)/g)].map((m) => m[1]!);
  deepStrictEqual([...ranOnA, ...ranOnB].sort(), devices.map((d) => d.nodeName).sort());
});

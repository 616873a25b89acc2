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
import { batchSizesOf, type RemoteRunOptions, runRemote } from "../../lib/distributed/remote.ts";
import { resultsOfEntry } from "../../lib/distributed/payload.ts";
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

Deno.test("batchSizesOf(): one device per job for a push; else at most 50, at most the workers' average concurrency, at most half of what is left per worker, down to 1 at the end", () => {
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  const two = { workers: 2, slots: 200 };
  const big = batchSizesOf(10_000, two, "commands");
  strictEqual(sum(big), 10_000);
  deepStrictEqual(big.slice(0, 3), [50, 50, 50]);
  deepStrictEqual(big.slice(-3), [1, 1, 1]);
  ok(big.length < 220, `${big.length} batches`);
  // never more than half of what is left per worker, never growing
  let left = 10_000;
  big.forEach((size, i) => {
    ok(size <= Math.ceil(left / 4) && size >= 1, `batch ${i}: ${size} of ${left}`);
    if (i > 0) ok(size <= big[i - 1]!);
    left -= size;
  });
  strictEqual(Math.max(...batchSizesOf(10_000, two, "commands", 10)), 10);
  // two workers of 10: never more than a worker starts at once
  strictEqual(Math.max(...batchSizesOf(10_000, { workers: 2, slots: 20 }, "commands")), 10);
  deepStrictEqual(batchSizesOf(12, { workers: 1, slots: 2 }, "commands"), [2, 2, 2, 2, 2, 1, 1]);
  // nobody listening yet: as for one worker of 10
  deepStrictEqual(
    batchSizesOf(100, { workers: 0, slots: 0 }, "commands"),
    batchSizesOf(100, { workers: 1, slots: 10 }, "commands"),
  );
  deepStrictEqual(batchSizesOf(3, { workers: 2, slots: 20 }, "push"), [1, 1, 1]);
  deepStrictEqual(batchSizesOf(0, two, "commands"), []);
});

/**
 * The most devices a worker held at once (taken in batches, not reported yet),
 * read from its log in order.
 */
function mostHeld(log: string): number {
  let held = 0;
  let most = 0;
  for (const m of log.matchAll(/ batch \S+ \([^)]*?(\d+) device\(s\)|\n\S+ (?:ok|FAILED) /g)) {
    held += m[1] === undefined ? -1 : Number(m[1]);
    most = Math.max(most, held);
  }
  return most;
}

/** The sizes of the batches a worker took, in order. */
function batchesTaken(log: string): number[] {
  return [...log.matchAll(/ batch \S+ \([^)]*?(\d+) device\(s\)/g)].map((m) => Number(m[1]));
}

Deno.test("a worker SIGKILLed mid-batch: it held one batch beyond its slots; what it reported is not run or reported again, the rest of its batches run again on another worker; one result each", async () => {
  await using redis = await startRedis();
  // fast and slow devices interleaved: the kill lands after a fast one reported, a slow one of
  // the same batch still running
  await using l = await labDir({ devices: 12, vendors: ["cisco_ios"], faults: "slowOutput=600@6" });
  const all = labInventory(l.lab).map((r) => new NetDevice(r));
  const fast = all.slice(0, 6);
  const slow = all.slice(6);
  const devices = fast.flatMap((f, i) => [f, slow[i]!]);
  // one worker of 2 slots: batches of 2, 2, 2, 2, 2, 1, 1
  const workerArgs = ["--via", redis.url, "--concurrency", "2", "--lock-duration", "2"];
  await using a = await startWorker(l.env, workerArgs);
  let jobId = "";
  let batches: number[] = [];
  const { outcomes, done: job } = submit(devices, redis.url, {
    onSubmitted: (x) => {
      jobId = x.jobId;
      batches = x.queues["trigger"]!.batches;
    },
  });
  await a.waitFor(/ok ios-cisco-\d+/, 120_000);
  const r = new Redis(redis.url);
  try {
    deepStrictEqual(batches, [2, 2, 2, 2, 2, 1, 1]);
    // A holds what its 2 slots run plus at most one batch, not the whole job
    const active = await r.llen("trigger:trigger:active");
    ok(active >= 1 && active <= 2, `A holds ${active} batches`);
    a.kill("SIGKILL");
    await a.status;
    ok(mostHeld(a.log()) <= 2 + 2 - 1, a.log());
    const entries = await r.xrange(`trigger:results:${jobId}`, "-", "+");
    const reported = new Set(
      entries.flatMap(([, f]) => resultsOfEntry(f).map(({ index }) => devices[index]!.nodeName)),
    );
    ok(reported.size >= 1 && reported.size < 12, `A reported ${[...reported]}`);
    // at least one batch was cut in two: some of its devices reported, some not
    const cut = [[0, 2], [2, 4], [4, 6], [6, 8], [8, 10]].map(([from, to]) =>
      devices.slice(from, to).map((d) => d.nodeName)
    );
    ok(
      cut.some((b) => b.some((n) => reported.has(n)) && b.some((n) => !reported.has(n))),
      `no batch was cut: ${[...reported]}`,
    );
    const takenByA = batchesTaken(a.log()).length;
    await using b = await startWorker(l.env, [
      ...workerArgs.slice(0, 2),
      "--concurrency",
      "12",
      ...workerArgs.slice(4),
    ]);
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
    // B took A's batches again (try 2) and the ones A never took (try 1)
    const tries = [...b.log().matchAll(/ batch \S+ \(.*?, try (\d+)\)/g)].map((m) => m[1]);
    strictEqual(tries.filter((t) => t === "2").length, takenByA, b.log());
    strictEqual(tries.length, batches.length, b.log());
    for (const d of devices) {
      if (reported.has(d.nodeName)) {
        ok(!b.log().includes(`start ${d.nodeName} `), `${d.nodeName} ran again:\n${b.log()}`);
      }
    }
    for (const d of devices.slice(0, 2).filter((d) => !reported.has(d.nodeName))) {
      match(b.log(), new RegExp(`start ${d.nodeName} \\(job \\S+, queue trigger, try 2\\)`));
    }
  } finally {
    r.disconnect();
  }
});

Deno.test("a worker that came first does not hold the queue: a worker started later gets a share of the job", async () => {
  await using redis = await startRedis();
  await using l = await labDir({
    devices: 24,
    vendors: ["cisco_ios"],
    faults: "slowOutput=600@24",
  });
  const devices = labInventory(l.lab).map((r) => new NetDevice(r));
  const args = ["--via", redis.url, "--concurrency", "4"];
  await using a = await startWorker(l.env, args);
  let batches: number[] = [];
  const { outcomes, done: job } = submit(devices, redis.url, {
    onSubmitted: (x) => (batches = x.queues["trigger"]!.batches),
  });
  await a.waitFor(/ok ios-cisco-\d+/, 120_000);
  await using b = await startWorker(l.env, args);
  await job;
  // one worker of 4 listening at the submit: 4 at most, down to 1
  strictEqual(batches[0], 4);
  strictEqual(batches.at(-1), 1);
  deepStrictEqual(
    outcomes.map((o) => o.name).sort(),
    devices.map((d) => d.nodeName).sort(),
    "one result per device",
  );
  for (const o of outcomes) ok(o.ok, `${o.name}: ${o.ok ? "" : o.error.message}`);
  const oks = (w: typeof a) => [...w.log().matchAll(/ ok (\S+)/g)].length;
  // the job's results can arrive before the workers' own log lines of them are read
  for (const end = Date.now() + 10_000; oks(a) + oks(b) < 24 && Date.now() < end;) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const onA = oks(a);
  const onB = oks(b);
  strictEqual(onA + onB, 24, `--- A:\n${a.log()}\n--- B:\n${b.log()}`);
  ok(onB >= 6, `B ran ${onB} of 24 devices:\n--- A:\n${a.log()}\n--- B:\n${b.log()}`);
  ok(mostHeld(a.log()) <= 4 + 4 - 1, a.log());
});

/**
 * 8 devices for one worker of 2 slots (batches of 2, 2, 2, 1, 1), the first
 * fast, the others slow: the worker runs its first batch, takes the second
 * when the fast device ends, and holds it with one device running and one
 * waiting for a slot once it has started 3.
 */
async function holdingABatch(redis: { url: string }, env: Record<string, string>) {
  return await startWorker(env, ["--via", redis.url, "--concurrency", "2"]);
}

Deno.test("cancelled while a worker holds a batch: its device not started ends CANCELLED without running, the queued batches are removed", async () => {
  await using redis = await startRedis();
  await using l = await labDir({ devices: 8, vendors: ["cisco_ios"], faults: "slowOutput=150@7" });
  const devices = labInventory(l.lab).map((r) => new NetDevice(r));
  await using w = await holdingABatch(redis, l.env);
  const stop = new AbortController();
  const started = w.waitFor(/(start ios-cisco-\d+[^]*){3}/, 60_000).then(() => stop.abort());
  const { outcomes, done: job } = submit(devices, redis.url, { signal: stop.signal });
  await job;
  await started;
  const ran = [...w.log().matchAll(/start (\S+)/g)].map((m) => m[1]!);
  deepStrictEqual(ran.length, 3, w.log());
  const done = outcomes.filter((o) => o.ok).map((o) => o.name);
  deepStrictEqual(done.sort(), ran.sort(), "the devices in progress finished and reported");
  const cancelled = outcomes.filter((o) => !o.ok && o.error.code === "CANCELLED");
  strictEqual(cancelled.length, 5, JSON.stringify(outcomes.map((o) => [o.name, o.ok])));
  deepStrictEqual(
    outcomes.map((o) => o.name).sort(),
    devices.map((d) => d.nodeName).sort(),
    "one result per device",
  );
  // the held batch's second device was answered by the worker, not run
  const held = devices[3]!.nodeName;
  ok(!ran.includes(held), w.log());
  match(w.log(), new RegExp(`FAILED ${held} \\S+ CANCELLED`));
});

Deno.test("a worker told to stop (SIGTERM) finishes its devices in progress and puts the rest of its batch back: another worker runs them (try 2), one result each", async () => {
  await using redis = await startRedis();
  await using l = await labDir({ devices: 8, vendors: ["cisco_ios"], faults: "slowOutput=150@7" });
  const devices = labInventory(l.lab).map((r) => new NetDevice(r));
  await using a = await holdingABatch(redis, l.env);
  const { outcomes, done: job } = submit(devices, redis.url);
  await a.waitFor(/(start ios-cisco-\d+[^]*){3}/);
  a.kill("SIGTERM");
  strictEqual((await a.status).code, 0, a.log());
  const ranOnA = [...a.log().matchAll(/ ok (\S+)/g)].map((m) => m[1]!);
  strictEqual(ranOnA.length, 3, a.log());
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
  // the device A held without starting it went back with its batch
  match(b.log(), new RegExp(`start ${devices[3]!.nodeName} \\(job \\S+, queue trigger, try 2\\)`));
});

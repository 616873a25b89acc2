import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { type JobOutcome, runPool } from "../../lib/commando/pool.ts";
import { TriggerError } from "../../lib/errors.ts";
import { sleep } from "../../lib/commando/rate_limiter.ts";

async function collect<I, T>(it: AsyncIterable<JobOutcome<I, T>>): Promise<JobOutcome<I, T>[]> {
  const all: JobOutcome<I, T>[] = [];
  for await (const o of it) all.push(o);
  return all;
}

const names = (n: number) => Array.from({ length: n }, (_, i) => `d${i}`);

Deno.test("runPool() yields exactly one outcome per item and never more than maxConns at once", async () => {
  let running = 0;
  let peak = 0;
  const outcomes = await collect(runPool(names(200), async (d) => {
    running++;
    peak = Math.max(peak, running);
    await sleep(Math.random() * 3);
    running--;
    if (d.endsWith("7")) throw new TriggerError("COMMAND_FAILED", `Cannot run on ${d}`);
    return d;
  }, { maxConns: 16 }));
  strictEqual(outcomes.length, 200);
  deepStrictEqual(new Set(outcomes.map((o) => o.name)).size, 200);
  ok(peak <= 16, `peak ${peak}`);
  const failed = outcomes.filter((o) => !o.ok);
  strictEqual(failed.length, 20);
  for (const f of failed) if (!f.ok) strictEqual(f.error.code, "COMMAND_FAILED");
});

Deno.test("runPool() streams outcomes in completion order, not input order", async () => {
  const order: string[] = [];
  for await (
    const o of runPool(["slow", "fast"], async (d, ctx) => {
      await sleep(d === "slow" ? 60 : 1, ctx.signal);
      return d;
    }, { maxConns: 2 })
  ) order.push(o.name);
  deepStrictEqual(order, ["fast", "slow"]);
});

Deno.test("runPool() ends a hanging job at its timeout with TIMEOUT and aborts its signal", async () => {
  let aborted = false;
  const [o] = await collect(runPool(["hang"], (_d, ctx) =>
    new Promise<never>(() => {
      ctx.signal.addEventListener("abort", () => (aborted = true));
    }), { timeoutMs: 30 }));
  ok(o && !o.ok);
  if (o && !o.ok) {
    strictEqual(o.error.code, "TIMEOUT");
    strictEqual(o.error.host, "hang");
  }
  strictEqual(aborted, true);
});

Deno.test("runPool() retries transient connect failures only, and never after connected()", async () => {
  const tries = new Map<string, number>();
  const outcomes = await collect(runPool(["refused", "auth", "late"], async (d, ctx) => {
    await Promise.resolve();
    tries.set(d, (tries.get(d) ?? 0) + 1);
    if (d === "refused") {
      if (ctx.attempt < 3) throw new TriggerError("CONNECTION_REFUSED", "Cannot connect");
      return "up";
    }
    if (d === "auth") throw new TriggerError("AUTH_FAILED", "Cannot log in");
    ctx.connected();
    throw new TriggerError("TRANSPORT_CLOSED", "Cannot read: closed");
  }, { retries: 2, retryDelayMs: 1 }));
  deepStrictEqual(Object.fromEntries(tries), { refused: 3, auth: 1, late: 1 });
  const byName = Object.fromEntries(outcomes.map((o) => [o.name, o]));
  strictEqual(byName.refused?.ok, true);
  strictEqual(byName.refused?.attempts, 3);
  strictEqual(byName.auth?.ok, false);
});

Deno.test("runPool() cancellation ends every unfinished item as CANCELLED", async () => {
  const ctrl = new AbortController();
  const outcomes: JobOutcome<string, string>[] = [];
  for await (
    const o of runPool(names(50), async (d, ctx) => {
      await sleep(d === "d0" ? 0 : 1000, ctx.signal);
      return d;
    }, { maxConns: 5, signal: ctrl.signal })
  ) {
    outcomes.push(o);
    if (o.name === "d0") ctrl.abort();
  }
  strictEqual(outcomes.length, 50);
  strictEqual(outcomes.filter((o) => o.ok).length, 1);
  for (const o of outcomes) if (!o.ok) strictEqual(o.error.code, "CANCELLED");
});

Deno.test("runPool() caps new connections per second per rate key", async () => {
  const starts: Record<string, number[]> = {};
  const t0 = performance.now();
  await collect(runPool(names(6), async (d) => {
    await Promise.resolve();
    const key = Number(d.slice(1)) % 2 ? "odd" : "even";
    (starts[key] ??= []).push(performance.now() - t0);
    return d;
  }, {
    maxConns: 6,
    connectsPerSecond: 50,
    rateKey: (d) => Number(d.slice(1)) % 2 ? "odd" : "even",
  }));
  // three starts per key at 50/s: each key's starts are spread over >= 2 intervals (40 ms),
  // which a concurrency of 6 alone would not do
  for (const key of ["odd", "even"]) {
    const s = starts[key]!;
    strictEqual(s.length, 3);
    ok(s[2]! - s[0]! >= 35, `${key}: ${s.join(",")}`);
  }
});

Deno.test("runPool() wraps non-Trigger errors as JOB_FAILED and reports progress", async () => {
  const seen: number[] = [];
  const outcomes = await collect(runPool(["a", "b"], (d) => {
    if (d === "a") return Promise.reject(new Error("boom"));
    return Promise.resolve(1);
  }, { onProgress: (p) => seen.push(p.done) }));
  const a = outcomes.find((o) => o.name === "a");
  ok(a && !a.ok && a.error.code === "JOB_FAILED" && a.error.message.includes("boom"));
  // A report at the start (nothing done), when the jobs start, then one per outcome.
  deepStrictEqual(seen, [0, 0, 1, 2]);
});

Deno.test("runPool() reports jobs connecting and connected before any finishes", async () => {
  const seen: [number, number, number][] = [];
  const gate = Promise.withResolvers<void>();
  const run = collect(runPool(["a", "b", "c"], async (d, ctx) => {
    if (d === "a") ctx.connected();
    ctx.connected(); // twice: counted once
    if (d !== "c") await gate.promise;
    return d;
  }, {
    maxConns: 2,
    onProgress: (p) => seen.push([p.done, p.connecting, p.connected]),
  }));
  while (!seen.some(([, , c]) => c === 2)) await new Promise((r) => setTimeout(r, 1));
  deepStrictEqual(seen.at(-1), [0, 0, 2], "a and b reached, nothing finished yet");
  deepStrictEqual(seen[0], [0, 0, 0]);
  ok(seen.some(([done, connecting]) => done === 0 && connecting > 0), JSON.stringify(seen));
  gate.resolve();
  await run;
  deepStrictEqual(seen.at(-1), [3, 0, 0]);
});

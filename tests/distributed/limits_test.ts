/**
 * Distributed jobs: the per-target connection rate across worker processes,
 * cancelling the devices not started, and a TLS (`rediss://`) Redis with a
 * password.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { Redis } from "ioredis";
import { labDir, trigger } from "../cli/_lab_dir.ts";
import { freePort, startRedis } from "../_servers/redis.ts";
import { startWorker } from "./_workers.ts";
import { certificates } from "../_servers/tls.ts";
import { Commando, configPushExecutor, deviceExecutor } from "../../lib/commando/mod.ts";
import { NetDevice } from "../../lib/netdevices/mod.ts";
import { labInventory } from "../../lib/lab/mod.ts";

const noCredentials = () => Promise.reject(new Error("remote workers use their own"));

Deno.test("Commando via: the per-target connection rate holds across two worker processes", async () => {
  await using redis = await startRedis();
  await using l = await labDir({ devices: 8, vendors: ["cisco_ios"] });
  await using _a = await startWorker(l.env, ["--via", redis.url, "--concurrency", "4"]);
  await using _b = await startWorker(l.env, ["--via", redis.url, "--concurrency", "4"]);
  const devices = labInventory(l.lab).map((r) => new NetDevice(r));
  const t0 = performance.now();
  const { results, errors } = await new Commando({
    devices,
    commands: ["show clock"],
    executor: deviceExecutor({ credentials: noCredentials }),
    connectsPerSecond: 2, // all lab devices share one address: one connection every 500 ms
    via: redis.url,
  }).run();
  const seconds = (performance.now() - t0) / 1000;
  deepStrictEqual(errors, {});
  strictEqual(Object.keys(results).length, 8);
  // 8 connections spaced by 500 ms whichever worker made them: at least 3.5 s (a lower bound
  // only: a loaded machine makes it longer, never shorter); without the cap this takes < 1 s
  ok(seconds >= 3.4, `8 devices at 2 connections/s took ${seconds.toFixed(2)} s`);
});

Deno.test("Commando via: cancelling removes the devices no worker has started; they end CANCELLED", async () => {
  await using redis = await startRedis();
  await using l = await labDir({ devices: 3, vendors: ["cisco_ios"] });
  const devices = labInventory(l.lab).map((r) => new NetDevice(r));
  const stop = new AbortController();
  const { errors } = await new Commando({
    devices,
    commands: ["hostname x"],
    executor: configPushExecutor({ credentials: noCredentials }),
    signal: stop.signal,
    via: { url: redis.url, onSubmitted: () => stop.abort() }, // no worker: nothing started
  }).run();
  deepStrictEqual(Object.values(errors).map((e) => e.code), [
    "CANCELLED",
    "CANCELLED",
    "CANCELLED",
  ]);
  const r = new Redis(redis.url);
  const keys = await r.keys("trigger:*");
  r.disconnect();
  deepStrictEqual(keys.filter((k) => /:(wait|active|delayed|prioritized)$/.test(k)), []);
});

Deno.test("rediss:// with a password: workers and run-cmds over TLS; a wrong password is a clear error", async () => {
  const dir = await Deno.makeTempDir({ prefix: "trigger-rediss-" });
  await certificates(dir);
  const port = await freePort();
  const server = new Deno.Command("redis-server", {
    args: [
      "--port",
      "0",
      "--tls-port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--save",
      "",
      "--tls-cert-file",
      `${dir}/server.crt`,
      "--tls-key-file",
      `${dir}/server.key`,
      "--tls-ca-cert-file",
      `${dir}/ca.crt`,
      "--tls-auth-clients",
      "no",
      "--requirepass",
      "s3cret-queue",
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    await using l = await labDir({ devices: 2, vendors: ["cisco_ios"] });
    const url = `rediss://127.0.0.1:${port}`;
    const env = {
      ...l.env,
      TRIGGER_QUEUE_PASSWORD: "s3cret-queue",
      TRIGGER_QUEUE: JSON.stringify({ tlsCaFile: `${dir}/ca.crt` }),
    };
    await new Promise((r) => setTimeout(r, 300));
    await using _w = await startWorker(env, ["--via", url]);
    const names = l.lab.devices.map((d) => d.name);
    const ok1 = await trigger(env, [
      "run-cmds",
      "--via",
      url,
      "-c",
      "show clock",
      "--json",
      ...names,
    ]);
    strictEqual(ok1.code, 0, ok1.err);
    deepStrictEqual(Object.keys(JSON.parse(ok1.out).results).sort(), names.sort());
    match(ok1.err, /sent to rediss:\/\/127\.0\.0\.1:\d+ /);
    ok(!ok1.err.includes("s3cret-queue"));
    const bad = await trigger({ ...env, TRIGGER_QUEUE_PASSWORD: "wrong" }, [
      "run-cmds",
      "--via",
      url,
      "-c",
      "show clock",
      ...names,
    ]);
    strictEqual(bad.code, 2, bad.err);
    match(bad.err, /Cannot reach the job queue: .*rediss:\/\/127\.0\.0\.1:\d+.*\[QUEUE_ERROR\]/);
    ok(!bad.err.includes("wrong"), bad.err);
  } finally {
    server.kill("SIGTERM");
    await server.status;
    await Deno.remove(dir, { recursive: true });
  }
});

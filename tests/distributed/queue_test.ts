/**
 * Distributed Commando through the CLI, every piece a separate process:
 * a private redis-server, `trigger worker` processes, `trigger run-cmds
 * --via` / `load-config --via`, against the emulated lab.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { Redis } from "ioredis";
import { labDir, trigger } from "../cli/_lab_dir.ts";
import { startRedis } from "../_servers/redis.ts";
import { startWorker } from "./_workers.ts";
import { CredentialStore } from "../../lib/credentials/mod.ts";

Deno.test("run-cmds --via: two workers, the same JSON as a local run, nothing secret in Redis", async () => {
  await using redis = await startRedis();
  await using l = await labDir({
    devices: 6,
    vendors: ["cisco_ios", "juniper_junos", "arista_eos"],
  });
  const names = l.lab.devices.map((d) => d.name);
  await using _w1 = await startWorker(l.env, ["--via", redis.url, "--concurrency", "2"]);
  await using _w2 = await startWorker(l.env, ["--via", redis.url, "--concurrency", "2"]);
  // watch every Redis write: no password may ever travel
  const monitor = new Redis(redis.url);
  const seen: string[] = [];
  const m = await monitor.monitor();
  m.on("monitor", (_t: string, args: string[]) => seen.push(args.join(" ")));
  const args = ["run-cmds", "-c", "show version", "-c", "show clock", "--json", ...names, "ghost"];
  const remote = await trigger(l.env, [...args.slice(0, 1), "--via", redis.url, ...args.slice(1)]);
  m.disconnect();
  monitor.disconnect();
  const local = await trigger(l.env, args);
  strictEqual(remote.code, local.code, remote.err);
  const r = JSON.parse(remote.out);
  const j = JSON.parse(local.out);
  deepStrictEqual(Object.keys(r.results).sort(), Object.keys(j.results).sort());
  for (const d of Object.keys(j.results)) {
    const commands = (x: { command: string }[]) => x.map((c) => c.command);
    deepStrictEqual(commands(r.results[d]), commands(j.results[d]));
    match(r.results[d][0].output, /\S/);
  }
  // junos has no "show clock" over NETCONF: the same error both ways
  deepStrictEqual(r.errors, j.errors);
  strictEqual(r.errors.ghost.code, "DEVICE_NOT_FOUND");
  match(
    remote.err,
    /Job \S+ sent to redis:\/\/127\.0\.0\.1:\d+ \(trigger: 6 device\(s\), 2 worker\(s\)\)/,
  );
  match(remote.err, /7 device\(s\): 4 ok, 3 failed/);
  ok(seen.some((s) => s.includes("show version")), "the commands travelled through Redis");
  const secrets = [l.lab.credentials.password, l.lab.credentials.enablePassword].filter(Boolean);
  for (const s of secrets) {
    ok(!seen.some((line) => line.includes(s as string)), `a secret travelled through Redis`);
  }
});

Deno.test("load-config --via --push: the lines reach each device once; a worker whose store lacks the realm fails its devices with CREDENTIALS_MISSING; queue.realmStores gives a realm its own store", async () => {
  await using redis = await startRedis();
  await using l = await labDir({ devices: 2, vendors: ["cisco_ios"] });
  const names = l.lab.devices.map((d) => d.name);
  // a worker with a store that has no "lab" realm, and no default to fall back on
  const wrong = await Deno.makeTempDir();
  try {
    const store = await CredentialStore.open({ path: `${wrong}/c`, keyFile: `${wrong}/k` });
    await store.set("other", { username: "x", password: "y" });
    const env = { ...l.env, TACACSRC: `${wrong}/c`, TACACSRC_KEYFILE: `${wrong}/k` };
    {
      await using bad = await startWorker(env, ["--via", redis.url]);
      const r = await trigger(l.env, [
        "run-cmds",
        "--via",
        redis.url,
        "-c",
        "show clock",
        "--json",
        ...names,
      ]);
      strictEqual(r.code, 1, r.err);
      const j = JSON.parse(r.out);
      for (const n of names) strictEqual(j.errors[n].code, "CREDENTIALS_MISSING", r.out);
      match(bad.log(), /FAILED ios-cisco-001 \S+ CREDENTIALS_MISSING/);
      bad.kill("SIGTERM");
      strictEqual((await bad.status).code, 0, "the worker itself did not fail");
    }
    // the same wrong store by default, and the lab's store for realm "lab" (queue.realmStores)
    const mapped = {
      ...env,
      TRIGGER_QUEUE: JSON.stringify({
        realmStores: { lab: { store: l.env.TACACSRC, keyFile: l.env.TACACSRC_KEYFILE } },
      }),
    };
    await using _good = await startWorker(mapped, ["--via", redis.url]);
    await Deno.writeTextFile(`${wrong}/lines`, "ntp server 192.0.2.123\n");
    const push = await trigger(l.env, [
      "load-config",
      `${wrong}/lines`,
      ...names,
      "--push",
      "--via",
      redis.url,
      "--json",
    ]);
    strictEqual(push.code, 0, push.err);
    const p = JSON.parse(push.out);
    deepStrictEqual(Object.keys(p.results).sort(), names.sort());
    const shown = await trigger(l.env, [
      "run-cmds",
      "-c",
      "show running-config",
      "--json",
      names[0]!,
    ]);
    const config: string = JSON.parse(shown.out).results[names[0]!][0].output;
    strictEqual(config.split("ntp server 192.0.2.123").length - 1, 1, config);
  } finally {
    await Deno.remove(wrong, { recursive: true });
  }
});

Deno.test("queue.routes send each device to the queue of the workers that can reach it (a worker's tags pick its queue); TRIGGER_QUEUE_URL sends jobs there without --via", async () => {
  await using redis = await startRedis();
  await using l = await labDir({ devices: 4, vendors: ["cisco_ios", "juniper_junos"] });
  const names = l.lab.devices.map((d) => d.name);
  const env = {
    ...l.env,
    TRIGGER_QUEUE: JSON.stringify({
      routes: [{ match: { vendor: "juniper" }, queue: "trigger-junos" }],
    }),
  };
  // the juniper worker finds its queue from its tag, as a device of that vendor would
  await using junos = await startWorker(env, ["--via", redis.url, "--tag", "vendor=juniper"]);
  await using other = await startWorker(env, ["--via", redis.url]);
  match(junos.log(), /serving trigger-junos/);
  match(other.log(), /serving trigger\n/);
  // the queueUrl setting (TRIGGER_QUEUE_URL) sends the job to the queue without --via
  const r = await trigger({ ...env, TRIGGER_QUEUE_URL: redis.url }, [
    "run-cmds",
    "-c",
    "show version",
    ...names,
  ]);
  strictEqual(r.code, 0, r.err);
  match(r.err, /trigger-junos: 2 device\(s\), 1 worker\(s\)/);
  match(r.err, /trigger: 2 device\(s\), 1 worker\(s\)/);
  const ran = (w: { log(): string }) => [...w.log().matchAll(/ok (\S+)/g)].map((m) => m[1]).sort();
  deepStrictEqual(ran(junos), names.filter((n) => n.startsWith("junos")).sort());
  deepStrictEqual(ran(other), names.filter((n) => n.startsWith("ios")).sort());
});

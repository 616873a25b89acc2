/**
 * Ctrl-C on a distributed job, with a real signal: `kill -INT` of a
 * `trigger run-cmds --via` whose devices no worker has started yet removes
 * them from the queue (they end CANCELLED, exit 130), and a worker started
 * afterwards runs none of them.
 */
import { deepStrictEqual, match, strictEqual } from "node:assert/strict";
import { Redis } from "ioredis";
import { labDir } from "../cli/_lab_dir.ts";
import { startRedis } from "../_servers/redis.ts";
import { startTrigger, startWorker } from "./_workers.ts";

Deno.test("kill -INT of run-cmds --via: devices not started are removed from the queue and end CANCELLED", async () => {
  await using redis = await startRedis();
  await using l = await labDir({ devices: 3, vendors: ["cisco_ios"] });
  const names = l.lab.devices.map((d) => d.name);
  // no worker yet: every device waits in the queue
  await using submit = await startTrigger(
    l.env,
    ["run-cmds", "--via", redis.url, "-c", "show clock", "--json", ...names],
    /sent to redis/,
  );
  submit.kill("SIGINT");
  const status = await submit.status;
  strictEqual(status.code, 130, submit.log());
  match(submit.log(), /SIGINT received: stopping/);
  match(submit.log(), /3 device\(s\): 0 ok, 0 failed, 3 cancelled/);
  for (const n of names) {
    match(submit.log(), new RegExp(`${n}\\s+CANCELLED\\s+\\S+\\s+CANCELLED: `));
  }
  const r = new Redis(redis.url);
  const waiting = await r.llen("trigger:trigger:wait");
  r.disconnect();
  strictEqual(waiting, 0, "nothing left for a worker");
  await using w = await startWorker(l.env, ["--via", redis.url]);
  await new Promise((res) => setTimeout(res, 1500));
  deepStrictEqual(w.log().match(/start /g), null, w.log());
});

Deno.test("kill -INT of load-config --push --via: no device that a worker has not started is pushed", async () => {
  await using redis = await startRedis();
  await using l = await labDir({ devices: 2, vendors: ["cisco_ios"] });
  const names = l.lab.devices.map((d) => d.name);
  await Deno.writeTextFile(`${l.dir}/change.txt`, "ntp server 192.0.2.99\n");
  await using submit = await startTrigger(
    { ...l.env, TRIGGER_AUDIT_LOG: `${l.dir}/load-config.log` },
    ["load-config", `${l.dir}/change.txt`, ...names, "--push", "--via", redis.url],
    /sent to redis/,
  );
  submit.kill("SIGINT");
  strictEqual((await submit.status).code, 130, submit.log());
  for (const n of names) {
    match(
      submit.log(),
      new RegExp(`"${n}":"CANCELLED: [^"]*before it started \\(nothing sent\\)"`),
    );
  }
  const log = await Deno.readTextFile(`${l.dir}/load-config.log`);
  match(log, /"event":"queued"/);
  match(log, /"event":"end"/);
  await using w = await startWorker(l.env, ["--via", redis.url]);
  await new Promise((res) => setTimeout(res, 1500));
  deepStrictEqual(w.log().match(/start /g), null, w.log());
});

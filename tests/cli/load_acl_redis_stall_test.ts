/**
 * `trigger load-acl --redis` when Redis stops answering in the middle of a
 * run (a real redis-server frozen with SIGSTOP after the device began to
 * change): the load still ends in a known state, the queue call gives up
 * after its deadline, and the run finishes, logs, reports and exits 1
 * instead of hanging forever.
 */
import { match, ok, strictEqual } from "node:assert/strict";
import { RedisAclStore } from "../../lib/acl/db/redis_store.ts";
import { startRedis } from "../_servers/redis.ts";
import { aclLab, iosList } from "./_acl_lab.ts";
import { logRecords, TriggerChild } from "./_child.ts";

const entries = Array.from(
  { length: 40 },
  (_, i) => ` permit tcp any host 192.0.2.${i + 10} eq 443`,
);
const ACL = `ip access-list extended EDGE-IN\n${entries.join("\n")}\n deny ip any any\n`;

async function frozenRun(when: (r: Record<string, unknown>) => boolean) {
  const redis = await startRedis();
  const store = await RedisAclStore.open(redis.url);
  const lab = await aclLab(
    [{ platform: "cisco_ios", name: "r1", faults: { slowOutput: 1500 } }],
    { "EDGE-IN": ACL },
    { r1: ["EDGE-IN"] },
    store,
  );
  await store.close();
  await using child = TriggerChild.spawn(lab.env, [
    "load-acl",
    "EDGE-IN",
    "--redis",
    redis.url,
    "--store-timeout",
    "2",
    "--yes",
    "--host-key-policy",
    "off",
  ]);
  await child.until(
    "the moment to freeze Redis",
    async () => (await logRecords(lab.log)).some(when),
  );
  Deno.kill(redis.pid, "SIGSTOP");
  const r = await child.done().finally(() => Deno.kill(redis.pid, "SIGCONT"));
  return {
    r,
    lab,
    records: await logRecords(lab.log),
    async [Symbol.asyncDispose]() {
      await lab[Symbol.asyncDispose]();
      await redis[Symbol.asyncDispose]();
    },
  };
}

Deno.test("load-acl --redis, Redis frozen once the device is changing: it is verified, the queue call gives up, log + summary, exit 1", async () => {
  await using run = await frozenRun((x) => x.event === "change");
  const { r, lab, records } = run;
  strictEqual(r.code, 1, r.err + r.out);
  match(r.out, /^r1\s+GREEN\s+DONE\s+NEW\s+EDGE-IN/m);
  match(r.out, /1 device\(s\): 1 loaded/);
  match(
    r.err,
    /r1: the queue or the log was not updated: Cannot settle queue entry \d+ \(EDGE-IN on r1\): no answer within 2000 ms/,
  );
  const result = records.find((x) => x.event === "result" && x.device === "r1");
  strictEqual(result?.left, "new");
  ok(String(result?.queueError).includes("no answer within 2000 ms"));
  strictEqual(records.at(-1)?.event, "end");
  strictEqual((await iosList(lab, "r1", "EDGE-IN")).split("\n").length, 42);
});

Deno.test("load-acl --redis, Redis frozen before the first change: the device is not touched, exit 1", async () => {
  await using run = await frozenRun((x) => x.event === "step" && x.step === "backup");
  const { r, lab, records } = run;
  strictEqual(r.code, 1, r.err + r.out);
  match(
    r.out,
    /^r1\s+GREEN\s+FAILED\s+PREVIOUS\s+EDGE-IN\s+backup: .*in progress on r1 in the queue: no answer within 2000 ms/m,
  );
  ok(!records.some((x) => x.event === "change"));
  strictEqual(await iosList(lab, "r1", "EDGE-IN"), "");
});

/**
 * `trigger load-acl` interrupted and started as an operator meets it: real
 * SIGINT/SIGTERM to a real process in the middle of a load against slow lab
 * devices (each device ends in a known state, read back from the lab; the
 * log and the queue say which; the summary is printed), a second Ctrl-C, a
 * fresh machine, an unwritable log, a SQLite store locked by another
 * process.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { userInfo } from "node:os";
import { SqliteAclStore } from "../../lib/acl/db/sqlite_store.ts";
import { aclLab, iosList } from "./_acl_lab.ts";
import { trigger } from "./_lab_dir.ts";
import { logRecords, TriggerChild } from "./_child.ts";

const V1 =
  "ip access-list extended EDGE-IN\n permit tcp any host 192.0.2.1 eq 22\n deny ip any any\n";
const v2Lines = Array.from(
  { length: 40 },
  (_, i) => ` permit tcp any host 192.0.2.${i + 10} eq 443`,
);
const V2 = `ip access-list extended EDGE-IN\n${v2Lines.join("\n")}\n deny ip any any log\n`;

/** Puts EDGE-IN v1 on the devices (a quick load) and switches the file to v2. */
async function withV1(lab: Awaited<ReturnType<typeof aclLab>>) {
  const r = await trigger(lab.env, ["load-acl", "EDGE-IN", "--yes", "--host-key-policy", "off"]);
  strictEqual(r.code, 0, r.err + r.out);
  await Deno.writeTextFile(`${lab.dir}/acls/acl.EDGE-IN`, V2);
}

const LOAD = ["load-acl", "EDGE-IN", "--yes", "--host-key-policy", "off", "--max-conns", "1"];

function results(records: Record<string, unknown>[], device: string) {
  return records.filter((r) => r.event === "result" && r.device === device);
}

/** Starts `trigger ARGS`; `seen(test)` is true once a record of this run passes `test`. */
async function start(lab: { env: Record<string, string>; log: string }, args: string[]) {
  const before = (await logRecords(lab.log)).length;
  const child = TriggerChild.spawn(lab.env, args);
  const seen = (test: (r: Record<string, unknown>) => boolean) => async () =>
    (await logRecords(lab.log)).slice(before).some(test);
  return { child, seen };
}

Deno.test("load-acl, SIGINT mid-push (the issue's case): the device finishes with the new ACL verified, summary, log and queue agree", async () => {
  await using lab = await aclLab(
    [{ platform: "cisco_ios", name: "r1", faults: { slowOutput: 1500 } }],
    { "EDGE-IN": V1 },
    { r1: ["EDGE-IN"] },
  );
  await withV1(lab);
  const { child, seen } = await start(lab, LOAD);
  await using _child = child;
  // the change record (naming the backup) is on disk before the first change
  await child.until("the change record", seen((r) => r.event === "change"));
  child.kill("SIGINT");
  const r = await child.done();
  strictEqual(r.code, 130, r.err);
  match(r.out, /1 device\(s\): 1 loaded, 0 failed/);
  match(r.out, /^r1\s+GREEN\s+DONE\s+NEW\s+EDGE-IN/m);
  const records = await logRecords(lab.log);
  const run = records.filter((x) => x.run === records.at(-1)!.run);
  const [result] = results(run, "r1");
  strictEqual(result?.result, "done");
  strictEqual(result?.left, "new");
  strictEqual(run.at(-1)!.interrupted, "SIGINT");
  // the backup named in the log holds v1, readable by its owner only
  const change = run.find((x) => x.event === "change")!;
  const backup = String(change.backup);
  strictEqual((await Deno.stat(backup)).mode! & 0o777, 0o600);
  match(await Deno.readTextFile(backup), /permit tcp any host 192\.0\.2\.1 eq 22/);
  // the device, read back: the new list, whole
  const now = await iosList(lab, "r1", "EDGE-IN");
  strictEqual(now.split("\n").length, 42, now);
  match(now, /permit tcp any host 192\.0\.2\.49 eq 443\n deny ip any any log$/);
  const store = SqliteAclStore.open(`${lab.dir}/acls.db`);
  try {
    strictEqual((await store.entries({ state: "pending" })).length, 0);
    strictEqual((await store.entries({ state: "done", device: "r1" })).length, 2);
  } finally {
    await store.close();
  }
});

Deno.test("load-acl, SIGTERM before any change: the device is left alone, the next one never starts", async () => {
  await using lab = await aclLab(
    [
      { platform: "cisco_ios", name: "r1", faults: { slowOutput: 120 } },
      { platform: "cisco_ios", name: "r2" },
    ],
    { "EDGE-IN": V1 },
    { r1: ["EDGE-IN"], r2: ["EDGE-IN"] },
  );
  const { child, seen } = await start(lab, LOAD);
  await using _child = child;
  await child.until("r1 connecting", seen((r) => r.event === "step" && r.step === "connect"));
  child.kill("SIGTERM");
  const r = await child.done();
  strictEqual(r.code, 143, r.err);
  match(r.out, /2 device\(s\): 0 loaded, 0 failed, 0 skipped, 2 not started/);
  const records = await logRecords(lab.log);
  ok(!records.some((x) => x.event === "change"), "nothing began to change");
  deepStrictEqual(
    records.filter((x) => x.event === "result").map((x) => [x.device, x.result]).sort(),
    [["r1", "cancelled"], ["r2", "cancelled"]],
  );
  strictEqual(await iosList(lab, "r2", "EDGE-IN"), "");
});

Deno.test("load-acl, two SIGINTs mid-push: the device is abandoned, named UNKNOWN on screen, in the log and the queue", async () => {
  await using lab = await aclLab(
    [{ platform: "cisco_ios", name: "r1", faults: { slowOutput: 800 } }],
    { "EDGE-IN": V1 },
    { r1: ["EDGE-IN"] },
  );
  await withV1(lab);
  const { child, seen } = await start(lab, LOAD);
  await using _child = child;
  await child.until("the push step", seen((r) => r.event === "step" && r.step === "push"));
  const r = await child.interruptTwice();
  strictEqual(r.code, 130, r.err);
  match(r.err, /second SIGINT: ABANDONING/);
  match(r.err, /!!! r1: state UNKNOWN \(EDGE-IN may be missing or partial\).*previous lists in /);
  const [result] = results(await logRecords(lab.log), "r1").slice(-1);
  strictEqual(result?.left, "unknown");
  const store = SqliteAclStore.open(`${lab.dir}/acls.db`);
  try {
    const [entry] = await store.entries({ state: "pending", device: "r1" });
    match(entry?.note ?? "", /^STATE UNKNOWN: /);
  } finally {
    await store.close();
  }
});

Deno.test("load-acl on a fresh machine (no ~/.config/trigger, no $USER): log 0600 in a 0700 directory, the real login", async () => {
  await using lab = await aclLab([{ platform: "cisco_ios", name: "r1" }], { "EDGE-IN": V1 }, {
    r1: ["EDGE-IN"],
  });
  const home = await Deno.makeTempDir();
  try {
    const { TRIGGER_SETTINGS: _s, TRIGGER_PREFIX: _p, ...env } = lab.env;
    const r = await trigger({ ...env, HOME: home }, [...LOAD]);
    strictEqual(r.code, 0, r.err + r.out);
    const dir = `${home}/.config/trigger`;
    strictEqual((await Deno.stat(dir)).mode! & 0o777, 0o700);
    strictEqual((await Deno.stat(`${dir}/load_acl.log`)).mode! & 0o777, 0o600);
    const records = await logRecords(`${dir}/load_acl.log`);
    ok(records.every((x) => x.user === userInfo().username), JSON.stringify(records[0]));
    deepStrictEqual(
      records.filter((x) => x.device === "r1").map((x) => x.step ?? x.event),
      ["convert", "connect", "backup", "change", "push", "verify", "save", "result"],
    );
    const backup = String(records.find((x) => x.event === "change")!.backup);
    ok(backup.startsWith(`${dir}/acl-backups/r1/`), backup);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("load-acl with a log that cannot be written stops before any device is touched", async () => {
  await using lab = await aclLab([{ platform: "cisco_ios", name: "r1" }], { "EDGE-IN": V1 }, {
    r1: ["EDGE-IN"],
  });
  await Deno.writeTextFile(`${lab.dir}/file`, "");
  const r = await trigger(lab.env, [...LOAD, "--log", `${lab.dir}/file/load_acl.log`]);
  strictEqual(r.code, 2, r.err);
  match(r.err, /Cannot write the change log ".*file\/load_acl\.log"/);
  strictEqual(await iosList(lab, "r1", "EDGE-IN"), "");
});

Deno.test("load-acl --queue with the SQLite store locked by another process: waits, then stops before any change, logged", async () => {
  await using lab = await aclLab([{ platform: "cisco_ios", name: "r1" }], { "EDGE-IN": V1 }, {
    r1: ["EDGE-IN"],
  });
  const q = await trigger(lab.env, ["acl", "-i", "EDGE-IN"]);
  strictEqual(q.code, 0, q.err);
  // another process takes the write lock and keeps it
  const holder = new Deno.Command("sqlite3", {
    args: [`${lab.dir}/acls.db`],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const w = holder.stdin.getWriter();
  await w.write(new TextEncoder().encode("BEGIN IMMEDIATE;\nSELECT 'locked';\n"));
  const reader = holder.stdout.getReader();
  await reader.read();
  try {
    const r = await trigger(lab.env, ["load-acl", "--queue", "--yes", "--store-timeout", "1"]);
    strictEqual(r.code, 1, r.err + r.out);
    match(r.err, /another process holds its lock \(waited 1000 ms\): nothing was loaded/);
    const records = await logRecords(lab.log);
    deepStrictEqual(records.map((x) => x.event), ["start", "abort"]);
    strictEqual(await iosList(lab, "r1", "EDGE-IN"), "");
  } finally {
    await w.close();
    reader.releaseLock();
    await holder.stdout.cancel();
    await holder.status;
  }
});

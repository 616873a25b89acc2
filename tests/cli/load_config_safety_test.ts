/**
 * `trigger load-config --push` as a careful operator meets it: a fresh
 * machine (no ~/.config/trigger), a log that cannot be written, cron's
 * empty environment, and Ctrl-C (a real SIGINT to a real process) in the
 * middle of a push, once and twice.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { userInfo } from "node:os";
import { labDir, trigger } from "./_lab_dir.ts";
import { DENO_DIR, logRecords, TriggerChild } from "./_child.ts";

const LINES = Array.from({ length: 12 }, (_, i) => ` description line-${i}`);
const CHANGE = `interface Loopback42\n${LINES.join("\n")}\n`;

/** The lab's environment without a settings file: everything else from variables. */
function freshEnv(l: { env: Record<string, string> }, home: string): Record<string, string> {
  const { TRIGGER_SETTINGS: _, ...rest } = l.env;
  return { ...rest, HOME: home, DENO_DIR, PATH: Deno.env.get("PATH") ?? "" };
}

async function showRun(env: Record<string, string>, device: string): Promise<string> {
  const r = await trigger(env, ["run-cmds", "-c", "show running-config", "--json", device]);
  strictEqual(r.code, 0, r.err);
  return JSON.parse(r.out).results[device][0].output;
}

Deno.test("load-config --push on a fresh machine creates ~/.config/trigger (0700) and its log (0600)", async () => {
  await using l = await labDir({ devices: 1, vendors: ["cisco_ios"], telnet: false });
  const home = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${l.dir}/change.txt`, "interface Loopback5\n description x\n");
    // cron: no USER, no LOGNAME
    const env = freshEnv(l, home);
    const r = await trigger(env, ["load-config", `${l.dir}/change.txt`, "--push", "ios-cisco-001"]);
    strictEqual(r.code, 0, r.err);
    const dir = `${home}/.config/trigger`;
    strictEqual((await Deno.stat(dir)).mode! & 0o777, 0o700);
    strictEqual((await Deno.stat(`${dir}/load-config.log`)).mode! & 0o777, 0o600);
    const log = await logRecords(`${dir}/load-config.log`);
    deepStrictEqual(log.map((x) => x.event), ["start", "plan", "push", "result", "end"]);
    ok(log.every((x) => x.user === userInfo().username), JSON.stringify(log[0]));
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("load-config --push with a log that cannot be written stops before any device is touched", async () => {
  await using l = await labDir({ devices: 1, vendors: ["cisco_ios"], telnet: false });
  await Deno.writeTextFile(`${l.dir}/change.txt`, "interface Loopback6\n description y\n");
  await Deno.writeTextFile(`${l.dir}/not-a-dir`, "");
  const env = { ...l.env, TRIGGER_AUDIT_LOG: `${l.dir}/not-a-dir/load-config.log` };
  const r = await trigger(env, ["load-config", `${l.dir}/change.txt`, "--push", "ios-cisco-001"]);
  strictEqual(r.code, 2, r.err);
  match(r.err, /Cannot write the change log ".*not-a-dir\/load-config\.log"/);
  ok(!(await showRun(l.env, "ios-cisco-001")).includes("Loopback6"), "nothing was pushed");
});

/** A lab of two slow IOS devices loaded one at a time, and a running `load-config --push`. */
async function slowPush() {
  const l = await labDir({
    devices: [
      { platform: "cisco_ios", name: "slow-1", faults: { slowOutput: 400 } },
      { platform: "cisco_ios", name: "slow-2", faults: { slowOutput: 400 } },
    ],
    telnet: false,
  });
  await Deno.writeTextFile(`${l.dir}/change.txt`, CHANGE);
  const log = `${l.dir}/audit.log`;
  const env = { ...l.env, TRIGGER_AUDIT_LOG: log };
  const child = TriggerChild.spawn(env, [
    "load-config",
    `${l.dir}/change.txt`,
    "--push",
    "--max-conns",
    "1",
    "slow-1",
    "slow-2",
  ]);
  // the push record is on disk before the device's first line
  await child.until(
    "the push record",
    async () => (await logRecords(log)).some((x) => x.event === "push"),
  );
  const first = String((await logRecords(log)).find((x) => x.event === "push")!.device);
  return { l, env, log, child, first, other: first === "slow-1" ? "slow-2" : "slow-1" };
}

Deno.test("load-config --push, SIGINT mid-push: the device finishes its lines, the next is not started, summary and log say so", async () => {
  const { l, env, log, child, first, other } = await slowPush();
  await using _l = l;
  await using _c = child;
  child.kill("SIGINT");
  const r = await child.done();
  strictEqual(r.code, 130, r.err);
  match(r.err, /SIGINT received: devices already taking lines finish them/);
  match(r.out, /2 device\(s\): 1 ok, 0 failed, 1 cancelled/);
  const records = await logRecords(log);
  const result = (d: string) => records.find((x) => x.event === "result" && x.device === d)!;
  strictEqual(result(first).result, "ok");
  strictEqual(result(first).applied, LINES.length + 1);
  strictEqual(result(other).result, "not-changed");
  strictEqual(result(other).code, "CANCELLED");
  strictEqual(records.at(-1)!.interrupted, "SIGINT");
  const cfg = await showRun(env, first);
  ok(cfg.includes(`interface Loopback42\n${LINES.join("\n")}`), cfg);
  ok(!(await showRun(env, other)).includes("Loopback42"));
});

Deno.test("load-config --push, two SIGINTs: the device in flight is abandoned and named UNKNOWN", async () => {
  const { l, log, child, first } = await slowPush();
  await using _l = l;
  await using _c = child;
  const r = await child.interruptTwice();
  strictEqual(r.code, 130, r.err);
  match(r.err, /second SIGINT: ABANDONING/);
  match(r.err, new RegExp(`!!! ${first}: ABANDONED while taking lines: state UNKNOWN`));
  const result = (await logRecords(log)).find((x) => x.event === "result" && x.device === first);
  strictEqual(result?.result, "unknown");
});

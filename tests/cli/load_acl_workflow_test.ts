/**
 * The original's workflow around `load-acl`: choosing devices (`-f FILE`,
 * `--exclude`, `--match`), the change hooks (on-call, CM ticket, veto), and
 * the cron mode (`--auto`: the queue, AUTOLOAD_BLACKLIST,
 * AUTOLOAD_FILTER_THRESH, notifications, exit status).
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { AclAssociations } from "../../lib/acl/db/associations.ts";
import { LoadQueue } from "../../lib/acl/db/load_queue.ts";
import { SqliteAclStore } from "../../lib/acl/db/sqlite_store.ts";
import { labInventory } from "../../lib/lab/mod.ts";
import { NetDevice } from "../../lib/netdevices/net_device.ts";
import { aclLab, iosList } from "./_acl_lab.ts";
import { logRecords } from "./_child.ts";
import { trigger } from "./_lab_dir.ts";

const EDGE = "ip access-list extended EDGE\n permit tcp any any eq 443\n deny ip any any\n";
const MGMT = "ip access-list extended MGMT\n permit tcp any any eq 22\n deny ip any any\n";
const COMMON = ["--host-key-policy", "off", "--timeout", "60"];

function planned(out: string): string[] {
  return (JSON.parse(out) as { device: string; acls: string[]; status: string }[])
    .filter((r) => r.status === "planned").map((r) => `${r.device}:${r.acls.join(",")}`).sort();
}

Deno.test("load-acl -f FILE, --exclude and --match choose the work", async () => {
  await using lab = await aclLab(
    [
      { platform: "cisco_ios", name: "r1" },
      { platform: "cisco_ios", name: "r2" },
      { platform: "cisco_ios", name: "r3" },
      { platform: "arista_eos", name: "sw1" },
    ],
    { EDGE, MGMT },
    { r1: ["EDGE", "MGMT"], r2: ["EDGE", "MGMT"], r3: ["EDGE", "MGMT"], sw1: ["EDGE", "MGMT"] },
  );
  const file = `${lab.dir}/devices.txt`;
  await Deno.writeTextFile(file, "# tonight\nr1\nr2 MGMT\n  r3 (indented: ignored)\n");
  const dry = (...args: string[]) =>
    trigger(lab.env, ["load-acl", "--dry-run", "--json", ...COMMON, ...args]);
  const both = await dry("EDGE", "MGMT", "-f", file);
  strictEqual(both.code, 0, both.err);
  // a device alone takes the command line's ACLs; with its own, the intersection
  deepStrictEqual(planned(both.out), ["r1:EDGE,MGMT", "r2:MGMT"]);
  deepStrictEqual(planned((await dry("-f", file, "--queue")).out), []);
  deepStrictEqual(planned((await dry("EDGE", "MGMT", "-f", file, "--exclude", "r2")).out), [
    "r1:EDGE,MGMT",
  ]);
  deepStrictEqual(planned((await dry("EDGE", "MGMT", "--exclude", "r*,MGMT")).out), ["sw1:EDGE"]);
  deepStrictEqual(planned((await dry("EDGE", "--match", "vendor=arista")).out), ["sw1:EDGE"]);
  const bare = await trigger(lab.env, ["load-acl", "-f", file, "--dry-run"]);
  strictEqual(bare.code, 2);
  match(bare.err, /Cannot load r1 from .*devices\.txt: name its ACLs/);
});

async function settings(lab: { dir: string }, extra: Record<string, unknown>) {
  await Deno.writeTextFile(
    `${lab.dir}/settings.json`,
    JSON.stringify({ netdevicesSource: "netdevices.json", defaultRealm: "lab", ...extra }),
  );
}

Deno.test("load-acl asks the change hooks module: the ticket goes into the log; a refusal loads nothing", async () => {
  await using lab = await aclLab([{ platform: "cisco_ios", name: "r1" }], { EDGE }, {
    r1: ["EDGE"],
  });
  await Deno.writeTextFile(
    `${lab.dir}/hooks.ts`,
    `export function getCurrentOncall(change) { return Deno.env.get("ONCALL") ?? ""; }
export async function createCmTicket(change) {
  await Deno.writeTextFile(${JSON.stringify(`${lab.dir}/change.json`)}, JSON.stringify(change));
  return "CM-" + change.loads.length;
}\n`,
  );
  await settings(lab, { changeHooks: "hooks.ts" });
  const ok1 = await trigger({ ...lab.env, ONCALL: "bob" }, [
    "load-acl",
    "EDGE",
    "--yes",
    ...COMMON,
  ]);
  strictEqual(ok1.code, 0, ok1.err);
  match(ok1.err, /Change ticket CM-1/);
  const change = JSON.parse(await Deno.readTextFile(`${lab.dir}/change.json`));
  deepStrictEqual(change.loads, [{ device: "r1", acls: ["EDGE"], platform: "cisco_ios" }]);
  strictEqual(change.oncall, "bob");
  const log = await logRecords(lab.log);
  deepStrictEqual(log.find((r) => r.event === "approval"), {
    ...log.find((r) => r.event === "approval"),
    oncall: "bob",
    ticket: "CM-1",
  });
  strictEqual(log.find((r) => r.event === "end")?.ticket, "CM-1");
  // nobody on call: refused before anything changes
  await Deno.writeTextFile(`${lab.dir}/acls/acl.EDGE`, MGMT.replaceAll("MGMT", "EDGE"));
  const vetoed = await trigger(lab.env, ["load-acl", "EDGE", "--yes", ...COMMON]);
  strictEqual(vetoed.code, 1, vetoed.err);
  match(
    vetoed.err,
    /refused by getCurrentOncall: nobody is on call: nothing was loaded \[CHANGE_REFUSED\]/,
  );
  match(await iosList(lab, "r1", "EDGE"), /eq 443/);
  strictEqual((await logRecords(lab.log)).at(-1)?.event, "abort");
});

Deno.test("load-acl --auto: the queue without blacklisted or too-large ACLs, a summary by webhook, exit status", async () => {
  await using lab = await aclLab(
    [
      { platform: "cisco_ios", name: "r1" },
      { platform: "cisco_ios", name: "r2" },
      { platform: "cisco_ios", name: "r3", faults: { rejectConfig: true } },
    ],
    { EDGE, MGMT, CORE: EDGE.replaceAll("EDGE", "CORE") },
    { r1: ["EDGE", "CORE", "MGMT"], r2: ["EDGE", "MGMT"], r3: ["MGMT"] },
  );
  const received: { subject: string; body: string }[] = [];
  await using server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    async (req) => {
      received.push(await req.json());
      return new Response("ok");
    },
  );
  await settings(lab, {
    autoloadBlacklist: ["CORE"],
    autoloadFilterThresh: { MGMT: 3 },
    notifications: {
      handlers: [{ type: "webhook", url: `http://127.0.0.1:${server.addr.port}/` }],
    },
  });
  const store = SqliteAclStore.open(`${lab.dir}/acls.db`);
  const inventory = labInventory(lab.ld.lab).map((r) => new NetDevice(r));
  const queue = new LoadQueue(new AclAssociations(store));
  for (const acl of ["EDGE", "CORE", "MGMT"]) await queue.inject(acl, inventory, { user: "cron" });
  await store.close();
  const run = await trigger(lab.env, ["load-acl", "--auto", ...COMMON]);
  strictEqual(run.code, 0, run.err + run.out);
  match(run.out, /^r1 +GREEN +DONE +NEW +EDGE/m);
  match(run.out, /Skipping CORE on r1: CORE is in AUTOLOAD_BLACKLIST/);
  match(
    run.out,
    /Skipping MGMT on r1: MGMT is queued on 3 devices \(AUTOLOAD_FILTER_THRESH MGMT=3\)/,
  );
  strictEqual(received.length, 1);
  match(received[0]!.subject, /^load-acl: 2 loaded, 0 failed, 4 skipped/);
  match(received[0]!.body, /^load-acl --auto run by /);
  // a failure makes the cron run exit 1
  await settings(lab, {
    autoloadFilterThresh: { MGMT: 10 },
    notifications: {
      handlers: [{ type: "webhook", url: `http://127.0.0.1:${server.addr.port}/` }],
    },
  });
  const failed = await trigger(lab.env, ["load-acl", "--auto", ...COMMON]);
  strictEqual(failed.code, 1, failed.err + failed.out);
  match(failed.out, /^r3 +GREEN +FAILED +PREVIOUS +MGMT/m);
  strictEqual(received.length, 2);
  ok(received[1]!.subject.includes("1 failed"), received[1]!.subject);
  const bouncy = await trigger(lab.env, ["load-acl", "--auto", "--bouncy"]);
  strictEqual(bouncy.code, 2);
  match(bouncy.err, /Cannot use --auto with --bouncy/);
});

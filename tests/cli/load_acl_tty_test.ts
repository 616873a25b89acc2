/**
 * `trigger load-acl` at a terminal (tmux): the plan and the confirmation
 * question, then the live board (devices in flight with their step, counts,
 * elapsed and ETA, last failures) redrawn in place, and the final board,
 * table and summary left on screen; against 50 slow lab devices.
 */
import { match, ok } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { aclLab } from "./_acl_lab.ts";
import { Tmux } from "./_tmux.ts";

const MAIN = fileURLToPath(new URL("../../cli/main.ts", import.meta.url));

Deno.test("load-acl in tmux: confirmation, the board, the result table", async () => {
  await using lab = await aclLab(
    [{ platform: "cisco_ios", name: "r1" }, { platform: "juniper_junos", name: "mx1" }],
    { "110": "access-list 110 permit tcp any any eq 22\n" },
    { r1: ["110"], mx1: ["110"] },
  );
  await using t = await Tmux.start(
    `${Deno.execPath()} run -A ${MAIN} load-acl 110 --host-key-policy off --confirm-minutes 1`,
    lab.env,
  );
  const plan = await t.waitFor(/Continue\? \[y\/N\]/);
  match(plan, /^\s+r1\s+110$/m);
  match(plan, /You are about to load ACL 110 on 2 devices/);
  await t.type("y");
  await t.keys("Enter");
  const s = await t.waitFor(/EXIT=\d+/, 60_000);
  match(s, /EXIT=0/, s);
  // the final board stays, then the table and the summary
  match(
    s,
    /^load-acl 110 {2}2\/2 devices {2}2 done {2}0 failed {2}0 skipped {2}elapsed \d+:\d\d$/m,
  );
  match(s, /^r1 +GREEN +DONE +NEW +110 +verified 110 \(1 terms\)$/m);
  match(s, /^2 device\(s\): 2 loaded, 0 failed, 0 skipped, 0 not started$/m);
  ok(s.indexOf("DEVICE  WINDOW") > s.indexOf("2/2 devices"), s);
});

Deno.test("load-acl in tmux against 50 slow devices: the live board while loading, the summary after", async () => {
  const devices = Array.from({ length: 50 }, (_, i) => ({
    platform: "cisco_ios",
    name: `r${String(i + 1).padStart(2, "0")}`,
    faults: i === 7 ? { rejectConfig: true } : { slowOutput: 6000 },
  }));
  await using lab = await aclLab(
    devices,
    {
      EDGE: "ip access-list extended EDGE\n permit tcp any any eq 443\n deny ip any any\n",
    },
    Object.fromEntries(devices.map((d) => [d.name, ["EDGE"]])),
  );
  await using t = await Tmux.start(
    `${Deno.execPath()} run -A ${MAIN} load-acl EDGE --yes --host-key-policy off ` +
      `--force-bulk --max-conns 10 --timeout 120`,
    lab.env,
  );
  // while it runs: counts of 50, an ETA, devices in flight with their step and time
  const live = await t.waitFor(
    /In flight \(\d+\):\n {2}r\d\d +(connect|backup|push|verify|save) +\d:\d\d/,
    90_000,
  );
  match(
    live,
    /^load-acl EDGE {2}\d+\/50 devices {2}\d+ done {2}\d+ failed {2}\d+ skipped {2}elapsed \d+:\d\d {2}ETA (\d+:\d\d|--:--)$/m,
  );
  match(live, /^\[[#.]+\]$/m);
  const failing = await t.waitFor(/Last failures \(1\):\n {2}r08: push: /, 120_000);
  ok(failing.includes("In flight") || failing.includes("EXIT="), failing);
  const s = await t.waitFor(/EXIT=\d+/, 240_000);
  match(s, /EXIT=1/);
  // the board is redrawn in place: its head line is on the screen once
  ok((s.match(/^load-acl EDGE {2}/gm) ?? []).length === 1, s);
  match(
    s,
    /^load-acl EDGE {2}50\/50 devices {2}49 done {2}1 failed {2}0 skipped {2}elapsed \d+:\d\d$/m,
  );
  ok(!/In flight/.test(s), "the final board has no in-flight part");
  match(s, /^50 device\(s\): 49 loaded, 1 failed, 0 skipped, 0 not started$/m);
});

/**
 * `trigger load-acl` at a terminal (tmux): the plan and the confirmation
 * question, then per-device progress (each step, then the result) on the
 * terminal, and the table at the end.
 */
import { match, ok } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { aclLab } from "./_acl_lab.ts";
import { Tmux } from "./_tmux.ts";

const MAIN = fileURLToPath(new URL("../../cli/main.ts", import.meta.url));

Deno.test("load-acl in tmux: confirmation, progress per step and device, result table", async () => {
  await using lab = await aclLab(
    [{ platform: "cisco_ios", name: "r1" }, { platform: "juniper_junos", name: "mx1" }],
    { "110": "access-list 110 permit tcp any any eq 22\n" },
    { r1: ["110"], mx1: ["110"] },
  );
  const { env } = lab;
  await using t = await Tmux.start(
    `${Deno.execPath()} run -A ${MAIN} load-acl 110 --host-key-policy off --confirm-minutes 1`,
    env,
  );
  const plan = await t.waitFor(/Continue\? \[y\/N\]/);
  match(plan, /^\s+r1\s+110$/m);
  match(plan, /You are about to load ACL 110 on 2 devices/);
  await t.type("y");
  await t.keys("Enter");
  const s = await t.waitFor(/EXIT=\d+/, 30_000);
  match(s, /EXIT=0/, s);
  // progress: the steps of each device, then its result
  for (const step of ["connect", "backup", "push", "verify", "save"]) {
    match(s, new RegExp(`^  r1: ${step}$`, "m"), s);
  }
  for (const step of ["commit", "probe", "confirm"]) match(s, new RegExp(`^  mx1: ${step}$`, "m"));
  match(s, /^r1: DONE verified 110 \(1 terms\)$/m);
  match(s, /^mx1: DONE verified 110 \(1 terms\)$/m);
  // the table comes after the progress
  ok(s.indexOf("DEVICE  WINDOW") > s.indexOf("mx1: DONE"), s);
});

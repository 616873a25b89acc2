/**
 * Ctrl-C on `trigger run-cmds` keeps finished work: a real SIGINT to a real
 * process in the middle of a job against a lab whose other devices are slow
 * or stuck. What finished is printed (text) or written (`--json`), the rest
 * is CANCELLED, the summary is printed, exit status 130.
 *
 * @module
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { labDir } from "./_lab_dir.ts";
import { shq, Tmux } from "./_tmux.ts";

const MAIN = fileURLToPath(new URL("../../cli/main.ts", import.meta.url));

/** The lab: two devices that answer, two that log in and then never answer. */
function fleet() {
  return labDir({
    devices: [
      { platform: "cisco_ios", name: "ios-1" },
      { platform: "arista_eos", name: "eos-1" },
      { platform: "cisco_ios", name: "hung-1", faults: { hang: "login" } },
      { platform: "cisco_ios", name: "hung-2", faults: { hang: "login" } },
    ],
  });
}

Deno.test("run-cmds: SIGINT mid-job prints what finished, marks the rest CANCELLED, exits 130", async () => {
  await using l = await fleet();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      MAIN,
      "run-cmds",
      "-c",
      "show clock",
      "--timeout",
      "120",
      "ios-1",
      "eos-1",
      "hung-1",
      "hung-2",
    ],
    env: l.env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const dec = new TextDecoder();
  let out = "";
  let err = "";
  const errDone = (async () => {
    for await (const c of child.stderr) err += dec.decode(c, { stream: true });
  })();
  const reader = child.stdout.getReader();
  // Wait until both answering devices are printed (the hung ones would take 120 s).
  const deadline = Date.now() + 60_000;
  while (!(out.includes("# ios-1\n") && out.includes("# eos-1\n"))) {
    ok(Date.now() < deadline, `no output from the answering devices:\n${out}\n${err}`);
    const { value, done } = await reader.read();
    if (done) break;
    out += dec.decode(value, { stream: true });
  }
  const sent = performance.now();
  child.kill("SIGINT");
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    out += dec.decode(value, { stream: true });
  }
  const status = await child.status;
  await errDone;
  strictEqual(status.code, 130, `${out}\n${err}`);
  ok(performance.now() - sent < 15_000, "it stops promptly, not at the 120 s timeout");
  match(out, /ios-1# show clock\n\*\d\d:\d\d/);
  match(out, /eos-1# show clock\n/);
  match(out, /ios-1\s+ok\s/);
  match(out, /hung-1\s+CANCELLED\s+\S+\s+CANCELLED: .*interrupted by SIGINT/);
  match(out, /hung-2\s+CANCELLED/);
  match(out, /4 device\(s\): 2 ok, 0 failed, 2 cancelled/);
  match(err, /SIGINT received: stopping/);
});

Deno.test("run-cmds --json > file: Ctrl-C in a terminal still writes valid JSON with what finished", async () => {
  await using l = await fleet();
  const file = `${l.dir}/out.json`;
  await using t = await Tmux.start(
    `${Deno.execPath()} run -A ${MAIN} run-cmds -c 'show clock' --json --timeout 120 ` +
      `ios-1 eos-1 hung-1 hung-2 > ${shq(file)}`,
    l.env,
  );
  // The progress line (standard error, on the terminal) says when the answering ones are done.
  await t.waitFor(/run-cmds: 2\/4 done\s+connecting 2\s+working 0/, 60_000);
  await t.keys("C-c"); // the terminal sends SIGINT to the process group, as a person's Ctrl-C does
  const end = await t.waitFor(/EXIT=\d+/, 30_000);
  match(end, /EXIT=130/);
  match(end, /hung-1\s+CANCELLED/, "the summary goes to the terminal");
  const j = JSON.parse(await Deno.readTextFile(file));
  deepStrictEqual(Object.keys(j.results), ["eos-1", "ios-1"]);
  match(j.results["ios-1"][0].output, /^\*\d\d:\d\d/);
  deepStrictEqual(Object.keys(j.errors), ["hung-1", "hung-2"]);
  strictEqual(j.errors["hung-1"].code, "CANCELLED");
  strictEqual(j.interrupted, "SIGINT");
});

/**
 * The fleet verbs on a real terminal (tmux): a progress line on standard
 * error from the first second, and nothing of it on standard output, so
 * `--json > file` and `| a JSON parser` get valid JSON and text redirected to
 * a file gets no escape codes.
 *
 * @module
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { labDir } from "./_lab_dir.ts";
import { shq, Tmux } from "./_tmux.ts";

const MAIN = fileURLToPath(new URL("../../cli/main.ts", import.meta.url));
const TRIGGER = `${Deno.execPath()} run -A ${MAIN}`;
const EXITED = /EXIT=(\d+)/;

/** Devices that accept TCP and never answer: they stay "connecting" until --timeout. */
const STUCK = { hang: "connect" as const };

function exitCode(screen: string): number {
  return Number(EXITED.exec(screen)![1]);
}

Deno.test("run-cmds --json > file on a terminal: progress from the first second on the screen, valid JSON in the file", async () => {
  await using l = await labDir({
    devices: [
      { platform: "cisco_ios", name: "fast-1" },
      { platform: "cisco_ios", name: "stuck-1", faults: STUCK },
      { platform: "cisco_ios", name: "stuck-2", faults: STUCK },
    ],
  });
  const file = `${l.dir}/out.json`;
  await using t = await Tmux.start(
    `${TRIGGER} run-cmds -c 'show clock' --json --timeout 8 fast-1 stuck-1 stuck-2 > ${shq(file)}`,
    l.env,
  );
  // Long before the stuck devices time out, the line says what is going on.
  const during = await t.waitFor(/run-cmds: 1\/3 done\s+connecting 2\s+working 0\s+0:0\d/);
  ok(!EXITED.test(during), "shown while the job runs");
  const end = await t.waitFor(EXITED, 30_000);
  strictEqual(exitCode(end), 1, end);
  match(end, /stuck-1\s+FAILED\s+\S+\s+TIMEOUT/, "the summary is on the terminal (stderr)");
  const text = await Deno.readTextFile(file);
  ok(!text.includes("\x1b") && !text.includes("\r"), JSON.stringify(text.slice(0, 200)));
  const j = JSON.parse(text);
  deepStrictEqual(Object.keys(j.results), ["fast-1"]);
  deepStrictEqual(Object.keys(j.errors).sort(), ["stuck-1", "stuck-2"]);
});

Deno.test("run-cmds --json | a JSON parser, and text > file, on a terminal: no progress bytes in the data", async () => {
  await using l = await labDir({
    devices: [
      { platform: "cisco_ios", name: "ios-1" },
      { platform: "cisco_ios", name: "slow-1", faults: { slowOutput: 400 } },
    ],
  });
  const parsed = `${l.dir}/parsed.txt`;
  const textFile = `${l.dir}/out.txt`;
  const run = `${TRIGGER} run-cmds -c 'show version' ios-1 slow-1`;
  const script = `${run} --json | python3 -c 'import json,sys; d=json.load(sys.stdin); ` +
    `print(sorted(d["results"]))' > ${shq(parsed)} && ${run} > ${shq(textFile)}`;
  await using t = await Tmux.start(`sh -c ${shq(script)}`, l.env);
  await t.waitFor(/run-cmds: \d\/2 done/);
  const end = await t.waitFor(EXITED, 60_000);
  strictEqual(exitCode(end), 0, end);
  strictEqual((await Deno.readTextFile(parsed)).trim(), "['ios-1', 'slow-1']");
  const text = await Deno.readTextFile(textFile);
  ok(!text.includes("\x1b") && !text.includes("\r"), JSON.stringify(text.slice(0, 300)));
  match(text, /^###\n# (ios|slow)-1\n###\n/);
  match(text, /2 device\(s\): 2 ok, 0 failed\n$/);
});

Deno.test("run-cmds in plain text on a terminal shows progress while devices connect, and the outputs", async () => {
  await using l = await labDir({
    devices: [
      { platform: "cisco_ios", name: "ios-1" },
      { platform: "cisco_ios", name: "stuck-1", faults: STUCK },
    ],
  });
  await using t = await Tmux.start(
    `${TRIGGER} run-cmds -c 'show clock' --timeout 6 ios-1 stuck-1`,
    l.env,
  );
  const during = await t.waitFor(/run-cmds: 1\/2 done\s+connecting 1/);
  match(during, /ios-1# show clock\n\*\d\d:\d\d/, "outputs print above the progress line");
  const end = await t.waitFor(EXITED, 30_000);
  strictEqual(exitCode(end), 1);
  ok(!/run-cmds: \d\/2 done/.test(end.split("DEVICE")[1] ?? ""), "the line is cleared at the end");
  match(end, /stuck-1\s+FAILED\s+\S+\s+TIMEOUT/);
});

Deno.test("gnng and load-config --push show progress on a terminal from the start", async (t) => {
  await using l = await labDir({
    devices: [
      { platform: "cisco_ios", name: "stuck-1", faults: STUCK },
      { platform: "cisco_ios", name: "stuck-2", faults: STUCK },
    ],
  });
  await Deno.writeTextFile(`${l.dir}/cfg.txt`, "interface Loopback9\n shutdown\n");
  const env = { ...l.env, TRIGGER_AUDIT_LOG: `${l.dir}/audit.log` };
  for (
    const [verb, args] of [
      ["gnng", "--timeout 5 stuck-1 stuck-2"],
      ["load-config", `${shq(`${l.dir}/cfg.txt`)} --push --timeout 5 stuck-1 stuck-2`],
    ] as const
  ) {
    await t.step(verb, async () => {
      await using tm = await Tmux.start(`${TRIGGER} ${verb} ${args}`, env);
      await tm.waitFor(new RegExp(`${verb}: 0/2 done\\s+connecting 2\\s+working 0\\s+0:0\\d`));
      const end = await tm.waitFor(EXITED, 30_000);
      strictEqual(exitCode(end), 1, end);
    });
  }
});

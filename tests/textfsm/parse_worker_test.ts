import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import {
  CliTable,
  PARSE_CHILD_ARG,
  ParseWorker,
  TemplateError,
  TextFsmError,
} from "../../lib/textfsm/mod.ts";
import { isTriggerError } from "../../lib/errors.ts";

// (a+)+$ over "aaaa...b" backtracks 2^n times: without a limit this never ends
const CATASTROPHIC = "Value X ((a+)+$)\n\nStart\n  ^${X} -> Record\n";
const CLOCK = "Value TIME (\\S+)\n\nStart\n  ^\\*?${TIME}\\s -> Record\n";
const ERROR = 'Value A (\\S+)\n\nStart\n  ^% -> Error "device said no"\n';

function table(): CliTable {
  const files: Record<string, string> = {
    "slow.textfsm": CATASTROPHIC,
    "clock.textfsm": CLOCK,
    "err.textfsm": ERROR,
  };
  return CliTable.fromText(
    "Template, Platform, Command\nslow.textfsm, p, show slow\nclock.textfsm, p, show clock\n" +
      "err.textfsm, p, show err\nmissing.textfsm, p, show missing\n",
    (name) =>
      files[name] === undefined
        ? Promise.reject(new TemplateError("cannot read template", { source: name }))
        : Promise.resolve(files[name]),
  );
}

Deno.test("ParseWorker: a catastrophic regex fails that parse with TIMEOUT; the loop and other parses go on", async () => {
  await using worker = new ParseWorker({ timeoutMs: 1500 });
  const t = table();
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 50);
  try {
    const slow = worker.parseCmd(t, "a".repeat(60) + "b\n", {
      Platform: "p",
      Command: "show slow",
    });
    const fast = worker.parseCmd(t, "*10:01:02 UTC\n", { Platform: "p", Command: "show clock" });
    const e = await slow.then(() => undefined, (e) => e);
    ok(isTriggerError(e, "TIMEOUT"), String(e));
    ok(e.message.includes("slow.textfsm") && e.message.includes("1500 ms"), e.message);
    // the event loop kept running while the regex spun in the child
    ok(ticks >= 10, `event loop blocked: ${ticks} ticks`);
    deepStrictEqual((await fast).records, [{ TIME: "10:01:02" }]);
    // and the worker still serves after the kill
    const again = await worker.parseCmd(t, "*11:00 x\n", { Platform: "p", Command: "show clock" });
    deepStrictEqual(again.records, [{ TIME: "11:00" }]);
  } finally {
    clearInterval(ticker);
  }
});

Deno.test("ParseWorker: template errors come back as the same typed errors", async () => {
  await using worker = new ParseWorker();
  const t = table();
  const fsm = await worker.parseCmd(t, "% Invalid\n", { Platform: "p", Command: "show err" })
    .then(() => undefined, (e) => e);
  ok(fsm instanceof TextFsmError, String(fsm));
  strictEqual(fsm.reason, "device said no");
  strictEqual(fsm.inputLine, "% Invalid");
  await rejects(
    worker.parse([{ name: "bad.textfsm", text: "Value A (\\S+\n\nStart\n" }], "x"),
    (e) => e instanceof TemplateError && e.source === "bad.textfsm" && e.line === 1,
  );
  await rejects(
    worker.parseCmd(t, "x", { Platform: "p", Command: "show nothing" }),
    (e) => isTriggerError(e, "INVALID_ARGUMENT"),
  );
});

Deno.test("ParseWorker: many outputs, same results as in-process parsing; close cancels the queue", async () => {
  const worker = new ParseWorker();
  const t = table();
  const outs = Array.from({ length: 50 }, (_, i) => `*10:00:${String(i).padStart(2, "0")} UTC\n`);
  const got = await Promise.all(
    outs.map((o) => worker.parseCmd(t, o, { Platform: "p", Command: "show clock" })),
  );
  for (const [i, o] of outs.entries()) {
    deepStrictEqual(got[i], await t.parseCmd(o, { Platform: "p", Command: "show clock" }));
  }
  const late = worker.parseCmd(t, outs[1]!, { Platform: "p", Command: "show clock" })
    .then(() => undefined, (e) => e);
  await worker.close();
  ok(isTriggerError(await late, "CANCELLED"), String(await late));
});

const BINARY = Deno.env.get("TRIGGER_BINARY");
Deno.test({
  name: BINARY
    ? "ParseWorker: the single binary serves as the parse child"
    : "ParseWorker in the single binary (skipped: TRIGGER_BINARY not set; .ci/run sets it)",
  ignore: !BINARY,
  async fn() {
    await using worker = new ParseWorker({ command: [BINARY!, PARSE_CHILD_ARG], timeoutMs: 300 });
    const t = table();
    const clock = await worker.parseCmd(t, "*10:01 x\n", { Platform: "p", Command: "show clock" });
    deepStrictEqual(clock.records, [{ TIME: "10:01" }]);
    // bun's engine gives up on (a+)+$ by itself (no match); (x+x+)+y keeps it busy for seconds
    const busy = [{
      name: "busy.textfsm",
      text: "Value X ((x+x+)+y)\n\nStart\n  ^${X} -> Record\n",
    }];
    await rejects(worker.parse(busy, "x".repeat(60) + "\n"), (e) => isTriggerError(e, "TIMEOUT"));
  },
});

Deno.test("ParseWorker: a child that cannot start fails the queued parses (no respawn loop)", async () => {
  await using worker = new ParseWorker({ command: ["/nonexistent/trigger-parse-child"] });
  const t = table();
  const both = await Promise.all(
    [1, 2].map(() =>
      worker.parseCmd(t, "x\n", { Platform: "p", Command: "show clock" }).then(
        () => undefined,
        (e) => e,
      )
    ),
  );
  for (const e of both) {
    ok(isTriggerError(e, "IO_ERROR") && /parse process/.test(e.message), String(e));
  }
});

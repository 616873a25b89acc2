import { deepStrictEqual, strictEqual } from "node:assert/strict";
import {
  type ChannelEvent,
  compilePromptPattern,
  PromptEngine,
  type PromptEngineOptions,
  stripAnsi,
  stripEcho,
} from "../../lib/channel/mod.ts";

const IOS: PromptEngineOptions = {
  prompts: [
    { mode: "configuration", pattern: String.raw`[\w.-]+\(config[^)]*\)#` },
    { mode: "privileged", pattern: String.raw`[\w.-]+#` },
    { mode: "exec", pattern: String.raw`[\w.-]+>` },
  ],
};

/** Feeds a transcript in pieces of `size` bytes; returns every event. */
function run(input: string, size: number, options: PromptEngineOptions = IOS): ChannelEvent[] {
  const engine = new PromptEngine(options);
  const bytes = new TextEncoder().encode(input);
  const events: ChannelEvent[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    events.push(...engine.feed(bytes.subarray(i, i + size)));
  }
  return events;
}

function both(input: string, options: PromptEngineOptions = IOS): ChannelEvent[] {
  const one = run(input, 1, options);
  deepStrictEqual(run(input, 7, options), one);
  deepStrictEqual(run(input, 1 << 20, options), one);
  return one;
}

const PAGERS: [string, string][] = [
  ["--More--", "\b\b\b\b\b\b\b\b        \b\b\b\b\b\b\b\b"],
  [" --More-- ", "\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b"],
  ["-- More --", "\r          \r"],
  ["---(more)---", "\r\x1b[K"],
  ["---(more 45%)---", "\r                \r"],
  ["<--- More --->", "\r              \r"],
  ["Press any key to continue", "\r\x1b[2K"],
  ["Press any key to continue (Q to quit)", "\r\x1b[K"],
  ["--More-- or (q)uit", "\b".repeat(18) + " ".repeat(18) + "\b".repeat(18)],
];

for (const [pager, erase] of PAGERS) {
  Deno.test(`PromptEngine continues the pager ${JSON.stringify(pager)} and strips it`, () => {
    const events = both(`show x\r\nline 1\r\nline 2\r\n${pager}${erase}line 3\r\nline 4\r\nr1#`);
    deepStrictEqual(events, [
      { type: "send", data: " ", reason: "pager" },
      {
        type: "prompt",
        prompt: "r1#",
        mode: "privileged",
        output: "show x\nline 1\nline 2\nline 3\nline 4",
      },
    ]);
  });
}

Deno.test("PromptEngine strips ANSI, OSC, bracketed paste, backspaces and CR overwrites", () => {
  const input =
    "\x1b]0;title\x07\x1b[?2004hshow\x1b[1;31m red\x1b[0m\r\nabc\bd\r\nxxxx\rab\r\n\x1b(Bdone\r\n\x1b[?2004hr1>";
  deepStrictEqual(both(input), [
    { type: "prompt", prompt: "r1>", mode: "exec", output: "show red\nabd\nabxx\ndone" },
  ]);
  strictEqual(stripAnsi("a\x1b[3Db\x1b[K"), "b");
});

Deno.test("PromptEngine answers confirmations once per line and keeps their text", () => {
  const events = both("reload\r\nProceed with reload? [confirm]\r\nok\r\nr1#");
  deepStrictEqual(events, [
    { type: "send", data: "\n", reason: "confirm" },
    {
      type: "prompt",
      prompt: "r1#",
      mode: "privileged",
      output: "reload\nProceed with reload? [confirm]\nok",
    },
  ]);
  const none = run("Proceed? [confirm]", 1, { ...IOS, confirmations: [] });
  deepStrictEqual(none, []);
});

Deno.test("PromptEngine matches only whole prompt lines (Trigger's false positives)", () => {
  for (
    const line of [
      "Flags: <Sync RSync>",
      "# This is a comment",
      "Traffic >1Gbps",
      "some leading text device-name# ",
      '<rpc-reply xmlns="x">',
    ]
  ) {
    deepStrictEqual(run(`x\r\n${line}`, 1 << 20), [], line);
  }
  for (const line of ["foo-bar1#", "foo-bar1(config)# ", "foo-bar1>"]) {
    strictEqual(run(`x\r\n${line}`, 1 << 20).length, 1, line);
  }
  strictEqual(compilePromptPattern("^x$").source, "^x$");
});

Deno.test("PromptEngine.learnPrompt() rejects other hosts' prompts but accepts mode changes", () => {
  const engine = new PromptEngine(IOS);
  engine.learnPrompt("router1>");
  deepStrictEqual(engine.feed("x\r\nrouter2#"), []);
  engine.reset();
  deepStrictEqual(engine.feed("conf t\r\nrouter1(config)#"), [
    { type: "prompt", prompt: "router1(config)#", mode: "configuration", output: "conf t" },
  ]);
});

Deno.test("PromptEngine.reset() extra prompts match before the learned prompt", () => {
  const engine = new PromptEngine(IOS);
  engine.learnPrompt("r1>");
  engine.reset([{ mode: "interim", pattern: "[Pp]assword:" }]);
  deepStrictEqual(engine.feed("enable\r\nPassword: "), [
    { type: "prompt", prompt: "Password:", mode: "interim", output: "enable" },
  ]);
});

Deno.test("PromptEngine.tail() is bounded, cleaned and masks secrets", () => {
  const engine = new PromptEngine({ ...IOS, secrets: ["hunter2"] });
  engine.feed("x".repeat(500) + "\r\nthe password is hunter2\x1b[1m\x00\r\nwaiting");
  const tail = engine.tail(60);
  strictEqual(tail.length <= 60, true);
  strictEqual(tail.endsWith("the password is ***\nwaiting"), true);
});

Deno.test("PromptEngine decodes UTF-8 split across chunks", () => {
  deepStrictEqual(both("show\r\nGrüße – ok\r\nr1#"), [
    { type: "prompt", prompt: "r1#", mode: "privileged", output: "show\nGrüße – ok" },
  ]);
});

Deno.test("stripEcho() removes the echoed command only", () => {
  strictEqual(stripEcho("show ver\nout", "show ver"), "out");
  strictEqual(stripEcho("other\nout", "show ver"), "other\nout");
  strictEqual(stripEcho("show ver", "show ver"), "");
});

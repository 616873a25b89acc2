/**
 * Stray escape bytes never hang a session: an escape sequence without its
 * terminator is bounded (as terminal emulators bound them) and the prompt
 * after it is still found, whether the bytes come one at a time or at once.
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { type ChannelEvent, PromptEngine, stripAnsi } from "../../lib/channel/mod.ts";
import { MAX_ESCAPE_STRING } from "../../lib/channel/screen.ts";

const IOS = {
  prompts: [
    { mode: "privileged", pattern: String.raw`[\w.-]+#` },
    { mode: "exec", pattern: String.raw`[\w.-]+>` },
  ],
};

function events(input: string, size: number): ChannelEvent[] {
  const engine = new PromptEngine(IOS);
  const bytes = new TextEncoder().encode(input);
  const out: ChannelEvent[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    out.push(...engine.feed(bytes.subarray(i, i + size)));
  }
  return out;
}

/** The prompt event for `input`, the same byte by byte, in 5-byte pieces and at once. */
function prompt(input: string): ChannelEvent | undefined {
  const one = events(input, 1);
  deepStrictEqual(events(input, 5), one);
  deepStrictEqual(events(input, 1 << 20), one);
  return one.find((e) => e.type === "prompt");
}

const STRAYS: [string, string][] = [
  ["OSC", "\x1b]"],
  ["OSC with a title", "\x1b]0;half a title"],
  ["DCS", "\x1bP"],
  ["SOS", "\x1bX"],
  ["PM", "\x1b^"],
  ["APC", "\x1b_"],
  ["CSI", "\x1b["],
  ["private CSI", "\x1b[?25"],
  ["lone ESC", "\x1b"],
  ["charset selection", "\x1b("],
  ["OSC then an ESC that is not ST", "\x1b]0;x\x1b"],
];

for (const [name, stray] of STRAYS) {
  Deno.test(`PromptEngine finds the prompt after a stray unterminated ${name}`, () => {
    // as the lab's garbage fault sends it: noise, then the banner's line break and the prompt
    const p = prompt(`${stray}\r\nios-cisco-001>`);
    strictEqual(p?.type === "prompt" && p.prompt, "ios-cisco-001>");
    // a user pressing return after noise that ended the previous line
    const q = prompt(`Building configuration...${stray}\r\n\r\nr1#`);
    strictEqual(q?.type === "prompt" && q.prompt, "r1#");
  });
}

Deno.test("PromptEngine: CAN and SUB abort a sequence; an over-long string is dropped", () => {
  strictEqual((prompt("\x1b]0;noise\x18r1#") as { prompt?: string })?.prompt, "r1#");
  strictEqual((prompt("\x1bPnoise\x1ar1#") as { prompt?: string })?.prompt, "r1#");
  const long = "x".repeat(MAX_ESCAPE_STRING + 1);
  strictEqual((prompt(`\x1b]${long}r1#`) as { prompt?: string })?.prompt, "r1#");
});

Deno.test("stripAnsi() still removes terminated strings and keeps text after them", () => {
  strictEqual(stripAnsi("\x1b]0;title\x07r1# "), "r1# ");
  strictEqual(stripAnsi("\x1b]0;title\x1b\\r1# "), "r1# ");
  strictEqual(stripAnsi("\x1bPq#0;2;0;0;0\x1b\\ok"), "ok");
  // ESC inside a string starts a new sequence: the colour code is not shown
  strictEqual(stripAnsi("\x1b]0;t\x1b[1mbold\x1b[0m"), "bold");
  strictEqual(stripAnsi("a\x1b]0;unterminated\nb"), "a\nb");
});

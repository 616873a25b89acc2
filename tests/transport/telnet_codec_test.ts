import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import { TELNET_OPTIONS, TelnetCodec } from "../../lib/transport/telnet_codec.ts";

const IAC = 255, DONT = 254, DO = 253, WONT = 252, WILL = 251, SB = 250, SE = 240;
const { ECHO, SGA, TTYPE, NAWS } = TELNET_OPTIONS;
const enc = (s: string) => new TextEncoder().encode(s);

/** Feeds `input` in pieces of `size` bytes; returns all data and all replies. */
function feed(codec: TelnetCodec, input: number[], size: number) {
  const data: number[] = [];
  const reply: number[] = [];
  for (let i = 0; i < input.length; i += size) {
    const r = codec.receive(new Uint8Array(input.slice(i, i + size)));
    data.push(...r.data);
    reply.push(...r.reply);
  }
  return { data, reply };
}

/** A server greeting mixing negotiation, subnegotiation and data. */
const GREETING = [
  IAC,
  DO,
  TTYPE,
  IAC,
  DO,
  NAWS,
  IAC,
  WILL,
  ECHO,
  IAC,
  WILL,
  SGA,
  IAC,
  DO,
  39, // NEW-ENVIRON
  ...enc("Login\r\0\r\n"),
  IAC,
  IAC,
  IAC,
  241, // escaped 255, NOP
  IAC,
  SB,
  TTYPE,
  1,
  IAC,
  SE,
  ...enc("x\r"),
  0,
  ...enc("y"),
];
const EXPECTED_DATA = [...enc("Login\r\r\n"), 255, ...enc("x\ry")];
const EXPECTED_REPLY = [
  IAC,
  WILL,
  TTYPE,
  IAC,
  WILL,
  NAWS,
  IAC,
  SB,
  NAWS,
  0,
  80,
  0,
  24,
  IAC,
  SE,
  IAC,
  DO,
  ECHO,
  IAC,
  DO,
  SGA,
  IAC,
  WONT,
  39,
  IAC,
  SB,
  TTYPE,
  0,
  ...enc("VT100"),
  IAC,
  SE,
];

Deno.test("TelnetCodec.receive() gives the same result byte by byte and in one chunk", async (t) => {
  for (const size of [1, 2, 3, 7, GREETING.length]) {
    await t.step(`chunks of ${size}`, () => {
      const { data, reply } = feed(new TelnetCodec(), GREETING, size);
      deepStrictEqual(data, EXPECTED_DATA);
      deepStrictEqual(reply, EXPECTED_REPLY);
    });
  }
});

Deno.test("TelnetCodec follows RFC 1143: re-offered options cause no reply loop", () => {
  const codec = new TelnetCodec();
  const first = feed(codec, [IAC, WILL, ECHO, IAC, DO, TTYPE], 1);
  deepStrictEqual(first.reply, [IAC, DO, ECHO, IAC, WILL, TTYPE]);
  // The server repeats itself (as inetutils telnetd does): we must stay quiet.
  const again = feed(codec, [IAC, WILL, ECHO, IAC, DO, TTYPE, IAC, WILL, ECHO], 1);
  deepStrictEqual(again.reply, []);
  strictEqual(codec.isRemoteEnabled(ECHO), true);
  strictEqual(codec.isLocalEnabled(TTYPE), true);
  // Refused options are refused once per offer and never enabled.
  const refused = feed(codec, [IAC, WILL, 34, IAC, DO, 1], 1);
  deepStrictEqual(refused.reply, [IAC, DONT, 34, IAC, WONT, 1]);
  strictEqual(codec.isRemoteEnabled(34), false);
  // Disabling is acknowledged once.
  deepStrictEqual(feed(codec, [IAC, WONT, ECHO, IAC, WONT, ECHO], 1).reply, [IAC, DONT, ECHO]);
  strictEqual(codec.isRemoteEnabled(ECHO), false);
});

Deno.test("TelnetCodec.start() asks once and treats the answers as acknowledgements", () => {
  const codec = new TelnetCodec();
  deepStrictEqual([...codec.start()], [IAC, WILL, TTYPE, IAC, WILL, NAWS, IAC, DO, SGA]);
  // The answers must not be answered again (that is the classic loop).
  const r = feed(codec, [IAC, DO, TTYPE, IAC, DONT, NAWS, IAC, WILL, SGA], 1);
  deepStrictEqual(r.reply, []);
  strictEqual(codec.isLocalEnabled(TTYPE), true);
  strictEqual(codec.isLocalEnabled(NAWS), false);
  strictEqual(codec.isRemoteEnabled(SGA), true);
});

Deno.test("TelnetCodec sends NAWS when enabled and on resize", () => {
  const codec = new TelnetCodec({ columns: 132, rows: 50 });
  deepStrictEqual([...codec.resize(100, 40)], []); // not negotiated yet
  const r = feed(codec, [IAC, DO, NAWS], 3);
  deepStrictEqual(r.reply, [IAC, WILL, NAWS, IAC, SB, NAWS, 0, 100, 0, 40, IAC, SE]);
  // A size byte of 255 is escaped inside the subnegotiation.
  deepStrictEqual([...codec.resize(255, 24)], [IAC, SB, NAWS, 0, 255, 255, 0, 24, IAC, SE]);
  throws(() => codec.resize(0, 24), RangeError);
});

Deno.test("TelnetCodec answers TTYPE SEND with the configured terminal type", () => {
  const codec = new TelnetCodec({ terminalType: "xterm" });
  const r = feed(codec, [IAC, DO, TTYPE, IAC, SB, TTYPE, 1, IAC, SE], 1);
  deepStrictEqual(r.reply, [IAC, WILL, TTYPE, IAC, SB, TTYPE, 0, ...enc("xterm"), IAC, SE]);
  // TTYPE SEND before TTYPE was agreed is ignored.
  const other = new TelnetCodec();
  deepStrictEqual(feed(other, [IAC, SB, TTYPE, 1, IAC, SE], 1).reply, []);
});

Deno.test("TelnetCodec.encode() doubles IAC and pads a bare CR with NUL", () => {
  const codec = new TelnetCodec();
  deepStrictEqual([...codec.encode(new Uint8Array([1, 255, 2]))], [1, 255, 255, 2]);
  deepStrictEqual([...codec.encode("a\r\nb\rc\r")], [...enc("a\r\nb\r"), 0, ...enc("c\r"), 0]);
  deepStrictEqual([...codec.encode("show version\n")], [...enc("show version\n")]);
});

Deno.test("TelnetCodec keeps a split CR NUL and a split IAC IAC across chunks", () => {
  const codec = new TelnetCodec();
  const a = codec.receive(enc("ab\r"));
  const b = codec.receive(new Uint8Array([0, 99, IAC]));
  const c = codec.receive(new Uint8Array([IAC, 100]));
  deepStrictEqual([...a.data, ...b.data, ...c.data], [...enc("ab\rc"), 255, 100]);
});

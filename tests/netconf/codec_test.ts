import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import { isTriggerError } from "../../lib/errors.ts";
import { NetconfCodec, type NetconfFraming } from "../../lib/netconf/codec.ts";

const enc = (s: string) => new TextEncoder().encode(s);

function feed(codec: NetconfCodec, wire: Uint8Array, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < wire.length; i += size) out.push(...codec.decode(wire.subarray(i, i + size)));
  return out;
}

const MESSAGES = [
  '<rpc-reply message-id="1"><ok/></rpc-reply>',
  "<data>]]> not the end, ünïcödé, \n#12\n inside</data>",
  '<rpc-reply message-id="2"><data/></rpc-reply>',
];

for (const framing of ["eom", "chunked"] as NetconfFraming[]) {
  Deno.test(`NetconfCodec ${framing}: same messages byte by byte and in any chunking`, async (t) => {
    const wire = MESSAGES.map((m) => new NetconfCodec({ framing }).encode(m));
    const all = new Uint8Array(wire.reduce((n, w) => n + w.length, 0));
    let off = 0;
    for (const w of wire) {
      all.set(w, off);
      off += w.length;
    }
    for (const size of [1, 2, 5, 13, all.length]) {
      await t.step(`chunks of ${size}`, () => {
        deepStrictEqual(feed(new NetconfCodec({ framing }), all, size), MESSAGES);
      });
    }
  });
}

Deno.test("NetconfCodec decodes messages split into several chunks (RFC 6242 example)", () => {
  const wire = '\n#4\n<rpc\n#18\n message-id="102"\n\n#79\n' +
    '     xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">\n' +
    "  <close-session/>\n</rpc>\n##\n";
  for (const size of [1, 3, wire.length]) {
    const out = feed(new NetconfCodec({ framing: "chunked" }), enc(wire), size);
    strictEqual(out.length, 1);
    strictEqual(out[0]!.startsWith('<rpc message-id="102"\n'), true);
    strictEqual(out[0]!.endsWith("</rpc>"), true);
  }
});

Deno.test("NetconfCodec.setFraming() switches after the hello without losing buffered bytes", () => {
  const codec = new NetconfCodec();
  const wire = enc("<hello/>]]>]]>\n#9\n<ok-one/>\n##\n\n#5\n<two/\n#1\n>\n##\n");
  codec.push(wire);
  strictEqual(codec.next(), "<hello/>");
  codec.setFraming("chunked");
  strictEqual(codec.framing, "chunked");
  strictEqual(codec.next(), "<ok-one/>");
  strictEqual(codec.next(), "<two/>");
  strictEqual(codec.next(), undefined);
});

Deno.test("NetconfCodec rejects bad chunked framing with PROTOCOL_ERROR, byte by byte too", async (t) => {
  const bad: Array<[string, string]> = [
    ["missing LF", "#4\n<a/>\n##\n"],
    ["missing hash", "\n4\n<a/>\n##\n"],
    ["leading zero", "\n#04\n<a/>\n##\n"],
    ["letter in size", "\n#4x\n<a/>\n##\n"],
    ["empty size", "\n#\n<a/>\n##\n"],
    ["end before any chunk", "\n##\n"],
    ["garbage after end hashes", "\n#4\n<a/>\n##x"],
    ["size too large", "\n#99999999999\n"],
    ["chunk longer than announced", "\n#2\n<a/>\n##\n"],
  ];
  for (const [name, wire] of bad) {
    await t.step(name, () => {
      for (const size of [1, wire.length]) {
        throws(
          () => feed(new NetconfCodec({ framing: "chunked" }), enc(wire), size),
          (e) => isTriggerError(e, "PROTOCOL_ERROR"),
        );
      }
    });
  }
});

Deno.test("NetconfCodec enforces maxMessageBytes in both framings", () => {
  const big = "<x>" + "a".repeat(200) + "</x>";
  for (const framing of ["eom", "chunked"] as NetconfFraming[]) {
    const wire = new NetconfCodec({ framing }).encode(big);
    throws(
      () => feed(new NetconfCodec({ framing, maxMessageBytes: 100 }), wire, 7),
      (e) => isTriggerError(e, "PROTOCOL_ERROR"),
    );
  }
});

Deno.test("NetconfCodec.encode() frames exactly as RFC 6242 says", () => {
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  strictEqual(text(new NetconfCodec().encode("<a/>")), "<a/>]]>]]>");
  strictEqual(text(new NetconfCodec({ framing: "chunked" }).encode("<é/>")), "\n#5\n<é/>\n##\n");
});

Deno.test("NetconfCodec cannot switch framing mid-message", () => {
  const codec = new NetconfCodec({ framing: "chunked" });
  codec.push(enc("\n#10\n<abc"));
  strictEqual(codec.next(), undefined);
  throws(() => codec.setFraming("eom"), (e) => isTriggerError(e, "PROTOCOL_ERROR"));
});

import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import { encodeFlow, type Flow, FLOW_SIZE, FlowBatch } from "../../lib/acl/flow.ts";

function enc(flow: Flow): Uint8Array {
  const b = new Uint8Array(FLOW_SIZE).fill(0xee);
  encodeFlow(flow, b, 0);
  return b;
}

function u16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}

Deno.test("encodeFlow() writes the 48-byte layout of ABI.md", () => {
  const b = enc({
    src: "192.0.2.1",
    dst: "198.51.100.254",
    protocol: "tcp",
    sport: 40000,
    dport: "https",
    tcpFlags: "syn,ack",
  });
  strictEqual(b[0], 4);
  strictEqual(b[1], 1 | 2 | 4 | 32);
  strictEqual(b[2], 6);
  strictEqual(b[3], 2 | 16);
  strictEqual(u16(b, 4), 40000);
  strictEqual(u16(b, 6), 443);
  deepStrictEqual([...b.subarray(8, 16)], [0, 0, 0, 0, 0, 0, 0, 0]);
  deepStrictEqual([...b.subarray(16, 32)], [192, 0, 2, 1, ...new Array(12).fill(0)]);
  deepStrictEqual([...b.subarray(32, 36)], [198, 51, 100, 254]);
});

Deno.test("encodeFlow() leaves unknown fields unflagged", async (t) => {
  await t.step("addresses only", () => {
    const b = enc({ src: "10.0.0.1", dst: "10.0.0.2" });
    strictEqual(b[1], 0);
    strictEqual(b[2], 0);
  });
  await t.step("protocol ip means unknown", () => {
    strictEqual(enc({ src: "10.0.0.1", dst: "10.0.0.2", protocol: "ip" })[1], 0);
  });
  await t.step("icmp type and code by name and number", () => {
    const b = enc({
      src: "10.0.0.1",
      dst: "10.0.0.2",
      protocol: 1,
      icmpType: "echo-request",
      icmpCode: 0,
    });
    strictEqual(b[1], 1 | 8 | 16);
    strictEqual(b[8], 8);
    strictEqual(b[9], 0);
  });
  await t.step("tcp flags as a list", () => {
    const b = enc({ src: "10.0.0.1", dst: "10.0.0.2", tcpFlags: ["FIN", "psh", "urg", "rst"] });
    strictEqual(b[3], 1 | 8 | 32 | 4);
  });
});

Deno.test("encodeFlow() reads IPv6 in all its spellings", async (t) => {
  const cases: [string, number[]][] = [
    ["::", new Array(16).fill(0)],
    ["::1", [...new Array(15).fill(0), 1]],
    ["2001:db8::", [0x20, 0x01, 0x0d, 0xb8, ...new Array(12).fill(0)]],
    ["2001:db8::a:1", [0x20, 0x01, 0x0d, 0xb8, ...new Array(8).fill(0), 0, 0x0a, 0, 1]],
    ["1:2:3:4:5:6:7:8", [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]],
    ["::ffff:192.0.2.1", [...new Array(10).fill(0), 0xff, 0xff, 192, 0, 2, 1]],
    ["FE80::1/128", [0xfe, 0x80, ...new Array(13).fill(0), 1]],
  ];
  for (const [text, bytes] of cases) {
    await t.step(text, () => {
      const b = enc({ src: text, dst: "::1" });
      strictEqual(b[0], 6);
      deepStrictEqual([...b.subarray(16, 32)], bytes);
    });
  }
});

Deno.test("encodeFlow() rejects bad fields, naming them", async (t) => {
  const bad: [Flow, ErrorConstructor | RangeErrorConstructor, RegExp][] = [
    [{ src: "10.0.0.256", dst: "10.0.0.1" }, TypeError, /flow src/],
    [{ src: "10.0.0.1", dst: "10.0.0" }, TypeError, /flow dst/],
    [{ src: "01.0.0.1", dst: "10.0.0.1" }, TypeError, /flow src/],
    [{ src: "10.0.0.0/8", dst: "10.0.0.1" }, TypeError, /flow src/],
    [{ src: "1::2::3", dst: "::1" }, TypeError, /flow src/],
    [{ src: "1:2:3:4:5:6:7:8:9", dst: "::1" }, TypeError, /flow src/],
    [{ src: "1:2:3:4:5:6:7::8", dst: "::1" }, TypeError, /flow src/],
    [{ src: "12345::", dst: "::1" }, TypeError, /flow src/],
    [{ src: "10.0.0.1", dst: "::1" }, TypeError, /IPv4 but dst is IPv6/],
    [{ src: "10.0.0.1", dst: "10.0.0.2", protocol: 256 }, RangeError, /protocol/],
    [{ src: "10.0.0.1", dst: "10.0.0.2", protocol: "bogus" }, TypeError, /protocol/],
    [{ src: "10.0.0.1", dst: "10.0.0.2", dport: 65536 }, RangeError, /dport/],
    [{ src: "10.0.0.1", dst: "10.0.0.2", sport: -1 }, RangeError, /sport/],
    [{ src: "10.0.0.1", dst: "10.0.0.2", sport: 1.5 }, RangeError, /sport/],
    [{ src: "10.0.0.1", dst: "10.0.0.2", icmpType: "bogus" }, TypeError, /icmpType/],
    [{ src: "10.0.0.1", dst: "10.0.0.2", icmpCode: 300 }, RangeError, /icmpCode/],
    [{ src: "10.0.0.1", dst: "10.0.0.2", tcpFlags: "syn,bogus" }, TypeError, /tcpFlags/],
    [{ dst: "10.0.0.2" } as unknown as Flow, TypeError, /flow src/],
  ];
  for (const [flow, type, re] of bad) {
    await t.step(JSON.stringify(flow), () => {
      throws(() => enc(flow), (e: unknown) => e instanceof type && re.test((e as Error).message));
    });
  }
});

Deno.test("FlowBatch grows and keeps earlier flows", () => {
  const batch = new FlowBatch(1);
  for (let i = 0; i < 100; i++) batch.add({ src: `10.0.0.${i}`, dst: "10.0.1.1", dport: i });
  strictEqual(batch.length, 100);
  strictEqual(batch.bytes.length, 100 * FLOW_SIZE);
  for (let i = 0; i < 100; i++) {
    strictEqual(batch.bytes[i * FLOW_SIZE + 19], i);
    strictEqual(u16(batch.bytes, i * FLOW_SIZE + 6), i);
  }
  throws(() => new FlowBatch(0), RangeError);
});

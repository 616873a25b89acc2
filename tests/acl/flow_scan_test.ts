/**
 * The fast flow-line reader of `check-access --flows` gives the same bytes
 * as `JSON.parse` + `encodeFlow` (the one definition of a flow) on every line
 * it accepts, accepts the plain lines, and refuses (leaving them to the
 * general reader) the lines the general reader rejects.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import fc from "fast-check";
import { encodeFlow, type Flow, FLOW_SIZE } from "../../lib/acl/flow.ts";
import { FlowScanner } from "../../lib/acl/_flow_scan.ts";

const enc = new TextEncoder();

function general(line: string): Uint8Array | null {
  const out = new Uint8Array(FLOW_SIZE);
  try {
    const v = JSON.parse(line);
    if (typeof v !== "object" || v === null || Array.isArray(v)) return null;
    encodeFlow(v as Flow, out, 0);
    return out;
  } catch {
    return null;
  }
}

function fast(scanner: FlowScanner, line: string): Uint8Array | null {
  const bytes = enc.encode(line);
  const out = new Uint8Array(FLOW_SIZE + 8).fill(0xee);
  return scanner.scan(bytes, 0, bytes.length, out, 8) ? out.subarray(8) : null;
}

const octet = fc.integer({ min: 0, max: 255 });
const plainIpv4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join("."));
const ipv4 = fc.tuple(plainIpv4, fc.constantFrom("", "", "/32", "/24")).map(([a, s]) => a + s);
const address = fc.oneof(
  { weight: 8, arbitrary: ipv4 },
  { weight: 1, arbitrary: fc.constantFrom("2001:db8::1", "010.0.0.1", "1.2.3", "1.2.3.256", "") },
);
const protocol = fc.oneof(
  fc.integer({ min: 0, max: 300 }),
  fc.constantFrom("tcp", "udp", "icmp", "TCP", "ip", "any", "gre", "6", "17", "0017", "frob", ""),
);
const port = fc.oneof(
  fc.integer({ min: 0, max: 70000 }),
  fc.constantFrom("ssh", "www", "domain", "HTTPS", "22", "443", "065535", "99999", "nope"),
);
const small = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.constantFrom("8", "echo", "x"));

const flow = fc.record({
  src: address,
  dst: address,
  protocol,
  sport: port,
  dport: port,
  icmpType: small,
  icmpCode: small,
}, { requiredKeys: ["src", "dst"] });

/** A flow written as JSON with random spacing around the tokens. */
const line = fc.tuple(flow, fc.array(fc.constantFrom("", " ", "\t", "  "), { minLength: 40 }))
  .map(([f, spaces]) => {
    let k = 0;
    const sp = () => spaces[k++ % spaces.length]!;
    const body = Object.entries(f)
      .map(([key, v]) => `${sp()}"${key}"${sp()}:${sp()}${JSON.stringify(v)}${sp()}`)
      .join(",");
    return `${sp()}{${body}}${sp()}`;
  });

Deno.test("FlowScanner.scan() gives encodeFlow's bytes on every line it reads", () => {
  const scanner = new FlowScanner();
  fc.assert(
    fc.property(line, (l) => {
      const a = fast(scanner, l);
      const b = general(l);
      if (a !== null) deepStrictEqual(a, b, l);
    }),
    { numRuns: 5000 },
  );
});

Deno.test("FlowScanner.scan() reads the plain lines itself", () => {
  const scanner = new FlowScanner();
  const plain = fc.record({
    src: plainIpv4,
    dst: plainIpv4,
    protocol: fc.constantFrom("tcp", "udp", 6, 17, "icmp"),
    dport: fc.oneof(fc.integer({ min: 0, max: 65535 }), fc.constantFrom("ssh", "www")),
    icmpType: octet,
  }, { requiredKeys: ["src", "dst"] });
  fc.assert(
    fc.property(plain, (f) => {
      const l = JSON.stringify(f);
      const a = fast(scanner, l);
      ok(a !== null, l);
      deepStrictEqual(a, general(l));
    }),
    { numRuns: 2000 },
  );
});

Deno.test("FlowScanner.scan() leaves what it does not read to the general reader", () => {
  const scanner = new FlowScanner();
  for (
    const l of [
      "",
      "{}",
      "[]",
      "not json",
      '{"src":"10.0.0.1"}',
      '{"src":"10.0.0.1","dst":"10.0.0.2",}',
      '{"src":"10.0.0.1","dst":"10.0.0.2"} x',
      '{"src":"10.0.0.1","dst":"10.0.0.2","dport":-1}',
      '{"src":"10.0.0.1","dst":"10.0.0.2","dport":1.5}',
      '{"src":"10.0.0.1","dst":"10.0.0.2","dport":070}',
      '{"src":"10.0.0.1","dst":"10.0.0.2","dport":70000}',
      '{"src":"10.0.0.1","dst":"10.0.0.2","dport":"nope"}',
      '{"src":"10.0.0.1","dst":"10.0.0.2","protocol":"frob"}',
      '{"src":"10.0.0.1","dst":"10.0.0.2","prot":6}',
      '{"src":"10.0.0.1","dst":"10.0.0.2","src":"10.0.0.3"}',
      '{"src":"10.0.0.1","dst":"2001:db8::1"}',
      '{"src":"10.0.0\\u002e1","dst":"10.0.0.2"}',
      '{"src":"10.0.0.1","dst":"10.0.0.2","tcpFlags":"syn"}',
      '{"src":10,"dst":"10.0.0.2"}',
    ]
  ) {
    strictEqual(fast(scanner, l), null, l);
  }
});

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
import { line, octet, plainIpv4 } from "./_flow_lines.ts";

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

/**
 * Random JSON flow lines for the flow readers' tests: plain ones and ones
 * the fast readers must leave to `JSON.parse` + `encodeFlow`.
 *
 * @module
 */
import fc from "fast-check";

/** An IPv4 octet. */
export const octet = fc.integer({ min: 0, max: 255 });
/** A dotted-quad IPv4 address. */
export const plainIpv4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join("."));
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
export const line = fc.tuple(
  flow,
  fc.array(fc.constantFrom("", " ", "\t", "  "), { minLength: 40 }),
)
  .map(([f, spaces]) => {
    let k = 0;
    const sp = () => spaces[k++ % spaces.length]!;
    const body = Object.entries(f)
      .map(([key, v]) => `${sp()}"${key}"${sp()}:${sp()}${JSON.stringify(v)}${sp()}`)
      .join(",");
    return `${sp()}{${body}}${sp()}`;
  });

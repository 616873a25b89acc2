/**
 * fast-check arbitraries for ACL text (IOS and Junos) and flows, shared by
 * the property and robustness tests. Addresses and ports come from small
 * pools so that random flows hit random terms often.
 */
import fc from "fast-check";
import type { Flow } from "../../lib/acl/mod.ts";

const NETS: [string, number][] = [
  ["10.0.0.0", 8],
  ["10.1.0.0", 16],
  ["10.1.2.0", 24],
  ["192.0.2.0", 24],
  ["192.0.2.128", 25],
  ["198.51.100.0", 24],
  ["198.51.100.64", 26],
];
const HOSTS = [
  "10.1.2.3",
  "192.0.2.1",
  "192.0.2.200",
  "198.51.100.10",
  "198.51.100.70",
  "10.9.9.9",
];
const PORTS = [22, 23, 53, 80, 123, 443, 1023, 1024, 8080, 65535];
const ICMP = [0, 3, 8, 11];

function wildcard(len: number): string {
  const m = len === 0 ? 0xffffffff : (0xffffffff >>> len);
  return [24, 16, 8, 0].map((s) => (m >>> s) & 255).join(".");
}

const iosAddr = fc.oneof(
  fc.constant("any"),
  fc.constantFrom(...HOSTS).map((h) => `host ${h}`),
  fc.constantFrom(...NETS).map(([n, l]) => `${n} ${wildcard(l)}`),
);

const iosPort = fc.oneof(
  fc.constant(""),
  fc.constantFrom(...PORTS).map((p) => ` eq ${p}`),
  fc.constantFrom(...PORTS.filter((p) => p > 0 && p < 65535)).map((p) => ` neq ${p}`),
  fc.constantFrom(...PORTS.filter((p) => p > 0)).map((p) => ` lt ${p}`),
  fc.constantFrom(...PORTS.filter((p) => p < 65535)).map((p) => ` gt ${p}`),
  fc.tuple(fc.constantFrom(...PORTS), fc.constantFrom(...PORTS)).map(([a, b]) =>
    ` range ${Math.min(a, b)} ${Math.max(a, b)}`
  ),
);

const iosAce = fc.oneof(
  fc.record({
    proto: fc.constantFrom("tcp", "udp"),
    src: iosAddr,
    sp: iosPort,
    dst: iosAddr,
    dp: iosPort,
    log: fc.boolean(),
  }).map((r) => `${r.proto} ${r.src}${r.sp} ${r.dst}${r.dp}${r.log ? " log" : ""}`),
  fc.record({
    src: iosAddr,
    dst: iosAddr,
    type: fc.option(fc.constantFrom(...ICMP), { nil: undefined }),
  }).map((r) => `icmp ${r.src} ${r.dst}${r.type === undefined ? "" : ` ${r.type}`}`),
  fc.record({ proto: fc.constantFrom("ip", "ospf", "gre", "47"), src: iosAddr, dst: iosAddr })
    .map((r) => `${r.proto} ${r.src} ${r.dst}`),
);

/** A random numbered IOS ACL (1 to 12 entries). */
export const iosAcl: fc.Arbitrary<string> = fc.tuple(
  fc.integer({ min: 100, max: 199 }),
  fc.array(fc.tuple(fc.constantFrom("permit", "deny"), iosAce), { minLength: 1, maxLength: 12 }),
).map(([n, aces]) => aces.map(([a, ace]) => `access-list ${n} ${a} ${ace}\n`).join(""));

function junosRange(ps: number[]): string {
  return ps.length === 1 ? `${ps[0]}` : `[ ${ps.join(" ")} ]`;
}

const junosPorts = fc.oneof(
  fc.uniqueArray(fc.constantFrom(...PORTS), { minLength: 1, maxLength: 3 }).map((ps) =>
    junosRange(ps)
  ),
  fc.tuple(fc.constantFrom(...PORTS), fc.constantFrom(...PORTS)).map(([a, b]) =>
    `${Math.min(a, b)}-${Math.max(a, b)}`
  ),
);

const junosPrefixes = fc.uniqueArray(
  fc.oneof(
    fc.constantFrom(...NETS).map(([n, l]) => `${n}/${l}`),
    fc.constantFrom(...HOSTS).map((h) => `${h}/32`),
  ),
  { minLength: 1, maxLength: 3 },
);

const junosTerm = fc.record({
  src: fc.option(junosPrefixes, { nil: undefined }),
  dst: fc.option(junosPrefixes, { nil: undefined }),
  proto: fc.option(fc.constantFrom("tcp", "udp", "icmp", "[ tcp udp ]", "ospf"), {
    nil: undefined,
  }),
  sport: fc.option(junosPorts, { nil: undefined }),
  dport: fc.option(junosPorts, { nil: undefined }),
  icmp: fc.option(fc.constantFrom(...ICMP), { nil: undefined }),
  action: fc.constantFrom("accept", "discard", "reject"),
  syslog: fc.boolean(),
}).map((t) => {
  const from: string[] = [];
  if (t.src) from.push(`source-address { ${t.src.map((p) => `${p};`).join(" ")} }`);
  if (t.dst) from.push(`destination-address { ${t.dst.map((p) => `${p};`).join(" ")} }`);
  if (t.proto) from.push(`protocol ${t.proto};`);
  const ported = t.proto === "tcp" || t.proto === "udp" || t.proto === "[ tcp udp ]";
  if (ported && t.sport) from.push(`source-port ${t.sport};`);
  if (ported && t.dport) from.push(`destination-port ${t.dport};`);
  if (t.proto === "icmp" && t.icmp !== undefined) from.push(`icmp-type ${t.icmp};`);
  const then = t.syslog ? `then { ${t.action}; syslog; }` : `then ${t.action};`;
  return { from, then };
});

/** A random Junos filter (1 to 10 terms). */
export const junosAcl: fc.Arbitrary<string> = fc.array(junosTerm, { minLength: 1, maxLength: 10 })
  .map((terms) =>
    `filter f {\n${
      terms.map((t, i) =>
        `    term t${i} {\n${
          t.from.length
            ? `        from {\n${t.from.map((l) => `            ${l}\n`).join("")}        }\n`
            : ""
        }        ${t.then}\n    }\n`
      ).join("")
    }}\n`
  );

const flowAddr = fc.oneof(
  fc.constantFrom(...HOSTS),
  fc.constantFrom(...NETS).map(([n]) => n),
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((a) => a.join(".")),
);

/** A random IPv4 flow, usually with every field its protocol has. */
export const flow: fc.Arbitrary<Flow> = fc.record({
  src: flowAddr,
  dst: flowAddr,
  proto: fc.constantFrom("tcp", "udp", "icmp", "ospf", "gre"),
  sport: fc.constantFrom(...PORTS, 40000),
  dport: fc.constantFrom(...PORTS, 40000),
  icmpType: fc.constantFrom(...ICMP, 5),
  partial: fc.nat(9),
}).map((r) => {
  const f: Flow = { src: r.src, dst: r.dst, protocol: r.proto };
  if (r.proto === "tcp" || r.proto === "udp") {
    f.sport = r.sport;
    if (r.partial !== 0) f.dport = r.dport; // one in ten leaves the port unknown
  }
  if (r.proto === "icmp" && r.partial !== 0) f.icmpType = r.icmpType;
  return f;
});

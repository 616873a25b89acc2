/**
 * fast-check arbitraries for the optimizer's property test: IOS and Junos
 * ACLs built from small pools of overlapping prefixes (siblings, hosts inside
 * networks, supernets) and adjacent port ranges, with terms often derived
 * from an earlier one by changing one field, and flows biased towards the
 * edges of those prefixes and ranges.
 */
import fc from "fast-check";
import type { Flow } from "../../lib/acl/mod.ts";

const PREFIXES = [
  "10.0.0.0/24",
  "10.0.0.0/25",
  "10.0.0.128/25",
  "10.0.0.0/23",
  "10.0.1.0/24",
  "10.0.0.5/32",
  "10.0.0.130/32",
  "10.0.1.7/32",
  "192.0.2.0/24",
  "10.0.0.0/8",
];
/** Non-contiguous IOS wildcards (base, mask). */
const WILDCARDS = [["10.0.0.0", "0.0.255.0"], ["10.0.0.5", "0.0.1.0"]];
const PORTS: [number, number][] = [
  [80, 80],
  [81, 90],
  [79, 79],
  [91, 100],
  [443, 443],
  [0, 1023],
  [1024, 65535],
  [22, 22],
];
const ICMP_TYPES = [0, 3, 8];

/** One generated term. */
interface GenTerm {
  action: "permit" | "deny" | "reject" | "next";
  proto: "tcp" | "udp" | "icmp" | "ip" | "tcpudp" | "gre";
  src: string[];
  dst: string[];
  exceptSrc: string | null;
  sport: [number, number][];
  dport: [number, number][];
  icmp: number | null;
  log: boolean;
  count: boolean;
  inactive: boolean;
}

const prefixes = fc.oneof(
  { weight: 2, arbitrary: fc.constant<string[]>([]) },
  { weight: 5, arbitrary: fc.constantFrom(...PREFIXES).map((p) => [p]) },
  {
    weight: 1,
    arbitrary: fc.uniqueArray(fc.constantFrom(...PREFIXES), { minLength: 2, maxLength: 3 }),
  },
);
const ports = fc.oneof(
  { weight: 3, arbitrary: fc.constant<[number, number][]>([]) },
  { weight: 5, arbitrary: fc.constantFrom(...PORTS).map((p) => [p]) },
  {
    weight: 1,
    arbitrary: fc.uniqueArray(fc.constantFrom(...PORTS), { minLength: 2, maxLength: 2 }),
  },
);

const term: fc.Arbitrary<GenTerm> = fc.record({
  action: fc.constantFrom<GenTerm["action"][]>("permit", "permit", "deny", "reject", "next"),
  proto: fc.constantFrom<GenTerm["proto"][]>("tcp", "tcp", "udp", "icmp", "ip", "tcpudp", "gre"),
  src: prefixes,
  dst: prefixes,
  exceptSrc: fc.option(fc.constantFrom("10.0.0.0/25", "10.0.0.5/32", "10.0.1.0/24"), {
    freq: 6,
    nil: null,
  }),
  sport: fc.oneof({ weight: 4, arbitrary: fc.constant<[number, number][]>([]) }, {
    weight: 1,
    arbitrary: ports,
  }),
  dport: ports,
  icmp: fc.option(fc.constantFrom(...ICMP_TYPES), { nil: null }),
  log: fc.boolean(),
  count: fc.boolean(),
  inactive: fc.constantFrom(false, false, false, false, false, false, true),
});

/** A derivation: copy an earlier term and change one field. */
const derived = fc.record({
  from: fc.nat(20),
  field: fc.constantFrom("src", "dst", "dport", "action", "proto", "none"),
  with: term,
});

/** Terms: random ones and ones derived from an earlier term by one field. */
export const terms: fc.Arbitrary<GenTerm[]> = fc.array(
  fc.oneof({ weight: 2, arbitrary: term.map((t) => ({ t, d: null })) }, {
    weight: 3,
    arbitrary: derived.map((d) => ({ t: d.with, d })),
  }),
  { minLength: 1, maxLength: 14 },
).map((xs) => {
  const out: GenTerm[] = [];
  for (const { t, d } of xs) {
    if (d === null || out.length === 0) out.push(t);
    else {
      const base = out[d.from % out.length]!;
      const f = d.field as keyof GenTerm;
      out.push(f === ("none" as string) ? { ...base } : { ...base, [f]: t[f] });
    }
  }
  return out;
});

function ported(t: GenTerm): boolean {
  return t.proto === "tcp" || t.proto === "udp" || t.proto === "tcpudp";
}

function wild(len: number): string {
  const m = len === 0 ? 0xffffffff : (0xffffffff >>> len);
  return [24, 16, 8, 0].map((s) => (m >>> s) & 255).join(".");
}

function iosAddr(p: string | undefined, w: number): string {
  if (p === undefined) return "any";
  if (w % 7 === 3) return WILDCARDS[w % 2]!.join(" ");
  const [a, l] = p.split("/");
  return l === "32" ? `host ${a}` : `${a} ${wild(Number(l))}`;
}

function iosPort(r: [number, number] | undefined): string {
  if (r === undefined) return "";
  const [lo, hi] = r;
  if (lo === hi) return ` eq ${lo}`;
  if (lo === 0) return ` lt ${hi + 1}`;
  if (hi === 65535) return ` gt ${lo - 1}`;
  return ` range ${lo} ${hi}`;
}

/** Renders terms as a named IOS ACL (first value of each list; next-term becomes deny). */
export function iosText(ts: GenTerm[]): string {
  const lines = ["ip access-list extended GEN"];
  ts.forEach((t, i) => {
    const proto = t.proto === "tcpudp" ? "tcp" : t.proto;
    const action = t.action === "permit" ? "permit" : "deny";
    const ps = ported(t);
    const icmp = t.proto === "icmp" && t.icmp !== null ? ` ${t.icmp}` : "";
    if (i % 5 === 2) lines.push(` remark entry ${i}`);
    lines.push(
      ` ${action} ${proto} ${iosAddr(t.src[0], i)}${ps ? iosPort(t.sport[0]) : ""} ` +
        `${iosAddr(t.dst[0], i + 1)}${ps ? iosPort(t.dport[0]) : ""}${icmp}${t.log ? " log" : ""}`,
    );
  });
  return lines.join("\n") + "\n";
}

function junosPorts(rs: [number, number][]): string {
  const v = rs.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`));
  return v.length === 1 ? v[0]! : `[ ${v.join(" ")} ]`;
}

/** Renders terms as a Junos filter (lists, `except`, next term, counters, inactive terms). */
export function junosText(ts: GenTerm[]): string {
  const out = ["filter GEN {"];
  ts.forEach((t, i) => {
    const from: string[] = [];
    const src = [...t.src.map((p) => `${p};`)];
    if (t.exceptSrc && t.src.length) src.push(`${t.exceptSrc} except;`);
    if (src.length) from.push(`source-address { ${src.join(" ")} }`);
    if (t.dst.length) from.push(`destination-address { ${t.dst.map((p) => `${p};`).join(" ")} }`);
    const proto =
      { tcp: "tcp", udp: "udp", icmp: "icmp", gre: "gre", tcpudp: "[ tcp udp ]", ip: "" }[
        t.proto
      ];
    if (proto) from.push(`protocol ${proto};`);
    if (ported(t) && t.sport.length) from.push(`source-port ${junosPorts(t.sport)};`);
    if (ported(t) && t.dport.length) from.push(`destination-port ${junosPorts(t.dport)};`);
    if (t.proto === "icmp" && t.icmp !== null) from.push(`icmp-type ${t.icmp};`);
    const action = { permit: "accept", deny: "discard", reject: "reject", next: "next term" }[
      t.action
    ];
    const then = [`${action};`];
    if (t.count) then.push(`count c${i % 3};`);
    if (t.log) then.push("syslog;");
    if (i % 4 === 1) out.push(`    /* term ${i} */`);
    out.push(
      `    ${t.inactive ? "inactive: " : ""}term t${i} {`,
      ...(from.length
        ? ["        from {", ...from.map((l) => `            ${l}`), "        }"]
        : []),
      `        then { ${then.join(" ")} }`,
      "    }",
    );
  });
  out.push("}");
  return out.join("\n") + "\n";
}

const HOSTS = [
  "10.0.0.0",
  "10.0.0.5",
  "10.0.0.127",
  "10.0.0.128",
  "10.0.0.130",
  "10.0.0.255",
  "10.0.1.0",
  "10.0.1.5",
  "10.0.1.7",
  "10.0.1.255",
  "10.0.2.0",
  "10.0.5.0",
  "10.0.7.5",
  "192.0.2.9",
  "10.200.0.1",
  "8.8.8.8",
];
const FLOW_PORTS = [0, 22, 79, 80, 81, 85, 90, 91, 100, 101, 443, 1023, 1024, 5000, 65535];

/** A flow with every field its protocol has (so that no answer is undetermined). */
export const fullFlow: fc.Arbitrary<Flow> = fc.record({
  src: fc.constantFrom(...HOSTS),
  dst: fc.constantFrom(...HOSTS),
  protocol: fc.constantFrom("tcp", "udp", "icmp", "gre"),
  sport: fc.constantFrom(...FLOW_PORTS),
  dport: fc.constantFrom(...FLOW_PORTS),
  icmpType: fc.constantFrom(0, 3, 8, 11),
  icmpCode: fc.constantFrom(0, 1),
}).map((r): Flow => {
  if (r.protocol === "icmp") {
    return { src: r.src, dst: r.dst, protocol: "icmp", icmpType: r.icmpType, icmpCode: r.icmpCode };
  }
  if (r.protocol === "gre") return { src: r.src, dst: r.dst, protocol: "gre" };
  return { src: r.src, dst: r.dst, protocol: r.protocol, sport: r.sport, dport: r.dport };
});

/** Every flow of the pools for one protocol and destination port set (an exhaustive sweep). */
export function sweep(): Flow[] {
  const out: Flow[] = [];
  for (const src of HOSTS) {
    for (const dst of HOSTS) {
      for (const dport of [22, 79, 80, 85, 91, 443, 5000]) {
        out.push({ src, dst, protocol: "tcp", sport: 1024, dport });
        out.push({ src, dst, protocol: "udp", sport: 80, dport });
      }
      out.push({ src, dst, protocol: "icmp", icmpType: 8, icmpCode: 0 });
      out.push({ src, dst, protocol: "gre" });
    }
  }
  return out;
}

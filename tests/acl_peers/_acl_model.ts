/**
 * Random ACLs for the conversion property tests: an abstract rule list
 * (fast-check arbitraries), written as IOS (numbered, named, `ipv6
 * access-list`) or Junos (`family inet` / `family inet6`) text, and the flows
 * at the edges of every rule's ranges (each prefix's first and last address
 * and their outside neighbours, each port range's ends and their neighbours,
 * each ICMP type and its neighbours).
 */
import fc from "fast-check";
import type { Flow } from "../../lib/acl/mod.ts";

/** An address prefix: the family, the first address and the length. */
export interface Prefix {
  v: 4 | 6;
  addr: bigint;
  len: number;
}

/** One rule of the abstract ACL. */
export interface Rule {
  action: "permit" | "deny";
  /** `ip` (any), a name, or a protocol number. */
  proto: "ip" | "tcp" | "udp" | "icmp" | "gre" | "esp" | 89;
  src: Prefix | null;
  dst: Prefix | null;
  sport: [number, number] | null;
  dport: [number, number] | null;
  /** ICMP type and code; `named`: written by its name where the dialect has one. */
  icmp: { type: number; code: number | null; named: boolean } | null;
  log: boolean;
}

/** A random ACL of one family. */
export interface Model {
  v: 4 | 6;
  rules: Rule[];
}

/**
 * ICMP type names per dialect and family, from the vendors' documentation
 * (Cisco IOS `access-list ... icmp` and `ipv6 access-list ... icmp` message
 * names; Junos `icmp-type` for family inet and inet6).
 */
const ICMP_NAMES: Record<"ios" | "junos", Record<4 | 6, Record<number, string>>> = {
  ios: {
    4: { 0: "echo-reply", 3: "unreachable", 4: "source-quench", 8: "echo", 11: "time-exceeded" },
    6: {
      1: "unreachable",
      2: "packet-too-big",
      3: "time-exceeded",
      4: "parameter-problem",
      128: "echo-request",
      129: "echo-reply",
      135: "nd-ns",
    },
  },
  junos: {
    4: {
      0: "echo-reply",
      3: "unreachable",
      4: "source-quench",
      8: "echo-request",
      11: "time-exceeded",
    },
    6: {
      1: "destination-unreachable",
      2: "packet-too-big",
      3: "time-exceeded",
      4: "parameter-problem",
      128: "echo-request",
      129: "echo-reply",
      135: "neighbor-solicit",
    },
  },
};

function icmpWord(dialect: "ios" | "junos", v: 4 | 6, type: number, named: boolean): string {
  const name = named ? ICMP_NAMES[dialect][v][type] : undefined;
  return name ?? String(type);
}

const bits = (v: 4 | 6) => v === 4 ? 32 : 128;
const mask = (v: 4 | 6, len: number) =>
  ((1n << BigInt(bits(v))) - 1n) ^ ((1n << BigInt(bits(v) - len)) - 1n);

/** Text of an address (IPv6 as eight hexadecimal groups). */
export function addrText(v: 4 | 6, a: bigint): string {
  if (v === 4) return [24n, 16n, 8n, 0n].map((s) => String((a >> s) & 255n)).join(".");
  return Array.from({ length: 8 }, (_, i) => ((a >> BigInt(112 - 16 * i)) & 0xffffn).toString(16))
    .join(":");
}

const ROOTS: Record<4 | 6, [bigint, number][]> = {
  4: [[0x0a000000n, 8], [0xc0000200n, 24], [0xc6336400n, 24], [0xac100000n, 12]],
  6: [[0x20010db8n << 96n, 32], [0xfd00n << 112n, 8]],
};

/** Prefixes inside a few roots, so that rules overlap and nest. */
function prefix(v: 4 | 6): fc.Arbitrary<Prefix> {
  return fc.tuple(
    fc.constantFrom(...ROOTS[v]),
    fc.bigInt({ min: 0n, max: (1n << BigInt(bits(v))) - 1n }),
    fc.oneof(fc.constant(bits(v)), fc.nat(bits(v))),
  ).map(([[root, rootLen], r, l]) => {
    const len = Math.max(rootLen, l);
    const addr = (root | (r & ~mask(v, rootLen))) & mask(v, len);
    return { v, addr, len };
  });
}

const PORTS = [0, 1, 22, 53, 79, 80, 81, 123, 443, 1023, 1024, 8080, 65534, 65535];
const port = fc.oneof(fc.constantFrom(...PORTS), fc.integer({ min: 0, max: 65535 }));
const portRange: fc.Arbitrary<[number, number]> = fc.oneof(
  port.map((p): [number, number] => [p, p]),
  fc.tuple(port, port).map(([a, b]): [number, number] => [Math.min(a, b), Math.max(a, b)]),
  port.filter((p) => p > 0).map((p): [number, number] => [0, p - 1]), // lt
  port.filter((p) => p < 65535).map((p): [number, number] => [p + 1, 65535]), // gt
);

function rule(v: 4 | 6): fc.Arbitrary<Rule> {
  return fc.record({
    action: fc.constantFrom("permit" as const, "deny" as const),
    proto: fc.constantFrom<Rule["proto"][]>(
      "ip",
      "tcp",
      "tcp",
      "udp",
      "udp",
      "icmp",
      "gre",
      "esp",
      89,
    ),
    src: fc.option(prefix(v), { nil: null }),
    dst: fc.option(prefix(v), { nil: null }),
    sport: fc.option(portRange, { nil: null, freq: 2 }),
    dport: fc.option(portRange, { nil: null, freq: 4 }),
    icmp: fc.option(
      fc.record({
        type: fc.constantFrom(0, 1, 2, 3, 4, 8, 11, 128, 129, 135),
        code: fc.option(fc.nat(3), { nil: null, freq: 2 }),
        named: fc.boolean(),
      }),
      { nil: null, freq: 3 },
    ),
    log: fc.boolean(),
  }).map((r) => ({
    ...r,
    sport: r.proto === "tcp" || r.proto === "udp" ? r.sport : null,
    dport: r.proto === "tcp" || r.proto === "udp" ? r.dport : null,
    icmp: r.proto === "icmp" ? r.icmp : null,
  }));
}

/** A random ACL (1 to 10 rules) of a random family. */
export const model: fc.Arbitrary<Model> = fc.constantFrom(4 as const, 6 as const).chain((v) =>
  fc.array(rule(v), { minLength: 1, maxLength: 10 }).map((rules) => ({ v, rules }))
);

function iosAddr(p: Prefix | null): string {
  if (p === null) return "any";
  if (p.len === bits(p.v)) return `host ${addrText(p.v, p.addr)}`;
  if (p.v === 6) return `${addrText(6, p.addr)}/${p.len}`;
  return `${addrText(4, p.addr)} ${addrText(4, ~mask(4, p.len) & 0xffffffffn)}`;
}

function iosPorts(r: [number, number] | null): string {
  if (r === null) return "";
  const [lo, hi] = r;
  if (lo === hi) return ` eq ${lo}`;
  if (lo === 0 && hi < 65535) return ` lt ${hi + 1}`;
  if (hi === 65535 && lo > 0) return ` gt ${lo - 1}`;
  return ` range ${lo} ${hi}`;
}

function iosLine(v: 4 | 6, r: Rule): string {
  // a name stands for type and code: written only without a code
  const named = r.icmp?.named === true && r.icmp.code === null;
  const icmp = r.icmp
    ? ` ${icmpWord("ios", v, r.icmp.type, named)}${r.icmp.code === null ? "" : ` ${r.icmp.code}`}`
    : "";
  return `${r.action} ${r.proto} ${iosAddr(r.src)}${iosPorts(r.sport)} ${iosAddr(r.dst)}` +
    `${iosPorts(r.dport)}${icmp}${r.log ? " log" : ""}`;
}

/** IOS text: numbered (`access-list 150`) or named for IPv4, `ipv6 access-list` for IPv6. */
export function iosText(m: Model, numbered: boolean): string {
  const lines = m.rules.map((r) => iosLine(m.v, r));
  if (m.v === 6) return `ipv6 access-list V6\n${lines.map((l) => ` ${l}\n`).join("")}`;
  if (numbered) return lines.map((l) => `access-list 150 ${l}\n`).join("");
  return `ip access-list extended EDGE\n${lines.map((l) => ` ${l}\n`).join("")}`;
}

function junosPrefix(p: Prefix): string {
  return `${addrText(p.v, p.addr)}/${p.len}`;
}

/** Junos text: the filter in `firewall { family inet|inet6 { ... } }`. */
export function junosText(m: Model): string {
  const family = m.v === 4 ? "inet" : "inet6";
  const protoWord = m.v === 4 ? "protocol" : "next-header";
  const terms = m.rules.map((r, i) => {
    const from: string[] = [];
    if (r.src) from.push(`source-address { ${junosPrefix(r.src)}; }`);
    if (r.dst) from.push(`destination-address { ${junosPrefix(r.dst)}; }`);
    if (r.proto !== "ip") {
      const name = r.proto === "icmp" && m.v === 6 ? "icmp6" : r.proto;
      from.push(`${protoWord} ${name};`);
    }
    const range = ([lo, hi]: [number, number]) => lo === hi ? `${lo}` : `${lo}-${hi}`;
    if (r.sport) from.push(`source-port ${range(r.sport)};`);
    if (r.dport) from.push(`destination-port ${range(r.dport)};`);
    if (r.icmp) {
      from.push(`icmp-type ${icmpWord("junos", m.v, r.icmp.type, r.icmp.named)};`);
      if (r.icmp.code !== null) from.push(`icmp-code ${r.icmp.code};`);
    }
    const action = r.action === "permit" ? "accept" : "discard";
    const then = r.log ? `then { syslog; ${action}; }` : `then ${action};`;
    const body = from.length ? `from { ${from.join(" ")} } ` : "";
    return `      term r${i} { ${body}${then} }\n`;
  });
  return `firewall {\n  family ${family} {\n    filter F {\n${terms.join("")}    }\n  }\n}\n`;
}

const PROTO_NUMBER: Record<string, number> = { tcp: 6, udp: 17, gre: 47, esp: 50 };

function edgesOf(p: Prefix | null): bigint[] {
  if (p === null) return [];
  const top = (1n << BigInt(bits(p.v))) - 1n;
  const last = p.addr | (~mask(p.v, p.len) & top);
  return [p.addr, last, ...(p.addr > 0n ? [p.addr - 1n] : []), ...(last < top ? [last + 1n] : [])];
}

function portEdges(r: [number, number] | null): number[] {
  if (r === null) return [];
  return [r[0], r[1], r[0] - 1, r[1] + 1].filter((p) => p >= 0 && p <= 65535);
}

/**
 * The flows at the edges of each rule's ranges: for each rule, one flow per
 * edge value of one field, the other fields inside the rule.
 */
export function edgeFlows(m: Model): Flow[] {
  const flows: Flow[] = [];
  const icmpProto = m.v === 4 ? 1 : 58;
  for (const r of m.rules) {
    const proto = r.proto === "ip"
      ? 6
      : r.proto === "icmp"
      ? icmpProto
      : r.proto === 89
      ? 89
      : PROTO_NUMBER[r.proto]!;
    const base = (): Flow => {
      const f: Flow = {
        src: addrText(m.v, r.src?.addr ?? 1n),
        dst: addrText(m.v, r.dst?.addr ?? 2n),
        protocol: proto,
      };
      if (proto === 6 || proto === 17) {
        f.sport = r.sport?.[0] ?? 40000;
        f.dport = r.dport?.[0] ?? 443;
      }
      if (proto === icmpProto) {
        f.icmpType = r.icmp?.type ?? 8;
        f.icmpCode = r.icmp?.code ?? 0;
      }
      return f;
    };
    flows.push(base());
    for (const a of edgesOf(r.src)) flows.push({ ...base(), src: addrText(m.v, a) });
    for (const a of edgesOf(r.dst)) flows.push({ ...base(), dst: addrText(m.v, a) });
    if (proto === 6 || proto === 17) {
      for (const p of portEdges(r.sport)) flows.push({ ...base(), sport: p });
      for (const p of portEdges(r.dport)) flows.push({ ...base(), dport: p });
      flows.push({ ...base(), protocol: proto === 6 ? 17 : 6 });
    }
    if (r.icmp) {
      for (const t of [r.icmp.type - 1, r.icmp.type + 1].filter((t) => t >= 0)) {
        flows.push({ ...base(), icmpType: t });
      }
      if (r.icmp.code !== null) flows.push({ ...base(), icmpCode: r.icmp.code + 1 });
    }
  }
  return flows;
}

function inside(p: Prefix | null, a: string, v: 4 | 6): boolean {
  if (p === null) return true;
  return (addrValue(v, a) & mask(v, p.len)) === p.addr;
}

/** The value of an address written by {@linkcode addrText}. */
export function addrValue(v: 4 | 6, a: string): bigint {
  if (v === 4) return a.split(".").reduce((n, o) => (n << 8n) | BigInt(o), 0n);
  return a.split(":").reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/**
 * What the rules say of a flow (with every field its protocol has): the
 * first rule that matches decides; none matching denies. The reference the
 * engine's reading of {@linkcode iosText} and {@linkcode junosText} is held to.
 */
export function decide(m: Model, f: Flow): { permitted: boolean; rule: number | null } {
  const icmpProto = m.v === 4 ? 1 : 58;
  const index = m.rules.findIndex((r) => {
    const proto = r.proto === "icmp"
      ? icmpProto
      : typeof r.proto === "number"
      ? r.proto
      : PROTO_NUMBER[r.proto];
    if (proto !== undefined && f.protocol !== proto) return false;
    if (!inside(r.src, f.src, m.v) || !inside(r.dst, f.dst, m.v)) return false;
    const within = (p: number | string | undefined, range: [number, number] | null) =>
      range === null || (typeof p === "number" && p >= range[0] && p <= range[1]);
    if (!within(f.sport, r.sport) || !within(f.dport, r.dport)) return false;
    if (r.icmp && (f.icmpType !== r.icmp.type)) return false;
    if (r.icmp && r.icmp.code !== null && f.icmpCode !== r.icmp.code) return false;
    return true;
  });
  return {
    permitted: index >= 0 && m.rules[index]!.action === "permit",
    rule: index < 0 ? null : index,
  };
}

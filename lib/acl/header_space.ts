/**
 * Header-space analysis: ACLs as exact sets of packets (ABI.md §4). Which
 * terms decide which parts of a region of packets ({@linkcode checkRegion}),
 * the exact packets two ACLs decide differently ({@linkcode compareAcls}),
 * and the terms no packet reaches ({@linkcode unreachableTerms}).
 *
 * Sets are written out as boxes: per field a list of prefixes
 * (`"10.0.0.0/8"`, or `"10.0.0.1/255.0.255.255"` for a non-contiguous mask)
 * or of inclusive `[lo, hi]` ranges; a field not listed takes any value.
 * Fields: `protocol`, `src`, `dst`, `sport`, `dport`, `icmpType`, `icmpCode`,
 * `tcpFlags` (fin 1, syn 2, rst 4, psh 8, ack 16, urg 32), `dscp`, `fragment`
 * (offset × 2 + more-fragments: 0 an unfragmented packet), `packetLength`,
 * `ttl`; conditions the engine cannot resolve (prefix lists) are listed under
 * `conditions` with the value they take.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import { Acl } from "./acl.ts";
import type { AclDialect, Range } from "./ir.ts";
import { diagnosticsOf } from "./_engine.ts";
import { protocolNumber } from "./_tables.ts";
import { callText } from "./_wasm.ts";

/** An ACL to analyse: a parsed {@linkcode Acl}, or text parsed by the engine. */
export type AclInput = Acl | AclText;

/** ACL text with its dialect and position among the text's ACLs. */
export interface AclText {
  /** The text. */
  text: string;
  /**
   * The dialect.
   *
   * @default {"auto"}
   */
  dialect?: AclDialect;
  /**
   * Which ACL of the text.
   *
   * @default {0}
   */
  index?: number;
}

/** A box of packets: per field, prefixes (addresses) or ranges; absent fields take any value. */
export interface HeaderBox {
  /** Protocol ranges. */
  protocol?: Range[];
  /** Source prefixes. */
  src?: string[];
  /** Destination prefixes. */
  dst?: string[];
  /** Source port ranges. */
  sport?: Range[];
  /** Destination port ranges. */
  dport?: Range[];
  /** ICMP type ranges. */
  icmpType?: Range[];
  /** ICMP code ranges. */
  icmpCode?: Range[];
  /** TCP flag values. */
  tcpFlags?: Range[];
  /** DSCP ranges. */
  dscp?: Range[];
  /** Fragment values (offset × 2 + more-fragments). */
  fragment?: Range[];
  /** Packet length ranges. */
  packetLength?: Range[];
  /** TTL ranges. */
  ttl?: Range[];
  /** Unresolved conditions (`source-prefix-list EDGE`) and their value in this box. */
  conditions?: Record<string, boolean>;
}

/** One packet of a region. Port, ICMP and flag fields are given where the protocol has them. */
export interface ExamplePacket {
  /** 4 or 6. */
  family: 4 | 6;
  /** Source address. */
  src: string;
  /** Destination address. */
  dst: string;
  /** Protocol number. */
  protocol: number;
  /** Source port. */
  sport?: number;
  /** Destination port. */
  dport?: number;
  /** ICMP type. */
  icmpType?: number;
  /** ICMP code. */
  icmpCode?: number;
  /** TCP flags. */
  tcpFlags?: number;
  /** DSCP, when the region depends on it. */
  dscp?: number;
  /** Fragment value, when the region depends on it. */
  fragment?: number;
  /** Packet length, when the region depends on it. */
  packetLength?: number;
  /** TTL, when the region depends on it. */
  ttl?: number;
  /** Unresolved conditions the region depends on. */
  conditions?: Record<string, boolean>;
}

/** A set of packets written out. */
export interface Region {
  /** The address family. */
  family: 4 | 6;
  /** Boxes whose union is the region (unless `truncated`). */
  boxes: HeaderBox[];
  /** Some boxes were left out. */
  truncated: boolean;
  /** One packet of the region. */
  example: ExamplePacket;
}

/** A decision: the deciding term's index in `Acl.terms` (-1 for the implicit deny). */
export interface Decision {
  /** Term index, or -1. */
  term: number;
  /** Permitted? */
  permitted: boolean;
}

/** Packets two ACLs decide differently. */
export interface AclDifference extends Region {
  /** The old ACL's decision. */
  old: Decision;
  /** The new ACL's decision. */
  new: Decision;
}

/** The result of {@linkcode compareAcls}. */
export interface AclComparison {
  /** No packet is decided differently. */
  equivalent: boolean;
  /** The differences, one per pair of deciding terms. */
  differences: AclDifference[];
  /** More differences exist than listed. */
  truncated: boolean;
}

/** A region of packets: every field optional (absent: any value). */
export interface RegionQuery {
  /** 4 or 6 (by default the addresses' family, or both). */
  family?: 4 | 6;
  /** Source prefixes or addresses (`"10.1.0.0/16"`, `"192.0.2.1"`); absent or `"any"`: any. */
  src?: string | string[];
  /** Destination prefixes or addresses. */
  dst?: string | string[];
  /** Protocol: a name, a number or ranges. */
  protocol?: string | number | Range[];
  /** Source port(s). */
  sport?: number | Range[];
  /** Destination port(s). */
  dport?: number | Range[];
  /** ICMP type(s). */
  icmpType?: number | Range[];
  /** ICMP code(s). */
  icmpCode?: number | Range[];
  /**
   * TCP flag values; `null` for any.
   *
   * @default {2}
   */
  tcpFlags?: number | Range[] | null;
  /** DSCP value(s). */
  dscp?: number | Range[];
  /**
   * Fragment values; `null` for any.
   *
   * @default {0}
   */
  fragment?: number | Range[] | null;
  /** Packet length(s). */
  packetLength?: number | Range[];
  /** TTL value(s). */
  ttl?: number | Range[];
}

/** One part of a region and the term deciding it. */
export interface RegionPart extends Region, Decision {}

/** The result of {@linkcode checkRegion}. */
export interface RegionCheck {
  /** `all`, `none` or `part` of the region is permitted; `empty`: the region holds no packet. */
  permitted: "all" | "none" | "part" | "empty";
  /** The parts, in term order (the implicit deny last). */
  parts: RegionPart[];
  /** More parts exist than listed. */
  truncated: boolean;
}

/** A term no packet reaches. */
export interface UnreachableTerm {
  /** Its index in `Acl.terms`. */
  term: number;
  /** The earlier terms that take its packets; empty when it matches no packet at all. */
  shadowedBy: number[];
}

/** Output limits. */
export interface AnalysisOptions {
  /**
   * Most differences (or parts) listed.
   *
   * @default {100}
   */
  maxRegions?: number;
  /**
   * Most boxes listed per difference (or part).
   *
   * @default {16}
   */
  maxBoxes?: number;
}

function source(a: AclInput): unknown {
  if (a instanceof Acl) return { ir: { ...a.toJSON(), comments: [], trailingComments: [] } };
  if (typeof a !== "object" || a === null || typeof a.text !== "string") {
    throw new TypeError("Cannot analyse ACL: expected an Acl or {text, dialect, index}");
  }
  return { text: a.text, dialect: a.dialect ?? "auto", index: a.index ?? 0 };
}

function run<T>(op: string, acls: AclInput[], extra: Record<string, unknown>): T {
  const r = callText("acl_hs", { op, ...extra }, JSON.stringify({ acls: acls.map(source) }));
  if (r.status !== 0) {
    const d = diagnosticsOf(r.out);
    const msg = d.map((x) => (x.span.line ? `line ${x.span.line}: ` : "") + x.message).join("; ");
    throw new TriggerError("ACL_INVALID", `Cannot analyse ACL: ${msg || "unknown error"}`);
  }
  try {
    return JSON.parse(r.out) as T;
  } catch (e) {
    throw new TriggerError("WASM_FAILED", "Cannot read the ACL engine's analysis", { cause: e });
  }
}

function limits(o: AnalysisOptions): { regions: number; boxes: number } {
  const { maxRegions = 100, maxBoxes = 16 } = o;
  for (const [k, v] of [["maxRegions", maxRegions], ["maxBoxes", maxBoxes]] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`Cannot analyse ACL: "${k}" must be a positive integer: ${v}`);
    }
  }
  return { regions: maxRegions, boxes: maxBoxes };
}

/**
 * The exact packets two ACLs decide differently, split by the deciding term
 * on each side; works across dialects. Each ACL is compared in the family it
 * applies to (Junos `family`, `ipv6 access-list`, else that of its
 * addresses); in the other family it denies every packet.
 *
 * @param oldAcl The ACL before.
 * @param newAcl The ACL after.
 * @param options Output limits.
 * @returns Whether they are equivalent, and every difference with boxes and an example packet.
 * @throws {TriggerError} `ACL_INVALID` when a text does not parse or the analysis cannot complete.
 *
 * @example An IOS ACL and a Junos filter that differ on DNS
 * ```ts
 * import { compareAcls, parse } from "@trigger/trigger/acl";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const ios = parse("access-list 101 deny udp any host 10.0.0.53 eq 53\naccess-list 101 permit ip any any\n");
 * const junos = parse("filter f {\n  term all {\n    then accept;\n  }\n}\n");
 * const r = compareAcls(ios, junos);
 * strictEqual(r.equivalent, false);
 * deepStrictEqual([r.differences[0]!.old, r.differences[0]!.new], [
 *   { term: 0, permitted: false },
 *   { term: 0, permitted: true },
 * ]);
 * strictEqual(r.differences[0]!.example.dport, 53);
 * strictEqual(compareAcls(ios, parse(ios.output("junos"))).equivalent, true);
 * ```
 */
export function compareAcls(
  oldAcl: AclInput,
  newAcl: AclInput,
  options: AnalysisOptions = {},
): AclComparison {
  return run("compare", [oldAcl, newAcl], { limits: limits(options) });
}

/** A decision with its deciding term's name and line (both `null` for the implicit deny). */
export interface NamedDecision extends Decision {
  /** The term's name (`null` for an unnamed term or the implicit deny). */
  name: string | null;
  /** The term's line in the ACL's text (`null` for the implicit deny). */
  line: number | null;
}

/** A difference with each side's deciding term named. */
export interface NamedDifference extends Omit<AclDifference, "old" | "new"> {
  /** The old ACL's decision. */
  old: NamedDecision;
  /** The new ACL's decision. */
  new: NamedDecision;
}

/** A comparison with each side's deciding terms named ({@linkcode namedComparison}). */
export interface NamedComparison extends Omit<AclComparison, "differences"> {
  /** The differences. */
  differences: NamedDifference[];
}

/**
 * A decision with the deciding term's name and line.
 *
 * @param acl The ACL that decided.
 * @param d Its decision.
 * @returns The decision, named.
 *
 * @example The implicit deny has no name nor line
 * ```ts
 * import { namedDecision, parse } from "@trigger/trigger/acl";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const acl = parse("access-list 101 permit ip any any\n");
 * deepStrictEqual(namedDecision(acl, { term: -1, permitted: false }), {
 *   term: -1, permitted: false, name: null, line: null,
 * });
 * deepStrictEqual(namedDecision(acl, { term: 0, permitted: true }).line, 1);
 * ```
 */
export function namedDecision(acl: Acl, d: Decision): NamedDecision {
  const t = d.term >= 0 ? acl.terms[d.term] : undefined;
  return { ...d, name: t?.name ?? null, line: t?.span.line ?? null };
}

/**
 * A comparison of {@linkcode compareAcls} with each side's deciding terms
 * named (what `trigger acl-diff --json` and the API print).
 *
 * @param r The comparison.
 * @param oldAcl The ACL before.
 * @param newAcl The ACL after.
 * @returns The comparison, named.
 *
 * @example
 * ```ts
 * import { compareAcls, namedComparison, parse } from "@trigger/trigger/acl";
 * import { strictEqual } from "node:assert/strict";
 *
 * const a = parse("access-list 101 deny udp any any eq 53\naccess-list 101 permit ip any any\n");
 * const b = parse("access-list 101 permit ip any any\n");
 * const r = namedComparison(compareAcls(a, b), a, b);
 * strictEqual(r.differences[0]!.old.line, 1);
 * strictEqual(r.differences[0]!.new.permitted, true);
 * ```
 */
export function namedComparison(r: AclComparison, oldAcl: Acl, newAcl: Acl): NamedComparison {
  return {
    ...r,
    differences: r.differences.map((d) => ({
      ...d,
      old: namedDecision(oldAcl, d.old),
      new: namedDecision(newAcl, d.new),
    })),
  };
}

function rangesOf(v: number | Range[] | undefined | null, what: string): Range[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "number") {
    if (!Number.isInteger(v) || v < 0) {
      throw new RangeError(`Cannot check region: "${what}" must be a non-negative integer: ${v}`);
    }
    return [[v, v]];
  }
  if (!Array.isArray(v)) throw new TypeError(`Cannot check region: "${what}" must be ranges`);
  return v;
}

function addrs(v: string | string[] | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  const list = typeof v === "string" ? [v] : v;
  return list.includes("any") ? undefined : list;
}

/** The engine's query for a {@linkcode RegionQuery}. */
function queryOf(q: RegionQuery): Record<string, unknown> {
  let protocol: Range[] | undefined;
  if (typeof q.protocol === "string") {
    const v6 = [q.src, q.dst].flat().some((a) => typeof a === "string" && a.includes(":"));
    const n = protocolNumber(q.protocol, v6);
    if (n === undefined || n > 255) {
      throw new RangeError(`Cannot check region: unknown protocol "${q.protocol}"`);
    }
    protocol = [[n, n]];
  } else protocol = rangesOf(q.protocol, "protocol");
  const out: Record<string, unknown> = {
    family: q.family ?? null,
    src: addrs(q.src) ?? null,
    dst: addrs(q.dst) ?? null,
    protocol: protocol ?? null,
    tcpFlags: q.tcpFlags === undefined ? [[2, 2]] : rangesOf(q.tcpFlags, "tcpFlags") ?? null,
    fragment: q.fragment === undefined ? [[0, 0]] : rangesOf(q.fragment, "fragment") ?? null,
  };
  for (
    const k of ["sport", "dport", "icmpType", "icmpCode", "dscp", "packetLength", "ttl"] as const
  ) {
    out[k] = rangesOf(q[k], k) ?? null;
  }
  return out;
}

/**
 * Which terms decide which parts of a region of packets (networks, `any`,
 * port ranges), first match winning: permitted for all, none or part, with an
 * example packet of each part. By default the region holds unfragmented
 * packets that open a TCP connection (`tcpFlags: 2`), as a single-packet
 * check assumes.
 *
 * @param acl The ACL.
 * @param query The region.
 * @param options Output limits.
 * @returns The verdict and the parts in term order.
 * @throws {RangeError} For an unknown protocol or a bad number.
 * @throws {TriggerError} `ACL_INVALID` for a bad prefix, or when the analysis cannot complete.
 *
 * @example A network to any host on 443
 * ```ts
 * import { checkRegion, parse } from "@trigger/trigger/acl";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const acl = parse("access-list 101 deny tcp any host 192.0.2.9 eq 443\naccess-list 101 permit tcp 10.1.0.0 0.0.255.255 any eq 443\n");
 * const r = checkRegion(acl, { src: "10.1.0.0/16", dst: "any", protocol: "tcp", dport: 443 });
 * strictEqual(r.permitted, "part");
 * deepStrictEqual(r.parts.map((p) => [p.term, p.permitted]), [[0, false], [1, true]]);
 * strictEqual(r.parts[0]!.example.dst, "192.0.2.9");
 * ```
 */
export function checkRegion(
  acl: AclInput,
  query: RegionQuery,
  options: AnalysisOptions = {},
): RegionCheck {
  return run("query", [acl], { query: queryOf(query), limits: limits(options) });
}

/**
 * Every term no packet can reach, with the earlier terms that take its
 * packets (Batfish's filterLineReachability).
 *
 * @param acl The ACL.
 * @returns The unreachable terms in order.
 * @throws {TriggerError} `ACL_INVALID` when the analysis cannot complete.
 *
 * @example A host line after its network
 * ```ts
 * import { parse, unreachableTerms } from "@trigger/trigger/acl";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const acl = parse("access-list 10 permit 10.0.0.0 0.255.255.255\naccess-list 10 deny host 10.1.2.3\n");
 * deepStrictEqual(unreachableTerms(acl), [{ term: 1, shadowedBy: [0] }]);
 * ```
 */
export function unreachableTerms(acl: AclInput): UnreachableTerm[] {
  return run<{ unreachable: UnreachableTerm[] }>("unreachable", [acl], {}).unreachable;
}

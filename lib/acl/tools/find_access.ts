/**
 * `findAccess`: the terms of an ACL that overlap (or, exactly, contain) given
 * source/destination networks, protocols and ports, as Trigger's
 * `find_access` reported them.
 *
 * @module
 */
import type { Acl } from "../acl.ts";
import type { ActionKind, AddressCondition, Condition, Range, Term } from "../ir.ts";
import {
  addrContains,
  addrOverlap,
  type AddrSet,
  addrSetOf,
  ALL_ADDRESSES,
  normRanges,
  parsePrefix,
  rangesComplement,
  rangesContain,
  type RangeSet,
  rangesOverlap,
} from "./_sets.ts";
import { addressesOf } from "./_terms.ts";

/** What to look for. Every field left out matches everything. */
export interface AccessQuery {
  /** Source networks (`10.0.0.0/8`, `192.0.2.1`, IPv6). */
  sources?: readonly string[];
  /** Destination networks. */
  destinations?: readonly string[];
  /** Protocol numbers. */
  protocols?: readonly Range[];
  /** Source port ranges. */
  sourcePorts?: readonly Range[];
  /** Destination port ranges. */
  destinationPorts?: readonly Range[];
}

/** Options for {@linkcode findAccess}. */
export interface FindAccessOptions {
  /**
   * Only terms whose conditions contain the query's values, for every field
   * the query gives (instead of overlapping them).
   *
   * @default {false}
   */
  exact?: boolean;
  /**
   * Skip terms that match any source (no source condition), as Trigger's `-S`.
   *
   * @default {false}
   */
  skipAnySource?: boolean;
  /**
   * Skip terms that match any destination, as Trigger's `-D`.
   *
   * @default {false}
   */
  skipAnyDestination?: boolean;
}

/** A term that matched the query. */
export interface FoundTerm {
  /** The term's name, or `null` for unnamed entries. */
  term: string | null;
  /** Its index in the ACL's terms. */
  index: number;
  /** Its line in the input. */
  line: number;
  /** Its action. */
  action: ActionKind;
  /** The term itself. */
  value: Term;
}

interface Compiled {
  src: AddrSet | null;
  dst: AddrSet | null;
  proto: RangeSet | null;
  sport: RangeSet | null;
  dport: RangeSet | null;
}

function addrs(list: readonly string[] | undefined, what: string): AddrSet | null {
  if (list === undefined || list.length === 0) return null;
  return addrSetOf(list.map((text) => {
    const p = parsePrefix(text);
    if (p === null) throw new RangeError(`Cannot search ACL: bad ${what} network "${text}"`);
    return { prefix: `${text.trim().split("/")[0]}/${p.len}` };
  }));
}

function ranges(list: readonly Range[] | undefined, max: number, what: string): RangeSet | null {
  if (list === undefined || list.length === 0) return null;
  for (const [lo, hi] of list) {
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi > max || lo > hi) {
      throw new RangeError(`Cannot search ACL: bad ${what} ${lo}-${hi}`);
    }
  }
  return normRanges(list);
}

function addressOk(c: AddressCondition, q: AddrSet | null, exact: boolean): boolean {
  if (q === null) return true;
  const set = c.except ? null : addressesOf(c);
  if (set === null) return !exact; // a negated list: possible overlap, never containment
  return exact ? addrContains(set, q) : addrOverlap(set, q);
}

function rangeOk(c: Condition, q: RangeSet | null, max: number, exact: boolean): boolean {
  if (q === null) return true;
  const r = normRanges(c.values as readonly Range[]);
  const set = c.except ? rangesComplement(r, max) : r;
  return exact ? rangesContain(set, q) : rangesOverlap(set, q);
}

function either(
  c: Condition,
  a: RangeSet | AddrSet | null,
  b: RangeSet | AddrSet | null,
  exact: boolean,
): boolean {
  // `address` / `port`: the packet's source OR destination matches.
  if (a === null && b === null) return true;
  // A side the query leaves open is anything: it overlaps, but proves no containment.
  const test = (q: RangeSet | AddrSet | null) => {
    if (c.key === "address") {
      const query = (q ?? (exact ? null : ALL_ADDRESSES)) as AddrSet | null;
      return query !== null && addressOk(c as AddressCondition, query, exact);
    }
    const query = (q ?? (exact ? null : [[0, 65535]])) as RangeSet | null;
    return query !== null && rangeOk(c, query, 65535, exact);
  };
  return test(a) || test(b);
}

function matches(t: Term, q: Compiled, exact: boolean): boolean {
  for (const c of t.conditions) {
    switch (c.key) {
      case "source-address":
        if (!addressOk(c as AddressCondition, q.src, exact)) return false;
        break;
      case "destination-address":
        if (!addressOk(c as AddressCondition, q.dst, exact)) return false;
        break;
      case "address":
        if (!either(c, q.src, q.dst, exact)) return false;
        break;
      case "protocol":
        if (!rangeOk(c, q.proto, 255, exact)) return false;
        break;
      case "source-port":
        if (!rangeOk(c, q.sport, 65535, exact)) return false;
        break;
      case "destination-port":
        if (!rangeOk(c, q.dport, 65535, exact)) return false;
        break;
      case "port":
        if (!either(c, q.sport, q.dport, exact)) return false;
        break;
      case "source-prefix-list":
      case "destination-prefix-list":
      case "prefix-list":
        // Unresolved names: a possible overlap, never a proven containment.
        if (exact && (q.src !== null || q.dst !== null)) return false;
        break;
      default:
        // Fields a query cannot give (icmp-type, dscp, flags) are not compared.
        break;
    }
  }
  return true;
}

/**
 * Finds the terms whose conditions overlap the query: for every field the
 * query gives, the term's values intersect it (a term without that condition
 * matches everything). With `exact`, only terms whose conditions contain the
 * query's values for every field the query gives. Inactive terms are skipped; `except` values are honoured;
 * prefix lists are possible overlaps.
 *
 * @param acl The ACL.
 * @param query Networks, protocols and ports.
 * @param options `exact`, `skipAnySource`, `skipAnyDestination`.
 * @returns The matching terms, in ACL order.
 * @throws {RangeError} For a bad network or port range in the query.
 *
 * @example Which terms touch 10.1.2.0/24?
 * ```ts
 * import { parse } from "@trigger/trigger/acl";
 * import { findAccess } from "@trigger/trigger/acl/tools";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const acl = parse(
 *   "access-list 101 permit tcp 10.0.0.0 0.255.255.255 any eq 22\n" +
 *     "access-list 101 permit tcp host 10.1.2.3 any eq 443\n" +
 *     "access-list 101 deny ip 192.0.2.0 0.0.0.255 any\n",
 * );
 * deepStrictEqual(findAccess(acl, { sources: ["10.1.2.0/24"] }).map((f) => f.line), [1, 2]);
 * deepStrictEqual(findAccess(acl, { sources: ["10.1.2.0/24"] }, { exact: true }).map((f) => f.line), [1]);
 * deepStrictEqual(findAccess(acl, { destinationPorts: [[443, 443]] }).map((f) => f.line), [2, 3]);
 * ```
 */
export function findAccess(
  acl: Acl,
  query: AccessQuery,
  options: FindAccessOptions = {},
): FoundTerm[] {
  const { exact = false, skipAnySource = false, skipAnyDestination = false } = options;
  const q: Compiled = {
    src: addrs(query.sources, "source"),
    dst: addrs(query.destinations, "destination"),
    proto: ranges(query.protocols, 255, "protocol"),
    sport: ranges(query.sourcePorts, 65535, "source port"),
    dport: ranges(query.destinationPorts, 65535, "destination port"),
  };
  const out: FoundTerm[] = [];
  acl.terms.forEach((t, index) => {
    if (t.inactive) return;
    const has = (k: string) => t.conditions.some((c) => c.key === k || c.key === "address");
    if (skipAnySource && !has("source-address")) return;
    if (skipAnyDestination && !has("destination-address")) return;
    if (!matches(t, q, exact)) return;
    out.push({ term: t.name, index, line: t.span.line, action: t.action.kind, value: t });
  });
  return out;
}

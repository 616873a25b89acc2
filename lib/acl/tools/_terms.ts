/**
 * Relations between ACL terms under the engine's first-match semantics
 * (`acl-wasm/ABI.md`, "Check semantics"): does one term match every packet
 * another matches, can two terms match a common packet, are two conditions
 * identical. Every answer errs on the safe side: `contains` may say `false`
 * when it cannot tell, `mayOverlap` may say `true`.
 *
 * @module
 */
import type {
  Action,
  AddressCondition,
  Condition,
  Modifiers,
  Range,
  RangeCondition,
  Term,
} from "../ir.ts";
import {
  addrContains,
  addressSig,
  addrOverlap,
  type AddrSet,
  addrSetOf,
  normRanges,
  rangesComplement,
  rangesContain,
  type RangeSet,
  rangesIntersect,
  rangesOverlap,
} from "./_sets.ts";

const ADDRESS_KEYS = new Set(["source-address", "destination-address", "address"]);
const PORT_KEYS = new Set(["source-port", "destination-port", "port"]);
const ICMP_KEYS = new Set(["icmp-type", "icmp-code"]);
/** Keys whose conditions {@linkcode implies} compares exactly (not by identity). */
const EXACT_KEYS = new Set([...ADDRESS_KEYS, ...PORT_KEYS, ...ICMP_KEYS]);
const RANGE_KEYS = new Set([
  "protocol",
  "source-port",
  "destination-port",
  "port",
  "icmp-type",
  "icmp-code",
  "fragment-offset",
  "packet-length",
  "dscp",
  "precedence",
  "ip-options",
  "ttl",
]);

/** Protocols port conditions can match (tcp, udp, sctp), and ICMP conditions (icmp, icmpv6). */
const PORT_PROTOCOLS: RangeSet = [[6, 6], [17, 17], [132, 132]];
const ICMP_PROTOCOLS: RangeSet = [[1, 1], [58, 58]];
const TCP: RangeSet = [[6, 6]];
const ALL_PROTOCOLS: RangeSet = [[0, 255]];

/** Is this an address condition? */
export function isAddressCondition(c: Condition): c is AddressCondition {
  return ADDRESS_KEYS.has(c.key);
}

/** Is this a numeric condition? */
export function isRangeCondition(c: Condition): c is RangeCondition {
  return RANGE_KEYS.has(c.key);
}

const sigCache = new WeakMap<Condition, string>();

/** A canonical text of a condition: equal for conditions that match the same packets by identity. */
export function conditionSig(c: Condition): string {
  let s = sigCache.get(c);
  if (s !== undefined) return s;
  let v: string;
  if (isAddressCondition(c)) v = addressSig(c.values);
  else if (isRangeCondition(c)) v = rangesOf(c).map(([a, b]) => `${a}-${b}`).join(",");
  else v = [...(c.values as readonly string[])].sort().join("\u0000");
  s = `${c.key}${c.except ? "!" : ""}=${v}`;
  sigCache.set(c, s);
  return s;
}

/**
 * Do two conditions match the same packets by identity (equal
 * {@linkcode conditionSig}s)? Conditions of one address or one range are
 * compared as they are, without making (and keeping) their signatures.
 */
export function sameCondition(a: Condition, b: Condition): boolean {
  if (a === b) return true;
  if (a.key !== b.key || a.except !== b.except) return false;
  if (a.values.length === 1 && b.values.length === 1) {
    if (isAddressCondition(a)) {
      const x = a.values[0]!;
      const y = (b as AddressCondition).values[0]!;
      return x.prefix === y.prefix && (x.wildcard ?? "") === (y.wildcard ?? "") &&
        !x.inactive === !y.inactive && !x.except === !y.except;
    }
    if (isRangeCondition(a)) {
      const x = a.values[0]!;
      const y = (b as RangeCondition).values[0]!;
      return x[0] === y[0] && x[1] === y[1];
    }
  }
  return conditionSig(a) === conditionSig(b);
}

const addrCache = new WeakMap<Condition, AddrSet>();

/** The address set of an address condition (cached). */
export function addressesOf(c: AddressCondition): AddrSet {
  let s = addrCache.get(c);
  if (!s) addrCache.set(c, s = addrSetOf(c.values));
  return s;
}

const protoCache = new WeakMap<Term, RangeSet>();

/** The protocols a term can match: its `protocol` condition, narrowed by port, ICMP and flag conditions (cached). */
export function protocolsOf(t: Term): RangeSet {
  let set = protoCache.get(t);
  if (set === undefined) protoCache.set(t, set = termProtocols(t));
  return set;
}

function termProtocols(t: Term): RangeSet {
  let set = ALL_PROTOCOLS;
  for (const c of t.conditions) {
    if (c.key === "protocol") {
      const r = rangesOf(c);
      set = intersect(set, c.except ? rangesComplement(r, 255) : r);
    } else if (!c.except && PORT_KEYS.has(c.key)) set = intersect(set, PORT_PROTOCOLS);
    else if (!c.except && ICMP_KEYS.has(c.key)) set = intersect(set, ICMP_PROTOCOLS);
    else if (!c.except && c.key === "tcp-flags") set = intersect(set, TCP);
  }
  return set;
}

/** The intersection of two normalised sets, without a copy when one holds the other (the common case). */
function intersect(a: RangeSet, b: RangeSet): RangeSet {
  if (rangesContain(a, b)) return b;
  if (rangesContain(b, a)) return a;
  return rangesIntersect(a, b);
}

/** Are the ranges already normalised (ascending, disjoint, not adjacent)? */
function isNormal(values: readonly Range[]): boolean {
  for (let i = 1; i < values.length; i++) {
    const [lo, hi] = values[i - 1]!;
    const next = values[i]![0];
    if (!(next > lo && next > hi + 1)) return false;
  }
  return true;
}

const rangeCache = new WeakMap<Condition, RangeSet>();

/**
 * The normalised values of a numeric condition: the condition's own values
 * when they already are (no copy: most conditions hold one range), else a
 * normalised copy (cached).
 */
export function rangesOf(c: Condition): RangeSet {
  const values = (c as RangeCondition).values;
  if (isNormal(values)) return values;
  let r = rangeCache.get(c);
  if (r === undefined) rangeCache.set(c, r = normRanges(values));
  return r;
}

/** Does condition `inner` (of a later term) imply condition `outer` (of an earlier one)? */
function implies(inner: Condition, outer: Condition): boolean {
  // Without `except`, the exact tests below hold for identical address, port and ICMP
  // conditions too: only other conditions need the identity test.
  if (inner.except || outer.except || !EXACT_KEYS.has(outer.key)) {
    return sameCondition(inner, outer);
  }
  if (ADDRESS_KEYS.has(outer.key) && ADDRESS_KEYS.has(inner.key)) {
    // `address` (either side) is implied by any one side; a side is implied only by itself.
    const keyOk = outer.key === "address" || inner.key === outer.key;
    return keyOk && addrContains(
      addressesOf(outer as AddressCondition),
      addressesOf(inner as AddressCondition),
    );
  }
  if (PORT_KEYS.has(outer.key) && PORT_KEYS.has(inner.key)) {
    const keyOk = outer.key === "port" || inner.key === outer.key;
    return keyOk && rangesContain(rangesOf(outer), rangesOf(inner));
  }
  if (ICMP_KEYS.has(outer.key) && inner.key === outer.key) {
    return rangesContain(rangesOf(outer), rangesOf(inner));
  }
  return false;
}

/**
 * Does `outer` match every packet `inner` matches? Both terms' conditions are
 * compared one by one: every condition of `outer` must be implied by some
 * condition of `inner` (prefix lists, tcp-flags, `except` keys and unknown
 * fields only by an identical condition).
 */
export function contains(outer: Term, inner: Term): boolean {
  for (const c of outer.conditions) {
    if (c.key === "protocol") {
      const r = rangesOf(c);
      if (!rangesContain(c.except ? rangesComplement(r, 255) : r, protocolsOf(inner))) return false;
      continue;
    }
    if (!inner.conditions.some((d) => implies(d, c))) return false;
  }
  return true;
}

function disjoint(a: Condition, b: Condition): boolean {
  if (a.key !== b.key || a.except || b.except) return false;
  if (a.key === "source-address" || a.key === "destination-address") {
    return !addrOverlap(addressesOf(a as AddressCondition), addressesOf(b as AddressCondition));
  }
  if (PORT_KEYS.has(a.key) && a.key !== "port" || ICMP_KEYS.has(a.key)) {
    return !rangesOverlap(rangesOf(a), rangesOf(b));
  }
  return false;
}

/** Can some packet match both terms? `true` when unsure. */
export function mayOverlap(a: Term, b: Term): boolean {
  if (!rangesOverlap(protocolsOf(a), protocolsOf(b))) return false;
  for (const c of a.conditions) {
    for (const d of b.conditions) if (disjoint(c, d)) return false;
  }
  return true;
}

/** Does the action end the walk (accept, discard, reject, routing-instance)? */
export function isTerminal(a: Action): boolean {
  return a.kind !== "next-term";
}

const modifiersCache = new WeakMap<Modifiers, string>();

/** The modifiers that are set, as a canonical text (`""` when none; cached). */
export function modifiersSig(m: Modifiers): string {
  let s = modifiersCache.get(m);
  if (s === undefined) modifiersCache.set(m, s = setModifiers(m));
  return s;
}

function setModifiers(m: Modifiers): string {
  return Object.entries(m)
    .filter(([, v]) => v !== null && v !== false && v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`)
    .sort().join(";");
}

/** The outcome of a term for a packet it matches: permitted, denied, or continue. */
export function outcomeOf(a: Action): "permit" | "deny" | "next" {
  if (a.kind === "accept" || a.kind === "routing-instance") return "permit";
  return a.kind === "next-term" ? "next" : "deny";
}

/**
 * Exact set algebra over ACL condition values: numeric range sets and address
 * sets (IPv4/IPv6 prefixes with Junos `except` entries and non-contiguous IPv4
 * wildcards), with containment and overlap tests. When a set cannot be
 * represented exactly (wildcards mixed with `except`), it is opaque and the
 * callers stay conservative.
 *
 * @module
 */
import type { Address, Range } from "../ir.ts";

/** A normalised range set: sorted, disjoint, non-adjacent inclusive ranges. */
export type RangeSet = readonly Range[];

/** Sorts and coalesces ranges (overlapping and adjacent ones merge). */
export function normRanges(values: readonly Range[]): RangeSet {
  const sorted = [...values].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

/** Is every value of `inner` in `outer`? Both normalised. */
export function rangesContain(outer: RangeSet, inner: RangeSet): boolean {
  return inner.every(([lo, hi]) => outer.some(([a, b]) => a <= lo && hi <= b));
}

/** Do the two normalised sets share a value? */
export function rangesOverlap(a: RangeSet, b: RangeSet): boolean {
  return a.some(([lo, hi]) => b.some(([x, y]) => lo <= y && x <= hi));
}

/** The complement of a normalised set within `[0, max]`. */
export function rangesComplement(a: RangeSet, max: number): RangeSet {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of a) {
    if (lo > next) out.push([next, Math.min(lo - 1, max)]);
    next = hi + 1;
  }
  if (next <= max) out.push([next, max]);
  return out;
}

/** The intersection of two normalised sets. */
export function rangesIntersect(a: RangeSet, b: RangeSet): RangeSet {
  const out: [number, number][] = [];
  for (const [lo, hi] of a) {
    for (const [x, y] of b) {
      const l = Math.max(lo, x);
      const h = Math.min(hi, y);
      if (l <= h) out.push([l, h]);
    }
  }
  return normRanges(out);
}

/** Offset of IPv6 addresses in the combined address space (IPv4 lives at 0). */
const V6 = 1n << 129n;
const V4_MAX = (1n << 32n) - 1n;
const V6_MAX = (1n << 128n) - 1n;

/** One address as a number of the combined space's family. */
export interface Ip {
  /** IPv6? */
  v6: boolean;
  /** The address bits. */
  value: bigint;
}

function parseV4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let v = 0;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || Number(p) > 255) return null;
    v = v * 256 + Number(p);
  }
  return BigInt(v);
}

function parseV6(text: string): bigint | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (s: string): bigint[] | null => {
    if (s === "") return [];
    const out: bigint[] = [];
    const parts = s.split(":");
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === parts.length - 1 && p.includes(".")) {
        const v4 = parseV4(p);
        if (v4 === null) return null;
        out.push(v4 >> 16n, v4 & 0xffffn);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(BigInt(parseInt(p, 16)));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (head === null || tail === null) return null;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return null;
  let v = 0n;
  for (const g of [...head, ...new Array<bigint>(fill).fill(0n), ...tail]) v = (v << 16n) | g;
  return v;
}

/**
 * Parses `A`, `A/LEN` (IPv4 or IPv6) into an address and a prefix length.
 *
 * @returns `null` when the text is not an address.
 */
export function parsePrefix(text: string): { ip: Ip; len: number } | null {
  const [addr = "", len, extra] = text.trim().split("/");
  if (extra !== undefined) return null;
  const v6 = addr.includes(":");
  const value = v6 ? parseV6(addr) : parseV4(addr);
  if (value === null) return null;
  const bits = v6 ? 128 : 32;
  const n = len === undefined ? bits : /^[0-9]{1,3}$/.test(len) ? Number(len) : NaN;
  if (!(n >= 0 && n <= bits)) return null;
  const host = (1n << BigInt(bits - n)) - 1n;
  return { ip: { v6, value: value & ~host }, len: n };
}

/** A bit pattern: the addresses equal to `base` outside the `mask` (wildcard) bits. */
export interface Pattern {
  /** IPv6? */
  v6: boolean;
  /** Base address, wildcard bits clear. */
  base: bigint;
  /** Wildcard bits (1 = any). */
  mask: bigint;
}

/** An inclusive interval of the combined address space. */
export type Interval = readonly [bigint, bigint];

/**
 * An address set: exact intervals, one IPv4 block as numbers (the common case,
 * kept small: it is made for most address conditions), a union of patterns,
 * or opaque (compare by identity only).
 */
export type AddrSet =
  | { readonly kind: "intervals"; readonly ivs: readonly Interval[] }
  | { readonly kind: "v4"; readonly lo: number; readonly hi: number }
  | { readonly kind: "patterns"; readonly pats: readonly Pattern[] }
  | { readonly kind: "opaque"; readonly sig: string };

/** Every IPv4 and IPv6 address. */
export const ALL_ADDRESSES: AddrSet = {
  kind: "intervals",
  ivs: [[0n, V4_MAX], [V6, V6 + V6_MAX]],
};

function normIvs(ivs: Interval[]): Interval[] {
  ivs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [lo, hi] of ivs) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1n) last[1] = last[1] > hi ? last[1] : hi;
    else out.push([lo, hi]);
  }
  return out;
}

function wildcardBits(w: string): bigint | null {
  return parseV4(w);
}

/** A canonical text of address values, equal for equal lists in any order. */
export function addressSig(values: readonly Address[]): string {
  return values
    .map((a) => `${a.inactive ? "~" : ""}${a.except ? "!" : ""}${a.prefix}/${a.wildcard ?? ""}`)
    .sort().join(",");
}

/**
 * The set of addresses a condition's values match (engine semantics: without
 * `except` entries any active entry matches; with them the longest matching
 * active entry decides, `except` winning ties).
 */
export function addrSetOf(values: readonly Address[]): AddrSet {
  const only = values.length === 1 ? values[0]! : null;
  if (only && !only.inactive && !only.except && !only.wildcard) {
    // One plain prefix (the common case): its interval.
    const p = parsePrefix(only.prefix);
    if (p === null) return { kind: "opaque", sig: addressSig(values) };
    if (!p.ip.v6) {
      const lo = Number(p.ip.value);
      return { kind: "v4", lo, hi: lo + 2 ** (32 - p.len) - 1 };
    }
    const lo = V6 + p.ip.value;
    return {
      kind: "intervals",
      ivs: [[lo, lo + (1n << BigInt((p.ip.v6 ? 128 : 32) - p.len)) - 1n]],
    };
  }
  const active = values.filter((a) => !a.inactive);
  const hasExcept = active.some((a) => a.except === true);
  const parsed = [];
  for (const a of active) {
    const p = parsePrefix(a.prefix);
    if (p === null) return { kind: "opaque", sig: addressSig(values) };
    const wild = a.wildcard ? wildcardBits(a.wildcard) : null;
    if (a.wildcard && (wild === null || p.ip.v6)) {
      return { kind: "opaque", sig: addressSig(values) };
    }
    parsed.push({ ...p, wild, except: a.except === true });
  }
  if (parsed.some((p) => p.wild !== null)) {
    if (hasExcept) return { kind: "opaque", sig: addressSig(values) };
    return {
      kind: "patterns",
      pats: parsed.map((p) => {
        const bits = p.ip.v6 ? 128 : 32;
        const mask = p.wild ?? ((1n << BigInt(bits - p.len)) - 1n);
        return { v6: p.ip.v6, base: p.ip.value & ~mask, mask };
      }),
    };
  }
  // Paint from the shortest prefix to the longest (except after positive at equal length).
  parsed.sort((a, b) => a.len - b.len || Number(a.except) - Number(b.except));
  let segs: [bigint, bigint, boolean][] = [];
  for (const p of parsed) {
    const off = p.ip.v6 ? V6 : 0n;
    const size = 1n << BigInt((p.ip.v6 ? 128 : 32) - p.len);
    const lo = off + p.ip.value;
    const hi = lo + size - 1n;
    const next: [bigint, bigint, boolean][] = [];
    for (const s of segs) {
      if (s[1] < lo || s[0] > hi) next.push(s);
      else {
        if (s[0] < lo) next.push([s[0], lo - 1n, s[2]]);
        if (s[1] > hi) next.push([hi + 1n, s[1], s[2]]);
      }
    }
    next.push([lo, hi, !p.except]);
    segs = next;
  }
  return { kind: "intervals", ivs: normIvs(segs.filter((s) => s[2]).map((s) => [s[0], s[1]])) };
}

/** The CIDR blocks covering an interval list exactly, as patterns. */
function cidrPatterns(ivs: readonly Interval[]): Pattern[] {
  const out: Pattern[] = [];
  for (const [from, to] of ivs) {
    const v6 = from >= V6;
    const off = v6 ? V6 : 0n;
    let lo = from - off;
    const hi = to - off;
    while (lo <= hi) {
      let size = 1n;
      while ((lo & (size * 2n - 1n)) === 0n && lo + size * 2n - 1n <= hi) size *= 2n;
      out.push({ v6, base: lo, mask: size - 1n });
      lo += size;
    }
  }
  return out;
}

/** The set with an IPv4 block as bigint intervals (any other set as it is). */
function wide(s: AddrSet): Exclude<AddrSet, { kind: "v4" }> {
  return s.kind === "v4" ? { kind: "intervals", ivs: [[BigInt(s.lo), BigInt(s.hi)]] } : s;
}

function patternsOf(s: Exclude<AddrSet, { kind: "v4" }>): readonly Pattern[] | null {
  if (s.kind === "patterns") return s.pats;
  if (s.kind === "intervals") return cidrPatterns(s.ivs);
  return null;
}

function patternIn(p: Pattern, q: Pattern): boolean {
  return p.v6 === q.v6 && (p.mask & ~q.mask) === 0n && ((p.base ^ q.base) & ~q.mask) === 0n;
}

function patternsMeet(p: Pattern, q: Pattern): boolean {
  return p.v6 === q.v6 && ((p.base ^ q.base) & ~p.mask & ~q.mask) === 0n;
}

function spanOf(p: Pattern): Interval {
  const off = p.v6 ? V6 : 0n;
  return [off + p.base, off + (p.base | p.mask)];
}

function ivsContain(outer: readonly Interval[], [lo, hi]: Interval): boolean {
  return outer.some(([a, b]) => a <= lo && hi <= b);
}

/**
 * Is every address of `inner` in `outer`? Exact for prefix sets; for
 * wildcards sound but incomplete (a `false` may be a "cannot tell").
 */
export function addrContains(wideOuter: AddrSet, wideInner: AddrSet): boolean {
  if (wideOuter.kind === "v4" && wideInner.kind === "v4") {
    return wideOuter.lo <= wideInner.lo && wideInner.hi <= wideOuter.hi;
  }
  const outer = wide(wideOuter);
  const inner = wide(wideInner);
  if (outer.kind === "opaque" || inner.kind === "opaque") {
    return outer.kind === "opaque" && inner.kind === "opaque" && outer.sig === inner.sig;
  }
  if (outer.kind === "intervals" && inner.kind === "intervals") {
    return inner.ivs.every((iv) => ivsContain(outer.ivs, iv));
  }
  const outerPats = patternsOf(outer)!;
  return patternsOf(inner)!.every((p) =>
    outerPats.some((q) => patternIn(p, q)) ||
    (outer.kind === "intervals" && ivsContain(outer.ivs, spanOf(p)))
  );
}

/** Can an address be in both sets? Exact, except for opaque sets (then `true`). */
export function addrOverlap(wideA: AddrSet, wideB: AddrSet): boolean {
  if (wideA.kind === "v4" && wideB.kind === "v4") {
    return wideA.lo <= wideB.hi && wideB.lo <= wideA.hi;
  }
  const a = wide(wideA);
  const b = wide(wideB);
  if (a.kind === "opaque" || b.kind === "opaque") return true;
  if (a.kind === "intervals" && b.kind === "intervals") {
    return a.ivs.some(([lo, hi]) => b.ivs.some(([x, y]) => lo <= y && x <= hi));
  }
  const pb = patternsOf(b)!;
  return patternsOf(a)!.some((p) => pb.some((q) => patternsMeet(p, q)));
}

/** Formats an address of one family. */
export function formatIp(v6: boolean, value: bigint): string {
  if (!v6) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join(".");
  const groups = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(Number((value >> s) & 0xffffn));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${hex.slice(best + bestLen).join(":")}`;
}

/**
 * Aggregates plain prefixes (no wildcard, `except` or `inactive`) exactly:
 * drops prefixes inside others and joins sibling halves (`10.0.0.0/25` +
 * `10.0.0.128/25` = `10.0.0.0/24`) repeatedly.
 *
 * @returns The aggregated values, sorted; `null` when some value is not a plain prefix.
 */
export function aggregatePrefixes(values: readonly Address[]): Address[] | null {
  for (const a of values) {
    if (a.wildcard || a.except || a.inactive || parsePrefix(a.prefix) === null) return null;
  }
  const s = wide(addrSetOf(values));
  if (s.kind !== "intervals") return null;
  // The CIDR decomposition of the exact union is the minimal aggregate.
  return cidrPatterns(s.ivs).map((p) => {
    const bits = p.v6 ? 128 : 32;
    const len = bits - (p.mask === 0n ? 0 : p.mask.toString(2).length);
    return { prefix: `${formatIp(p.v6, p.base)}/${len}` };
  });
}

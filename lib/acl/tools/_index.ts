/**
 * A candidate index over ACL terms, so the optimizer compares a term with the
 * few terms that can relate to it instead of with all of them (the check
 * engine's idea, `acl-wasm/src/check/index.rs`, over the optimizer's exact
 * relations).
 *
 * Five dimensions are indexed: protocol, source and destination address,
 * source and destination port. In each, a term is either `always` (no
 * condition there, or one the index cannot place: `except`, several
 * conditions of the key, an opaque or non-contiguous address set) or placed
 * as intervals of numbers (ports and protocols as they are, addresses
 * through an order-keeping map that is exact for IPv4 and coarser for IPv6:
 * intervals that meet still meet). A query is a set of intervals per
 * dimension; the candidates of a dimension are its `always` terms plus the
 * terms whose intervals meet the query's. The query walks the smallest
 * dimension's candidates in term order and keeps those every other dimension
 * admits. The answer is a superset of the terms the relation can hold for, so
 * the caller's exact test decides as a linear scan would.
 *
 * @module
 */
import type { AddressCondition, Condition, Term } from "../ir.ts";
import { addrIntervals, rangesComplement, type RangeSet, rangesIntersect } from "./_sets.ts";
import { addressesOf, protocolsOf, rangesOf } from "./_terms.ts";

/** Inclusive intervals of one dimension. */
type Ivs = readonly (readonly [number, number])[];

/** Where IPv6 starts in the combined address space of `_sets.ts`. */
const V6 = 1n << 129n;
const V4_END = 2 ** 32;

/**
 * An address of the combined space as a number, keeping order: IPv4 as it
 * is, IPv6 by its top 52 bits above all IPv4 addresses.
 */
function addressKey(x: bigint): number {
  return x < V6 ? Number(x) : V4_END + Number((x - V6) >> 76n);
}

/** The one condition of `key`, when the term has exactly one and it is not negated. */
function single(t: Term, key: string): Condition | null | undefined {
  let found: Condition | undefined;
  for (const c of t.conditions) {
    if (c.key !== key) continue;
    if (found !== undefined) return null;
    found = c;
  }
  if (found === undefined) return undefined;
  return found.except ? null : found;
}

/**
 * A term's intervals in an address dimension, `null` when it is `always`
 * there. Made on each call (not kept: a few numbers from the condition's
 * cached address set).
 */
function placedAddresses(t: Term, key: string): Ivs | null {
  const c = single(t, key);
  if (!c) return null;
  const set = addressesOf(c as AddressCondition);
  if (set.kind === "v4") return [[set.lo, set.hi]];
  const exact = addrIntervals(set);
  return exact && exact.map(([lo, hi]) => [addressKey(lo), addressKey(hi)] as const);
}

/** A term's ranges in a port dimension, `null` when it is `always` there. */
function placedPorts(t: Term, key: string): RangeSet | null {
  const c = single(t, key);
  return c ? rangesOf(c) : null;
}

/** The intersection of a term's `protocol` conditions (what each of them allows), `null` when it has none. */
function protocolConditions(t: Term): RangeSet | null {
  let set: RangeSet | null = null;
  for (const c of t.conditions) {
    if (c.key !== "protocol") continue;
    const r = rangesOf(c);
    const allowed = c.except ? rangesComplement(r, 255) : r;
    set = set === null ? allowed : rangesIntersect(set, allowed);
  }
  return set;
}

/** The first value of a set, as a one-point probe; `null` when the set is empty or unknown. */
function firstPoint(ivs: Ivs | null): Ivs | null {
  const first = ivs?.[0];
  return first === undefined ? null : [[first[0], first[0]]];
}

/**
 * A static index of intervals: which entries meet a given interval. The
 * entries containing a point are found through a segment tree over the
 * entries' end points (its node lists packed in one array); the entries
 * starting inside an interval, by binary search over the starts.
 */
class IntervalIndex {
  readonly #cuts: Float64Array;
  readonly #size: number;
  /** Node `n`'s ids are `#ids[#first[n] .. #first[n + 1])`. */
  readonly #first: Int32Array;
  readonly #ids: Int32Array;
  readonly #starts: Float64Array;
  readonly #startIds: Int32Array;

  /** @param entries Inclusive intervals (`lo`, `hi`) and their ids, as parallel arrays. */
  constructor(lo: readonly number[], hi: readonly number[], ids: readonly number[]) {
    const n = ids.length;
    const cuts = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) [cuts[2 * i], cuts[2 * i + 1]] = [lo[i]!, hi[i]! + 1];
    cuts.sort();
    let m = 0;
    for (let i = 0; i < cuts.length; i++) {
      if (i === 0 || cuts[i] !== cuts[m - 1]) cuts[m++] = cuts[i]!;
    }
    this.#cuts = cuts.slice(0, m);
    let size = 1;
    while (size < m) size *= 2;
    this.#size = size;
    // Two walks over the canonical nodes: count, then fill.
    const count = new Int32Array(2 * size + 1);
    const nodes = (i: number, f: (node: number) => void) => {
      let l = this.#rank(lo[i]!) + size;
      let r = this.#rank(hi[i]! + 1) + size;
      for (; l < r; l >>= 1, r >>= 1) {
        if (l & 1) f(l++);
        if (r & 1) f(--r);
      }
    };
    for (let i = 0; i < n; i++) nodes(i, (node) => count[node + 1]!++);
    for (let k = 1; k < count.length; k++) count[k]! += count[k - 1]!;
    this.#first = count.slice();
    this.#ids = new Int32Array(count[count.length - 1]!);
    for (let i = 0; i < n; i++) nodes(i, (node) => (this.#ids[count[node]!++] = ids[i]!));
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
      lo[a]! - lo[b]! || ids[a]! - ids[b]!
    );
    this.#starts = Float64Array.from(order, (i) => lo[i]!);
    this.#startIds = Int32Array.from(order, (i) => ids[i]!);
  }

  /** Index of the last cut at or below `x` (-1 when none). */
  #rank(x: number): number {
    return upperBound(this.#cuts, x) - 1;
  }

  /**
   * Calls `visit` with the ids of the entries meeting `[lo, hi]` (an id once
   * per entry it has); stops early when `visit` returns `false`.
   */
  meet([lo, hi]: readonly [number, number], visit: (id: number) => boolean): boolean {
    const leaf = this.#rank(lo);
    if (leaf >= 0 && leaf < this.#cuts.length - 1) {
      for (let n = leaf + this.#size; n >= 1; n >>= 1) {
        const end = this.#first[n + 1]!;
        for (let k = this.#first[n]!; k < end; k++) if (!visit(this.#ids[k]!)) return false;
      }
    }
    const end = upperBound(this.#starts, hi);
    for (let i = upperBound(this.#starts, lo); i < end; i++) {
      if (!visit(this.#startIds[i]!)) return false;
    }
    return true;
  }
}

/** The first index whose value is above `x` in an ascending array. */
function upperBound(xs: Float64Array, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One dimension of an index: how a term is placed in it, and how a query probes it. */
interface DimSpec {
  /** The term's intervals, `null` when the dimension never excludes it. */
  place(t: Term): Ivs | null;
  /** The query's intervals for term `t`, `null` when the dimension cannot narrow for it. */
  probe(t: Term): Ivs | null;
}

/**
 * A dimension from a term's placement: probed by its first value (containment)
 * or whole. Nothing is remembered per term: the index is built from each
 * placement once, and a query's probe is made when it is asked.
 */
function dim(place: (t: Term) => Ivs | null, containment: boolean): DimSpec {
  return { place, probe: containment ? (t) => firstPoint(place(t)) : place };
}

function addressDim(key: string, containment: boolean): DimSpec {
  return dim((t) => placedAddresses(t, key), containment);
}

function portDim(key: string, containment: boolean): DimSpec {
  return dim((t) => placedPorts(t, key), containment);
}

function isAll(p: RangeSet): boolean {
  return p.length === 1 && p[0]![0] === 0 && p[0]![1] === 255;
}

/**
 * Containment: a term `k` can hold every packet of `t` only if, in each
 * dimension where `k` is placed, its intervals hold some value of `t`'s; the
 * probe is one value of `t` (its first), present when `t` has exactly the one
 * condition that `k`'s placed condition must be implied by. Most selective
 * dimensions first.
 */
const CONTAINMENT: readonly DimSpec[] = [
  addressDim("destination-address", true),
  addressDim("source-address", true),
  portDim("destination-port", true),
  portDim("source-port", true),
  { place: protocolConditions, probe: (t) => firstPoint(protocolsOf(t)) },
];

/**
 * Overlap: two terms share no packet when their protocols are disjoint, or
 * when conditions of one key (addresses, single-side ports) are disjoint.
 */
const OVERLAP: readonly DimSpec[] = [
  addressDim("destination-address", false),
  addressDim("source-address", false),
  portDim("destination-port", false),
  portDim("source-port", false),
  { place: (t) => isAll(protocolsOf(t)) ? null : protocolsOf(t), probe: protocolsOf },
];

/** Some candidate ids, ascending: a slice of a dimension's `always` ids merged with sorted hits. */
interface Candidates {
  always: readonly number[];
  from: number;
  to: number;
  found: readonly number[];
}

function sizeOf(c: Candidates): number {
  return c.to - c.from + c.found.length;
}

/** A dimension probed for one term. */
interface Probed {
  /**
   * The candidates among ids `[from, to)` when fewer than `limit`; `null`
   * when there are as many.
   */
  candidates(ids: Span, limit: number, seen: Stamps): Candidates | null;
  /** The dimension. */
  dim: Dim;
  /** The lowest and highest value probed. */
  lo: number;
  hi: number;
}

/** A range of ids, `[from, to)`. */
type Span = readonly [number, number];

/** A dimension built over a term list. */
class Dim {
  /** Term ids the dimension never excludes, ascending. */
  readonly #always: number[] = [];
  readonly #spec: DimSpec;
  readonly #placed: IntervalIndex;
  /**
   * Each indexed term's lowest and highest value, by id (`-Infinity` and
   * `Infinity` for `always`): terms whose span misses a query's cannot meet it.
   */
  readonly hullLo: Float64Array;
  readonly hullHi: Float64Array;

  constructor(spec: DimSpec, terms: readonly Term[], ids: readonly number[]) {
    this.#spec = spec;
    this.hullLo = new Float64Array(terms.length).fill(-Infinity);
    this.hullHi = new Float64Array(terms.length).fill(Infinity);
    const los: number[] = [];
    const his: number[] = [];
    const owners: number[] = [];
    for (const i of ids) {
      const ivs = spec.place(terms[i]!);
      if (ivs === null) {
        this.#always.push(i);
        continue;
      }
      this.hullLo[i] = ivs.length ? ivs[0]![0] : Infinity;
      this.hullHi[i] = ivs.length ? ivs[ivs.length - 1]![1] : -Infinity;
      for (const [lo, hi] of ivs) (los.push(lo), his.push(hi), owners.push(i));
    }
    this.#placed = new IntervalIndex(los, his, owners);
  }

  probe(t: Term): Probed | null {
    const probe = this.#spec.probe(t);
    if (probe === null || probe.length === 0) return null;
    return {
      candidates: (ids, limit, seen) => this.#candidates(probe, ids, limit, seen),
      dim: this,
      lo: probe[0]![0],
      hi: probe[probe.length - 1]![1],
    };
  }

  #candidates(probe: Ivs, [lo, hi]: Span, limit: number, seen: Stamps): Candidates | null {
    const always = this.#always;
    const from = lowerBound(always, lo);
    const to = lowerBound(always, hi);
    const base = to - from;
    if (base >= limit) return null;
    const stamp = seen.next();
    const found: number[] = [];
    const visit = (id: number): boolean => {
      if (id < lo || id >= hi || seen.marks[id] === stamp) return true;
      seen.marks[id] = stamp;
      found.push(id);
      return base + found.length < limit;
    };
    if (!probe.every((iv) => this.#placed.meet(iv, visit))) return null;
    return { always, from, to, found: found.sort((a, b) => a - b) };
  }
}

/** May the indexed term `id` meet the probe? (Its span meets the probe's.) */
function admits(p: Probed, id: number): boolean {
  return p.dim.hullLo[id]! <= p.hi && p.dim.hullHi[id]! >= p.lo;
}

/** The first index whose value is at least `x` in an ascending array. */
function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Marks for deduplicating ids within one query. */
class Stamps {
  readonly marks: Uint32Array;
  #stamp = 0;

  constructor(n: number) {
    this.marks = new Uint32Array(n);
  }

  next(): number {
    if (++this.#stamp === 0xffffffff) {
      this.marks.fill(0);
      this.#stamp = 1;
    }
    return this.#stamp;
  }
}

const NONE: readonly number[] = [];

/** Which terms may relate to a given term, as a superset; see the module's documentation. */
export class TermIndex {
  readonly #dims: Dim[];
  readonly #included: number[] = [];
  readonly #seen: Stamps;

  private constructor(
    dims: readonly DimSpec[],
    terms: readonly Term[],
    include: (i: number) => boolean,
  ) {
    for (let i = 0; i < terms.length; i++) if (include(i)) this.#included.push(i);
    this.#dims = dims.map((spec) => new Dim(spec, terms, this.#included));
    this.#seen = new Stamps(terms.length);
  }

  /**
   * An index of `terms[i]` (id `i`, for each `i` where `include(i)` holds)
   * answering "which of these may match every packet of `t`": a superset of
   * the `k` with `contains(k, t)`.
   */
  static containment(terms: readonly Term[], include: (i: number) => boolean): TermIndex {
    return new TermIndex(CONTAINMENT, terms, include);
  }

  /**
   * An index of `terms[i]` (id `i`, for each `i` where `include(i)` holds)
   * answering "which of these may share a packet with `t`": a superset of
   * the `o` with `mayOverlap(o, t)`.
   */
  static overlap(terms: readonly Term[], include: (i: number) => boolean): TermIndex {
    return new TermIndex(OVERLAP, terms, include);
  }

  /**
   * Calls `visit` with the candidate ids for `t` within `ids` (`[from, to)`),
   * ascending, until it returns `false`: the indexed terms of the most
   * selective dimension that can narrow for `t`; without one, every indexed
   * id in the span.
   *
   * @returns `false` when `visit` stopped the walk.
   */
  forEachCandidate(t: Term, ids: Span, visit: (id: number) => boolean): boolean {
    const all = this.#included;
    let best: Candidates = {
      always: all,
      from: lowerBound(all, ids[0]),
      to: lowerBound(all, ids[1]),
      found: NONE,
    };
    let bestDim: Probed | null = null;
    const probed: Probed[] = [];
    for (const dim of this.#dims) {
      const p = dim.probe(t);
      if (p === null) continue;
      probed.push(p);
      const c = p.candidates(ids, sizeOf(best), this.#seen);
      if (c !== null) [best, bestDim] = [c, p];
    }
    // The other dimensions filter the best one's candidates (the terms in all of them).
    const others = probed.filter((p) => p !== bestDim);
    const { always, to, found } = best;
    let i = best.from;
    let j = 0;
    while (i < to || j < found.length) {
      const id = j >= found.length || (i < to && always[i]! < found[j]!)
        ? always[i++]!
        : found[j++]!;
      if (others.every((p) => admits(p, id)) && !visit(id)) return false;
    }
    return true;
  }
}

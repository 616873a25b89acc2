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
 * as exact intervals. A query is a set of intervals per dimension; the
 * candidates of a dimension are its `always` terms plus the terms whose
 * intervals meet the query's, and the query answers with the smallest
 * dimension's candidates, in term order. The answer is a superset of the
 * terms the relation can hold for, so the caller's exact test decides as a
 * linear scan would.
 *
 * @module
 */
import type { AddressCondition, Condition, Term } from "../ir.ts";
import { addrIntervals, rangesComplement, type RangeSet, rangesIntersect } from "./_sets.ts";
import { addressesOf, protocolsOf, rangesOf } from "./_terms.ts";

/** A value of a dimension: an address of the combined space, or a protocol or port number. */
type Value = bigint | number;

/** Inclusive intervals of one dimension. */
type Ivs<T extends Value> = readonly (readonly [T, T])[];

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

/** A term's exact intervals in an address dimension, `null` when it is `always` there. */
function placedAddresses(t: Term, key: string): Ivs<bigint> | null {
  const c = single(t, key);
  return c ? addrIntervals(addressesOf(c as AddressCondition)) : null;
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
function firstPoint<T extends Value>(ivs: Ivs<T> | null): Ivs<T> | null {
  const first = ivs?.[0];
  return first === undefined ? null : [[first[0], first[0]]];
}

/**
 * A static index of intervals: which entries meet a given interval. The
 * entries containing a point are found through a segment tree over the
 * entries' end points; the entries starting inside an interval, by binary
 * search over the starts.
 */
class IntervalIndex<T extends Value> {
  readonly #cuts: T[];
  readonly #size: number;
  readonly #nodes: (number[] | undefined)[];
  readonly #starts: T[];
  readonly #startIds: number[];

  /**
   * @param entries Inclusive intervals and their ids.
   * @param after The value after a value (`x + 1`).
   */
  constructor(entries: readonly (readonly [T, T, number])[], after: (x: T) => T) {
    const cuts = new Set<T>();
    for (const [lo, hi] of entries) cuts.add(lo).add(after(hi));
    this.#cuts = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let size = 1;
    while (size < this.#cuts.length) size *= 2;
    this.#size = size;
    this.#nodes = new Array(2 * size);
    for (const [lo, hi, id] of entries) {
      let l = this.#rank(lo) + size;
      let r = this.#rank(after(hi)) + size;
      for (; l < r; l >>= 1, r >>= 1) {
        if (l & 1) (this.#nodes[l++] ??= []).push(id);
        if (r & 1) (this.#nodes[--r] ??= []).push(id);
      }
    }
    const byStart = [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[2] - b[2]));
    this.#starts = byStart.map((e) => e[0]);
    this.#startIds = byStart.map((e) => e[2]);
  }

  /** Index of the last cut at or below `x` (-1 when none). */
  #rank(x: T): number {
    return upperBound(this.#cuts, x) - 1;
  }

  /**
   * Calls `visit` with the ids of the entries meeting `[lo, hi]` (an id once
   * per entry it has); stops early when `visit` returns `false`.
   */
  meet([lo, hi]: readonly [T, T], visit: (id: number) => boolean): boolean {
    const leaf = this.#rank(lo);
    if (leaf >= 0 && leaf < this.#cuts.length - 1) {
      for (let n = leaf + this.#size; n >= 1; n >>= 1) {
        for (const id of this.#nodes[n] ?? []) if (!visit(id)) return false;
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
function upperBound<T extends Value>(xs: readonly T[], x: T): number {
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
interface DimSpec<T extends Value> {
  /** The term's intervals, `null` when the dimension never excludes it. */
  place(t: Term): Ivs<T> | null;
  /** The query's intervals for term `t`, `null` when the dimension cannot narrow for it. */
  probe(t: Term): Ivs<T> | null;
  /** The value after `x`. */
  after(x: T): T;
}

const nextAddress = (x: bigint) => x + 1n;
const nextNumber = (x: number) => x + 1;

function addressDim(key: string, containment: boolean): DimSpec<bigint> {
  return {
    place: (t) => placedAddresses(t, key),
    probe: (t) => containment ? firstPoint(placedAddresses(t, key)) : placedAddresses(t, key),
    after: nextAddress,
  };
}

function portDim(key: string, containment: boolean): DimSpec<number> {
  return {
    place: (t) => placedPorts(t, key),
    probe: (t) => containment ? firstPoint(placedPorts(t, key)) : placedPorts(t, key),
    after: nextNumber,
  };
}

/** Builds a dimension over the terms of the given ids. */
type Builder = (terms: readonly Term[], ids: readonly number[]) => DimQuery;

function builder<T extends Value>(spec: DimSpec<T>): Builder {
  return (terms, ids) => new Dim(spec, terms, ids);
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
const CONTAINMENT: readonly Builder[] = [
  builder(addressDim("destination-address", true)),
  builder(addressDim("source-address", true)),
  builder(portDim("destination-port", true)),
  builder(portDim("source-port", true)),
  builder<number>({
    place: protocolConditions,
    probe: (t) => firstPoint(protocolsOf(t)),
    after: nextNumber,
  }),
];

/**
 * Overlap: two terms share no packet when their protocols are disjoint, or
 * when conditions of one key (addresses, single-side ports) are disjoint.
 */
const OVERLAP: readonly Builder[] = [
  builder(addressDim("destination-address", false)),
  builder(addressDim("source-address", false)),
  builder(portDim("destination-port", false)),
  builder(portDim("source-port", false)),
  builder<number>({
    place: (t) => isAll(protocolsOf(t)) ? null : protocolsOf(t),
    probe: protocolsOf,
    after: nextNumber,
  }),
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

/** A dimension built over a term list, as queries see it. */
interface DimQuery {
  /**
   * The candidates for `t` among ids `[from, to)` when fewer than `limit`;
   * `null` when there are as many or the dimension cannot narrow for `t`.
   */
  candidates(t: Term, ids: Span, limit: number, seen: Stamps): Candidates | null;
}

/** A range of ids, `[from, to)`. */
type Span = readonly [number, number];

/** A dimension built over a term list. */
class Dim<T extends Value> implements DimQuery {
  /** Term ids the dimension never excludes, ascending. */
  readonly always: number[] = [];
  readonly #spec: DimSpec<T>;
  readonly #placed: IntervalIndex<T>;

  constructor(spec: DimSpec<T>, terms: readonly Term[], ids: readonly number[]) {
    this.#spec = spec;
    const entries: [T, T, number][] = [];
    for (const i of ids) {
      const ivs = spec.place(terms[i]!);
      if (ivs === null) this.always.push(i);
      else for (const [lo, hi] of ivs) entries.push([lo, hi, i]);
    }
    this.#placed = new IntervalIndex(entries, spec.after);
  }

  candidates(t: Term, [lo, hi]: Span, limit: number, seen: Stamps): Candidates | null {
    const from = lowerBound(this.always, lo);
    const to = lowerBound(this.always, hi);
    const base = to - from;
    if (base >= limit) return null;
    const probe = this.#spec.probe(t);
    if (probe === null) return null;
    const stamp = seen.next();
    const found: number[] = [];
    const visit = (id: number): boolean => {
      if (id < lo || id >= hi || seen.marks[id] === stamp) return true;
      seen.marks[id] = stamp;
      found.push(id);
      return base + found.length < limit;
    };
    if (!probe.every((iv) => this.#placed.meet(iv, visit))) return null;
    return { always: this.always, from, to, found: found.sort((a, b) => a - b) };
  }
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
  readonly #dims: DimQuery[];
  readonly #included: number[] = [];
  readonly #seen: Stamps;

  private constructor(
    dims: readonly Builder[],
    terms: readonly Term[],
    include: (i: number) => boolean,
  ) {
    for (let i = 0; i < terms.length; i++) if (include(i)) this.#included.push(i);
    this.#dims = dims.map((build) => build(terms, this.#included));
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
    for (const dim of this.#dims) {
      best = dim.candidates(t, ids, sizeOf(best), this.#seen) ?? best;
    }
    const { always, to, found } = best;
    let i = best.from;
    let j = 0;
    while (i < to || j < found.length) {
      const id = j >= found.length || (i < to && always[i]! < found[j]!)
        ? always[i++]!
        : found[j++]!;
      if (!visit(id)) return false;
    }
    return true;
  }
}

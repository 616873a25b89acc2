/**
 * Merging two ACL terms that differ in exactly one condition into one term
 * whose condition is the union of both (ranges coalesced, prefixes aggregated
 * only when exactly equivalent).
 *
 * @module
 */
import type { AclFormat, Address, Condition, Range, Term } from "../ir.ts";
import { aggregatePrefixes, normRanges } from "./_sets.ts";
import { conditionSig, isAddressCondition, isTerminal, modifiersSig } from "./_terms.ts";

const RANGE_MERGE_KEYS = new Set([
  "protocol",
  "source-port",
  "destination-port",
  "port",
  "icmp-type",
  "icmp-code",
]);

/** Keys an IOS-family line prints as one value only when the range is a single number. */
const IOS_SINGLE_NUMBER = new Set(["protocol", "icmp-type", "icmp-code"]);

/** What two terms must share to merge, computed once per term. */
interface Shape {
  /** Action and modifiers; `null` when the term never merges (inactive, next-term, a repeated key). */
  sig: string | null;
  /** Its conditions by key. */
  byKey: Map<string, Condition>;
  /** Their signatures by key. */
  sigs: Map<string, string>;
}

const shapes = new WeakMap<Term, Shape>();

function shapeOf(t: Term): Shape {
  let s = shapes.get(t);
  if (s !== undefined) return s;
  const byKey = new Map<string, Condition>();
  let repeated = false;
  for (const c of t.conditions) {
    if (byKey.has(c.key)) repeated = true;
    byKey.set(c.key, c);
  }
  const a = t.action;
  const sig = t.inactive || !isTerminal(a) || repeated
    ? null
    : JSON.stringify([a.kind, a.code ?? null, a.target ?? null, modifiersSig(t.modifiers)]);
  const sigs = new Map([...byKey].map(([k, c]) => [k, conditionSig(c)]));
  shapes.set(t, s = { sig, byKey, sigs });
  return s;
}

function unionAddresses(a: readonly Address[], b: readonly Address[]): Address[] | null {
  const all = [...a, ...b];
  const agg = aggregatePrefixes(all);
  if (agg) return agg;
  if (all.some((x) => x.except || x.inactive)) return null; // union of except lists is not a list union
  const seen = new Set<string>();
  return all.filter((x) => {
    const k = `${x.prefix}/${x.wildcard ?? ""}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

function unionCondition(a: Condition, b: Condition, format: AclFormat): Condition | null {
  if (a.except || b.except) return null;
  const single = format !== "junos";
  if (isAddressCondition(a) && isAddressCondition(b)) {
    const values = unionAddresses(a.values, b.values);
    if (values === null || (single && values.length !== 1)) return null;
    return { ...a, values };
  }
  if (RANGE_MERGE_KEYS.has(a.key) && a.key === b.key) {
    const values: Range[] = normRanges([
      ...(a.values as readonly Range[]),
      ...(b.values as readonly Range[]),
    ]).map(([lo, hi]) => [lo, hi] as const);
    if (single && values.length !== 1) return null;
    if (single && IOS_SINGLE_NUMBER.has(a.key) && values[0]![0] !== values[0]![1]) return null;
    return { ...a, values } as Condition;
  }
  return null;
}

/** A merge of two terms: the merged term and the condition key that was unioned (`null`: one term held the other). */
export interface Merge {
  /** The merged term (named and placed like the first). */
  term: Term;
  /** The unioned condition key, or `null` when one term's conditions already covered the other's. */
  key: string | null;
}

/**
 * Merges `a` and `b` when they have the same action and modifiers, are both
 * active and terminal, and differ in exactly one condition whose union the
 * output format can write (IOS-family formats: one value per line, so only
 * merges that keep one value are made).
 *
 * @returns The merge, or `null` when the terms cannot be merged.
 */
export function mergeTerms(a: Term, b: Term, format: AclFormat): Merge | null {
  const sa = shapeOf(a);
  const sb = shapeOf(b);
  if (sa.sig === null || sa.sig !== sb.sig) return null;
  const ma = sa.byKey;
  const mb = sb.byKey;
  if (Math.abs(ma.size - mb.size) > 1) return null;
  let differing: string | null = null;
  for (const [k, sig] of sa.sigs) {
    if (sb.sigs.get(k) === sig) continue;
    if (differing !== null) return null;
    differing = k;
  }
  for (const k of mb.keys()) {
    if (ma.has(k)) continue;
    if (differing !== null) return null;
    differing = k;
  }
  const comments = [...a.comments, ...b.comments];
  if (differing === null) return { term: { ...a, comments }, key: null };
  const ca = ma.get(differing);
  const cb = mb.get(differing);
  if (!ca || !cb) {
    // One term lacks the condition (its other conditions are the other's): it matches a
    // superset, so the union is that term.
    const wider = ca ? b : a;
    return { term: { ...a, conditions: wider.conditions, comments }, key: differing };
  }
  const u = unionCondition(ca, cb, format);
  if (!u) return null;
  return {
    term: { ...a, conditions: a.conditions.map((c) => (c === ca ? u : c)), comments },
    key: differing,
  };
}

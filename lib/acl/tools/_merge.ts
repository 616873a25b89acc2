/**
 * Merging two ACL terms that differ in exactly one condition into one term
 * whose condition is the union of both (ranges coalesced, prefixes aggregated
 * only when exactly equivalent).
 *
 * @module
 */
import type { AclFormat, Address, Condition, Range, Term } from "../ir.ts";
import { aggregatePrefixes, normRanges } from "./_sets.ts";
import { isAddressCondition, isTerminal, modifiersSig, sameCondition } from "./_terms.ts";

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

const sigs = new WeakMap<Term, string | null>();
/** One string per signature seen (bounded: cleared when it grows past 4096). */
const interned = new Map<string, string>();

/**
 * What two terms must share to merge, computed once per term: their action
 * and modifiers; `null` when the term never merges (inactive, next-term, a
 * repeated key). Only this text is kept: the conditions are looked up by key
 * in the term itself (a term has a few).
 */
function mergeSig(t: Term): string | null {
  let s = sigs.get(t);
  if (s !== undefined) return s;
  const a = t.action;
  const repeated = t.conditions.some((c, i) => i > 0 && byKey(t, c.key, i) !== undefined);
  if (t.inactive || !isTerminal(a) || repeated) s = null;
  else {
    // Terms share a few signatures: keep one string of each, not one per term.
    const made = JSON.stringify([
      a.kind,
      a.code ?? null,
      a.target ?? null,
      modifiersSig(t.modifiers),
    ]);
    s = interned.get(made);
    if (s === undefined) {
      if (interned.size >= 4096) interned.clear();
      interned.set(made, s = made);
    }
  }
  sigs.set(t, s);
  return s;
}

/** The term's condition of `key` among its first `end` conditions. */
function byKey(t: Term, key: string, end = t.conditions.length): Condition | undefined {
  for (let i = 0; i < end; i++) if (t.conditions[i]!.key === key) return t.conditions[i];
  return undefined;
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
  const sig = mergeSig(a);
  if (sig === null || sig !== mergeSig(b)) return null;
  // Without a repeated key (the signature says so), a term's keys are its conditions'.
  if (Math.abs(a.conditions.length - b.conditions.length) > 1) return null;
  let differing: string | null = null;
  for (const c of a.conditions) {
    const d = byKey(b, c.key);
    if (d !== undefined && sameCondition(d, c)) continue;
    if (differing !== null) return null;
    differing = c.key;
  }
  for (const d of b.conditions) {
    if (byKey(a, d.key) !== undefined) continue;
    if (differing !== null) return null;
    differing = d.key;
  }
  const comments = [...a.comments, ...b.comments];
  if (differing === null) return { term: { ...a, comments }, key: null };
  const ca = byKey(a, differing);
  const cb = byKey(b, differing);
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

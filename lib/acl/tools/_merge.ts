/**
 * Merging two ACL terms that differ in exactly one condition into one term
 * whose condition is the union of both (ranges coalesced, prefixes aggregated
 * only when exactly equivalent).
 *
 * @module
 */
import type { AclFormat, Address, Condition, Range, Term } from "../ir.ts";
import { aggregatePrefixes, normRanges } from "./_sets.ts";
import {
  conditionSig,
  isAddressCondition,
  isTerminal,
  modifiersSig,
  sameAction,
} from "./_terms.ts";

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

function keyMap(t: Term): Map<string, Condition> | null {
  const m = new Map<string, Condition>();
  for (const c of t.conditions) {
    if (m.has(c.key)) return null;
    m.set(c.key, c);
  }
  return m;
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
  if (a.inactive || b.inactive || !isTerminal(a.action) || !sameAction(a.action, b.action)) {
    return null;
  }
  if (modifiersSig(a.modifiers) !== modifiersSig(b.modifiers)) return null;
  const ma = keyMap(a);
  const mb = keyMap(b);
  if (!ma || !mb) return null;
  let differing: string | null = null;
  for (const k of new Set([...ma.keys(), ...mb.keys()])) {
    const ca = ma.get(k);
    const cb = mb.get(k);
    if (ca && cb && conditionSig(ca) === conditionSig(cb)) continue;
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

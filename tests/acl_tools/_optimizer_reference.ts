/**
 * The optimizer as it was before its terms were indexed (linear scans: every
 * term compared with every earlier or later one), kept as the oracle that the
 * indexed optimizer must match report for report and line for line. Test
 * code only: `lib/acl/tools/optimizer.ts` is the real one.
 *
 * @module
 */
import { Acl } from "../../lib/acl/acl.ts";
import type {
  AclFormat,
  AclSource,
  Action,
  Address,
  Condition,
  Range,
  Term,
} from "../../lib/acl/ir.ts";
import { aggregatePrefixes, normRanges } from "../../lib/acl/tools/_sets.ts";
import {
  conditionSig,
  contains,
  isAddressCondition,
  isTerminal,
  mayOverlap,
  modifiersSig,
  outcomeOf,
} from "../../lib/acl/tools/_terms.ts";
import type {
  OptimizeOptions,
  OptimizeReport,
  OptimizeResult,
  TermRef,
} from "../../lib/acl/tools/optimizer.ts";

function sameAction(a: Action, b: Action): boolean {
  return a.kind === b.kind && (a.code ?? null) === (b.code ?? null) &&
    (a.target ?? null) === (b.target ?? null);
}

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
interface Merge {
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
function mergeTerms(a: Term, b: Term, format: AclFormat): Merge | null {
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

interface Item {
  term: Term;
  ref: TermRef;
  members: TermRef[];
  keys: string[];
}

function refOf(t: Term, index: number): TermRef {
  return { term: t.name ?? `#${index + 1}`, index, line: t.span.line };
}

/** Is the action the implicit deny itself (IOS deny, Junos discard), with no modifiers? */
function isImplicitDeny(t: Term, source: AclSource): boolean {
  if (t.inactive || modifiersSig(t.modifiers) !== "") return false;
  if (source === "junos") return t.action.kind === "discard";
  return (t.action.kind === "discard" || t.action.kind === "reject") && t.action.code === null;
}

function shadowPass(items: Item[], report: OptimizeReport): Item[] {
  const kept: Item[] = [];
  for (const it of items) {
    const t = it.term;
    const by = t.inactive
      ? undefined
      : kept.find((k) => !k.term.inactive && isTerminal(k.term.action) && contains(k.term, t));
    if (!by) {
      kept.push(it);
      continue;
    }
    for (const m of it.members) {
      report.removed.push({
        ...m,
        reason: "shadowed",
        by: by.ref,
        modifiers: modifiersSig(t.modifiers),
      });
    }
  }
  return kept;
}

function noneOverlap(items: Item[], from: number, to: number, t: Term): boolean {
  for (let k = from; k < to; k++) {
    const u = items[k]!.term;
    if (!u.inactive && mayOverlap(u, t)) return false;
  }
  return true;
}

function mergePass(items: Item[], format: AclFormat, window: number): boolean {
  let changed = false;
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length && j - i <= window; j++) {
      const a = items[i]!;
      const b = items[j]!;
      const m = mergeTerms(a.term, b.term, format);
      if (!m) continue;
      // Moving b up to a is safe when nothing in between can match b's packets;
      // moving a down to b, when nothing in between can match a's.
      let at: number;
      if (noneOverlap(items, i + 1, j, b.term)) at = i;
      else if (noneOverlap(items, i + 1, j, a.term)) at = j;
      else continue;
      const merged: Item = {
        term: { ...m.term, name: a.term.name, seq: a.term.seq, span: a.term.span },
        ref: a.ref,
        members: [...a.members, ...b.members],
        keys: m.key === null ? [...a.keys, ...b.keys] : [...new Set([...a.keys, ...b.keys, m.key])],
      };
      items[at] = merged;
      items.splice(at === i ? j : i, 1);
      changed = true;
      i = Math.max(-1, Math.min(at, i) - 2);
      break;
    }
  }
  return changed;
}

function denyPass(items: Item[], source: AclSource, report: OptimizeReport): Item[] {
  const out: Item[] = [];
  // Walk backwards: a plain deny can go when every later term that can match its
  // packets is a plain deny too (they end up denied by the implicit deny, unlogged).
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i]!;
    const t = it.term;
    const droppable = isImplicitDeny(t, source) &&
      out.every((o) => o.term.inactive || isImplicitDeny(o.term, source) || !mayOverlap(o.term, t));
    if (droppable) {
      for (const m of it.members) {
        report.removed.push({ ...m, reason: "implicit-deny", by: null, modifiers: "" });
      }
    } else {
      if (
        !t.inactive && outcomeOf(t.action) === "deny" && modifiersSig(t.modifiers) !== "" &&
        out.every((o) =>
          o.term.inactive || !mayOverlap(o.term, t) || isImplicitDeny(o.term, source)
        )
      ) {
        report.kept.push({
          ...it.ref,
          why: `repeats the implicit deny but has ${
            modifiersSig(t.modifiers).replaceAll("=true", "").replaceAll("=", " ").replaceAll(
              ";",
              ", ",
            )
          }`,
        });
      }
      out.unshift(it);
    }
  }
  return out;
}

/** `optimize` before the index. */
export function referenceOptimize(acl: Acl, options: OptimizeOptions = {}): OptimizeResult {
  const { format = acl.defaultFormat, keepDenies = false, window = 64 } = options;
  const report: OptimizeReport = {
    before: acl.terms.length,
    after: 0,
    removed: [],
    merged: [],
    kept: [],
  };
  let items: Item[] = acl.terms.map((t, i) => {
    const ref = refOf(t, i);
    return { term: t, ref, members: [ref], keys: [] };
  });
  for (let pass = 0; pass < 100; pass++) {
    const before = items.length;
    items = shadowPass(items, report);
    const merged = mergePass(items, format, window);
    if (!merged && items.length === before) break;
  }
  if (!keepDenies) items = denyPass(items, acl.source, report);
  report.removed.sort((a, b) => a.index - b.index);
  report.merged = items.filter((it) => it.members.length > 1).map((it) => ({
    into: it.ref,
    terms: it.members.filter((m) => !report.removed.some((r) => r.index === m.index)),
    keys: it.keys,
  }));
  report.after = items.length;
  const out = new Acl(acl.toJSON());
  out.terms = items.map((it) => it.term);
  return { acl: out, report };
}

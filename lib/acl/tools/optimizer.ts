/**
 * The ACL optimizer: drops terms that can never decide (shadowed by an earlier
 * term, or denies the implicit deny already makes) and merges terms that
 * differ in one condition, keeping the first-match answer of every packet.
 *
 * @module
 */
import { Acl } from "../acl.ts";
import type { AclFormat, AclSource, Term } from "../ir.ts";
import { TermIndex } from "./_index.ts";
import { mergeTerms } from "./_merge.ts";
import { contains, isTerminal, mayOverlap, modifiersSig, outcomeOf } from "./_terms.ts";

/** Options for {@linkcode optimize}. */
export interface OptimizeOptions {
  /**
   * The format the result will be written in: IOS-family formats print one
   * value per line, so only merges that keep one value are made for them.
   *
   * @default {acl.defaultFormat}
   */
  format?: AclFormat;
  /**
   * Keep deny terms that only repeat the implicit deny at the end.
   *
   * @default {false}
   */
  keepDenies?: boolean;
  /**
   * How many terms apart two terms may be to be merged.
   *
   * @default {64}
   */
  window?: number;
}

/** A term of the input, by name (or `#N`), index and line. */
export interface TermRef {
  /** `NAME`, or `#N` (1-based position) for unnamed entries. */
  term: string;
  /** Index in the input's terms. */
  index: number;
  /** Line in the input. */
  line: number;
}

/** A term the optimizer removed. */
export interface RemovedTerm extends TermRef {
  /** `shadowed`: an earlier term matches all its packets; `implicit-deny`: it only repeats the final deny. */
  reason: "shadowed" | "implicit-deny";
  /** The shadowing term, for `shadowed`. */
  by: TermRef | null;
  /** Its modifiers (`count=c1;syslog=true`), `""` when none: counters that would never increment. */
  modifiers: string;
}

/** Terms the optimizer merged into one. */
export interface MergedTerms {
  /** The merged term (it keeps the first term's name and place). */
  into: TermRef;
  /** Every input term merged into it, in order (the first included). */
  terms: TermRef[];
  /** The condition keys whose values were unioned. */
  keys: string[];
}

/** What {@linkcode optimize} did. */
export interface OptimizeReport {
  /** Terms before. */
  before: number;
  /** Terms after. */
  after: number;
  /** Removed terms, in input order. */
  removed: RemovedTerm[];
  /** Merges, in output order. */
  merged: MergedTerms[];
  /** Terms kept although redundant, and why (logging or counting). */
  kept: (TermRef & { why: string })[];
}

/** The optimized ACL and the report. */
export interface OptimizeResult {
  /** A new ACL (the input is not changed). */
  acl: Acl;
  /** What was done. */
  report: OptimizeReport;
}

/** A term of the result being made; `members` and `keys` only once it is a merge (most never are). */
interface Item {
  term: Term;
  ref: TermRef;
  members?: TermRef[];
  keys?: string[];
}

/** The input terms an item stands for, in order. */
function membersOf(it: Item): readonly TermRef[] {
  return it.members ?? [it.ref];
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

/**
 * Drops each item an earlier kept, active, terminal item contains (the first
 * such item is reported), comparing it only with the index's candidates.
 */
function shadowPass(items: Item[], report: OptimizeReport): Item[] {
  const index = TermIndex.containment(
    items.map((it) => it.term),
    (i) => !items[i]!.term.inactive && isTerminal(items[i]!.term.action),
  );
  const removed = new Uint8Array(items.length);
  const kept: Item[] = [];
  items.forEach((it, i) => {
    const t = it.term;
    let by: Item | undefined;
    if (!t.inactive) {
      index.forEachCandidate(t, [0, i], (k) => {
        if (removed[k] || !contains(items[k]!.term, t)) return true;
        by = items[k];
        return false;
      });
    }
    if (!by) {
      kept.push(it);
      return;
    }
    removed[i] = 1;
    for (const m of membersOf(it)) {
      report.removed.push({
        ...m,
        reason: "shadowed",
        by: by.ref,
        modifiers: modifiersSig(t.modifiers),
      });
    }
  });
  return kept;
}

/** Can no active item in `[from, to)` match a packet of `t`? */
function noneOverlap(items: Item[], from: number, to: number, t: Term): boolean {
  for (let k = from; k < to; k++) {
    const u = items[k]!.term;
    if (!u.inactive && mayOverlap(u, t)) return false;
  }
  return true;
}

/**
 * Merges pairs of items at most `window` apart in place (the merged item takes
 * the place of the one that can move), rescanning from just before each merge.
 *
 * @returns Whether anything was merged.
 */
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
        members: [...membersOf(a), ...membersOf(b)],
        keys: m.key === null
          ? [...a.keys ?? [], ...b.keys ?? []]
          : [...new Set([...a.keys ?? [], ...b.keys ?? [], m.key])],
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

/**
 * Drops plain denies the implicit deny repeats, and reports denies that would
 * repeat it but log or count. Either holds for a deny when no later active
 * term other than a plain deny can match its packets (the index's candidates
 * are those later terms that may).
 */
function denyPass(items: Item[], source: AclSource, report: OptimizeReport): Item[] {
  const terms = items.map((it) => it.term);
  const plain = terms.map((t) => isImplicitDeny(t, source));
  const index = TermIndex.overlap(terms, (i) => !terms[i]!.inactive && !plain[i]);
  const onlyDeniesAfter = (i: number): boolean => {
    const t = terms[i]!;
    return index.forEachCandidate(t, [i + 1, terms.length], (o) => !mayOverlap(terms[o]!, t));
  };
  const out: Item[] = [];
  // Walk backwards (the report lists kept denies last first). A dropped item is a plain
  // deny, which the test ignores: testing against every later item is testing against the
  // kept ones.
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i]!;
    const t = it.term;
    if (plain[i] && onlyDeniesAfter(i)) {
      for (const m of membersOf(it)) {
        report.removed.push({ ...m, reason: "implicit-deny", by: null, modifiers: "" });
      }
      continue;
    }
    out.push(it);
    if (
      !t.inactive && outcomeOf(t.action) === "deny" && modifiersSig(t.modifiers) !== "" &&
      onlyDeniesAfter(i)
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
  }
  return out.reverse();
}

/**
 * Optimizes an ACL without changing the answer for any packet (first-match
 * semantics, implicit deny at the end):
 *
 * - removes terms an earlier active, terminal term fully covers (shadowed:
 *   they can never match), reporting the covering term and any counter or
 *   logging the removed term carried;
 * - merges terms with the same action and modifiers that differ in one
 *   condition (port ranges coalesced, prefixes aggregated exactly), when no
 *   term between them can match the packets that move;
 * - removes plain denies (no modifiers) that only repeat the implicit deny
 *   (unless `keepDenies`); denies that log or count are kept and reported.
 *
 * It never touches inactive terms, `next-term` terms, and it compares prefix
 * lists, tcp-flags, `except` keys and unknown fields only by identity. Each
 * term is compared with the few others an index of their addresses, ports and
 * protocols offers, not with every other term (a 10,000-entry rule base takes
 * about a second).
 *
 * @param acl The ACL (not changed).
 * @param options Target format, `keepDenies`, merge `window`.
 * @returns The optimized ACL (same name, dialect, header and trailing comments) and a report.
 *
 * @example Merge two halves, drop a shadowed host
 * ```ts
 * import { parse } from "@trigger/trigger/acl";
 * import { optimize } from "@trigger/trigger/acl/tools";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const acl = parse(
 *   "ip access-list extended EDGE\n" +
 *     " permit tcp 10.0.0.0 0.0.0.127 any eq 22\n" +
 *     " permit tcp 10.0.0.128 0.0.0.127 any eq 22\n" +
 *     " permit tcp host 10.0.0.9 any eq 22\n",
 * );
 * const { acl: out, report } = optimize(acl);
 * strictEqual(out.output(), "ip access-list extended EDGE\n permit tcp 10.0.0.0 0.0.0.255 any eq 22\n");
 * deepStrictEqual([report.before, report.after], [3, 1]);
 * deepStrictEqual(report.removed.map((r) => [r.term, r.by?.term]), [["#3", "#1"]]);
 * ```
 */
export function optimize(acl: Acl, options: OptimizeOptions = {}): OptimizeResult {
  const { format = acl.defaultFormat, keepDenies = false, window = 64 } = options;
  const report: OptimizeReport = {
    before: acl.terms.length,
    after: 0,
    removed: [],
    merged: [],
    kept: [],
  };
  let items: Item[] = acl.terms.map((t, i) => ({ term: t, ref: refOf(t, i) }));
  for (let pass = 0; pass < 100; pass++) {
    items = shadowPass(items, report);
    // Without a merge the items are the ones this shadow pass kept, each already compared
    // with the kept items before it: another pass would change nothing.
    if (!mergePass(items, format, window)) break;
  }
  if (!keepDenies) items = denyPass(items, acl.source, report);
  report.removed.sort((a, b) => a.index - b.index);
  const removedIndices = new Set(report.removed.map((r) => r.index));
  for (const it of items) {
    if (it.members === undefined) continue;
    report.merged.push({
      into: it.ref,
      terms: it.members.filter((m) => !removedIndices.has(m.index)),
      keys: it.keys ?? [],
    });
  }
  report.after = items.length;
  const out = new Acl(acl.toJSON());
  out.terms = items.map((it) => it.term);
  return { acl: out, report };
}

/**
 * The report as lines for people: the count, then one line per removal,
 * merge and kept term.
 *
 * @param report A report from {@linkcode optimize}.
 * @returns The lines (no trailing newlines).
 *
 * @example Summarize
 * ```ts
 * import { parse } from "@trigger/trigger/acl";
 * import { optimize, summarizeOptimization } from "@trigger/trigger/acl/tools";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const { report } = optimize(parse("access-list 101 permit ip any any\naccess-list 101 deny tcp any any\n"));
 * deepStrictEqual(summarizeOptimization(report), [
 *   "2 terms → 1 term",
 *   "removed term #2 (line 2): shadowed by term #1 (line 1)",
 * ]);
 * ```
 */
export function summarizeOptimization(report: OptimizeReport): string[] {
  const n = (x: number) => `${x} term${x === 1 ? "" : "s"}`;
  const label = (r: TermRef) => `term ${r.term} (line ${r.line})`;
  const lines = [`${n(report.before)} → ${n(report.after)}`];
  for (const r of report.removed) {
    if (r.reason === "shadowed") {
      const m = r.modifiers.replaceAll("=true", "").replaceAll("=", " ").replaceAll(";", ", ");
      const mods = m ? ` (its ${m} would never apply)` : "";
      lines.push(`removed ${label(r)}: shadowed by ${label(r.by!)}${mods}`);
    } else lines.push(`removed ${label(r)}: repeats the implicit deny at the end`);
  }
  for (const m of report.merged) {
    const what = m.keys.length ? ` (${m.keys.join(", ")})` : "";
    const others = m.terms.filter((t) => t.index !== m.into.index).map(label).join(", ");
    if (others) lines.push(`merged ${others} into ${label(m.into)}${what}`);
  }
  for (const k of report.kept) lines.push(`kept ${label(k)}: ${k.why}`);
  return lines;
}

/**
 * The ACL optimizer: drops terms that can never decide (shadowed by an earlier
 * term, or denies the implicit deny already makes) and merges terms that
 * differ in one condition, keeping the first-match answer of every packet.
 *
 * @module
 */
import { Acl, lazySourceOf } from "../acl.ts";
import type { AclFormat } from "../ir.ts";
import { checkFormat } from "../_engine.ts";
import { DEFAULT_WINDOW, engineOptimize } from "./_optimize_engine.ts";

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
 * lists, tcp-flags, `except` keys and unknown fields only by identity. It
 * runs inside the engine (`acl_optimize`, `acl-wasm/src/opt/`): a parsed ACL
 * is read there from its text, a changed one from its IR. Each term is
 * compared with the few others an index of their addresses, ports and
 * protocols offers, not with every other term.
 *
 * @param acl The ACL (not changed).
 * @param options Target format, `keepDenies`, merge `window`.
 * @returns The optimized ACL (same name, dialect, header and trailing comments) and a report.
 * @throws {RangeError} For an unknown format or a bad `window`.
 * @throws {TriggerError} `WASM_FAILED` when the engine fails.
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
  const { format, keepDenies = false, window = DEFAULT_WINDOW } = options;
  if (format !== undefined) checkFormat(format, "optimize ACL");
  if (!(Number.isSafeInteger(window) && window >= 0)) {
    throw new RangeError(
      `Cannot optimize ACL: "window" must be a non-negative integer: current value is ${window}`,
    );
  }
  const common = { format, keepDenies, window, text: false, ir: true };
  // A parsed ACL not decoded yet is read by the engine from its text (the IR the parse kept);
  // any other, from its IR as JSON.
  const src = lazySourceOf(acl);
  const { report, ir } = src
    ? engineOptimize(new TextEncoder().encode(src.text), {
      ...common,
      input: "text",
      dialect: src.dialect,
      index: src.index,
    })
    : engineOptimize(new TextEncoder().encode(JSON.stringify(acl.toJSON())), {
      ...common,
      input: "ir",
    });
  const decoder = new TextDecoder();
  return {
    acl: new Acl(JSON.parse(decoder.decode(ir))),
    report: JSON.parse(decoder.decode(report)) as OptimizeReport,
  };
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

/**
 * The unreachable-line report shared by `check-syntax --lint` and
 * `optimizer --report`: every term no packet can reach, with the terms that
 * shadow it (`lib/acl/header_space.ts` {@linkcode unreachableTerms}).
 *
 * @module
 */
import type { Acl } from "../../lib/acl/acl.ts";
import { unreachableTerms } from "../../lib/acl/header_space.ts";

/** A term of the report: its index, name (or `null`) and line. */
export interface TermRef {
  /** Index in `Acl.terms`. */
  term: number;
  /** Its name, or `null` for IOS entries. */
  name: string | null;
  /** Its line. */
  line: number;
}

/** One unreachable term. */
export interface UnreachableLine extends TermRef {
  /** The ACL's name. */
  acl: string | null;
  /** The earlier terms taking its packets (empty: it matches no packet). */
  shadowedBy: TermRef[];
}

function ref(acl: Acl, i: number): TermRef {
  const t = acl.terms[i]!;
  return { term: i, name: t.name, line: t.span.line };
}

function label(r: TermRef): string {
  return r.name !== null ? `term "${r.name}" (line ${r.line})` : `line ${r.line}`;
}

/** The unreachable terms of an ACL. */
export function unreachableLines(acl: Acl): UnreachableLine[] {
  return unreachableTerms(acl).map((u) => ({
    ...ref(acl, u.term),
    acl: acl.name,
    shadowedBy: u.shadowedBy.map((j) => ref(acl, j)),
  }));
}

/** `FILE:LINE:COLUMN: warning: ...` for one unreachable term. */
export function formatUnreachable(file: string, u: UnreachableLine, column = 1): string {
  const what = u.name !== null ? `term "${u.name}"` : "this entry";
  const why = u.shadowedBy.length === 0
    ? "it matches no packet"
    : `every packet it matches is decided by ${u.shadowedBy.map(label).join(", ")}`;
  return `${file}:${u.line}:${column}: warning: ${what} is unreachable: ${why}`;
}

/**
 * Semantic comparison of two ACLs: what the device holds against what was
 * meant. Term by term, in order, compare each term's action, conditions
 * (values sorted, so `80 443` equals `443 80`), `inactive` flag and
 * modifiers (logging, counters...); names, sequence numbers, comments and
 * source spans are ignored, as are the spellings the parser already
 * normalised (port names, wildcard masks, `host`).
 *
 * @module
 */
import { type Acl, parse } from "../acl/acl.ts";
import type { AclDialect, Condition, Term } from "../acl/ir.ts";

/** The outcome of {@linkcode compareAclTerms}. */
export interface AclComparison {
  /** True when both lists mean the same, term by term. */
  equal: boolean;
  /** Terms compared (the intended count). */
  terms: number;
  /** The first difference, for people; absent when equal. */
  difference?: string;
}

function canonicalCondition(c: Condition): string {
  const values = c.values.map((v) => JSON.stringify(v)).sort();
  return `${c.except ? "!" : ""}${c.key}=${values.join(",")}`;
}

/**
 * A term's meaning as one canonical string (names, sequence numbers,
 * comments and spans left out).
 *
 * @param term The term.
 * @returns The canonical text.
 */
export function canonicalTerm(term: Term): string {
  const modifiers = Object.entries(term.modifiers)
    .filter(([, v]) => v !== null && v !== false && v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${String(v)}`);
  const action = [term.action.kind, term.action.code ?? "", term.action.target ?? ""].join(":");
  const conditions = term.conditions.map(canonicalCondition).sort();
  return `${term.inactive ? "inactive " : ""}${action} [${conditions.join(" ")}] {${
    modifiers.join(" ")
  }}`;
}

/**
 * Compares the terms a device holds with the intended ones.
 *
 * @param intended The terms that were meant to be loaded.
 * @param actual The terms read back from the device.
 * @returns Whether they mean the same, with the first difference.
 *
 * @example Same meaning, different spelling
 * ```ts
 * import { parse } from "@trigger/trigger/acl";
 * import { compareAclTerms } from "@trigger/trigger/changemgmt";
 * import { strictEqual } from "node:assert/strict";
 *
 * using a = parse("ip access-list extended E\n permit tcp any host 192.0.2.1 eq www\n deny ip any any\n");
 * using b = parse("ip access-list extended E\n 10 permit tcp any 192.0.2.1 0.0.0.0 eq 80\n 20 deny ip any any\n");
 * strictEqual(compareAclTerms(a.terms, b.terms).equal, true);
 * ```
 */
export function compareAclTerms(
  intended: readonly Term[],
  actual: readonly Term[],
): AclComparison {
  const n = intended.length;
  for (let i = 0; i < Math.max(n, actual.length); i++) {
    const want = intended[i];
    const got = actual[i];
    if (want === undefined || got === undefined) {
      return {
        equal: false,
        terms: n,
        difference: `expected ${n} terms, the device has ${actual.length}`,
      };
    }
    const a = canonicalTerm(want);
    const b = canonicalTerm(got);
    if (a !== b) {
      return {
        equal: false,
        terms: n,
        difference: `term ${i + 1}${want.name ? ` (${want.name})` : ""}: expected ${a}, got ${b}`,
      };
    }
  }
  return { equal: true, terms: n };
}

/**
 * Parses the intended text and the text read back from a device, and
 * compares them with {@linkcode compareAclTerms}.
 *
 * @param intended The ACL text that was loaded (device format).
 * @param actual The text read back; empty when the device has no such list.
 * @param dialect The dialect of both texts.
 * @returns The comparison; a read-back that is empty or does not parse is a difference.
 */
export function compareAclTexts(
  intended: string,
  actual: string,
  dialect: AclDialect,
): AclComparison {
  using want = parse(intended, { dialect });
  if (actual.trim() === "") {
    return { equal: false, terms: want.terms.length, difference: "the device has no such list" };
  }
  let got: Acl;
  try {
    got = parse(actual, { dialect });
  } catch (e) {
    return {
      equal: false,
      terms: want.terms.length,
      difference: `cannot read the list back: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  using _got = got;
  return compareAclTerms(want.terms, got.terms);
}

/**
 * Which filter of an ACL file answers a flow. A file may hold several
 * filters (Capirca's "mixed" output: an IPv4 and an IPv6 filter; several
 * Junos filters in one `firewall` block): a flow is answered by the filter of
 * its address family, `--name` picks among several of one family, and the
 * answer says which filter decided.
 *
 * @module
 */
import { UsageError } from "../_io.ts";
import { type Acl, lazyAcl } from "../../lib/acl/acl.ts";
import { type AclHead, headOf, parseWithDiagnostics } from "../../lib/acl/_engine.ts";
import type { AclDialect } from "../../lib/acl/ir.ts";
import type { LazySource } from "../../lib/acl/_lazy.ts";

/** A term's name (or `null`) and line. */
export type TermLine = readonly [name: string | null, line: number];

/** The filters of a file, and their terms' names and lines (no IR decoded). */
export interface Filters {
  /** Every filter, in input order (decoded when first needed, as `parseAll` gives them). */
  readonly acls: readonly Acl[];
  /** Per filter: its terms' names and lines, from the engine. */
  readonly lines: ReadonlyMap<Acl, readonly TermLine[]>;
  /** Per filter: its text and position (checks compile it from the IR the parse kept). */
  readonly sources: ReadonlyMap<Acl, LazySource>;
}

/**
 * Parses every filter of a text, as {@linkcode parseAll} does, and asks the
 * engine for each term's name and line in the same call, so that answers
 * can name the deciding term without decoding the IR of every term.
 *
 * @throws {AclSyntaxError} When the text does not parse.
 */
export function readFilters(text: string, dialect: AclDialect): Filters {
  const { acls: heads } = parseWithDiagnostics(text, dialect, { lazy: true, termLines: true });
  const lines = new Map<Acl, readonly TermLine[]>();
  const sources = new Map<Acl, LazySource>();
  const acls = (heads as AclHead[]).map((h, index) => {
    const src = { text, dialect, index, only: heads.length === 1 };
    const acl = lazyAcl(headOf(h), src);
    lines.set(acl, h.termLines ?? []);
    sources.set(acl, src);
    return acl;
  });
  return { acls, lines, sources };
}

/** The filters that answer IPv4 and IPv6 flows (an error message where none or several do). */
export interface FilterChoice {
  /** Every filter of the file, in input order. */
  readonly all: readonly Acl[];
  /** The filter for IPv4 flows, or why there is none. */
  readonly v4: Acl | string;
  /** The filter for IPv6 flows, or why there is none. */
  readonly v6: Acl | string;
  /** Whether answers name their filter (the file holds several). */
  readonly named: boolean;
}

/**
 * The address family a filter is written for: 4, 6, `0` when it does not say
 * (an IOS extended list or a Junos filter without `family`: the engine decides
 * by its addresses), or `null` for a layer-2 filter.
 */
export function familyOf(acl: Acl): 0 | 4 | 6 | null {
  if (acl.family === "inet6" || acl.source === "ipv6") return 6;
  if (acl.family === "inet") return 4;
  if (acl.family === "ethernet-switching") return null;
  return 0;
}

function label(acl: Acl): string {
  return `"${acl.name ?? "(unnamed)"}"`;
}

function pick(acls: readonly Acl[], family: 4 | 6, file: string, byName: boolean): Acl | string {
  const exact = acls.filter((a) => familyOf(a) === family);
  const candidates = exact.length ? exact : acls.filter((a) => familyOf(a) === 0);
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) {
    const names = acls.map(label).join(", ");
    return `${file} holds no filter for IPv${family} flows (filters: ${names})`;
  }
  const names = candidates.map(label).join(", ");
  return byName
    ? `${file} holds ${candidates.length} filters of that name for IPv${family} flows (${names})`
    : `${file} holds ${candidates.length} filters for IPv${family} flows (${names}): choose one with --name`;
}

/**
 * Chooses the filters that answer each family.
 *
 * @param acls Every filter of the file.
 * @param file The file's name, for messages.
 * @param name `--name`: only filters of this name answer.
 * @throws {UsageError} When `name` matches no filter (the message lists the names).
 */
export function chooseFilters(acls: readonly Acl[], file: string, name?: string): FilterChoice {
  let pool = acls;
  if (name !== undefined) {
    pool = acls.filter((a) => a.name === name);
    if (pool.length === 0) {
      throw new UsageError(
        `${file} holds no filter named "${name}" (filters: ${acls.map(label).join(", ")})`,
      );
    }
  }
  if (pool.length === 1) {
    // One filter: it answers every flow (the engine denies a flow of the other family).
    return { all: acls, v4: pool[0]!, v6: pool[0]!, named: acls.length > 1 };
  }
  return {
    all: acls,
    v4: pick(pool, 4, file, name !== undefined),
    v6: pick(pool, 6, file, name !== undefined),
    named: true,
  };
}

/** The family of an address as written (`:` means IPv6). */
export function addressFamily(address: string): 4 | 6 {
  return address.includes(":") ? 6 : 4;
}

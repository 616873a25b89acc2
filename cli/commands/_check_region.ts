/**
 * `check-access` with networks or `any` as source or destination: which part
 * of the region each term decides (permitted for all, none or part, exit 0, 1
 * or 4), an example packet of each part, and, when some part is denied, the
 * original Trigger's "ADD THIS TERM" (its `create_access`): the term to insert,
 * in the ACL's own dialect, and before which term, so that all of it is
 * permitted.
 *
 * @module
 */
import { out, UsageError } from "../_io.ts";
import { Acl } from "../../lib/acl/acl.ts";
import { checkRegion, type RegionCheck, type RegionQuery } from "../../lib/acl/header_space.ts";
import type { Condition, Term } from "../../lib/acl/ir.ts";
import { portNumber, protocolNumber } from "../../lib/acl/_tables.ts";
import type { FilterChoice } from "./_acl_select.ts";

/** Exit code when only part of the region is permitted. */
export const EXIT_PART = 4;

/** Is this a region query (a network or `any` as source or destination)? */
export function isRegion(src?: string, dst?: string): boolean {
  return [src, dst].some((a) => a === "any" || (a?.includes("/") ?? false));
}

const SPAN = { line: 0, column: 0, start: 0, end: 0 };

/** `a.b.c.d/len` with host bits cleared (IPv6 as given). */
function prefixOf(a: string): string {
  if (a.includes(":")) return a.includes("/") ? a : `${a}/128`;
  const [addr, lenText = "32"] = a.split("/");
  const len = Number(lenText);
  const parts = addr!.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255)) || !(len >= 0 && len <= 32)) {
    throw new UsageError(`"${a}" is not an IPv4 address or prefix`);
  }
  const n = parts.reduce((x, p) => x * 256 + p, 0);
  const masked = len === 0 ? 0 : Math.floor(n / 2 ** (32 - len)) * 2 ** (32 - len);
  return `${[24, 16, 8, 0].map((s) => Math.floor(masked / 2 ** s) % 256).join(".")}/${len}`;
}

/** The region of `SRC DST [PROTO [PORT]]`. */
export function regionQuery(src: string, dst: string, proto?: string, port?: string): RegionQuery {
  const q: RegionQuery = {};
  if (src !== "any") q.src = prefixOf(src);
  if (dst !== "any") q.dst = prefixOf(dst);
  let protocol = proto;
  let p = port;
  if (protocol !== undefined && p === undefined && /^[0-9]+$/.test(protocol)) {
    p = protocol;
    protocol = "tcp";
  }
  if (protocol !== undefined && protocol !== "ip") q.protocol = protocol;
  if (p !== undefined) {
    let v: number | undefined;
    try {
      v = portNumber(p);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    if (v === undefined) throw new UsageError(`Unknown port "${p}"`);
    if (protocol === "icmp" || protocol === "1") q.icmpType = v;
    else q.dport = v;
  }
  return q;
}

/** The IR term permitting a region. */
function permitTerm(q: RegionQuery, junos: boolean): Term {
  const conditions: Condition[] = [];
  const proto = typeof q.protocol === "string"
    ? protocolNumber(q.protocol, [q.src, q.dst].flat().some((a) => a?.includes(":")))
    : undefined;
  if (proto !== undefined) {
    conditions.push({ key: "protocol", except: false, values: [[proto, proto]], span: SPAN });
  }
  for (const [key, v] of [["source-address", q.src], ["destination-address", q.dst]] as const) {
    if (typeof v === "string") {
      conditions.push({ key, except: false, values: [{ prefix: v }], span: SPAN });
    }
  }
  if (typeof q.dport === "number") {
    conditions.push({
      key: "destination-port",
      except: false,
      values: [[q.dport, q.dport]],
      span: SPAN,
    });
  }
  if (typeof q.icmpType === "number") {
    conditions.push({
      key: "icmp-type",
      except: false,
      values: [[q.icmpType, q.icmpType]],
      span: SPAN,
    });
  }
  return {
    name: junos ? "check-access-permit" : null,
    seq: null,
    inactive: false,
    action: { kind: "accept", code: null, target: null },
    conditions,
    modifiers: {},
    comments: [],
    span: SPAN,
  };
}

/** The lines of the new term in the ACL's own format (header lines left out). */
export function termText(acl: Acl, term: Term): string[] {
  const one = new Acl({ ...acl.toJSON(), terms: [term], comments: [], trailingComments: [] });
  const lines = one.output(acl.defaultFormat).replace(/\n$/, "").split("\n");
  if (acl.defaultFormat !== "junos") {
    return lines.filter((l) => !/^(ip|ipv6|ipv4) access-list /.test(l));
  }
  const start = lines.findIndex((l) => /^\s*term\s/.test(l));
  let depth = 0;
  let end = start;
  for (; end < lines.length; end++) {
    depth += (lines[end]!.match(/\{/g) ?? []).length - (lines[end]!.match(/\}/g) ?? []).length;
    if (depth === 0) break;
  }
  const indent = lines[start]!.match(/^\s*/)![0].length;
  return lines.slice(start, end + 1).map((l) => l.slice(indent));
}

/** What to insert and where: the permit term before the first term denying part of the region. */
export interface Suggestion {
  /** Insert before this term (index in `Acl.terms`), or `null`: append at the end. */
  before: number | null;
  /** The line of that term. */
  line: number | null;
  /** The term, in the ACL's own format. */
  text: string[];
}

/** The "ADD THIS TERM" suggestion for a region some of which is denied. */
export function suggest(acl: Acl, q: RegionQuery, r: RegionCheck): Suggestion | null {
  const denied = r.parts.filter((p) => !p.permitted);
  if (denied.length === 0) return null;
  const explicit = denied.filter((p) => p.term >= 0).map((p) => p.term);
  const before = explicit.length ? Math.min(...explicit) : null;
  const term = permitTerm(q, acl.defaultFormat === "junos");
  return {
    before,
    line: before === null ? null : acl.terms[before]!.span.line,
    text: termText(acl, term),
  };
}

function where(acl: Acl, term: number): string {
  if (term < 0) return "the implicit deny at the end";
  const t = acl.terms[term]!;
  return t.name !== null ? `term "${t.name}" at line ${t.span.line}` : `line ${t.span.line}`;
}

/** Answers `check-access` for a region; returns the exit code. */
export function checkRegionCommand(
  choice: FilterChoice,
  args: { src: string; dst: string; proto?: string; port?: string },
  json: boolean,
): number {
  const q = regionQuery(args.src, args.dst, args.proto, args.port);
  const v6 = [args.src, args.dst].some((a) => a.includes(":"));
  const acl = v6 ? choice.v6 : choice.v4;
  if (typeof acl === "string") throw new UsageError(acl);
  let r: RegionCheck;
  try {
    r = checkRegion(acl, { ...q, family: v6 ? 6 : 4 });
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(e.message);
    throw e;
  }
  if (r.permitted === "empty") throw new UsageError("The region holds no packet");
  const s = suggest(acl, q, r);
  if (json) {
    out(JSON.stringify({ ...r, addTerm: s, ...(choice.named ? { filter: acl.name } : {}) }));
  } else {
    const verdict =
      { all: "PERMITTED for all", none: "DENIED for all", part: "PERMITTED for part" }[
        r.permitted
      ];
    out(
      `${verdict} of ${args.src} -> ${args.dst}${args.proto ? ` ${args.proto}` : ""}${
        args.port ? ` ${args.port}` : ""
      }`,
    );
    for (const p of r.parts) {
      const { family: _, ...ex } = p.example;
      out(
        `  ${p.permitted ? "permitted" : "denied"} by ${where(acl, p.term)}, e.g. ${
          JSON.stringify(ex)
        }`,
      );
    }
    if (r.truncated) out("  (more parts left out)");
    if (s) {
      out(
        s.before === null
          ? "ADD THIS TERM at the end of the ACL:"
          : `ADD THIS TERM before ${where(acl, s.before)}:`,
      );
      for (const l of s.text) out(`  ${l}`);
    }
  }
  return r.permitted === "all" ? 0 : r.permitted === "none" ? 1 : EXIT_PART;
}

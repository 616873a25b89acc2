/**
 * `trigger check-access`: is a flow permitted by an ACL?
 *
 * ```
 * trigger check-access [--json] [--name NAME] FILE SRC DST [PROTO [PORT]]
 * trigger check-access [--json] [--name NAME] --flows FLOWS.jsonl FILE
 * ```
 *
 * SRC and DST are addresses (IPv4 or IPv6), or networks (`10.1.0.0/16`) or
 * `any`: then the answer is permitted for all, for none or for part of the
 * region (exit 0, 1 or 4), with the term deciding each part and an example
 * packet of each, and when some is denied the term to add and where ("ADD
 * THIS TERM", `cli/commands/_check_region.ts`). With four positional arguments
 * the fourth is a port when numeric (the protocol is then tcp) and a protocol
 * otherwise, as in Trigger. For `icmp` (ICMPv6 for IPv6 addresses), PORT is
 * the ICMP type. The packet's other fields, where the ACL tests them:
 * `--sport P`, `--tcp-flags syn,ack`, `--icmp-code N`, `--dscp ef|46`,
 * `--fragment none|first|OFFSET[+]` (`+`: more fragments follow),
 * `--length BYTES`.
 *
 * A file holding several filters (Capirca's "mixed" output: an IPv4 and an
 * IPv6 filter; several Junos filters) answers each flow from the filter of
 * its address family (`family inet`/`inet6`, `ipv6 access-list`; a filter
 * that names no family serves a family no other filter claims); `--name`
 * chooses when several fit. The answer then names the filter that decided.
 *
 * Exit codes: 0 permitted, 1 denied (as in Trigger), 3 undetermined (a term
 * tests a field the query does not give, such as a prefix list or dscp; Trigger
 * returned `None` there: the message names the fields), 2 bad usage or
 * unparsable ACL. The deciding term's name (or number) and line are printed,
 * followed by its source text.
 *
 * With `--flows`, each line of the file (`-` for standard input) is a JSON
 * flow `{"src","dst","protocol","sport","dport","icmpType","icmpCode","tcpFlags",
 * "dscp","fragment","packetLength"}`;
 * one answer is written per non-blank line, in order: `FILE:LINE: PERMITTED
 * by term ...`, or with `--json` one JSON line `{"permitted","term","line"}`
 * (plus `"missing"` when undetermined and `"filter"` when the file holds
 * several filters). A line that cannot
 * be read gets its own answer (`FILE:LINE: error: why`, in JSON
 * `{"error":{"code":"INVALID_ARGUMENT","file","line","message"}}`) and the others are still answered;
 * the exit code is then 2, else 0.
 *
 * @module
 */
import { Command, Option } from "commander";
import { err, out, readInput, readInputBytes, UsageError } from "../_io.ts";
import { type Acl, type CheckResult, lazyAcl } from "../../lib/acl/acl.ts";
import { headOf } from "../../lib/acl/_engine.ts";
import { compileStreamed } from "../../lib/acl/_flow_engine.ts";
import type { LazySource } from "../../lib/acl/_lazy.ts";
import type { Flow } from "../../lib/acl/flow.ts";
import { ACL_DIALECTS, type AclDialect } from "../../lib/acl/ir.ts";
import { displayName, rethrowWithFile } from "./_acl.ts";
import {
  addressFamily,
  chooseFilters,
  type FilterChoice,
  type Filters,
  readFilters,
  type TermLine,
} from "./_acl_select.ts";
import { checkFlowLines } from "./_flow_answers.ts";
import { checkRegionCommand, isRegion } from "./_check_region.ts";

interface Opts {
  json?: boolean;
  flows?: string;
  name?: string;
  dialect: string;
  sport?: string;
  tcpFlags?: string;
  icmpCode?: string;
  dscp?: string;
  fragment?: string;
  length?: string;
}

function address(value: string | undefined, what: string): string {
  if (value === undefined) throw new UsageError(`Missing ${what} address`);
  if (value === "any") {
    throw new UsageError(`${what} must be one address: "any" cannot be checked as one packet`);
  }
  return value;
}

function numeric(value: string, what: string): number {
  if (!/^[0-9]+$/.test(value)) throw new UsageError(`Bad ${what} "${value}": expected a number`);
  return Number(value);
}

/** `--fragment none|first|OFFSET[+]`. */
function fragmentOption(value: string): NonNullable<Flow["fragment"]> {
  if (value === "none" || value === "first") return value;
  const m = /^([0-9]+)(\+?)$/.exec(value);
  if (!m) throw new UsageError(`Bad --fragment "${value}": expected none, first or OFFSET[+]`);
  return { offset: Number(m[1]), more: m[2] === "+" };
}

/** Adds the field options to the query flow. */
function withFields(flow: Flow, o: Opts): Flow {
  if (o.sport !== undefined) flow.sport = /^[0-9]+$/.test(o.sport) ? Number(o.sport) : o.sport;
  if (o.tcpFlags !== undefined) flow.tcpFlags = o.tcpFlags;
  if (o.icmpCode !== undefined) flow.icmpCode = numeric(o.icmpCode, "--icmp-code");
  if (o.dscp !== undefined) flow.dscp = /^[0-9]+$/.test(o.dscp) ? Number(o.dscp) : o.dscp;
  if (o.fragment !== undefined) flow.fragment = fragmentOption(o.fragment);
  if (o.length !== undefined) flow.packetLength = numeric(o.length, "--length");
  return flow;
}

function queryFlow(src?: string, dst?: string, proto?: string, port?: string): Flow {
  const flow: Flow = { src: address(src, "SRC"), dst: address(dst, "DST") };
  let protocol = proto;
  let p = port;
  if (protocol !== undefined && p === undefined && /^[0-9]+$/.test(protocol)) {
    p = protocol;
    protocol = "tcp";
  }
  if (protocol !== undefined) {
    flow.protocol = /^[0-9]+$/.test(protocol) ? Number(protocol) : protocol;
  }
  if (p !== undefined) {
    const v = /^[0-9]+$/.test(p) ? Number(p) : p;
    if (
      protocol === "icmp" || protocol === "1" || protocol === "58" ||
      /^icmp-?v?6$/.test(protocol ?? "")
    ) {
      flow.icmpType = v;
    } else flow.dport = v;
  }
  return flow;
}

function termLabel(r: CheckResult): string {
  return r.term !== null ? `term "${r.term}"` : `term #${(r.index ?? 0) + 1}`;
}

function sourceOf(bytes: Uint8Array, start: number, end: number): string {
  return new TextDecoder().decode(bytes.subarray(start, end)).replace(/\s+$/, "");
}

/** ` of filter "NAME"` when the file holds several filters. */
export function filterSuffix(choice: FilterChoice, acl: Acl): string {
  return choice.named ? ` of filter "${acl.name ?? "(unnamed)"}"` : "";
}

function checkOne(text: string, choice: FilterChoice, flow: Flow, json: boolean): number {
  const acl = addressFamily(flow.src) === 6 ? choice.v6 : choice.v4;
  if (typeof acl === "string") throw new UsageError(acl);
  let r: CheckResult;
  try {
    r = acl.check(flow);
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) throw new UsageError(e.message);
    throw e;
  }
  const code = r.permitted === true ? 0 : r.permitted === false ? 1 : 3;
  if (json) {
    out(JSON.stringify(choice.named ? { ...r, filter: acl.name } : r));
    return code;
  }
  const verdict = r.permitted === true
    ? "PERMITTED"
    : r.permitted === false
    ? "DENIED"
    : "UNDETERMINED";
  const of = filterSuffix(choice, acl);
  if (r.index === null) {
    out(`${verdict} by the implicit deny at the end of the ACL${of}`);
  } else if (r.permitted === null) {
    out(
      `${verdict}: ${termLabel(r)} at line ${r.line}${of} may match ` +
        `(it tests ${(r.missing ?? []).join(", ") || "a field"}, which the query does not give)`,
    );
  } else {
    out(`${verdict} by ${termLabel(r)} at line ${r.line}${of}`);
  }
  const t = r.index === null ? undefined : acl.terms[r.index];
  if (t) {
    const bytes = new TextEncoder().encode(text);
    for (const l of sourceOf(bytes, t.span.start, t.span.end).split("\n")) out(`  ${l}`);
  }
  return code;
}

/**
 * The filters of an IOS-family text with their checkers compiled as the
 * engine reads it (`compileStreamed`: the IR of the whole text never exists),
 * as {@linkcode readFilters} gives them; `undefined` for a text the engine
 * reads whole (Junos and the like), which `readFilters` reads instead.
 */
function streamedFilters(text: string, dialect: AclDialect): Filters | undefined {
  const streamed = compileStreamed(text, dialect);
  if (streamed === undefined) return undefined;
  const { heads, kept } = streamed;
  const lines = new Map<Acl, readonly TermLine[]>();
  const sources = new Map<Acl, LazySource>();
  const acls = heads.map((h, index) => {
    const src = { text, dialect, index, only: heads.length === 1, kept };
    const acl = lazyAcl(headOf(h), src);
    lines.set(acl, h.termLines ?? []);
    sources.set(acl, src);
    return acl;
  });
  return { acls, lines, sources };
}

/** Builds the `check-access` command. */
export function command(): Command {
  return new Command("check-access")
    .description("Check whether an ACL permits a flow (exit 0 permitted, 1 denied, 3 undetermined)")
    .argument("<file>", "ACL file (- for standard input)")
    .argument("[src]", "source address")
    .argument("[dst]", "destination address")
    .argument("[proto]", "protocol name or number, or a tcp port")
    .argument("[port]", "destination port (ICMP type for icmp)")
    .option("--json", "print the result as JSON")
    .option("--sport <port>", "source port")
    .option("--tcp-flags <flags>", "TCP flags set, e.g. syn,ack (default: a SYN)")
    .option("--icmp-code <code>", "ICMP code")
    .option("--dscp <dscp>", "DSCP, a number or a name (ef, af11, cs5)")
    .option("--fragment <frag>", "none, first, or OFFSET[+] (a later fragment; + more follow)")
    .option("--length <bytes>", "packet length in bytes")
    .option("--flows <file>", "check every flow of a JSON-lines file (- for standard input)")
    .option("-n, --name <name>", "the filter to answer from, when the file holds several")
    .addOption(
      new Option("--dialect <dialect>", "input dialect").choices(ACL_DIALECTS).default("auto"),
    )
    .action(async (file: string, src, dst, proto, port, o: Opts) => {
      if (o.flows !== undefined && src !== undefined) {
        throw new UsageError("Give either --flows or SRC DST, not both");
      }
      if (o.flows === "-" && file === "-") {
        throw new UsageError("Cannot read both the ACL and the flows from standard input");
      }
      const region = o.flows === undefined && isRegion(src, dst);
      const flow = o.flows === undefined && !region
        ? withFields(queryFlow(src, dst, proto, port), o)
        : undefined;
      // the flows file is read while the rules compile (the read runs off the main thread)
      const flowBytes = o.flows === undefined ? undefined : readInputBytes(o.flows);
      // a failed read is reported when awaited, not as an unhandled rejection before that
      flowBytes?.catch(() => {});
      const text = await readInput(file);
      let filters: Filters = { acls: [], lines: new Map(), sources: new Map() };
      try {
        // flows are answered by the compiled checkers only: compile them as the text is read
        const dialect = o.dialect as AclDialect;
        filters = (o.flows !== undefined ? streamedFilters(text, dialect) : undefined) ??
          readFilters(text, dialect);
      } catch (e) {
        rethrowWithFile(e, displayName(file));
      }
      const { acls } = filters;
      if (acls.length === 0) throw new UsageError(`${displayName(file)} holds no ACL`);
      const choice = chooseFilters(acls, displayName(file), o.name);
      try {
        if (region) {
          Deno.exitCode = checkRegionCommand(choice, { src, dst, proto, port }, o.json ?? false);
          return;
        }
        if (o.flows === undefined) {
          Deno.exitCode = checkOne(text, choice, flow!, o.json ?? false);
          return;
        }
        const flows = await flowBytes!;
        const bad = checkFlowLines(flows, displayName(o.flows), choice, {
          json: o.json ?? false,
          lines: filters.lines,
          sources: filters.sources,
        });
        if (bad > 0) {
          err(
            `trigger check-access: ${bad} flow line${bad === 1 ? " was" : "s were"} not answered ` +
              "(each has its error line)",
          );
        }
        Deno.exitCode = bad > 0 ? 2 : 0;
      } finally {
        for (const a of acls) a[Symbol.dispose]();
      }
    });
}

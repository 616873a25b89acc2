/**
 * `trigger check-access`: is a flow permitted by an ACL?
 *
 * ```
 * trigger check-access [--json] FILE SRC DST [PROTO [PORT]]
 * trigger check-access --flows FLOWS.jsonl FILE
 * ```
 *
 * SRC and DST are addresses (IPv4 or IPv6). With four positional arguments
 * the fourth is a port when numeric (the protocol is then tcp) and a protocol
 * otherwise, as in Trigger. For `icmp` (ICMPv6 for IPv6 addresses), PORT is
 * the ICMP type. The packet's other fields, where the ACL tests them:
 * `--sport P`, `--tcp-flags syn,ack`, `--icmp-code N`, `--dscp ef|46`,
 * `--fragment none|first|OFFSET[+]` (`+`: more fragments follow),
 * `--length BYTES`.
 *
 * Exit codes: 0 permitted, 1 denied (as in Trigger), 3 undetermined (a term
 * tests a field the query does not give, such as a prefix list or dscp; Trigger
 * returned `None` there: the message names the fields), 2 bad usage or
 * unparsable ACL. The deciding term's name (or number) and line are printed,
 * followed by its source text.
 *
 * With `--flows`, each line of the file (`-` for standard input) is a JSON
 * flow `{"src","dst","protocol","sport","dport","icmpType","icmpCode","tcpFlags",
 * "dscp","fragment","packetLength"}`; one JSON line `{"permitted","term","line"}`
 * (with `"missing"` when undetermined) is written per flow and the exit
 * code is 0. A bad flow line stops with an error naming its line number.
 *
 * @module
 */
import { Command, Option } from "commander";
import { out, readInput, UsageError, write } from "../_io.ts";
import { type CheckResult, parse } from "../../lib/acl/acl.ts";
import { type Flow, FLOW_FIELDS, FlowBatch } from "../../lib/acl/flow.ts";
import { ACL_DIALECTS, type AclDialect } from "../../lib/acl/ir.ts";
import { displayName, rethrowWithFile } from "./_acl.ts";

interface Opts {
  json?: boolean;
  flows?: string;
  dialect: string;
  sport?: string;
  tcpFlags?: string;
  icmpCode?: string;
  dscp?: string;
  fragment?: string;
  length?: string;
}

const FLOW_KEYS: ReadonlySet<string> = new Set(FLOW_FIELDS);

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

function readFlows(text: string, file: string): FlowBatch {
  const batch = new FlowBatch(4096);
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    const where = `${file}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new UsageError(`${where}: not JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new UsageError(`${where}: expected a JSON object`);
    }
    for (const k of Object.keys(value)) {
      if (!FLOW_KEYS.has(k)) throw new UsageError(`${where}: unknown flow field "${k}"`);
    }
    try {
      batch.add(value as Flow);
    } catch (e) {
      if (e instanceof TypeError || e instanceof RangeError) {
        throw new UsageError(`${where}: ${e.message}`);
      }
      throw e;
    }
  }
  return batch;
}

function termLabel(r: CheckResult): string {
  return r.term !== null ? `term "${r.term}"` : `term #${(r.index ?? 0) + 1}`;
}

function sourceOf(bytes: Uint8Array, start: number, end: number): string {
  return new TextDecoder().decode(bytes.subarray(start, end)).replace(/\s+$/, "");
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
      const flow = o.flows === undefined
        ? withFields(queryFlow(src, dst, proto, port), o)
        : undefined;
      const text = await readInput(file);
      let acl;
      try {
        acl = parse(text, { dialect: o.dialect as AclDialect });
      } catch (e) {
        rethrowWithFile(e, displayName(file));
      }
      using checked = acl;
      if (o.flows !== undefined) {
        const batch = readFlows(await readInput(o.flows), displayName(o.flows));
        const results = checked.checkAll(batch);
        const lines = results.map((r) =>
          JSON.stringify(
            r.missing
              ? { permitted: r.permitted, term: r.term, line: r.line, missing: r.missing }
              : { permitted: r.permitted, term: r.term, line: r.line },
          )
        );
        write(lines.length ? lines.join("\n") + "\n" : "");
        Deno.exitCode = 0;
        return;
      }
      let r: CheckResult;
      try {
        r = checked.check(flow!);
      } catch (e) {
        if (e instanceof TypeError || e instanceof RangeError) throw new UsageError(e.message);
        throw e;
      }
      const code = r.permitted === true ? 0 : r.permitted === false ? 1 : 3;
      if (o.json) {
        out(JSON.stringify(r));
      } else {
        const verdict = r.permitted === true
          ? "PERMITTED"
          : r.permitted === false
          ? "DENIED"
          : "UNDETERMINED";
        if (r.index === null) {
          out(`${verdict} by the implicit deny at the end of the ACL`);
        } else if (r.permitted === null) {
          out(
            `${verdict}: ${termLabel(r)} at line ${r.line} may match ` +
              `(it tests ${
                (r.missing ?? []).join(", ") || "a field"
              }, which the query does not give)`,
          );
        } else {
          out(`${verdict} by ${termLabel(r)} at line ${r.line}`);
        }
        const t = r.index === null ? undefined : checked.terms[r.index];
        if (t) {
          const bytes = new TextEncoder().encode(text);
          for (const l of sourceOf(bytes, t.span.start, t.span.end).split("\n")) out(`  ${l}`);
        }
      }
      Deno.exitCode = code;
    });
}

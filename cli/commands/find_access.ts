/**
 * `trigger find-access`: which terms of ACL files touch given networks and ports?
 *
 * ```
 * trigger find-access [-s NET[,NET]] [-d NET[,NET]] [-p PROTO[,PROTO]] [--sport PORTS]
 *                     [--dport PORTS] [--exact] [-S] [-D] [--json] FILE...
 * ```
 *
 * A term is reported when, for every field given, its values overlap the
 * query (a term without that condition matches everything); with `--exact`
 * only when they contain it. PORTS is a comma-separated list of numbers,
 * ranges (`1024-2048`) or service names. `-S`/`-D` skip terms matching any
 * source/destination (as Trigger's `find_access`). Each match prints
 * `FILE: term NAME (line L): action` followed by the term's text as written
 * in the file; `--json` prints one array of `{file, term, index, line, action}`.
 * Exit codes: 0 something found, 1 nothing, 2 bad usage or unreadable ACL.
 *
 * @module
 */
import { Command, Option } from "commander";
import { out, readInput, UsageError } from "../_io.ts";
import { parse } from "../../lib/acl/acl.ts";
import { ACL_DIALECTS, type AclDialect, type Range } from "../../lib/acl/ir.ts";
import { flowTables, type Named, resolve } from "../../lib/acl/_tables.ts";
import { type AccessQuery, findAccess, type FoundTerm } from "../../lib/acl/tools/find_access.ts";
import { displayName, rethrowWithFile } from "./_acl.ts";

interface Opts {
  source?: string;
  destination?: string;
  protocol?: string;
  sport?: string;
  dport?: string;
  exact?: boolean;
  skipAnySource?: boolean;
  skipAnyDestination?: boolean;
  json?: boolean;
  dialect: string;
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (items.length === 0) throw new UsageError(`Empty list "${value}"`);
  return items;
}

function number(
  text: string,
  max: number,
  names: () => ReadonlyMap<string, Named<number>>,
  what: string,
) {
  let n: number | undefined;
  try {
    n = /^[0-9]+$/.test(text) ? Number(text) : resolve(names(), text, what);
  } catch (e) {
    if (e instanceof TypeError) throw new UsageError(`Bad ${what} "${text}": ${e.message}`);
    throw e;
  }
  if (n === undefined || n > max) throw new UsageError(`Bad ${what} "${text}"`);
  return n;
}

const SERVICES = () => flowTables().ports;
const PROTOCOLS = () => flowTables().protocols4;

/** Parses `80,443,1024-2048,https` into ranges. */
export function parsePorts(value: string | undefined, what: string): Range[] | undefined {
  return list(value)?.map((item): Range => {
    const m = /^([^-]+)-([^-]+)$/.exec(item);
    const lo = number(m ? m[1]! : item, 65535, SERVICES, what);
    const hi = m ? number(m[2]!, 65535, SERVICES, what) : lo;
    if (lo > hi) throw new UsageError(`Bad ${what} range "${item}"`);
    return [lo, hi];
  });
}

function render(text: string, f: FoundTerm): string[] {
  const bytes = new TextEncoder().encode(text);
  const src = new TextDecoder().decode(bytes.subarray(f.value.span.start, f.value.span.end));
  return src.replace(/\s+$/, "").split("\n").map((l) => `    ${l}`);
}

/** Builds the `find-access` command. */
export function command(): Command {
  return new Command("find-access")
    .description(
      "Report the ACL terms that overlap given networks and ports (exit 0 found, 1 none)",
    )
    .argument("<files...>", "ACL files (- for standard input)")
    .option("-s, --source <nets>", "source networks, comma-separated")
    .option("-d, --destination <nets>", "destination networks, comma-separated")
    .option("-p, --protocol <protos>", "protocols (names or numbers), comma-separated")
    .option("--sport <ports>", "source ports: 22,80-90,https")
    .option("--dport <ports>", "destination ports: 22,80-90,https")
    .option("--exact", "only terms whose conditions contain the whole query")
    .option("-S, --skip-any-source", "skip terms that match any source")
    .option("-D, --skip-any-destination", "skip terms that match any destination")
    .option("--json", "print a JSON array of {file, term, index, line, action}")
    .addOption(
      new Option("--dialect <dialect>", "input dialect").choices(ACL_DIALECTS).default("auto"),
    )
    .action(async (files: string[], o: Opts) => {
      const query: AccessQuery = {};
      const sources = list(o.source);
      const destinations = list(o.destination);
      const protocols = list(o.protocol)?.map((p): Range => {
        const n = number(p, 255, PROTOCOLS, "protocol");
        return [n, n];
      });
      const sourcePorts = parsePorts(o.sport, "source port");
      const destinationPorts = parsePorts(o.dport, "destination port");
      if (sources) query.sources = sources;
      if (destinations) query.destinations = destinations;
      if (protocols) query.protocols = protocols;
      if (sourcePorts) query.sourcePorts = sourcePorts;
      if (destinationPorts) query.destinationPorts = destinationPorts;
      if (Object.keys(query).length === 0) {
        throw new UsageError("Give at least one of -s, -d, -p, --sport, --dport");
      }
      if (files.filter((f) => f === "-").length > 1) {
        throw new UsageError("Standard input can be read only once");
      }
      // Read and search every file first: an error prints nothing else.
      const results: { file: string; text: string; found: FoundTerm[] }[] = [];
      for (const path of files) {
        const file = displayName(path);
        const text = await readInput(path);
        let acl;
        try {
          acl = parse(text, { dialect: o.dialect as AclDialect });
        } catch (e) {
          rethrowWithFile(e, file);
        }
        let found: FoundTerm[];
        try {
          found = findAccess(acl, query, {
            exact: o.exact === true,
            skipAnySource: o.skipAnySource === true,
            skipAnyDestination: o.skipAnyDestination === true,
          });
        } catch (e) {
          if (e instanceof RangeError) throw new UsageError(e.message);
          throw e;
        }
        results.push({ file, text, found });
      }
      if (o.json) {
        out(
          JSON.stringify(results.flatMap(({ file, found }) =>
            found.map((f) => ({
              file,
              term: f.term,
              index: f.index,
              line: f.line,
              action: f.action,
            }))
          )),
        );
      } else {
        for (const { file, text, found } of results) {
          for (const f of found) {
            const name = f.term ?? `#${f.index + 1}`;
            out(`${file}: term ${name} (line ${f.line}): ${f.action}`);
            out(render(text, f).join("\n"));
          }
        }
      }
      Deno.exitCode = results.some((r) => r.found.length > 0) ? 0 : 1;
    });
}

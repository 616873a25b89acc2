/**
 * `trigger acl-diff OLD NEW`: the exact set of packets two ACLs decide
 * differently (Batfish's compareFilters), across dialects.
 *
 * ```
 * trigger acl-diff [--json] [--dialect D] [--max N] OLD NEW
 * ```
 *
 * Prints one block per difference: the deciding term on each side, the boxes
 * of packets (prefixes and ranges per field), and an example packet. Exit
 * codes: 0 equivalent, 1 different, 2 bad usage, unreadable file or syntax
 * error. With `--json` the comparison is printed as one JSON object
 * (`lib/acl/header_space.ts` `AclComparison`, with each side's term names and
 * lines added).
 *
 * @module
 */
import { Command, Option } from "commander";
import { out, readInput, UsageError } from "../_io.ts";
import { type Acl, parse } from "../../lib/acl/acl.ts";
import {
  compareAcls,
  type Decision,
  type HeaderBox,
  namedComparison,
  namedDecision,
} from "../../lib/acl/header_space.ts";
import { ACL_DIALECTS, type AclDialect } from "../../lib/acl/ir.ts";
import { displayName, rethrowWithFile } from "./_acl.ts";

interface Opts {
  json?: boolean;
  dialect: string;
  max: string;
}

function label(acl: Acl, d: Decision): string {
  const verdict = d.permitted ? "permitted" : "denied";
  const n = namedDecision(acl, d);
  if (n.line === null) return `${verdict} by the implicit deny`;
  return `${verdict} by term ${n.name ?? `#${d.term + 1}`} (line ${n.line})`;
}

function boxText(b: HeaderBox): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(b)) {
    if (k === "conditions") {
      for (const [c, on] of Object.entries(v as Record<string, boolean>)) {
        parts.push(`${on ? "" : "not "}${c}`);
      }
    } else if (typeof (v as unknown[])[0] === "string") {
      parts.push(`${k} ${(v as string[]).join(",")}`);
    } else {
      const r = (v as [number, number][]).map(([lo, hi]) => lo === hi ? `${lo}` : `${lo}-${hi}`);
      parts.push(`${k} ${r.join(",")}`);
    }
  }
  return parts.length ? parts.join(" ") : "any packet";
}

/** An ACL file: its text, and the ACL read from it (errors name the file). */
async function load(path: string, dialect: AclDialect): Promise<{ text: string; acl: Acl }> {
  const text = await readInput(path);
  try {
    return { text, acl: parse(text, { dialect }) };
  } catch (e) {
    rethrowWithFile(e, displayName(path));
  }
}

/** Builds the `acl-diff` command. */
export function command(): Command {
  return new Command("acl-diff")
    .description(
      "Show exactly which packets two ACLs decide differently (exit 0 equivalent, 1 different)",
    )
    .argument("<old>", "the ACL before (- for standard input)")
    .argument("<new>", "the ACL after")
    .option("--json", "print the comparison as JSON")
    .option("--max <n>", "most differences listed", "100")
    .addOption(
      new Option("--dialect <dialect>", "input dialect of both files").choices(ACL_DIALECTS)
        .default("auto"),
    )
    .action(async (oldPath: string, newPath: string, o: Opts) => {
      if (oldPath === "-" && newPath === "-") {
        throw new UsageError("Cannot read both ACLs from standard input");
      }
      const max = Number(o.max);
      if (!Number.isInteger(max) || max < 1) {
        throw new UsageError(`--max must be a positive integer: ${o.max}`);
      }
      const dialect = o.dialect as AclDialect;
      const before = await load(oldPath, dialect);
      const after = await load(newPath, dialect);
      using a = before.acl;
      using b = after.acl;
      // the engine reads both texts again itself: handing it the IR that `parse` decoded (to
      // JSON and back) cost several times the comparison (10,000 terms: ~400 ms against ~60)
      const r = compareAcls({ text: before.text, dialect }, { text: after.text, dialect }, {
        maxRegions: max,
      });
      if (o.json) {
        out(JSON.stringify(namedComparison(r, a, b)));
      } else if (r.equivalent) {
        out(`${displayName(oldPath)} and ${displayName(newPath)} decide every packet alike`);
      } else {
        out(`${r.differences.length}${r.truncated ? "+" : ""} difference(s):`);
        for (const d of r.differences) {
          out(`- old: ${label(a, d.old)}; new: ${label(b, d.new)}`);
          for (const box of d.boxes) out(`    IPv${d.family} ${boxText(box)}`);
          if (d.truncated) out("    (more boxes left out)");
          const { family: _, ...ex } = d.example;
          out(`    example: ${JSON.stringify(ex)}`);
        }
      }
      Deno.exitCode = r.equivalent ? 0 : 1;
    });
}

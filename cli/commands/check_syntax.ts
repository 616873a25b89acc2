/**
 * `trigger check-syntax FILE...`: parse each file and print one verdict per
 * file, `FILE: OK (N terms, dialect)`, or `FILE:LINE:COLUMN: message` for every
 * error found. Exit 0 when every file passes, 1 otherwise, 2 for bad usage.
 *
 * @module
 */
import { Command, Option } from "commander";
import { out } from "../_io.ts";
import { parseAll } from "../../lib/acl/acl.ts";
import { AclSyntaxError } from "../../lib/acl/errors.ts";
import { ACL_DIALECTS, type AclDialect } from "../../lib/acl/ir.ts";
import { formatDiagnostic } from "./_acl.ts";

/** Builds the `check-syntax` command. */
export function command(): Command {
  return new Command("check-syntax")
    .description("Check that ACL files parse; print every error with its line and column")
    .argument("<files...>", "ACL files")
    .addOption(
      new Option("--dialect <dialect>", "input dialect").choices(ACL_DIALECTS).default("auto"),
    )
    .option("-q, --quiet", "print only failures")
    .action(async (files: string[], o: { dialect: string; quiet?: boolean }) => {
      let failed = 0;
      for (const file of files) {
        let text: string;
        try {
          text = await Deno.readTextFile(file);
        } catch (e) {
          failed++;
          out(`${file}: cannot read: ${e instanceof Error ? e.message : String(e)}`);
          continue;
        }
        try {
          const acls = parseAll(text, { dialect: o.dialect as AclDialect });
          const terms = acls.reduce((n, a) => n + a.terms.length, 0);
          const dialects = [...new Set(acls.map((a) => a.source))].join(", ");
          const filters = acls.length === 1 ? "" : `${acls.length} filters, `;
          if (!o.quiet) {
            out(`${file}: OK (${filters}${terms} term${terms === 1 ? "" : "s"}, ${dialects})`);
          }
        } catch (e) {
          if (!(e instanceof AclSyntaxError)) throw e;
          failed++;
          for (const d of e.diagnostics) out(formatDiagnostic(file, d));
        }
      }
      Deno.exitCode = failed ? 1 : 0;
    });
}

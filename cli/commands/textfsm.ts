/**
 * `trigger textfsm TEMPLATE [FILE|-]`: parse command output with a TextFSM
 * template and print the records as a JSON array of objects keyed by value
 * name (`List` values as arrays). With `--index DIR --platform P --command C`
 * the template is picked from `DIR/index` instead (`trigger textfsm --index
 * DIR ... [FILE|-]`); `--builtin` picks from the built-in templates. A bad template is one line naming `file:line` (exit 2).
 *
 * @module
 */
import { Command } from "commander";
import { out, readInput, UsageError } from "../_io.ts";
import { CliTable } from "../../lib/textfsm/clitable.ts";
import { builtinCliTable } from "../../lib/textfsm/builtin.ts";
import { TextFsm } from "../../lib/textfsm/textfsm.ts";

interface Opts {
  index?: string;
  builtin?: boolean;
  platform?: string;
  command?: string;
  hostname?: string;
  compact?: boolean;
}

/** Builds the `textfsm` command. */
export function command(): Command {
  return new Command("textfsm")
    .description("Parse command output with a TextFSM template; print records as JSON")
    .argument("[args...]", "TEMPLATE [FILE|-], or [FILE|-] with --index")
    .option("--index <dir>", "pick the template from DIR/index (ntc-templates layout)")
    .option("--builtin", "pick the template from the built-in templates (like --index)")
    .option("--platform <platform>", "with --index: the Platform column, e.g. cisco_ios")
    .option("--command <command>", 'with --index: the command run, e.g. "show version"')
    .option("--hostname <name>", "with --index: the Hostname column")
    .option("--compact", "print JSON on one line")
    .action(async (args: string[], o: Opts) => {
      let records: unknown[];
      if (o.index !== undefined || o.builtin) {
        if (o.index !== undefined && o.builtin) {
          throw new UsageError("give --index DIR or --builtin, not both");
        }
        if (o.command === undefined) throw new UsageError("--index/--builtin need --command");
        if (args.length > 1) throw new UsageError("with --index, give at most one input FILE");
        const attributes: Record<string, string> = { Command: o.command };
        if (o.platform !== undefined) attributes.Platform = o.platform;
        if (o.hostname !== undefined) attributes.Hostname = o.hostname;
        const table = o.index === undefined ? builtinCliTable() : await CliTable.load(o.index);
        const text = await readInput(args[0]);
        records = [...(await table.parseCmd(text, attributes)).records];
      } else {
        const [templatePath, inputPath] = args;
        if (templatePath === undefined) throw new UsageError("missing TEMPLATE (or use --index)");
        if (args.length > 2) throw new UsageError("give one TEMPLATE and at most one FILE");
        let templateText: string;
        try {
          templateText = await Deno.readTextFile(templatePath);
        } catch (e) {
          throw new UsageError(
            `Cannot read "${templatePath}": ${e instanceof Error ? e.message : e}`,
          );
        }
        const fsm = TextFsm.parse(templateText, { source: templatePath });
        records = fsm.parseTextToDicts(await readInput(inputPath));
      }
      out(o.compact ? JSON.stringify(records) : JSON.stringify(records, null, 2));
    });
}

/**
 * `trigger textfsm TEMPLATE [FILE|-]`: parse command output with a TextFSM
 * template and print the records as a JSON array of objects keyed by value
 * name (`List` values as arrays). With `--index DIR --platform P --command C`
 * the template is picked from `DIR/index` instead (`trigger textfsm --index
 * DIR ... [FILE|-]`); `--builtin` picks from the built-in templates; `--ntc`
 * picks from an installed ntc-templates (`NTC_TEMPLATES_DIR`, else the
 * `ntc_templates` Python package) and prints records as its `parse_output()`
 * does (lower-case keys). `List` items read as Python's clitable gives them
 * (`"None"`), unless `--null`. A bad template is one line naming `file:line`
 * (exit 2).
 *
 * @module
 */
import { execFile } from "node:child_process";
import { Command } from "commander";
import { out, readInput, UsageError } from "../_io.ts";
import { CliTable } from "../../lib/textfsm/clitable.ts";
import { findNtcTemplates, parseOutput } from "../../lib/textfsm/ntc.ts";
import { builtinCliTable } from "../../lib/textfsm/builtin.ts";
import { TextFsm } from "../../lib/textfsm/textfsm.ts";

interface Opts {
  index?: string;
  builtin?: boolean;
  platform?: string;
  command?: string;
  hostname?: string;
  compact?: boolean;
  ntc?: boolean;
  null?: boolean;
}

/**
 * Finds an installed ntc-templates: `NTC_TEMPLATES_DIR`, a package in
 * `VIRTUAL_ENV` or the usual places, else wherever `python3` imports
 * `ntc_templates` from (asked without importing it, 5 s at most).
 *
 * @returns The template directory, or `undefined`.
 */
export async function findInstalledNtc(): Promise<string | undefined> {
  const found = await findNtcTemplates();
  if (found !== undefined || Deno.env.get("NTC_TEMPLATES_DIR")) return found;
  const probe = "import importlib.util as u, os\n" +
    "s = u.find_spec('ntc_templates')\n" +
    "print(os.path.dirname(s.submodule_search_locations[0]) if s else '')";
  const site = await new Promise<string>((resolve) =>
    execFile(
      "python3",
      ["-c", probe],
      { timeout: 5000 },
      (e, stdout) => resolve(e ? "" : stdout.trim()),
    )
  );
  // no python3, or no package: nothing installed to find
  return site ? await findNtcTemplates({ sitePackages: [site] }) : undefined;
}

async function ntcTable(): Promise<CliTable> {
  const dir = await findInstalledNtc();
  if (dir === undefined) {
    throw new UsageError(
      "--ntc: no ntc-templates found (set NTC_TEMPLATES_DIR or pip install ntc-templates)",
    );
  }
  return await CliTable.load(dir);
}

/** Builds the `textfsm` command. */
export function command(): Command {
  return new Command("textfsm")
    .description("Parse command output with a TextFSM template; print records as JSON")
    .argument("[args...]", "TEMPLATE [FILE|-], or [FILE|-] with --index")
    .option("--index <dir>", "pick the template from DIR/index (ntc-templates layout)")
    .option("--builtin", "pick the template from the built-in templates (like --index)")
    .option(
      "--ntc",
      "pick from an installed ntc-templates; keys as its parse_output() (lower case)",
    )
    .option("--null", 'keep null in List values (Python\'s clitable gives "None")')
    .option("--platform <platform>", "with --index: the Platform column, e.g. cisco_ios")
    .option("--command <command>", 'with --index: the command run, e.g. "show version"')
    .option("--hostname <name>", "with --index: the Hostname column")
    .option("--compact", "print JSON on one line")
    .action(async (args: string[], o: Opts) => {
      let records: unknown[];
      const pythonStrings = !o.null;
      if (o.index !== undefined || o.builtin || o.ntc) {
        if ([o.index !== undefined, o.builtin, o.ntc].filter(Boolean).length > 1) {
          throw new UsageError("give one of --index DIR, --builtin, --ntc");
        }
        if (o.command === undefined) throw new UsageError("--index/--builtin/--ntc need --command");
        if (args.length > 1) throw new UsageError("with --index, give at most one input FILE");
        if (o.ntc) {
          if (o.platform === undefined) throw new UsageError("--ntc needs --platform");
          const table = await ntcTable();
          const text = await readInput(args[0]);
          records = await parseOutput(table, text, {
            platform: o.platform,
            command: o.command,
            pythonStrings,
          });
        } else {
          const attributes: Record<string, string> = { Command: o.command };
          if (o.platform !== undefined) attributes.Platform = o.platform;
          if (o.hostname !== undefined) attributes.Hostname = o.hostname;
          const table = o.index === undefined ? builtinCliTable() : await CliTable.load(o.index);
          const text = await readInput(args[0]);
          records = [...(await table.parseCmd(text, attributes, { pythonStrings })).records];
        }
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

/**
 * `trigger job NAME`: run a named job (the original's Commando plugins) on
 * devices, with the output, JSON, summary and exit status of `run-cmds`
 * (`config_device`: of `load-config`, a dry run unless `--push`).
 *
 * ```
 * trigger job --list
 * trigger job show_clock|show_version|gather_info DEVICE... [--json] [--output-dir D]
 *             [--via URL | --workers N] [--max-conns N] [--timeout S] [--match k=v]...
 * trigger job config_device DEVICE... (--line L... | --lines-file F) [--push] [--json] [--via URL]
 * ```
 *
 * Parsed records (TextFSM's built-in templates; `gather_info`'s interfaces
 * with addresses and ACLs) are in each output's `"parsed"` with `--json`.
 *
 * @module
 */
import { Command } from "commander";
import { out, readInput, UsageError } from "../_io.ts";
import { collect, fleetOptions } from "../_context.ts";
import { NAMED_JOBS } from "../../lib/commando/jobs.ts";
import { table } from "./_fleet_report.ts";
import { type Opts as RunOpts, runCommands } from "./run_cmds.ts";
import { configLines, loadConfig, type Opts as PushOpts } from "./load_config.ts";
import { viaFlags } from "./_via.ts";

interface Opts extends RunOpts, PushOpts {
  list?: boolean;
  line: string[];
  linesFile?: string;
}

async function run(name: string | undefined, names: string[], o: Opts): Promise<void> {
  if (o.list || name === undefined) {
    out(
      table(
        ["JOB", "CHANGES DEVICES", "WHAT"],
        NAMED_JOBS.map((j) => [j.name, j.pushes ? "yes (--push)" : "no", j.description]),
      ),
    );
    return;
  }
  if (!NAMED_JOBS.some((j) => j.name === name)) {
    throw new UsageError(
      `Unknown job "${name}" (known: ${
        NAMED_JOBS.map((j) => j.name).join(", ")
      }; trigger job --list)`,
    );
  }
  if (name === "config_device") {
    const lines = [...o.line];
    if (o.linesFile !== undefined) lines.push(...configLines(await readInput(o.linesFile)));
    if (lines.length === 0) {
      throw new UsageError("No configuration lines: give --line L or --lines-file F");
    }
    return await loadConfig(lines, o.linesFile ?? "(--line)", names, o);
  }
  if (o.push) throw new UsageError(`Job "${name}" changes nothing: --push is for config_device`);
  await runCommands(names, { ...o, command: [] }, name);
}

/** Builds the `job` command. */
export function command(): Command {
  const cmd = new Command("job")
    .description("Run a named job (show_clock, show_version, config_device, gather_info)")
    .argument("[name]", "the job (trigger job --list)")
    .argument("[devices...]", "device names")
    .option("--list", "list the named jobs")
    .option("--json", "print results, errors and parsed records as JSON")
    .option("--output-dir <dir>", "write each device's output to DIR/<device>.txt")
    .option("--max-conns <n>", "devices worked on at once")
    .option("--timeout <seconds>", "time allowed per device")
    .option("--force-cli", "Junos: use the CLI instead of NETCONF")
    .option("--line <line>", "config_device: a configuration line (repeatable)", collect, [])
    .option("--lines-file <file>", "config_device: configuration lines, or - for stdin")
    .option("--push", "config_device: really push (default: dry run)");
  return viaFlags(fleetOptions(cmd)).action((name: string | undefined, names: string[], o: Opts) =>
    run(name, names, o)
  );
}

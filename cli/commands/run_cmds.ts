/**
 * `trigger run-cmds`: run commands on many devices at once (the original's
 * `run_cmds`, on Commando).
 *
 * ```
 * trigger run-cmds [-c CMD]... [--commands-file F] [--max-conns N] [--timeout S] [--parse-timeout S]
 *                  [--json] [--parse] [--output-dir D] [--force-cli] [--with-errors]
 *                  [--accept-new-hostkeys] [--known-hosts F] [--source F]...
 *                  DEVICE... | --match key=value...
 * ```
 *
 * Output: each device's commands and outputs (`shortname# command`), as
 * each device finishes, or one file per device with `--output-dir D`
 * (`D/<device>.txt`: mode 0600, in a directory created 0700, written whole
 * or not at all; a device name is mapped to a safe file name by
 * `safeFileName` in `lib/_util/output_files.ts`, and a file that cannot be
 * written fails that device only), and/or with `--json` one object
 * `{"results": {dev: [{"command", "output"}...]}, "errors": {dev: {"code",
 * "message", "command"?, "results"?}}}`: every command's output in the order
 * sent, a repeated command as many times as it was sent (`"failed": true` on
 * a command the device refused under `--with-errors`, `"parsed"` with
 * `--parse`); a failed device names the command it failed on and what came
 * back before it. A summary table (device, status, elapsed, why it failed)
 * ends the run (on standard error with `--json`). On a terminal a progress
 * line on standard error shows from the start how many devices are done,
 * connecting and working; standard output never holds any of it. Unknown
 * devices are reported as `DEVICE_NOT_FOUND` errors.
 *
 * Ctrl-C (SIGINT) or SIGTERM stops the job: devices not finished end as
 * `CANCELLED`, what finished is printed (or written) with the summary, and
 * `--json` gets `"interrupted": "SIGINT"`; exit status 130 (143). A second
 * Ctrl-C quits at once.
 *
 * `--parse` uses the index in the `textfsmTemplateDir` setting; when that
 * directory does not exist and `TEXTFSM_TEMPLATE_DIR` is not set, an
 * installed ntc-templates (`NTC_TEMPLATES_DIR`, else the Python package), and
 * without one the built-in templates (`lib/textfsm/templates/`). `--notify` sends a
 * summary through the settings' notification handlers when a device failed;
 * a delivery failure is a warning, never an exit status.
 *
 * Exit status: 0 when every device succeeded, 1 when any failed, 2 for bad
 * input, 130 / 143 when interrupted.
 *
 * @module
 */
import { Command } from "commander";
import { err, out, UsageError } from "../_io.ts";
import { OutputDir } from "../../lib/_util/output_files.ts";
import { isTriggerError, TriggerError } from "../../lib/errors.ts";
import {
  collect,
  type FleetContext,
  fleetExecutor,
  fleetOptions,
  type FleetOpts,
  intOption,
  loadFleetContext,
  prefetchCredentials,
  secondsOption,
  selectDevices,
} from "../_context.ts";
import {
  Commando,
  type CommandOutput,
  type DeviceOutcome,
  type VendorHook,
} from "../../lib/commando/mod.ts";
import { textfsmHook } from "../../lib/commando/textfsm_hook.ts";
import { textfsmPlatformRule } from "../../lib/resources/mod.ts";
import type { ExecutorTarget } from "../../lib/commando/executor.ts";
import { CliTable } from "../../lib/textfsm/clitable.ts";
import { builtinCliTable } from "../../lib/textfsm/builtin.ts";
import { ParseWorker } from "../../lib/textfsm/parse_worker.ts";
import { findInstalledNtc } from "./textfsm.ts";
import { fleetSummaryMessage } from "../../lib/notifications/fleet.ts";
import { deliver } from "../_notify.ts";
import { jsonReport, outcomeReason, summaryTable } from "./_fleet_report.ts";
import { ProgressLine } from "../_progress.ts";
import { interruptible } from "../_interrupt.ts";
import { namedJob } from "../../lib/commando/jobs.ts";
import { fleetPlacement, type PlacementOpts, viaFlags } from "./_via.ts";

/** The flags of `run-cmds`. */
export interface Opts extends FleetOpts, PlacementOpts {
  command: string[];
  commandsFile?: string;
  maxConns?: string;
  timeout?: string;
  parseTimeout?: string;
  json?: boolean;
  parse?: boolean;
  outputDir?: string;
  forceCli?: boolean;
  withErrors?: boolean;
  notify?: boolean;
}

/** Reads commands: one a line, blank lines and `#` comments skipped. */
async function commandsFrom(o: Opts): Promise<string[]> {
  const commands = [...o.command];
  if (o.commandsFile !== undefined) {
    let text: string;
    try {
      text = await Deno.readTextFile(o.commandsFile);
    } catch (e) {
      throw new UsageError(
        `Cannot read "${o.commandsFile}": ${e instanceof Error ? e.message : e}`,
      );
    }
    commands.push(
      ...text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#")),
    );
  }
  if (commands.length === 0) throw new UsageError("No commands: give -c CMD or --commands-file F");
  return commands;
}

async function parseHooks(
  ctx: FleetContext,
  parse: boolean,
  worker: ParseWorker | undefined,
  warn: (text: string) => void,
) {
  if (!parse) return {};
  const dir = ctx.settings.textfsmTemplateDir;
  const explicit = Deno.env.get("TEXTFSM_TEMPLATE_DIR") !== undefined;
  const present = await Deno.stat(dir).then(() => true, () => false);
  // no template directory asked for and none at the default place: an installed
  // ntc-templates, else the built-in templates
  const ntc = !present && !explicit ? await findInstalledNtc() : undefined;
  const table = !present && !explicit && ntc === undefined
    ? builtinCliTable()
    : await CliTable.load(ntc ?? dir).catch((e) => {
      throw new UsageError(
        `Cannot use --parse: ${e instanceof Error ? e.message : e} (settings textfsmTemplateDir)`,
      );
    });
  const platform = textfsmPlatformRule(ctx.settings);
  const hook: VendorHook<ExecutorTarget> = textfsmHook(table, {
    ...(worker ? { worker } : {}),
    attributes: (d, command) => ({ Platform: platform(d), Command: command }),
    onError: (d, c, e) =>
      warn(`warning: cannot parse "${c}" of ${d.nodeName}: ${e instanceof Error ? e.message : e}`),
  });
  return { base: hook };
}

/**
 * Renders a device's outputs as the original did: `shortname# command` then
 * the output, for every command in the order sent.
 */
export function deviceText(device: string, results: readonly CommandOutput[]): string {
  const short = device.split(".")[0];
  return results.map((r) => `${short}# ${r.command}\n${r.output}\n`).join("\n");
}

/**
 * Runs commands (or, with `job`, a named job's commands, hooks and parsed
 * output) on the devices: the body of `run-cmds` and of `trigger job`.
 */
export async function runCommands(names: string[], o: Opts, jobName?: string): Promise<void> {
  if (jobName !== undefined) o.parse = true;
  const ctx = await loadFleetContext(o);
  const devices = selectDevices(ctx, names, o.match);
  const timeoutMs = secondsOption(o.timeout, "--timeout", 60_000);
  const maxConns = intOption(o.maxConns, "--max-conns", ctx.settings.commandoMaxConns);
  // parsing runs in a child process, each output within --parse-timeout (a runaway
  // template regex fails that parse instead of freezing the job)
  await using worker = o.parse
    ? new ParseWorker({ timeoutMs: secondsOption(o.parseTimeout, "--parse-timeout", 10_000) })
    : undefined;
  // a named job (trigger job NAME) brings its commands and parse hooks
  const named = jobName === undefined
    ? undefined
    : namedJob<ExecutorTarget>(jobName, { parseWorker: worker });
  const commands = named?.commands ?? await commandsFrom(o);
  const outDir = o.outputDir === undefined ? undefined : await OutputDir.open(o.outputDir);
  const placement = fleetPlacement(ctx.settings, o);
  // remote workers use their own credentials: ask for none here
  if (placement.via === undefined) await prefetchCredentials(ctx, devices);
  const progress = ProgressLine.onTerminal("run-cmds");
  const say = (print: () => void) => (progress ? progress.around(print) : print());
  const outcomes: DeviceOutcome[] = [];
  let written = 0;
  using interrupt = interruptible("run-cmds", say);
  try {
    const hooks = named?.hooks ??
      await parseHooks(ctx, o.parse === true, worker, (text) => say(() => err(text)));
    const job = new Commando<ExecutorTarget>({
      devices,
      resolve: (n) => ctx.inventory.find(n),
      commands,
      hooks,
      maxConns,
      timeoutMs,
      signal: interrupt.signal,
      executor: fleetExecutor(ctx, timeoutMs, {
        forceCli: o.forceCli === true,
        withErrors: o.withErrors === true,
      }),
      ...(progress ? { onProgress: (p) => progress.update(p) } : {}),
      ...placement,
    });
    for await (let r of job.stream()) {
      if (r.ok && outDir !== undefined) {
        try {
          await outDir.write(r.device, deviceText(r.device, r.results));
          written++;
        } catch (e) {
          // this device's output is lost: it fails, the job goes on
          const error = isTriggerError(e)
            ? e
            : new TriggerError("IO_ERROR", String(e), { cause: e });
          r = { ...r, ok: false, error };
        }
      }
      outcomes.push(r);
      if (o.json || outDir !== undefined) continue;
      if (r.ok || r.results.length > 0) {
        // A failed device shows what came back before it failed, and why.
        const why = r.ok ? "" : `\n# FAILED: ${outcomeReason(r)}\n`;
        say(() => out(`###\n# ${r.device}\n###\n${deviceText(r.device, r.results)}${why}`));
      }
    }
  } finally {
    progress?.stop();
  }
  const report = summaryTable(outcomes);
  if (o.json) {
    out(JSON.stringify(jsonReport(outcomes, interrupt.received), null, 2));
    err(report);
  } else out(report);
  if (outDir !== undefined) err(`Wrote ${written} file(s) to ${outDir.path}`);
  if (ctx.added.length) err(`Added ${ctx.added.length} host key(s) to the known hosts file`);
  if (o.notify) {
    const user = Deno.env.get("USER") ?? Deno.env.get("LOGNAME") ?? "unknown";
    const message = fleetSummaryMessage(outcomes, {
      job: "run-cmds",
      user,
      host: Deno.hostname(),
      commands,
    });
    if (message) await deliver(ctx.settings.notifications, message, "trigger run-cmds");
  }
  Deno.exitCode = interrupt.exitCode ?? (outcomes.some((r) => !r.ok) ? 1 : 0);
}

/** Builds the `run-cmds` command. */
export function command(): Command {
  const cmd = new Command("run-cmds")
    .description("Run commands on many devices in parallel (Commando)")
    .argument("[devices...]", "device names (full, short or dotted prefix)")
    .option("-c, --command <cmd>", "a command to run (repeatable)", collect, [])
    .option("--commands-file <file>", "commands, one a line (# comments)")
    .option("--max-conns <n>", "devices worked on at once (default: settings commandoMaxConns)")
    .option("--timeout <seconds>", "time allowed per device, all included (default 60)")
    .option(
      "--parse-timeout <seconds>",
      "with --parse: time allowed to parse one output (default 10)",
    )
    .option("--json", "print results and errors as JSON")
    .option("--parse", "add TextFSM-parsed records (settings textfsmTemplateDir/index)")
    .option(
      "--output-dir <dir>",
      "write each device's output to DIR/<device>.txt (mode 0600; with --json too)",
    )
    .option("--force-cli", "Junos: use the CLI instead of NETCONF")
    .option("--with-errors", "keep going after a failed command (its error text is the output)")
    .option(
      "--notify",
      "send a summary through the settings' notification handlers if a device failed",
    );
  return viaFlags(fleetOptions(cmd)).action((names: string[], o: Opts) => runCommands(names, o));
}

/**
 * `trigger load-config FILE DEVICE... [--push]`: push configuration lines to
 * devices (the original's `load_config`). A DRY RUN unless `--push`: it
 * prints what would be sent to which device and sends nothing.
 *
 * ```
 * trigger load-config FILE DEVICE... | --match key=value... [--push [--save]] [--json]
 *                     [--max-conns N] [--timeout S] [--force-cli] [--accept-new-hostkeys]
 * ```
 *
 * With `--push`, each device gets the lines in its configuration mode (the
 * session mode graph: `configure terminal`, `configure`...), then leaves it;
 * Junos loads them over NETCONF and commits. The first line a device rejects
 * stops that device (`COMMAND_FAILED` with the device's error). `--json`
 * gives each device's results as a list, one entry per line sent, in order
 * (repeated lines included). On a terminal a progress line on standard error
 * shows from the start how many devices are done, connecting and working.
 *
 * Every push is recorded in `<settings prefix>/load-config.log`
 * (`$TRIGGER_AUDIT_LOG` overrides the path; directory created 0700, file
 * 0600) as it happens, each line flushed to disk: the plan (who, the file,
 * its lines, the devices), then per device a `push` record before its first
 * line and a `result` record (lines taken, error), then an `end` record, also
 * printed on standard error. A log that cannot be written stops the run
 * before any device is contacted.
 *
 * `--save` then saves the configuration the way the platform's profile
 * says (`write memory`, `copy running-config startup-config` answering its
 * question; a commit already saves on Junos and IOS XR).
 *
 * Ctrl-C (or SIGTERM): devices already taking lines finish them, no new
 * device starts, the summary is printed (exit 130, or 143); a second one
 * abandons the devices in flight and names them as in an unknown state.
 *
 * Exit status: 0 when every device took the lines (or in a dry run with
 * every device found), 1 when any failed, 2 for bad input or an unwritable
 * log, 130/143 when interrupted.
 *
 * @module
 */
import { join } from "node:path";
import { Command } from "commander";
import { err, out, readInput } from "../_io.ts";
import {
  type FleetContext,
  fleetOptions,
  type FleetOpts,
  intOption,
  loadFleetContext,
  prefetchCredentials,
  secondsOption,
  selectDevices,
} from "../_context.ts";
import { Commando, type DeviceOutcome } from "../../lib/commando/mod.ts";
import { configPushExecutor } from "../../lib/commando/config_push.ts";
import { fullCommitRule } from "../../lib/resources/mod.ts";
import type { ExecutorTarget } from "../../lib/commando/executor.ts";
import type { JobContext } from "../../lib/commando/pool.ts";
import { queueDisplayUrl } from "../../lib/distributed/connection.ts";
import type { NetDevice } from "../../lib/netdevices/mod.ts";
import { ChangeLog } from "../../lib/changemgmt/change_log.ts";
import { TriggerError } from "../../lib/errors.ts";
import { jsonReport, outcomeReason, summaryTable } from "./_fleet_report.ts";
import { ProgressLine } from "../_progress.ts";
import { UsageError } from "../_io.ts";
import { fleetPlacement, type PlacementOpts, viaFlags } from "./_via.ts";
import { interrupts } from "../_interrupt.ts";

/** The flags of `load-config`. */
export interface Opts extends FleetOpts, PlacementOpts {
  push?: boolean;
  json?: boolean;
  maxConns?: string;
  timeout?: string;
  forceCli?: boolean;
  save?: boolean;
}

/** Configuration lines of a text: blank lines and `#`/`!` comments dropped. */
export function configLines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trimEnd()).filter((l) =>
    l.trim() !== "" && !/^\s*[#!]/.test(l)
  );
}

function dryRun(
  ctx: FleetContext,
  devices: (NetDevice | string)[],
  lines: string[],
  json: boolean,
) {
  const plan: Record<string, { platform: string | undefined; lines: string[] }> = {};
  const errors: Record<string, { code: string; message: string }> = {};
  for (const item of devices) {
    try {
      const d = typeof item === "string" ? ctx.inventory.find(item) : item;
      plan[d.nodeName] = { platform: d.platform, lines };
    } catch (e) {
      const name = String(item);
      errors[name] = { code: "DEVICE_NOT_FOUND", message: (e as Error).message };
    }
  }
  if (json) out(JSON.stringify({ dryRun: true, plan, errors }, null, 2));
  else {
    out("*** Dry run: nothing is sent (use --push to apply) ***");
    for (const [name, p] of Object.entries(plan)) {
      out(`\n### ${name} (${p.platform ?? "unknown platform"}): ${lines.length} line(s)`);
      out(lines.map((l) => `  ${l}`).join("\n"));
    }
    for (const [name, e] of Object.entries(errors)) err(`${name}: ${e.message} [${e.code}]`);
  }
  Deno.exitCode = Object.keys(errors).length ? 1 : 0;
}

/** Where the change log goes: `$TRIGGER_AUDIT_LOG`, else `<prefix>/load-config.log`. */
function auditPath(ctx: FleetContext): string {
  return Deno.env.get("TRIGGER_AUDIT_LOG") ?? join(ctx.settings.prefix, "load-config.log");
}

/** What is known of each device's push, for the records and an abandoned run. */
interface PushState {
  /** Lines the device took so far. */
  applied: number;
  /** Between the first line sent and the outcome. */
  pushing: boolean;
}

async function push(ctx: FleetContext, file: string, lines: string[], o: Opts, names: string[]) {
  const devices = selectDevices(ctx, names, o.match);
  const timeoutMs = secondsOption(o.timeout, "--timeout", 120_000);
  // the change log comes first: a log that cannot be written stops the push before it starts
  const log = await ChangeLog.open(auditPath(ctx), { verb: "load-config" });
  try {
    await log.record({ event: "plan", file, lines, devices: devices.map(String) });
    const placement = fleetPlacement(ctx.settings, o);
    // remote workers use their own credentials: ask for none here
    if (placement.via === undefined) await prefetchCredentials(ctx, devices);
    using irq = interrupts(
      "trigger load-config",
      "devices already taking lines finish them, no new device starts",
    );
    const states = new Map<string, PushState>();
    const notStarted = (d: ExecutorTarget) =>
      new TriggerError("CANCELLED", `Not started: the run was interrupted (${irq.received})`, {
        host: d.nodeName,
      });
    const inner = configPushExecutor({
      ...ctx.hostKeys,
      policy: ctx.policy,
      fullCommit: fullCommitRule(ctx.settings),
      credentials: ctx.credentials,
      forceCli: o.forceCli === true,
      save: o.save === true,
      connectTimeoutMs: Math.min(ctx.settings.connectTimeoutMs, timeoutMs),
      loginTimeoutMs: Math.min(20_000, timeoutMs),
      commandTimeoutMs: Math.min(ctx.settings.commandTimeoutMs, timeoutMs),
      beforePush: async (d) => {
        if (irq.stop.aborted) throw notStarted(d);
        // recorded (on disk) before the device's first line
        await log.record({ event: "push", device: d.nodeName, lines: lines.length });
        states.set(d.nodeName, { applied: 0, pushing: true });
      },
      onLine: (d, i, r) => {
        if (!r.failed) states.get(d.nodeName)!.applied = i + 1;
      },
    });
    const progress = ProgressLine.onTerminal("load-config");
    const job = new Commando<ExecutorTarget>({
      devices,
      resolve: (n) => ctx.inventory.find(n),
      commands: lines,
      maxConns: intOption(o.maxConns, "--max-conns", ctx.settings.commandoMaxConns),
      timeoutMs,
      retries: 0,
      ...(placement.via
        ? {
          // on the queue, the first signal removes the devices no worker has started; those
          // pushing finish (the hooks above run here only: workers log their own devices)
          signal: irq.stop,
          executor: inner,
          ...placement,
        }
        : {
          signal: irq.abandon,
          executor: (d: ExecutorTarget, l: readonly string[], c: JobContext) =>
            irq.stop.aborted ? Promise.reject(notStarted(d)) : inner(d, l, c),
        }),
      ...(progress ? { onProgress: (p) => progress.update(p) } : {}),
    });
    if (placement.via) {
      await log.record({ event: "queued", via: queueDisplayUrl(placement.via.url) });
    }
    const outcomes: DeviceOutcome[] = [];
    try {
      for await (const r of job.stream()) {
        outcomes.push(r);
        const state = states.get(r.device);
        if (state) state.pushing = false;
        await log.record(resultRecord(r, state, irq.abandon.aborted))
          .catch((e) => progress ? progress.around(() => err(String(e))) : err(String(e)));
      }
    } finally {
      progress?.stop();
    }
    const unknown = outcomes.filter((r) =>
      !r.ok && r.error.code === "CANCELLED" &&
      states.get(r.device) !== undefined && irq.abandon.aborted
    );
    const end = {
      event: "end",
      devices: Object.fromEntries(outcomes.map((r) => [r.device, outcomeText(r, states)])),
      ...(irq.received ? { interrupted: irq.received } : {}),
    };
    await log.record(end).catch((e) => err(String(e)));
    err(`load-config audit: ${JSON.stringify(end)}`);
    report(outcomes, o.json === true, irq.received);
    for (const r of unknown) {
      err(
        `!!! ${r.device}: ABANDONED while taking lines: state UNKNOWN (${
          states.get(r.device)!.applied
        } of ${lines.length} lines confirmed) !!!`,
      );
    }
    Deno.exitCode = irq.exitCode ?? (outcomes.some((r) => !r.ok) ? 1 : 0);
  } finally {
    await log.close();
  }
}

function outcomeText(r: DeviceOutcome, states: ReadonlyMap<string, PushState>): string {
  if (r.ok) return "ok";
  const applied = states.get(r.device)?.applied;
  return `${r.error.code}: ${r.error.message}${
    applied === undefined ? " (nothing sent)" : ` (${applied} line(s) taken)`
  }`;
}

function resultRecord(r: DeviceOutcome, state: PushState | undefined, abandoned: boolean) {
  const base = { event: "result", device: r.device };
  if (r.ok) return { ...base, result: "ok", applied: state?.applied ?? 0 };
  return {
    ...base,
    result: state === undefined ? "not-changed" : abandoned ? "unknown" : "failed",
    code: r.error.code,
    message: r.error.message,
    ...(state === undefined ? {} : { applied: state.applied }),
  };
}

function report(outcomes: DeviceOutcome[], json: boolean, interrupted: string | undefined): void {
  if (json) out(JSON.stringify(jsonReport(outcomes, interrupted), null, 2));
  else {
    for (const r of outcomes) if (!r.ok) err(`${r.device}: ${outcomeReason(r)}`);
    out(summaryTable(outcomes));
  }
}

async function run(file: string, names: string[], o: Opts): Promise<void> {
  const lines = configLines(await readInput(file));
  if (lines.length === 0) throw new UsageError(`No configuration lines in "${file}"`);
  await loadConfig(lines, file, names, o);
}

/**
 * Pushes lines to the devices (a dry run unless `o.push`), logged: the body
 * of `load-config` and of `trigger job config_device`.
 */
export async function loadConfig(
  lines: string[],
  file: string,
  names: string[],
  o: Opts,
): Promise<void> {
  const ctx = await loadFleetContext(o);
  if (!o.push) return dryRun(ctx, selectDevices(ctx, names, o.match), lines, o.json === true);
  await push(ctx, file, lines, o, names);
}

/** Builds the `load-config` command. */
export function command(): Command {
  const cmd = new Command("load-config")
    .description("Push configuration lines to devices (dry run unless --push)")
    .argument("<file>", "configuration lines, one a line (# and ! comments), or - for stdin")
    .argument("[devices...]", "device names")
    .option("--push", "really send the lines (default: dry run)")
    .option("--json", "print the plan or the results as JSON")
    .option("--max-conns <n>", "devices worked on at once")
    .option("--timeout <seconds>", "time allowed per device (default 120)")
    .option("--force-cli", "Junos: use the CLI instead of NETCONF")
    .option("--save", "after the lines, save the configuration as the platform does it");
  return viaFlags(fleetOptions(cmd), false).action((file: string, names: string[], o: Opts) =>
    run(file, names, o)
  );
}

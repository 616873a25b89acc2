/**
 * `trigger load-config FILE DEVICE... [--push]`: push configuration lines to
 * devices (the original's `load_config`). A DRY RUN unless `--push`: it
 * prints what would be sent to which device and sends nothing.
 *
 * ```
 * trigger load-config FILE DEVICE... | --match key=value... [--push] [--json]
 *                     [--max-conns N] [--timeout S] [--force-cli] [--accept-new-hostkeys]
 * ```
 *
 * With `--push`, each device gets the lines in its configuration mode (the
 * session mode graph: `configure terminal`, `configure`...), then leaves it;
 * Junos loads them over NETCONF and commits. The first line a device rejects
 * stops that device (`COMMAND_FAILED` with the device's error). Every push
 * is recorded (who, when, which devices, the lines, the outcome) as one JSON
 * line on standard error and in `<settings prefix>/load-config.log`
 * (`$TRIGGER_AUDIT_LOG` overrides the path). `--json` gives each device's
 * results as a list, one entry per line sent, in order (repeated lines
 * included). On a terminal a progress line on standard error shows from the
 * start how many devices are done, connecting and working.
 *
 * Exit status: 0 when every device took the lines (or in a dry run with
 * every device found), 1 when any failed, 2 for bad input.
 *
 * @module
 */
import { appendFile } from "node:fs/promises";
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
import { currentLogin } from "../../lib/credentials/mod.ts";
import type { NetDevice } from "../../lib/netdevices/mod.ts";
import { jsonReport, outcomeReason, summaryTable } from "./_fleet_report.ts";
import { ProgressLine } from "../_progress.ts";
import { fleetPlacement, type PlacementOpts, viaFlags } from "./_via.ts";
import { interruptible } from "../_interrupt.ts";
import { UsageError } from "../_io.ts";

/** The flags of `load-config`. */
export interface Opts extends FleetOpts, PlacementOpts {
  push?: boolean;
  json?: boolean;
  maxConns?: string;
  timeout?: string;
  forceCli?: boolean;
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

async function audit(ctx: FleetContext, record: Record<string, unknown>): Promise<void> {
  const line = JSON.stringify(record);
  err(`load-config audit: ${line}`);
  const path = Deno.env.get("TRIGGER_AUDIT_LOG") ?? join(ctx.settings.prefix, "load-config.log");
  try {
    await appendFile(path, line + "\n", { mode: 0o600 });
  } catch (e) {
    err(`warning: cannot write the audit log ${path}: ${e instanceof Error ? e.message : e}`);
  }
}

async function run(file: string, names: string[], o: Opts): Promise<void> {
  const lines = configLines(await readInput(file));
  if (lines.length === 0) throw new UsageError(`No configuration lines in "${file}"`);
  await loadConfig(lines, file, names, o);
}

/**
 * Pushes lines to the devices (a dry run unless `o.push`), audited: the body
 * of `load-config` and of `trigger job config_device`.
 */
export async function loadConfig(
  lines: string[],
  file: string,
  names: string[],
  o: Opts,
): Promise<void> {
  const ctx = await loadFleetContext(o);
  const devices = selectDevices(ctx, names, o.match);
  if (!o.push) return dryRun(ctx, devices, lines, o.json === true);
  const timeoutMs = secondsOption(o.timeout, "--timeout", 120_000);
  const placement = fleetPlacement(ctx.settings, o);
  // remote workers use their own credentials: ask for none here
  if (placement.via === undefined) await prefetchCredentials(ctx, devices);
  const startedAt = new Date().toISOString();
  const progress = ProgressLine.onTerminal("load-config");
  // on the queue, Ctrl-C removes the devices no worker has started (those pushing finish);
  // here a push in progress is never cut
  using interrupt = placement.via
    ? interruptible("load-config", (print) => (progress ? progress.around(print) : print()))
    : undefined;
  const job = new Commando<ExecutorTarget>({
    ...(interrupt ? { signal: interrupt.signal } : {}),
    devices,
    resolve: (n) => ctx.inventory.find(n),
    commands: lines,
    maxConns: intOption(o.maxConns, "--max-conns", ctx.settings.commandoMaxConns),
    timeoutMs,
    retries: 0,
    executor: configPushExecutor({
      ...ctx.hostKeys,
      policy: ctx.policy,
      fullCommit: fullCommitRule(ctx.settings),
      credentials: ctx.credentials,
      forceCli: o.forceCli === true,
      connectTimeoutMs: Math.min(ctx.settings.connectTimeoutMs, timeoutMs),
      loginTimeoutMs: Math.min(20_000, timeoutMs),
      commandTimeoutMs: Math.min(ctx.settings.commandTimeoutMs, timeoutMs),
    }),
    ...(progress ? { onProgress: (p) => progress.update(p) } : {}),
    ...placement,
  });
  const outcomes: DeviceOutcome[] = [];
  try {
    for await (const r of job.stream()) outcomes.push(r);
  } finally {
    progress?.stop();
  }
  await audit(ctx, {
    event: "load-config",
    user: currentLogin(),
    startedAt,
    endedAt: new Date().toISOString(),
    file,
    lines,
    devices: Object.fromEntries(
      outcomes.map((r) => [r.device, r.ok ? "ok" : `${r.error.code}: ${r.error.message}`]),
    ),
  });
  if (o.json) out(JSON.stringify(jsonReport(outcomes, undefined), null, 2));
  else {
    for (const r of outcomes) if (!r.ok) err(`${r.device}: ${outcomeReason(r)}`);
    out(summaryTable(outcomes));
  }
  Deno.exitCode = interrupt?.exitCode ?? (outcomes.some((r) => !r.ok) ? 1 : 0);
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
    .option("--force-cli", "Junos: use the CLI instead of NETCONF");
  return viaFlags(fleetOptions(cmd), false).action((file: string, names: string[], o: Opts) =>
    run(file, names, o)
  );
}

/**
 * `trigger gnng DEVICE...`: interfaces, addresses, subnets and applied ACLs
 * per device (the original's `gnng`, "GetNets-NG", on NetACLInfo).
 *
 * ```
 * trigger gnng DEVICE... | --match key=value... [--json | --csv] [-u]
 *              [--max-conns N] [--timeout S] [--force-cli] [--accept-new-hostkeys]
 * ```
 *
 * IOS-like devices are read from `show running-config`, Junos from
 * `show configuration interfaces` (NETCONF). Output: per device a
 * `DEVICE: name` line and a table (Interface, Addresses, Subnets, ACLs IN,
 * ACLs OUT, Description ≤ 50 characters); `--csv` gives rows
 * `device,interface,addrs,subnets,in,out,desc`; `--json` an array of rows.
 * Interfaces without an address are left out unless `-u`.
 *
 * On a terminal a progress line on standard error shows from the start how
 * many devices are done, connecting and working. Ctrl-C stops the job:
 * what finished is printed, the rest is reported `CANCELLED` (exit 130).
 *
 * Exit status: 0 when every device answered, 1 when any failed, 2 for bad
 * input, 130 / 143 when interrupted.
 *
 * @module
 */
import { Command } from "commander";
import { err, out } from "../_io.ts";
import {
  fleetExecutor,
  fleetOptions,
  type FleetOpts,
  intOption,
  loadFleetContext,
  prefetchCredentials,
  secondsOption,
  selectDevices,
} from "../_context.ts";
import { Commando, type DeviceOutcome } from "../../lib/commando/mod.ts";
import type { ExecutorTarget } from "../../lib/commando/executor.ts";
import { type InterfaceAclInfo, netAclInfoHooks } from "../../lib/commando/net_acl_info.ts";
import { outcomeReason, outcomeStatus, table } from "./_fleet_report.ts";
import { ProgressLine } from "../_progress.ts";
import { interruptible } from "../_interrupt.ts";

interface Opts extends FleetOpts {
  json?: boolean;
  csv?: boolean;
  includeUnnumbered?: boolean;
  maxConns?: string;
  timeout?: string;
  forceCli?: boolean;
}

/** One row of the table. */
interface Row extends InterfaceAclInfo {
  device: string;
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

async function run(names: string[], o: Opts): Promise<void> {
  const ctx = await loadFleetContext(o);
  const devices = selectDevices(ctx, names, o.match);
  const timeoutMs = secondsOption(o.timeout, "--timeout", 60_000);
  await prefetchCredentials(ctx, devices);
  const progress = ProgressLine.onTerminal("gnng");
  const outcomes: DeviceOutcome[] = [];
  using interrupt = interruptible("gnng", (print) => progress ? progress.around(print) : print());
  try {
    const job = new Commando<ExecutorTarget>({
      devices,
      resolve: (n) => ctx.inventory.find(n),
      hooks: netAclInfoHooks(),
      maxConns: intOption(o.maxConns, "--max-conns", ctx.settings.commandoMaxConns),
      timeoutMs,
      signal: interrupt.signal,
      executor: fleetExecutor(ctx, timeoutMs, { forceCli: o.forceCli === true }),
      ...(progress ? { onProgress: (p) => progress.update(p) } : {}),
    });
    for await (const r of job.stream()) outcomes.push(r);
  } finally {
    progress?.stop();
  }
  const rows: Row[] = [];
  const answered = outcomes.filter((r) => r.ok).sort((a, b) => (a.device < b.device ? -1 : 1));
  for (const { device, results } of answered) {
    for (const { parsed } of results) {
      for (const i of (parsed ?? []) as InterfaceAclInfo[]) {
        if (i.addresses.length || o.includeUnnumbered) rows.push({ device, ...i });
      }
    }
  }
  if (o.json) out(JSON.stringify(rows, null, 2));
  else if (o.csv) {
    for (const r of rows) {
      out(
        [
          r.device,
          r.name,
          r.addresses.join(" "),
          r.subnets.join(" "),
          r.aclIn.join(" "),
          r.aclOut
            .join(" "),
          r.description,
        ].map(csvCell).join(","),
      );
    }
  } else {
    for (const device of [...new Set(rows.map((r) => r.device))]) {
      out(`DEVICE: ${device}`);
      out(
        table(
          ["Interface", "Addresses", "Subnets", "ACLs IN", "ACLs OUT", "Description"],
          rows.filter((r) => r.device === device).map((r) => [
            r.name,
            r.addresses.join(", "),
            r.subnets.join(", "),
            r.aclIn.join(", "),
            r.aclOut.join(", "),
            r.description.replaceAll(" : ", ":").slice(0, 50),
          ]),
        ) + "\n",
      );
    }
  }
  for (const r of outcomes) {
    if (!r.ok) err(`${r.device}: ${outcomeStatus(r)} ${outcomeReason(r)}`);
  }
  Deno.exitCode = interrupt.exitCode ?? (outcomes.some((r) => !r.ok) ? 1 : 0);
}

/** Builds the `gnng` command. */
export function command(): Command {
  const cmd = new Command("gnng")
    .description("Show interfaces, addresses, subnets and applied ACLs of devices")
    .argument("[devices...]", "device names")
    .option("--json", "print rows as JSON")
    .option("-c, --csv", "print rows as CSV")
    .option("-u, --include-unnumbered", "include interfaces without an address")
    .option("--max-conns <n>", "devices worked on at once")
    .option("--timeout <seconds>", "time allowed per device (default 60)")
    .option("--force-cli", "Junos: use the CLI instead of NETCONF");
  return fleetOptions(cmd).action((names: string[], o: Opts) => run(names, o));
}

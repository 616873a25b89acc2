/**
 * Named jobs, as the original Trigger's Commando plugins: `show_clock`,
 * `show_version`, `config_device` (push lines; a dry run unless asked to
 * push) and `gather_info` (version, interfaces and ACLs, parsed). Each is a
 * set of Commando options — commands per platform (from the platform
 * profile) and parse hooks (the built-in TextFSM templates; the interface
 * and ACL parser of `gnng`) — so that it runs the same from the CLI (`trigger
 * job NAME`), the HTTP API and the library, here or on remote workers.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import { profileOf } from "../netdevices/platform.ts";
import { builtinCliTable } from "../textfsm/builtin.ts";
import type { CommandoTarget, VendorHook } from "./commando.ts";
import { netAclInfoHooks } from "./net_acl_info.ts";
import { textfsmHook } from "./textfsm_hook.ts";
import type { ParseWorker } from "../textfsm/parse_worker.ts";

/** A named job's description. */
export interface NamedJobInfo {
  /** Its name (`show_version`...). */
  name: string;
  /** What it does. */
  description: string;
  /** Whether it changes devices (when run with `push`). */
  pushes: boolean;
}

/** The named jobs. */
export const NAMED_JOBS: readonly NamedJobInfo[] = Object.freeze([
  {
    name: "show_clock",
    description: "The device's clock (parsed where a template exists)",
    pushes: false,
  },
  {
    name: "show_version",
    description: "The software version (parsed with the built-in templates)",
    pushes: false,
  },
  {
    name: "config_device",
    description: "Push configuration lines (a dry run unless push is asked)",
    pushes: true,
  },
  {
    name: "gather_info",
    description: "Version, interfaces with addresses and ACLs, parsed",
    pushes: false,
  },
]);

/** Parameters of a named job. */
export interface NamedJobParams {
  /** `config_device`: the configuration lines. */
  lines?: readonly string[];
  /** `config_device`: really push (default: a dry run that contacts no device). */
  push?: boolean;
  /** Parses in this worker's child process, within its time limit (default: on this thread). */
  parseWorker?: ParseWorker | undefined;
}

/** What Commando needs to run a named job. */
export interface NamedJobPlan<D extends CommandoTarget> {
  /** The job's name. */
  name: string;
  /** `commands` (show commands) or `push` (configuration lines). */
  kind: "commands" | "push";
  /** The job's commands (the hooks may replace them per device). */
  commands: string[];
  /** Per-vendor hooks: commands per platform, parsers. */
  hooks: Record<string, VendorHook<D>>;
  /** A dry run: nothing is sent; the plan is `commands` for every device. */
  dryRun: boolean;
}

function versionCommand(d: CommandoTarget): string {
  return profileOf(d)?.commands.version ?? "show version";
}

/**
 * The Commando options of a named job.
 *
 * @param name `show_clock`, `show_version`, `config_device` or `gather_info`.
 * @param params Lines and `push` for `config_device`.
 * @returns Kind, commands, hooks, and whether it is a dry run.
 * @throws {TriggerError} `INVALID_ARGUMENT` for an unknown job, or
 *   `config_device` without lines.
 *
 * @example show_version's command comes from each device's platform
 * ```ts
 * import { namedJob } from "@trigger/trigger/commando";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const plan = namedJob("show_version");
 * const mx = { nodeName: "mx1", vendor: "juniper", platform: "juniper_junos", address: "192.0.2.1", port: 22 };
 * deepStrictEqual(plan.hooks.base?.commands?.(mx, []), ["show version"]);
 * strictEqual(namedJob("config_device", { lines: ["ntp server 192.0.2.9"] }).dryRun, true);
 * ```
 */
export function namedJob<D extends CommandoTarget>(
  name: string,
  params: NamedJobParams = {},
): NamedJobPlan<D> {
  const table = builtinCliTable();
  const parse = textfsmHook<D>(
    table,
    params.parseWorker === undefined ? {} : { worker: params.parseWorker },
  ).parse!;
  switch (name) {
    case "show_clock":
      return {
        name,
        kind: "commands",
        commands: ["show clock"],
        hooks: {
          // Junos has no "show clock" over NETCONF: its uptime says the time
          juniper: { commands: () => ["show system uptime"], parse },
          base: { parse },
        },
        dryRun: false,
      };
    case "show_version":
      return {
        name,
        kind: "commands",
        commands: ["show version"],
        hooks: { base: { commands: (d) => [versionCommand(d)], parse } },
        dryRun: false,
      };
    case "gather_info": {
      const acl = netAclInfoHooks<D>().base!;
      return {
        name,
        kind: "commands",
        commands: ["show version"],
        hooks: {
          base: {
            commands: (d) => {
              const gnng = profileOf(d)?.gnng;
              return gnng ? [versionCommand(d), gnng.command] : [versionCommand(d)];
            },
            parse: (d, r) =>
              r.command === profileOf(d)?.gnng?.command ? acl.parse!(d, r) : parse(d, r),
          },
        },
        dryRun: false,
      };
    }
    case "config_device": {
      const lines = (params.lines ?? []).map((l) => l.trimEnd()).filter((l) => l.trim() !== "");
      if (lines.length === 0) {
        throw new TriggerError(
          "INVALID_ARGUMENT",
          'Cannot run job "config_device": no configuration lines given',
        );
      }
      return { name, kind: "push", commands: lines, hooks: {}, dryRun: params.push !== true };
    }
    default:
      throw new TriggerError(
        "INVALID_ARGUMENT",
        `Cannot run job "${name}": unknown (known: ${NAMED_JOBS.map((j) => j.name).join(", ")})`,
      );
  }
}

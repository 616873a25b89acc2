/**
 * Parsed results for Commando (the original's `parse_template`): a hook that
 * runs each command's output through the TextFSM template an ntc-templates
 * style index picks for the device's platform and the command.
 *
 * @module
 */
import type { CliTable } from "../textfsm/clitable.ts";
import type { ParseWorker } from "../textfsm/parse_worker.ts";
import type { FsmCell } from "../textfsm/textfsm.ts";
import type { CommandoTarget, CommandOutput, VendorHook } from "./commando.ts";

/** Options of {@linkcode textfsmHook}. */
export interface TextfsmHookOptions<D extends CommandoTarget> {
  /**
   * Told about a template that failed on an output (the output is kept
   * unparsed: a bad template never loses results).
   *
   * @default {undefined}
   */
  onError?: (device: D, command: string, error: unknown) => void;
  /**
   * Builds the index attributes for a device and command.
   *
   * @default {{ Platform: device.platform, Command: command }}
   */
  attributes?: (device: D, command: string) => Record<string, string>;
  /**
   * Parses in this worker's child process, each output within its time limit,
   * so that a template regex that backtracks without end fails that one parse
   * (`TIMEOUT`, told to `onError`) instead of freezing the job. The caller
   * closes the worker. Without one, outputs are parsed on the calling thread.
   *
   * @default {undefined}
   */
  worker?: ParseWorker;
}

/**
 * Builds a Commando hook that stores in each command's result `parsed` = the records
 * of the template the index picks (`Platform` and `Command` columns). Outputs
 * with no matching template, failed commands and devices without a platform
 * store nothing, and so do raw RPCs (commands starting with `<`).
 *
 * @param table The template index (e.g. `CliTable.load(settings.textfsmTemplateDir)`).
 * @param options Error callback and attribute builder.
 * @returns A hook, to use as `hooks: { base: textfsmHook(table) }`.
 *
 * @example Parse `show clock` on IOS devices
 * ```ts
 * import { Commando, textfsmHook } from "@trigger/trigger/commando";
 * import { CliTable } from "@trigger/trigger/textfsm";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const table = CliTable.fromText(
 *   "Template, Platform, Command\nclock.textfsm, cisco_ios, sh[[ow]] clo[[ck]]\n",
 *   () => Promise.resolve("Value TIME (\\S+)\n\nStart\n  ^\\*?${TIME}\\s -> Record\n"),
 * );
 * const job = new Commando({
 *   devices: [{ nodeName: "r1", vendor: "cisco", platform: "cisco_ios", address: "192.0.2.1", port: 22 }],
 *   commands: ["show clock"],
 *   hooks: { base: textfsmHook(table) },
 *   executor: (_d, cmds) => Promise.resolve(cmds.map((command) => ({ command, output: "*10:01:02.123 UTC Mon Jan 1 2024" }))),
 * });
 * const { results } = await job.run();
 * deepStrictEqual(results.r1?.[0]?.parsed, [{ TIME: "10:01:02.123" }]);
 * ```
 */
export function textfsmHook<D extends CommandoTarget>(
  table: CliTable,
  options: TextfsmHookOptions<D> = {},
): VendorHook<D> {
  const {
    onError,
    worker,
    attributes = (d: D, command: string) => ({ Platform: d.platform ?? "", Command: command }),
  } = options;
  return {
    parse: async (d: D, r: CommandOutput): Promise<Record<string, FsmCell>[] | undefined> => {
      // raw RPCs (Junos `<get-...>` over NETCONF) answer XML, which no text template reads
      if (d.platform === undefined || r.failed || r.command.trimStart().startsWith("<")) {
        return undefined;
      }
      const attrs = attributes(d, r.command);
      if (table.findRow(attrs) === undefined) return undefined;
      try {
        const result = worker === undefined
          ? await table.parseCmd(r.output, attrs)
          : await worker.parseCmd(table, r.output, attrs);
        return [...result.records];
      } catch (e) {
        onError?.(d, r.command, e);
        return undefined;
      }
    },
  };
}

/**
 * Pushing configuration lines with Commando (the original's `load_config`):
 * an executor whose "commands" are configuration lines. CLI devices get the
 * lines in the configuration mode their platform profile names (reached
 * through the session mode graph), followed by its commit command if it has
 * one, then the device is returned to its default mode; platforms managed
 * over NETCONF (Junos) get `load-configuration` + `commit-configuration` (or,
 * with `forceCli`, `configure` / lines / `commit`).
 *
 * @module
 */
import type { Session } from "../session/session.ts";
import { configure } from "../session/configure.ts";
import type { NetconfClient } from "../netconf/client.ts";
import { commitConfiguration, loadConfiguration } from "../netconf/junos.ts";
import type { CommandExecutor, CommandOutput } from "./commando.ts";
import { type DeviceExecutorOptions, type ExecutorTarget, withDevice } from "./executor.ts";
import { describeExecutor } from "./task.ts";

const SET_LINE = /^(set|delete|activate|deactivate|deactivate|insert|rename)\s/;

async function pushCli(session: Session, lines: readonly string[]): Promise<CommandOutput[]> {
  const results = await configure(session, lines);
  return results.map((r) => ({ command: r.command, output: r.output, failed: r.failed }));
}

async function pushNetconf(
  nc: NetconfClient,
  lines: readonly string[],
  signal: AbortSignal,
  full: boolean,
): Promise<CommandOutput[]> {
  const text = lines.join("\n") + "\n";
  const set = lines.every((l) => SET_LINE.test(l.trim()));
  await loadConfiguration(nc, text, {
    ...(set ? { action: "set" as const, format: "set" as const } : {}),
    signal,
  });
  const reply = await commitConfiguration(nc, { signal, ...(full ? { full } : {}) });
  const ok = reply.xml.includes("commit-success") ? "commit complete" : reply.xml.trim();
  return [
    { command: set ? "load-configuration set" : "load-configuration merge", output: text },
    { command: "commit", output: ok },
  ];
}

/**
 * Builds a Commando executor that pushes configuration lines (the job's
 * commands) to each device, stopping at the first line the device rejects
 * (`COMMAND_FAILED`, naming the line and the device's error). Junos goes
 * over NETCONF (`load-configuration` with `set` lines or curly-brace text,
 * then `commit-configuration`) unless `forceCli`.
 *
 * @param options As {@linkcode deviceExecutor} (credentials, host keys, timeouts, `forceCli`).
 * @returns The executor; each output is one line as sent and the device's answer.
 * @throws {TriggerError} From the returned executor: `COMMAND_FAILED`,
 *   `NETCONF_RPC_ERROR`, `MODE_UNREACHABLE`, and the connection errors of
 *   {@linkcode deviceExecutor}.
 *
 * @example Credentials are looked up by realm before anything is sent
 * ```ts
 * import { configPushExecutor } from "@trigger/trigger/commando";
 * import { rejects } from "node:assert/strict";
 *
 * const push = configPushExecutor({
 *   credentials: (realm) => Promise.reject(new Error(`no credentials for ${realm}`)),
 * });
 * const device = { nodeName: "r1", vendor: "cisco", platform: "cisco_ios", address: "127.0.0.1", port: 1, realm: "lab" };
 * const ctx = { signal: new AbortController().signal, attempt: 1, connected() {} };
 * await rejects(push(device, ["hostname r1"], ctx), /no credentials for lab/);
 * ```
 */
export function configPushExecutor(
  options: DeviceExecutorOptions,
): CommandExecutor<ExecutorTarget> {
  const push: CommandExecutor<ExecutorTarget> = (device, lines, ctx) =>
    withDevice(device, ctx, options, {
      cli: (session) => pushCli(session, lines),
      netconf: (nc) => pushNetconf(nc, lines, ctx.signal, options.fullCommit?.(device) ?? false),
    });
  return describeExecutor(push, { kind: "push", forceCli: options.forceCli ?? false }, options);
}

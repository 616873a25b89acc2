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

const SET_LINE = /^(set|delete|activate|deactivate|insert|rename)\s/;

/** Hooks of {@linkcode configPushExecutor}: the safety net of a change. */
export interface ConfigPushHooks {
  /**
   * Called once per device after login, right before its first line is
   * sent (the moment it starts to change); throw to send nothing.
   */
  beforePush?: (device: ExecutorTarget) => Promise<void> | void;
  /** Called as the device answers each line (CLI) or the load and commit (NETCONF). */
  onLine?: (device: ExecutorTarget, index: number, output: CommandOutput) => void;
  /**
   * After the lines, save the configuration the way the platform's profile
   * says (`write memory`, `copy running-config startup-config` with its
   * question...); a commit already saves (Junos, IOS XR). @default {false}
   */
  save?: boolean;
}

/** Options of {@linkcode configPushExecutor}. */
export type ConfigPushOptions = DeviceExecutorOptions & ConfigPushHooks;

async function pushCli(
  d: ExecutorTarget,
  session: Session,
  lines: readonly string[],
  o: ConfigPushOptions,
): Promise<CommandOutput[]> {
  await o.beforePush?.(d);
  const results = await configure(session, lines, {
    onResult: (r, i) =>
      o.onLine?.(d, i, { command: r.command, output: r.output, failed: r.failed }),
  });
  if (o.save) results.push(...await session.saveConfig());
  return results.map((r) => ({ command: r.command, output: r.output, failed: r.failed }));
}

/**
 * NETCONF (Junos): the lines are loaded into the locked candidate and
 * committed; a failure before the commit discards them, so nothing is left
 * for someone else's commit to pick up.
 */
async function pushNetconf(
  d: ExecutorTarget,
  nc: NetconfClient,
  lines: readonly string[],
  signal: AbortSignal,
  o: ConfigPushOptions,
): Promise<CommandOutput[]> {
  const text = lines.join("\n") + "\n";
  const set = lines.every((l) => SET_LINE.test(l.trim()));
  const load = {
    command: set ? "load-configuration set" : "load-configuration merge",
    output: text,
  };
  await o.beforePush?.(d);
  await nc.rpc("<lock-configuration/>", { signal });
  let committed = false;
  try {
    await loadConfiguration(nc, text, {
      ...(set ? { action: "set" as const, format: "set" as const } : {}),
      signal,
    });
    o.onLine?.(d, 0, load);
    const full = o.fullCommit?.(d) ?? false;
    const reply = await commitConfiguration(nc, { signal, ...(full ? { full } : {}) });
    committed = true;
    const ok = reply.xml.includes("commit-success") ? "commit complete" : reply.xml.trim();
    o.onLine?.(d, 1, { command: "commit", output: ok });
    return [load, { command: "commit", output: ok }];
  } finally {
    if (!committed) await nc.rpc("<discard-changes/>").catch(() => {});
    await nc.rpc("<unlock-configuration/>").catch(() => {});
  }
}

/**
 * Builds a Commando executor that pushes configuration lines (the job's
 * commands) to each device, stopping at the first line the device rejects
 * (`COMMAND_FAILED`, naming the line and the device's error). Junos goes
 * over NETCONF (`load-configuration` with `set` lines or curly-brace text,
 * then `commit-configuration`) unless `forceCli`.
 *
 * @param options As {@linkcode deviceExecutor} (credentials, host keys, timeouts, `forceCli`),
 *   plus the change hooks (before the first line, after each answer) and `save`.
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
  options: ConfigPushOptions,
): CommandExecutor<ExecutorTarget> {
  const push: CommandExecutor<ExecutorTarget> = (device, lines, ctx) =>
    withDevice(device, ctx, options, {
      cli: (session) => pushCli(device, session, lines, options),
      netconf: (nc) => pushNetconf(device, nc, lines, ctx.signal, options),
    });
  const task = {
    kind: "push" as const,
    forceCli: options.forceCli ?? false,
    save: options.save ?? false,
  };
  return describeExecutor(push, task, options);
}

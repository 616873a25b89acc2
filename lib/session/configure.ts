/**
 * Typing configuration on a CLI session the way the platform's profile says
 * (`management`): in its configuration mode, followed by its commit command
 * when it has one, then back to the mode the session was in. One answer for
 * `load-config`, `load-acl` and its restore.
 *
 * @module
 */
import type { Session } from "./session.ts";
import type { CommandResult } from "./types.ts";

/** Options of {@linkcode configure}. */
export interface ConfigureOptions {
  /**
   * Milliseconds without output before a line (or the commit) times out.
   *
   * @default {the session's commandTimeoutMs}
   */
  timeoutMs?: number;
  /**
   * Called with each line's result as the device answers it.
   *
   * @default {undefined}
   */
  onResult?: (result: CommandResult, index: number) => void;
}

/**
 * Types configuration lines in the platform's configuration mode
 * (`management.configMode`), sends its commit command after them
 * (`management.commit`: IOS XR, Junos CLI, PAN-OS, PicOS...), and returns to
 * the mode the session was in. The first line the device rejects stops the
 * rest (nothing is committed).
 *
 * @param session An open session.
 * @param lines Configuration lines, in order.
 * @param options Timeout per line.
 * @returns One result per line sent, the commit last.
 * @throws {CommandFailedError} `COMMAND_FAILED` with the results so far.
 * @throws {TriggerError} `MODE_UNREACHABLE`, `TIMEOUT`, `TRANSPORT_CLOSED`.
 *
 * @example Configure a lab router
 * ```ts
 * import { startLab } from "@trigger/trigger/lab";
 * import { configure, openSession } from "@trigger/trigger/session";
 * import { strictEqual } from "node:assert/strict";
 *
 * await using lab = await startLab({ devices: 1, vendors: ["cisco_iosxr"], telnet: false });
 * const d = lab.devices[0]!;
 * await using s = await openSession(
 *   { name: d.name, address: d.address, port: d.ports.ssh, platform: "cisco_iosxr" },
 *   { credentials: { ...lab.credentials }, hostKeyPolicy: "off" },
 * );
 * const results = await configure(s, ["interface Loopback0", "description lab"]);
 * strictEqual(results.at(-1)?.command, "commit");
 * strictEqual(s.mode, "privileged");
 * ```
 */
export async function configure(
  session: Session,
  lines: readonly string[],
  options: ConfigureOptions = {},
): Promise<CommandResult[]> {
  const { commit, configMode } = session.profile.management;
  const home = session.mode ?? session.profile.defaultMode;
  await session.enterMode(configMode);
  const send = {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.onResult === undefined ? {} : { onResult: options.onResult }),
  };
  const results = await session.sendMany([...lines, ...(commit === null ? [] : [commit])], send);
  await session.enterMode(home);
  return results;
}

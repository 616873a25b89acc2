/**
 * `execute`: open a session, run commands, close (Trigger's twister execute).
 *
 * @module
 */
import { openSession } from "./session.ts";
import type { CommandResult, SessionOptions, SessionTarget } from "./types.ts";

/** Options of {@linkcode execute}. */
export interface ExecuteOptions extends SessionOptions {
  /**
   * Keep going after a failed command (its result has `failed: true`).
   *
   * @default {false}
   */
  withErrors?: boolean;
}

/**
 * Opens a session, runs the commands in order, and closes it.
 *
 * @param target The device.
 * @param commands Command lines.
 * @param options Credentials, timeouts, host key policy, `withErrors`.
 * @returns One result per command (`command`, `output`, `raw`, `failed`,
 *   `startedAt`, `elapsedMs`).
 * @throws {CommandFailedError} `COMMAND_FAILED` carrying the results so far,
 *   unless `withErrors`.
 * @throws {TriggerError} `AUTH_FAILED`, `CONNECTION_REFUSED`, `TIMEOUT`,
 *   `HOSTKEY_MISMATCH`, `HOSTKEY_UNKNOWN`, `MODE_UNREACHABLE`, `TRANSPORT_CLOSED`.
 *
 * @example Run two commands
 * ```ts ignore
 * import { execute } from "@trigger/trigger";
 *
 * const results = await execute(
 *   { name: "r1", address: "192.0.2.1", platform: "cisco_ios" },
 *   ["show version", "show ip interface brief"],
 *   { credentials: { username: "netops", password: "pw" } },
 * );
 * for (const r of results) console.log(r.command, r.failed, r.output.length);
 * ```
 */
export async function execute(
  target: SessionTarget,
  commands: string[],
  options: ExecuteOptions,
): Promise<CommandResult[]> {
  const { withErrors = false } = options;
  const session = await openSession(target, options);
  try {
    return await session.sendMany(commands, { withErrors });
  } finally {
    await session.close();
  }
}

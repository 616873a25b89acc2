/**
 * The default Commando executor: reaches a real device the way the
 * connection plan says (`lib/session/plan.ts`: credentials by realm, NETCONF
 * for Junos unless `forceCli`, else a CLI session over SSH then Telnet in
 * the inventory's order), runs the commands, and closes.
 *
 * @module
 */
import type { SessionCredentials, SessionOptions } from "../session/types.ts";
import type { AccessPolicy } from "../session/types.ts";
import type { HostKeyOptions } from "../transport/host_key_policy.ts";
import { withDevice } from "./_device_access.ts";
import { describeExecutor } from "./task.ts";
import { junosCommand } from "../netconf/junos.ts";
import { NetconfRpcError } from "../netconf/rpc_error.ts";
import { TriggerError } from "../errors.ts";
import {
  type CommandExecutor,
  type CommandoTarget,
  type CommandOutput,
  CommandStepError,
} from "./commando.ts";

/** What the executor needs of a device (a `NetDevice` fits). */
export interface ExecutorTarget extends CommandoTarget {
  /** Credential realm. */
  readonly realm: string;
  /** Transports to try, in order. @default {["ssh"]} */
  readonly transports?: readonly ("ssh" | "telnet")[];
  /** Device type, upper case (for the SSH-disabled policy). */
  readonly deviceType?: string;
  /** Reads an inventory field (`telnetPort`), when the device has fields. */
  get?(field: string): string | undefined;
}

/** Returns the credentials for a device's realm (e.g. from a `CredentialStore`). */
export type CredentialResolver = (
  realm: string,
  device: ExecutorTarget,
) => Promise<SessionCredentials>;

/** Options of {@linkcode deviceExecutor}. */
export interface DeviceExecutorOptions extends HostKeyOptions {
  /** Credentials by realm. */
  credentials: CredentialResolver;
  /**
   * Junos over the CLI instead of NETCONF (the original's `force_cli`).
   *
   * @default {false}
   */
  forceCli?: boolean;
  /**
   * Keep going after a failed command: its output is stored with `failed: true`
   * instead of failing the device with `COMMAND_FAILED`.
   *
   * @default {false}
   */
  withErrors?: boolean;
  /**
   * Milliseconds allowed for the TCP connect.
   *
   * @default {10000}
   */
  connectTimeoutMs?: number;
  /**
   * Milliseconds allowed for login and the first prompt.
   *
   * @default {20000}
   */
  loginTimeoutMs?: number;
  /**
   * Milliseconds without output before a command times out.
   *
   * @default {30000}
   */
  commandTimeoutMs?: number;
  /**
   * The site's connection policy (from the settings: `accessPolicy()`).
   *
   * @default {{}}
   */
  policy?: AccessPolicy;
  /**
   * Extra session options (mode, `onData`, a `connect` override for tests).
   *
   * @default {{}}
   */
  session?: Omit<SessionOptions, "credentials" | "signal" | "policy" | keyof HostKeyOptions>;
}

/** Commands as `<command>` RPCs, each output the text Junos returns. */
async function junosCommands(
  nc: Parameters<typeof junosCommand>[0],
  commands: readonly string[],
  signal: AbortSignal,
  withErrors: boolean,
): Promise<CommandOutput[]> {
  const out: CommandOutput[] = [];
  for (const command of commands) {
    try {
      const text = await junosCommand(nc, command, { signal });
      out.push({ command, output: text.replace(/^\n+/, "").replace(/\s+$/, "") });
    } catch (e) {
      if (e instanceof NetconfRpcError && withErrors) {
        out.push({ command, output: e.message, failed: true });
      } else throw e instanceof TriggerError ? new CommandStepError(e, command, out) : e;
    }
  }
  return out;
}

/**
 * Builds the executor Commando uses to reach real devices, as the
 * connection plan says: credentials from the resolver by the device's
 * realm; host keys checked under the given policy (default `strict` with the
 * user's known_hosts); Junos over NETCONF (one `<command>` RPC per command)
 * unless `forceCli`; others through a CLI session over SSH, then Telnet when
 * SSH is refused and the device lists it. `ctx.connected()` is called once logged in, and
 * `ctx.signal` cancels connecting and waiting.
 *
 * @param options Credentials, host key policy, timeouts, `forceCli`, `withErrors`.
 * @returns An executor for {@linkcode Commando}.
 * @throws {TriggerError} From the returned executor: `AUTH_FAILED`,
 *   `CONNECTION_REFUSED`, `TIMEOUT`, `HOSTKEY_UNKNOWN`, `HOSTKEY_MISMATCH`,
 *   `COMMAND_FAILED`, `NETCONF_RPC_ERROR`, `TRANSPORT_CLOSED`, `CREDENTIALS_MISSING`,
 *   `PROFILE_INVALID`.
 *
 * @example Credentials come from the resolver, by realm
 * ```ts
 * import { deviceExecutor } from "@trigger/trigger";
 * import { rejects } from "node:assert/strict";
 *
 * const executor = deviceExecutor({
 *   credentials: (realm) => Promise.reject(new Error(`no credentials for ${realm}`)),
 * });
 * const device = { nodeName: "r1", vendor: "cisco", platform: "cisco_ios", address: "127.0.0.1", port: 1, realm: "lab" };
 * const ctx = { signal: new AbortController().signal, attempt: 1, connected() {} };
 * await rejects(executor(device, ["show version"], ctx), /no credentials for lab/);
 * ```
 */
export function deviceExecutor(options: DeviceExecutorOptions): CommandExecutor<ExecutorTarget> {
  const withErrors = options.withErrors ?? false;
  const run: CommandExecutor<ExecutorTarget> = (device, commands, ctx) =>
    withDevice<CommandOutput[]>(device, ctx, options, {
      netconf: (nc) => junosCommands(nc, commands, ctx.signal, withErrors),
      cli: async (session) => {
        const results = await session.sendMany([...commands], { withErrors });
        return results.map((r) => ({ command: r.command, output: r.output, failed: r.failed }));
      },
    });
  const task = { kind: "commands" as const, forceCli: options.forceCli ?? false, withErrors };
  return describeExecutor(run, task, options);
}

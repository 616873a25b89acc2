/**
 * The default Commando executor: reaches a real device the way the
 * connection plan says (`lib/session/plan.ts`: credentials by realm, NETCONF
 * for Junos unless `forceCli`, else a CLI session over SSH then Telnet in
 * the inventory's order), runs the commands, and closes.
 *
 * @module
 */
import type { NetconfClient } from "../netconf/client.ts";
import { openSession, type Session } from "../session/session.ts";
import {
  deviceTarget,
  openPlannedNetconf,
  planConnection,
  type PlanOptions,
} from "../session/plan.ts";
import type { AccessPolicy, SessionCredentials, SessionOptions } from "../session/types.ts";
import { type HostKeyOptions, hostKeyOptionsOf } from "../transport/host_key_policy.ts";
import { onAbort } from "../_util/abort.ts";
import type { JobContext } from "./pool.ts";
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
   * Junos: whether a device's commits are full (`<full/>`; from the
   * settings' `juniperFullCommitFields`: `fullCommitRule()`).
   *
   * @default {undefined}
   */
  fullCommit?: (device: ExecutorTarget) => boolean;
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

/** What to do once a device is reached, per management path ({@linkcode withDevice}). */
export interface DeviceWork<T> {
  /** On a CLI session (in the platform's default mode). */
  cli(session: Session): Promise<T>;
  /** On a NETCONF session. */
  netconf(nc: NetconfClient): Promise<T>;
}

/** Marks the device reached at the first byte after login (the session's onData). */
function chainOnData(
  user: ((text: string) => void) | undefined,
  ctx: JobContext,
): (text: string) => void {
  let marked = false;
  return (text) => {
    if (!marked) {
      marked = true;
      ctx.connected();
    }
    user?.(text);
  };
}

/** The session options of an executor's connection to one device. */
function sessionOptions(
  o: DeviceExecutorOptions,
  credentials: SessionCredentials,
  ctx: JobContext,
): SessionOptions {
  return {
    ...o.session,
    ...hostKeyOptionsOf(o),
    ...(o.policy ? { policy: o.policy } : {}),
    credentials,
    signal: ctx.signal,
    connectTimeoutMs: o.connectTimeoutMs ?? 10_000,
    loginTimeoutMs: o.loginTimeoutMs ?? 20_000,
    commandTimeoutMs: o.commandTimeoutMs ?? 30_000,
    onData: chainOnData(o.session?.onData, ctx),
  };
}

/**
 * Reaches a device as the connection plan says and runs `work` on it: the
 * device's credentials by its realm, NETCONF or a CLI session (SSH, then
 * Telnet where allowed), `ctx.connected()` once logged in; the session is
 * closed at the end, and aborting `ctx.signal` ends it at once. The building
 * block of {@linkcode deviceExecutor} and `configPushExecutor`, and of your
 * own executors.
 *
 * @param device The device (a `NetDevice` fits).
 * @param ctx The job's context (signal, `connected()`).
 * @param o Credentials, host keys, timeouts, policy, `forceCli`.
 * @param work What to do on a CLI session and on a NETCONF session.
 * @returns What `work` returned.
 * @throws {TriggerError} The connection errors of the plan (`AUTH_FAILED`,
 *   `CONNECTION_REFUSED`, `TIMEOUT`, `HOSTKEY_*`, `PROFILE_INVALID`,
 *   `INVALID_ARGUMENT`...) and whatever `work` throws.
 *
 * @example An executor that reads the running configuration
 * ```ts ignore
 * import { type CommandExecutor, type ExecutorTarget, withDevice } from "@trigger/trigger/commando";
 * import { junosCommand } from "@trigger/trigger/netconf";
 *
 * const backup = (o: Parameters<typeof withDevice>[2]): CommandExecutor<ExecutorTarget> =>
 *   (device, _commands, ctx) =>
 *     withDevice(device, ctx, o, {
 *       cli: async (s) => [{ command: "show running-config", output: (await s.send("show running-config")).output }],
 *       netconf: async (nc) => [{ command: "show configuration", output: await junosCommand(nc, "show configuration") }],
 *     });
 * ```
 */
export async function withDevice<T>(
  device: ExecutorTarget,
  ctx: JobContext,
  o: DeviceExecutorOptions,
  work: DeviceWork<T>,
): Promise<T> {
  const target = deviceTarget(device);
  const planOptions: PlanOptions = { forceCli: o.forceCli ?? false };
  if (o.policy) planOptions.policy = o.policy;
  const plan = planConnection(target, planOptions);
  const credentials = await o.credentials(device.realm, device);
  if (ctx.signal.aborted) throw ctx.signal.reason;
  const options = sessionOptions(o, credentials, ctx);
  if (plan.management === "netconf") {
    const nc = await openPlannedNetconf(plan, options);
    try {
      using _ = onAbort(ctx.signal, () => nc.abort());
      ctx.connected();
      return await work.netconf(nc);
    } finally {
      await nc.close({ timeoutMs: 2000 });
    }
  }
  const session = await openSession(plan, options);
  try {
    ctx.connected();
    return await work.cli(session);
  } finally {
    await session.close();
  }
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

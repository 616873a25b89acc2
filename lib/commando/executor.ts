/**
 * The default Commando executor: reaches a real device the way the inventory
 * says (credentials by realm, SSH then Telnet in `device.transports` order,
 * NETCONF for Junos unless `forceCli`), runs the commands, and closes.
 *
 * @module
 */
import { profileOf } from "../netdevices/platform.ts";
import { TriggerError } from "../errors.ts";
import { execute } from "../session/execute.ts";
import type { SessionCredentials, SessionOptions, SessionTarget } from "../session/types.ts";
import type { HostKeyOptions } from "../transport/host_key_policy.ts";
import { withDeviceNetconf } from "./_device_netconf.ts";
import { junosCommand } from "../netconf/junos.ts";
import { NetconfRpcError } from "../netconf/rpc_error.ts";
import type { Credentials as StoredCredentials } from "../credentials/entry.ts";
import type { JobContext } from "./pool.ts";
import type { CommandExecutor, CommandoTarget, CommandOutput } from "./commando.ts";

/** What the executor needs of a device (a `NetDevice` fits). */
export interface ExecutorTarget extends CommandoTarget {
  /** Credential realm. */
  readonly realm: string;
  /** Transports to try, in order. @default {["ssh"]} */
  readonly transports?: readonly ("ssh" | "telnet")[];
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
   * Extra session options (mode, `onData`, a `connect` override for tests).
   *
   * @default {{}}
   */
  session?: Omit<SessionOptions, "credentials" | "signal" | keyof HostKeyOptions>;
}

const FALLBACK_CODES = new Set(["CONNECTION_REFUSED", "PROTOCOL_ERROR"]);

/** The NETCONF path is used where the platform is managed over NETCONF (Junos) unless the CLI is forced. */
function usesNetconf(device: ExecutorTarget, forceCli: boolean): boolean {
  return !forceCli && profileOf(device)?.management.protocol === "netconf";
}

function hostKeyOptions(o: HostKeyOptions): HostKeyOptions {
  const h: HostKeyOptions = {};
  if (o.hostKeyPolicy !== undefined) h.hostKeyPolicy = o.hostKeyPolicy;
  if (o.knownHostsPath !== undefined) h.knownHostsPath = o.knownHostsPath;
  if (o.onHostKeyEvent !== undefined) h.onHostKeyEvent = o.onHostKeyEvent;
  if (o.askHostKey !== undefined) h.askHostKey = o.askHostKey;
  return h;
}

/** The port of a transport: the device's for its first, the inventory's `telnetPort` for Telnet. */
function portFor(
  device: ExecutorTarget,
  kind: "ssh" | "telnet",
  first: string,
): number | undefined {
  if (kind === first) return device.port;
  if (kind === "telnet") {
    const p = Number(device.get?.("telnetPort"));
    return Number.isInteger(p) && p > 0 ? p : undefined;
  }
  return undefined;
}

async function runCli(
  device: ExecutorTarget,
  commands: readonly string[],
  ctx: JobContext,
  o: DeviceExecutorOptions,
  credentials: SessionCredentials,
): Promise<CommandOutput[]> {
  if (device.platform === undefined) {
    throw new TriggerError(
      "PROFILE_INVALID",
      `Cannot run commands on "${device.nodeName}": its platform is unknown`,
      { host: device.nodeName },
    );
  }
  const transports = device.transports?.length ? device.transports : ["ssh" as const];
  const first = transports[0]!;
  let lastError: unknown;
  for (const kind of transports) {
    const port = portFor(device, kind, first);
    const target: SessionTarget = {
      name: device.nodeName,
      address: device.address,
      platform: device.platform,
      transport: kind,
      ...(port === undefined ? {} : { port }),
    };
    const options: SessionOptions = {
      ...o.session,
      ...hostKeyOptions(o),
      credentials,
      signal: ctx.signal,
      connectTimeoutMs: o.connectTimeoutMs ?? 10_000,
      loginTimeoutMs: o.loginTimeoutMs ?? 20_000,
      commandTimeoutMs: o.commandTimeoutMs ?? 30_000,
      onData: chainOnData(o.session?.onData, ctx),
    };
    try {
      const results = await execute(target, [...commands], {
        ...options,
        withErrors: o.withErrors ?? false,
      });
      ctx.connected();
      return results.map((r) => ({ command: r.command, output: r.output, failed: r.failed }));
    } catch (e) {
      lastError = e;
      const code = e instanceof TriggerError ? e.code : "";
      if (!FALLBACK_CODES.has(code) || ctx.signal.aborted) throw e;
    }
  }
  throw lastError;
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

function runNetconf(
  device: ExecutorTarget,
  commands: readonly string[],
  ctx: JobContext,
  o: DeviceExecutorOptions,
  c: SessionCredentials,
): Promise<CommandOutput[]> {
  return withDeviceNetconf(device, ctx, o, c, async (nc) => {
    const out: CommandOutput[] = [];
    for (const command of commands) {
      try {
        const text = await junosCommand(nc, command, { signal: ctx.signal });
        out.push({ command, output: text.replace(/^\n+/, "").replace(/\s+$/, "") });
      } catch (e) {
        if (!(e instanceof NetconfRpcError) || !o.withErrors) throw e;
        out.push({ command, output: e.message, failed: true });
      }
    }
    return out;
  });
}

/**
 * Builds the executor Commando uses to reach real devices: credentials from
 * the resolver by the device's realm; host keys checked under the given
 * policy (default `strict` with the user's known_hosts); Junos over NETCONF
 * (one `<command>` RPC per command) unless `forceCli`; others through a CLI
 * session over SSH, falling back to Telnet on a refused connection when the
 * device lists it. `ctx.connected()` is called once logged in, and
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
  const { forceCli = false } = options;
  return async (device, commands, ctx) => {
    const credentials = await options.credentials(device.realm, device);
    if (ctx.signal.aborted) throw ctx.signal.reason;
    return usesNetconf(device, forceCli)
      ? await runNetconf(device, commands, ctx, options, credentials)
      : await runCli(device, commands, ctx, options, credentials);
  };
}

/**
 * A {@linkcode CredentialResolver} over a credential store: looks each realm
 * up once (concurrent devices of one realm share the lookup) through
 * `resolve`, e.g. `(realm) => resolveCredentials(realm, { store, prompt })`.
 *
 * @param resolve Returns a realm's stored credentials.
 * @returns A resolver giving session credentials (key file path, passphrase).
 * @throws {TriggerError} From the returned resolver: whatever `resolve` throws
 *   (`CREDENTIALS_MISSING`...).
 *
 * @example Map stored credentials to session credentials, once per realm
 * ```ts
 * import { credentialResolver, Secret } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * let lookups = 0;
 * const resolver = credentialResolver((realm) => {
 *   lookups++;
 *   return Promise.resolve({ realm, username: "ops", password: new Secret("pw"), updatedAt: "" });
 * });
 * const device = { nodeName: "r1", vendor: "cisco", address: "192.0.2.1", port: 22, realm: "lab" };
 * const [a, b] = await Promise.all([resolver("lab", device), resolver("lab", device)]);
 * strictEqual(a.username, "ops");
 * strictEqual(b, a);
 * strictEqual(lookups, 1);
 * ```
 */
export function credentialResolver(
  resolve: (realm: string) => Promise<StoredCredentials>,
): CredentialResolver {
  const cache = new Map<string, Promise<SessionCredentials>>();
  return (realm) => {
    let hit = cache.get(realm);
    if (hit === undefined) {
      hit = resolve(realm).then((c) => {
        const s: SessionCredentials = { username: c.username, password: c.password };
        if (c.enablePassword !== undefined) s.enablePassword = c.enablePassword;
        if (c.privateKey !== undefined) s.privateKeyPath = c.privateKey;
        if (c.privateKeyPassphrase !== undefined) s.passphrase = c.privateKeyPassphrase;
        return s;
      });
      hit.catch(() => cache.delete(realm));
      cache.set(realm, hit);
    }
    return hit;
  };
}

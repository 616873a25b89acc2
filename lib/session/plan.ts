/**
 * The connection plan: the one answer to "how does this toolkit reach a
 * device". From a device (validated), its platform and the site's policy it
 * decides the management path (NETCONF or a CLI session), the transports to
 * try in order with their ports (SSH, then Telnet where the inventory and
 * the platform allow it, after the same failures everywhere), and opens
 * them: {@linkcode openPlannedShell} for CLI sessions (`openSession`,
 * `execute`, `gong`), {@linkcode openPlannedNetconf} for NETCONF. Every verb
 * and executor reaches devices through here.
 *
 * @module
 */
import { type ErrorCode, isTriggerError, TriggerError } from "../errors.ts";
import type { PlatformProfile } from "../platforms/profile.ts";
import { profileOf } from "../netdevices/platform.ts";
import type { ShellTransport } from "../transport/transport.ts";
import { connectNetconf, type NetconfClient } from "../netconf/client.ts";
import type { NetconfOptions } from "../netconf/options.ts";
import { resolveProfile, sshOptionsFor, TRANSPORTS } from "./connect.ts";
import type { AccessPolicy, SessionOptions, SessionTarget } from "./types.ts";

/** A transport kind. */
export type TransportKind = "ssh" | "telnet";

/** One transport to try, and where. */
export interface PlannedAttempt {
  /** The transport. */
  kind: TransportKind;
  /** Its TCP port. */
  port: number;
}

/** How a device will be reached. */
export interface ConnectionPlan {
  /** The device, validated. */
  readonly target: SessionTarget;
  /** Its platform profile (a private copy). */
  readonly profile: PlatformProfile;
  /** NETCONF (commands as RPCs, configuration over NETCONF) or a CLI session. */
  readonly management: "cli" | "netconf";
  /** CLI transports to try, in order (each after the previous was refused). */
  readonly attempts: readonly PlannedAttempt[];
}

/**
 * A device as the inventory describes it (a `NetDevice` fits; so does a
 * plain record with these fields).
 */
export interface InventoryDevice {
  /** Device name. */
  readonly nodeName: string;
  /** Address to connect to. */
  readonly address: string;
  /** Port of the first transport. */
  readonly port?: number | undefined;
  /** Platform id, when known. */
  readonly platform?: string | undefined;
  /** Whether scripted SSH is allowed (the settings' `sshAsyncDisabled`). */
  readonly sshAsyncEnabled?: boolean;
  /** Whether interactive SSH is allowed (the settings' `sshPtyDisabled`). */
  readonly sshPtyEnabled?: boolean;
  /** Transports to try, in order. */
  readonly transports?: readonly TransportKind[] | undefined;
  /** Reads an inventory field (`telnetPort`). */
  get?(field: string): string | undefined;
}

/**
 * The target a connection plan needs, read from an inventory device: name,
 * address, port, platform, transports, the Telnet port of the inventory's
 * `telnetPort` field, and whether SSH is disabled for it (`sshAsyncEnabled`,
 * `sshPtyEnabled`: the settings' `sshAsyncDisabled`/`sshPtyDisabled`).
 *
 * @param device The inventory device.
 * @returns The session target.
 * @throws {TriggerError} `PROFILE_INVALID` when the device's platform is unknown.
 *
 * @example A lab-style record
 * ```ts
 * import { NetDevice } from "@trigger/trigger/netdevices";
 * import { deviceTarget } from "@trigger/trigger/session";
 * import { strictEqual } from "node:assert/strict";
 *
 * const d = new NetDevice({ nodeName: "sw1", manufacturer: "ARISTA NETWORKS", telnetPort: "2323" });
 * const t = deviceTarget(d);
 * strictEqual(t.platform, "arista_eos");
 * strictEqual(t.telnetPort, 2323);
 * ```
 */
export function deviceTarget(device: InventoryDevice): SessionTarget {
  const name = device.nodeName;
  // a device naming only its vendor gets that vendor's platform, as the inventory derives it
  const platform = device.platform ?? profileOf(device)?.id;
  if (platform === undefined) {
    throw new TriggerError(
      "PROFILE_INVALID",
      `Cannot reach "${name}": its platform is unknown (give it a "platform" in the inventory)`,
      { host: name },
    );
  }
  const field = (f: string) =>
    device.get?.(f) ?? (device as unknown as Record<string, unknown>)[f] as string | undefined;
  const telnetPort = Number(field("telnetPort"));
  const t: SessionTarget = { name, address: device.address, platform };
  if (device.port !== undefined) t.port = device.port;
  if (device.transports?.length) t.transports = device.transports;
  if (Number.isInteger(telnetPort) && telnetPort > 0) t.telnetPort = telnetPort;
  if (device.sshAsyncEnabled === false) t.sshAsyncDisabled = true;
  if (device.sshPtyEnabled === false) t.sshPtyDisabled = true;
  return t;
}

/** Options of {@linkcode planConnection}. */
export interface PlanOptions {
  /**
   * Use the CLI even where the platform is managed over NETCONF (Junos).
   *
   * @default {false}
   */
  forceCli?: boolean;
  /**
   * An interactive login (`gong`): `sshPtyDisabled` applies instead of
   * `sshAsyncDisabled`.
   *
   * @default {false}
   */
  interactive?: boolean;
  /**
   * Use this transport alone (`gong --telnet`), on its inventory port.
   *
   * @default {undefined}
   */
  only?: TransportKind;
  /**
   * The site's connection policy.
   *
   * @default {{}}
   */
  policy?: AccessPolicy;
}

/**
 * SSH failures after which the next transport (Telnet) is tried: nothing
 * answers SSH there, or what answers is not an SSH server. The same codes
 * for every verb.
 */
export const FALLBACK_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "CONNECTION_REFUSED",
  "PROTOCOL_ERROR",
]);

/**
 * Whether a platform is managed over NETCONF (its profile's
 * `management.protocol`) unless the CLI is forced. The one place this is
 * decided.
 *
 * @param profile The platform profile.
 * @param forceCli The caller asked for the CLI.
 * @returns `"netconf"` or `"cli"`.
 */
export function managementOf(profile: PlatformProfile, forceCli = false): "cli" | "netconf" {
  return forceCli ? "cli" : profile.management.protocol;
}

function invalid(field: string, target: unknown, why: string): TriggerError {
  const name = (target as { name?: unknown } | null)?.name;
  const who = typeof name === "string" && name !== "" ? ` of device "${name}"` : "";
  return new TriggerError("INVALID_ARGUMENT", `Cannot reach a device: "${field}"${who} ${why}`, {
    ...(typeof name === "string" && name !== "" ? { host: name } : {}),
  });
}

function isPort(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v > 0 && v < 65536;
}

/**
 * Checks a target at a public entry point, naming the field at fault: a
 * device without an address must never connect to localhost.
 *
 * @param target What the caller passed.
 * @returns The same target, typed.
 * @throws {TriggerError} `INVALID_ARGUMENT` naming the missing or bad field.
 */
export function validateTarget(target: unknown): SessionTarget {
  if (typeof target !== "object" || target === null) {
    throw invalid("target", target, "must be an object");
  }
  const t = target as Record<string, unknown>;
  if (typeof t.name !== "string" || t.name === "") {
    throw invalid("name", target, "is missing (a non-empty string)");
  }
  if (typeof t.address !== "string" || t.address.trim() === "") {
    throw invalid("address", target, "is missing (a host name or IP address)");
  }
  if (t.port !== undefined && !isPort(t.port)) {
    throw invalid("port", target, `must be an integer from 1 to 65535, got ${String(t.port)}`);
  }
  if (t.telnetPort !== undefined && !isPort(t.telnetPort)) {
    throw invalid("telnetPort", target, `must be an integer from 1 to 65535`);
  }
  if (t.platform === undefined || t.platform === null || t.platform === "") {
    throw invalid("platform", target, "is missing (a platform id or profile)");
  }
  for (const k of [t.transport, ...(Array.isArray(t.transports) ? t.transports : [])]) {
    if (k !== undefined && k !== "ssh" && k !== "telnet") {
      throw invalid("transport", target, `must be "ssh" or "telnet", got ${JSON.stringify(k)}`);
    }
  }
  return target as SessionTarget;
}

/**
 * Plans how to reach a device: validates it, resolves its platform, picks
 * NETCONF or the CLI, and lists the CLI transports to try with their ports:
 * the target's `transport` alone when given; else its `transports` (the
 * inventory's order) that the platform supports (Telnet only while the
 * policy's `telnetFallback` allows it), SSH left out where the device's
 * `sshAsyncDisabled` (scripted) or `sshPtyDisabled` (interactive) says so.
 *
 * @param target The device.
 * @param options `forceCli`, `interactive`, the site's policy.
 * @returns The plan.
 * @throws {TriggerError} `INVALID_ARGUMENT` for a bad target or when no
 *   transport is left, `PROFILE_INVALID` for an unknown platform.
 *
 * @example Junos over NETCONF, IOS over SSH then Telnet
 * ```ts
 * import { planConnection } from "@trigger/trigger/session";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const mx = planConnection({ name: "mx1", address: "192.0.2.1", platform: "juniper_junos" });
 * strictEqual(mx.management, "netconf");
 * const r1 = planConnection({
 *   name: "r1", address: "192.0.2.2", platform: "cisco_ios", port: 2222,
 *   transports: ["ssh", "telnet"], telnetPort: 2323,
 * });
 * deepStrictEqual(r1.attempts, [{ kind: "ssh", port: 2222 }, { kind: "telnet", port: 2323 }]);
 * ```
 */
export function planConnection(target: SessionTarget, options: PlanOptions = {}): ConnectionPlan {
  const t = validateTarget(target);
  const { policy = {}, interactive = false } = options;
  const profile = resolveProfile(t);
  const supported = profile.options.transports;
  let kinds: TransportKind[];
  const forced = options.only ?? t.transport;
  if (forced !== undefined) {
    if (!supported.includes(forced)) {
      throw new TriggerError(
        "INVALID_ARGUMENT",
        `Platform "${profile.id}" does not support ${forced} (device "${t.name}")`,
        { host: t.name },
      );
    }
    kinds = [forced];
  } else {
    const wanted = t.transports?.length ? [...t.transports] : [supported[0] ?? "ssh"];
    kinds = [...new Set(wanted)].filter((k, i) =>
      supported.includes(k) && (k !== "telnet" || i === 0 || policy.telnetFallback !== false)
    );
    const setting = interactive ? "sshPtyDisabled" : "sshAsyncDisabled";
    const off = t[setting] === true;
    if (off) kinds = kinds.filter((k) => k !== "ssh");
    if (kinds.length === 0) {
      throw new TriggerError(
        "INVALID_ARGUMENT",
        `Cannot reach "${t.name}": no transport left (the inventory allows ${
          wanted.join(", ")
        }; platform "${profile.id}" supports ${supported.join(", ")}${
          off ? `; SSH is disabled for the device by the setting ${setting}` : ""
        })`,
        { host: t.name },
      );
    }
  }
  const defaults = { ssh: policy.sshPortDefault ?? 22, telnet: policy.telnetPortDefault ?? 23 };
  // `port` is the port of the transport the target names first
  const firstWanted = t.transport ?? t.transports?.[0] ?? supported[0] ?? "ssh";
  const attempts = kinds.map((kind) => ({
    kind,
    port: kind === firstWanted && t.port !== undefined
      ? t.port
      : kind === "telnet" && t.telnetPort !== undefined
      ? t.telnetPort
      : defaults[kind],
  }));
  return { target: t, profile, management: managementOf(profile, options.forceCli), attempts };
}

/**
 * Opens the plan's CLI transport: each attempt in order, the next one only
 * after a {@linkcode FALLBACK_CODES} failure (told to `options.onFallback`).
 *
 * @param plan From {@linkcode planConnection}.
 * @param options Credentials, timeouts, host key policy, signal.
 * @returns The logged-in shell transport.
 * @throws {TriggerError} The last attempt's error (`AUTH_FAILED`,
 *   `CONNECTION_REFUSED`, `TIMEOUT`, `HOSTKEY_*`, `CANCELLED`...).
 */
export async function openPlannedShell(
  plan: ConnectionPlan,
  options: SessionOptions,
): Promise<ShellTransport> {
  let last: unknown;
  for (const [i, attempt] of plan.attempts.entries()) {
    const target = { ...plan.target, transport: attempt.kind, port: attempt.port };
    try {
      return await (options.connect ?? TRANSPORTS[attempt.kind])(target, options, plan.profile);
    } catch (e) {
      last = e;
      const next = plan.attempts[i + 1];
      const again = isTriggerError(e) && FALLBACK_CODES.has(e.code) && !options.signal?.aborted;
      if (next === undefined || !again) throw e;
      options.onFallback?.(attempt.kind, next.kind, e);
    }
  }
  throw last;
}

/** Options of {@linkcode openPlannedNetconf}: a session's options plus NETCONF's own. */
export type PlannedNetconfOptions =
  & SessionOptions
  & Pick<NetconfOptions, "capabilities" | "offerBase11" | "maxMessageBytes">;

/**
 * Opens a NETCONF session as the plan says: the `netconf` subsystem of one
 * SSH connection with the device's SSH options (jump host, legacy
 * algorithms...), the credentials (password, key, agent) and the host key
 * policy. The port is the target's (Junos serves NETCONF on its SSH port),
 * else 830; `commandTimeoutMs` bounds each RPC.
 *
 * @param plan From {@linkcode planConnection}.
 * @param options Credentials, timeouts, host key policy, signal.
 * @returns The open client; close it.
 * @throws {TriggerError} `AUTH_FAILED`, `CONNECTION_REFUSED`, `TIMEOUT`,
 *   `HOSTKEY_*`, `PROTOCOL_ERROR`, `CANCELLED`.
 */
export async function openPlannedNetconf(
  plan: ConnectionPlan,
  options: PlannedNetconfOptions,
): Promise<NetconfClient> {
  const t = plan.target;
  const ssh = await sshOptionsFor(t, options, plan.profile);
  delete ssh.pty;
  const nc: NetconfOptions = { ...ssh, timeoutMs: options.commandTimeoutMs ?? 30_000 };
  for (const k of ["capabilities", "offerBase11", "maxMessageBytes"] as const) {
    if (options[k] !== undefined) Object.assign(nc, { [k]: options[k] });
  }
  return await connectNetconf({
    host: t.name,
    address: t.address,
    port: t.port ?? 830,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
  }, nc);
}

/**
 * Connects and logs in, then hands over the raw transport (no prompt
 * handling): for interactive use (`gong`), where the user drives the CLI.
 * The device is reached as {@linkcode planConnection} says, with the
 * interactive policy (`sshPtyDisabled`).
 *
 * @param target The device, or a plan from {@linkcode planConnection}.
 * @param options Credentials, timeouts, host key policy.
 * @returns The logged-in shell transport; the caller closes it.
 * @throws {TriggerError} `INVALID_ARGUMENT` (a bad target), `AUTH_FAILED`,
 *   `CONNECTION_REFUSED`, `TIMEOUT`, `HOSTKEY_MISMATCH`, `HOSTKEY_UNKNOWN`,
 *   `PROFILE_INVALID`.
 *
 * @example Pipe a device shell
 * ```ts ignore
 * import { openInteractive } from "@trigger/trigger/session";
 *
 * const shell = await openInteractive(
 *   { name: "r1", address: "192.0.2.1", platform: "cisco_ios" },
 *   { credentials: { username: "netops", password: "secret" } },
 * );
 * await shell.write("show clock\n");
 * await shell.close();
 * ```
 */
export async function openInteractive(
  target: SessionTarget | ConnectionPlan,
  options: SessionOptions,
): Promise<ShellTransport> {
  const plan = "attempts" in target ? target : planConnection(target, {
    forceCli: true,
    interactive: true,
    ...(options.policy ? { policy: options.policy } : {}),
  });
  return await openPlannedShell(plan, options);
}

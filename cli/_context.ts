/**
 * What the verbs that reach devices (`run-cmds`, `gong`, `load-config`,
 * `gnng`, `load-acl`) share: the host key flags, and the run's resources
 * built from the settings by `lib/resources` (inventory, credential store
 * with a terminal prompt, host key options with a TOFU question on a
 * terminal, connection policy), device selection, and the Commando executor
 * built from all of these.
 *
 * @module
 */
import process from "node:process";
import { type Command, Option } from "commander";
import { err, UsageError } from "./_io.ts";
import { canPrompt, terminalCredentialPrompt } from "./_secret_input.ts";
import { defaultSettings, type Settings } from "../lib/settings/mod.ts";
import { type MatchQuery, type NetDevice, NetDevices } from "../lib/netdevices/mod.ts";
import { openSettingsStore } from "./_store.ts";
import type {
  HostKeyOptions,
  HostKeyPolicy,
  HostKeyQuestion,
} from "../lib/transport/host_key_policy.ts";
import type { AccessPolicy } from "../lib/session/types.ts";
import { accessPolicy, deviceCredentials, hostKeyOptions } from "../lib/resources/mod.ts";
import {
  type CredentialResolver,
  deviceExecutor,
  type DeviceExecutorOptions,
} from "../lib/commando/executor.ts";

/** The host key flags of every verb that connects. */
export interface HostKeyOpts {
  knownHosts?: string;
  acceptNewHostkeys?: boolean;
  hostKeyPolicy?: HostKeyPolicy;
}

/** Options every fleet verb accepts. */
export interface FleetOpts extends HostKeyOpts {
  source?: string[];
  match?: string[];
}

/** Adds `--known-hosts`, `--accept-new-hostkeys` and `--host-key-policy`. */
export function hostKeyFlags(cmd: Command): Command {
  return cmd
    .option(
      "--known-hosts <path>",
      "known_hosts file (default: settings knownHostsFile: $TRIGGER_KNOWN_HOSTS or ~/.ssh/known_hosts)",
    )
    .option("--accept-new-hostkeys", "trust and record unknown host keys (never changed ones)")
    .addOption(
      new Option(
        "--host-key-policy <policy>",
        "unknown SSH host keys: refuse (strict), record (accept-new), or do not check (off)",
      ).choices(["strict", "accept-new", "off"]),
    );
}

/** The host key options of the flags, with what was recorded collected in `added`. */
export function hostKeysFrom(
  settings: Settings,
  o: HostKeyOpts,
  added: string[],
  ask = false,
): HostKeyOptions {
  let h: HostKeyOptions;
  try {
    h = hostKeyOptions(settings, {
      knownHosts: o.knownHosts,
      policy: o.hostKeyPolicy ?? (ask && !o.acceptNewHostkeys ? "accept-new" : undefined),
      acceptNew: o.acceptNewHostkeys,
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  h.onHostKeyEvent = (e) => {
    if (e.type === "added") added.push(e.message);
  };
  if (ask && o.hostKeyPolicy === undefined && !o.acceptNewHostkeys) h.askHostKey = askHostKey;
  return h;
}

/** Adds `--source`, the host key flags (and `--match` when asked). */
export function fleetOptions(cmd: Command, withMatch = true): Command {
  cmd.option(
    "--source <path>",
    "inventory source (repeatable; default: settings)",
    collect,
    [],
  );
  hostKeyFlags(cmd);
  if (withMatch) {
    cmd.option(
      "--match <key=value>",
      "select devices by inventory field (repeatable)",
      collect,
      [],
    );
  }
  return cmd;
}

/** Collects a repeatable option. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Settings, inventory, credentials, host key and connection policy, loaded once per run. */
export interface FleetContext {
  settings: Settings;
  inventory: NetDevices;
  credentials: CredentialResolver;
  hostKeys: HostKeyOptions;
  /** The connection policy of the settings. */
  policy: AccessPolicy;
  /** Host keys recorded under `--accept-new-hostkeys`. */
  added: string[];
}

/** Loads the context; `askHostKeys` marks an interactive login (TOFU question, interactive policy). */
export async function loadFleetContext(
  o: FleetOpts,
  options: { includeNonProduction?: boolean; askHostKeys?: boolean } = {},
): Promise<FleetContext> {
  const settings = defaultSettings();
  const inventory = await NetDevices.load({
    settings,
    includeNonProduction: options.includeNonProduction ?? false,
    ...(o.source?.length ? { source: o.source } : {}),
  });
  for (const w of inventory.warnings) err(`warning: ${w}`);
  const store = await openSettingsStore(settings);
  const prompt = terminalCredentialPrompt();
  const credentials = deviceCredentials(settings, { store, prompt });
  const added: string[] = [];
  const ask = options.askHostKeys === true && canPrompt();
  const hostKeys = hostKeysFrom(settings, o, added, ask);
  const policy = accessPolicy(settings, { interactive: options.askHostKeys === true });
  return { settings, inventory, credentials, hostKeys, policy, added };
}

/** The OpenSSH-style trust-on-first-use question, answered on the terminal. */
export async function askHostKey(q: HostKeyQuestion): Promise<boolean> {
  const { input } = await import("@inquirer/prompts");
  const type = q.keyType.replace(/^ssh-/, "").toUpperCase();
  err(
    `The authenticity of host '${q.host} (${q.spec})' can't be established.\n` +
      `${type} key fingerprint is ${q.fingerprint}.`,
  );
  for (;;) {
    const answer = (await input(
      { message: "Are you sure you want to continue connecting (yes/no)?" },
      { output: process.stderr },
    )).trim().toLowerCase();
    if (answer === "yes") return true;
    if (answer === "no") return false;
    err("Please type 'yes' or 'no'");
  }
}

/** Parses `--match key=value` flags into a query (values of one key are ORed). */
export function matchQuery(flags: readonly string[]): MatchQuery {
  const q: Record<string, string[]> = {};
  for (const f of flags) {
    const at = f.indexOf("=");
    if (at <= 0) throw new UsageError(`Cannot use --match "${f}": expected key=value`);
    (q[f.slice(0, at)] ??= []).push(f.slice(at + 1));
  }
  return q;
}

/** The devices named (resolved later, so unknown names become per-device errors) plus matches. */
export function selectDevices(
  ctx: FleetContext,
  names: readonly string[],
  match: readonly string[] = [],
): (NetDevice | string)[] {
  // concat, never push(...spread): a spread passes every device as an
  // argument, and a fleet of ~125,000 overflowed the stack
  const picked: (NetDevice | string)[] = match.length > 0
    ? (names as (NetDevice | string)[]).concat(ctx.inventory.match(matchQuery(match)))
    : [...names];
  if (picked.length === 0) throw new UsageError("No devices: name some, or use --match key=value");
  return picked;
}

/**
 * Resolves credentials for every realm of the resolvable devices one after
 * another, so terminal prompts never interleave; failures are left for the
 * devices to report.
 */
export async function prefetchCredentials(
  ctx: FleetContext,
  devices: readonly (NetDevice | string)[],
): Promise<void> {
  const realms = new Map<string, NetDevice>();
  for (const d of devices) {
    let dev: NetDevice | undefined;
    try {
      dev = typeof d === "string" ? ctx.inventory.find(d) : d;
    } catch {
      continue;
    }
    if (!realms.has(dev.realm)) realms.set(dev.realm, dev);
  }
  for (const [realm, dev] of realms) await ctx.credentials(realm, dev).catch(() => {});
}

/** Seconds from a CLI flag to milliseconds, validated. */
export function secondsOption(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(n > 0)) throw new UsageError(`Cannot use ${flag} "${value}": expected a positive number`);
  return Math.round(n * 1000);
}

/** A positive integer from a CLI flag. */
export function intOption(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw new UsageError(`Cannot use ${flag} "${value}": expected a positive integer`);
  }
  return n;
}

/** The device executor with the context's credentials, host keys and timeouts. */
export function fleetExecutor(
  ctx: FleetContext,
  timeoutMs: number,
  extra: Partial<DeviceExecutorOptions> = {},
): ReturnType<typeof deviceExecutor> {
  const cap = (ms: number) => Math.min(ms, timeoutMs);
  return deviceExecutor({
    ...ctx.hostKeys,
    policy: ctx.policy,
    credentials: ctx.credentials,
    connectTimeoutMs: cap(ctx.settings.connectTimeoutMs),
    loginTimeoutMs: cap(20_000),
    commandTimeoutMs: cap(ctx.settings.commandTimeoutMs),
    ...extra,
  });
}

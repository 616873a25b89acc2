/**
 * Opening the transport of a session: one table from transport kind to
 * connector (SSH with login in the transport, Telnet with the login state
 * machine), and the raw interactive passthrough used by `gong`.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import { getPlatform } from "../platforms/registry.ts";
import { assertPlatformProfile, type PlatformProfile } from "../platforms/profile.ts";
import { connectSsh, type SshOptions } from "../transport/ssh.ts";
import { connectTelnet } from "../transport/telnet.ts";
import { telnetLogin } from "../transport/telnet_login.ts";
import { revealSecret } from "../transport/_ssh2.ts";
import type { ShellTransport } from "../transport/transport.ts";
import type { SessionOptions, SessionTarget, TransportConnector } from "./types.ts";

const DEFAULT_PORTS = { ssh: 22, telnet: 23 } as const;

function connectTarget(target: SessionTarget, kind: "ssh" | "telnet", options: SessionOptions) {
  return {
    host: target.name,
    address: target.address,
    port: target.port ?? DEFAULT_PORTS[kind],
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
  };
}

const sshConnector: TransportConnector = (target, options, profile) => {
  const c = options.credentials;
  const ssh: SshOptions = {
    legacyAlgorithms: profile.options.legacyAlgorithms,
    ...target.sshOptions,
    username: c.username,
    loginTimeoutMs: options.loginTimeoutMs ?? 20_000,
    pty: { term: profile.options.term, ...target.sshOptions?.pty },
  };
  if (options.signal !== undefined) ssh.signal = options.signal;
  if (c.password !== undefined) ssh.password = c.password;
  if (c.privateKey !== undefined) ssh.privateKey = c.privateKey;
  if (c.privateKeyPath !== undefined) ssh.privateKeyPath = c.privateKeyPath;
  if (c.passphrase !== undefined) ssh.passphrase = c.passphrase;
  for (const k of ["hostKeyPolicy", "knownHostsPath", "onHostKeyEvent", "askHostKey"] as const) {
    if (options[k] !== undefined) Object.assign(ssh, { [k]: options[k] });
  }
  return connectSsh(connectTarget(target, "ssh", options), ssh);
};

/**
 * A prompt of any of the platform's modes at the end of the login text, so
 * that the login ends on prompts the generic `>` pattern misses (ScreenOS
 * `host-> `, ArubaOS `(host) >`).
 */
function loginPromptPattern(profile: PlatformProfile): RegExp {
  const alts = profile.modes.map((m) =>
    `(?:${m.promptPattern.replace(/^\^/, "").replace(/\$$/, "")})`
  );
  return new RegExp(`(?:^|[\r\n])[ \t]*(?:${alts.join("|")})[ \t]*$`);
}

const telnetConnector: TransportConnector = async (target, options, profile) => {
  const t = await connectTelnet(
    connectTarget(target, "telnet", options),
    options.signal ? { signal: options.signal } : {},
  );
  try {
    const password = revealSecret(options.credentials.password);
    if (password === undefined) {
      throw new TriggerError("AUTH_FAILED", `No password to log in to "${target.name}" by Telnet`, {
        host: target.name,
      });
    }
    await telnetLogin(t, {
      username: options.credentials.username,
      password,
      patterns: { prompt: loginPromptPattern(profile) },
    }, {
      timeoutMs: options.loginTimeoutMs ?? 20_000,
      returnChar: profile.options.returnChar,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    // the login consumed the first prompt: ask for a fresh one
    await t.write(profile.options.returnChar);
    return t;
  } catch (e) {
    await t.close();
    throw e;
  }
};

/** The transports a session can use, by kind. */
export const TRANSPORTS: Readonly<Record<"ssh" | "telnet", TransportConnector>> = Object.freeze({
  ssh: sshConnector,
  telnet: telnetConnector,
});

/** Resolves the target's platform to a profile (validated when given inline). */
export function resolveProfile(target: SessionTarget): PlatformProfile {
  return typeof target.platform === "string"
    ? getPlatform(target.platform)
    : structuredClone(assertPlatformProfile(target.platform));
}

/** Picks the transport kind: the target's, else the platform's first. */
export function transportKind(target: SessionTarget, profile: PlatformProfile): "ssh" | "telnet" {
  const kind = target.transport ?? profile.options.transports[0] ?? "ssh";
  if (!profile.options.transports.includes(kind)) {
    throw new TriggerError(
      "INVALID_ARGUMENT",
      `Platform "${profile.id}" does not support ${kind} (device "${target.name}")`,
      { host: target.name },
    );
  }
  return kind;
}

/** Connects and logs in; the transport is positioned after the login. */
export function openTransport(
  target: SessionTarget,
  options: SessionOptions,
  profile: PlatformProfile,
): Promise<ShellTransport> {
  const kind = transportKind(target, profile);
  return (options.connect ?? TRANSPORTS[kind])(target, options, profile);
}

/**
 * Connects and logs in, then hands over the raw transport (no prompt
 * handling): for interactive use (`gong`), where the user drives the CLI.
 *
 * @param target The device.
 * @param options Credentials, timeouts, host key policy.
 * @returns The logged-in shell transport; the caller closes it.
 * @throws {TriggerError} `AUTH_FAILED`, `CONNECTION_REFUSED`, `TIMEOUT`,
 *   `HOSTKEY_MISMATCH`, `HOSTKEY_UNKNOWN`, `PROFILE_INVALID`.
 *
 * @example Pipe a device shell
 * ```ts ignore
 * import { openInteractive } from "@trigger/trigger";
 *
 * const shell = await openInteractive(
 *   { name: "r1", address: "192.0.2.1", platform: "cisco_ios" },
 *   { credentials: { username: "netops", password: "secret" } },
 * );
 * await shell.write("show clock\n");
 * await shell.close();
 * ```
 */
export function openInteractive(
  target: SessionTarget,
  options: SessionOptions,
): Promise<ShellTransport> {
  return openTransport(target, options, resolveProfile(target));
}

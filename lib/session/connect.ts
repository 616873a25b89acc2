/**
 * Opening one transport of a session: one table from transport kind to
 * connector (SSH with login in the transport, Telnet with the login state
 * machine) and the SSH options every SSH connection of a session takes. Which
 * transports, in what order, is the connection plan's (`plan.ts`).
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import { getPlatform } from "../platforms/registry.ts";
import { assertPlatformProfile, type PlatformProfile } from "../platforms/profile.ts";
import { connectSsh, type SshOptions } from "../transport/ssh.ts";
import { hostKeyOptionsOf } from "../transport/host_key_policy.ts";
import { connectTelnet } from "../transport/telnet.ts";
import { telnetLogin } from "../transport/telnet_login.ts";
import { revealSecret } from "../transport/_ssh2.ts";
import type { SessionOptions, SessionTarget, TransportConnector } from "./types.ts";

/**
 * The SSH options of a connection to a target: the platform's legacy
 * algorithms, the device's `sshOptions` (jump host, keepalives...), the
 * credentials, the host key policy, the site's login order and terminal
 * type, timeouts and the signal. Shells and NETCONF take the same.
 */
export function sshOptionsFor(
  target: SessionTarget,
  options: SessionOptions,
  profile: PlatformProfile,
): SshOptions {
  const c = options.credentials;
  const policy = options.policy ?? {};
  const ssh: SshOptions = {
    legacyAlgorithms: profile.options.legacyAlgorithms,
    ...target.sshOptions,
    username: c.username,
    loginTimeoutMs: options.loginTimeoutMs ?? 20_000,
    pty: { term: policy.term ?? profile.options.term, ...target.sshOptions?.pty },
  };
  if (policy.sshAuthenticationOrder !== undefined) {
    ssh.authenticationOrder = policy.sshAuthenticationOrder;
  }
  if (options.signal !== undefined) ssh.signal = options.signal;
  if (c.password !== undefined) ssh.password = c.password;
  if (c.privateKey !== undefined) ssh.privateKey = c.privateKey;
  if (c.privateKeyPath !== undefined) ssh.privateKeyPath = c.privateKeyPath;
  if (c.passphrase !== undefined) ssh.passphrase = c.passphrase;
  return { ...ssh, ...hostKeyOptionsOf(options) };
}

function connectTarget(target: SessionTarget, kind: "ssh" | "telnet", options: SessionOptions) {
  return {
    host: target.name,
    address: target.address,
    port: target.port ?? (kind === "ssh" ? 22 : 23),
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
  };
}

const sshConnector: TransportConnector = (target, options, profile) =>
  connectSsh(connectTarget(target, "ssh", options), sshOptionsFor(target, options, profile));

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
    const c = options.credentials;
    const password = revealSecret(c.password) ?? revealSecret(c.loginPassword);
    if (password === undefined) {
      throw new TriggerError("AUTH_FAILED", `No password to log in to "${target.name}" by Telnet`, {
        host: target.name,
      });
    }
    const loginPassword = revealSecret(c.loginPassword);
    await telnetLogin(t, {
      username: c.username,
      password,
      ...(loginPassword === undefined ? {} : { loginPassword }),
      patterns: { prompt: loginPromptPattern(profile) },
    }, {
      timeoutMs: options.policy?.telnetLoginTimeoutMs ?? options.loginTimeoutMs ?? 20_000,
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

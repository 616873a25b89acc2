/**
 * Types shared by the session layer: the device to reach, the credentials,
 * the options, and one command's result.
 *
 * @module
 */
import type { SecretLike, SshOptions } from "../transport/ssh.ts";
import type { HostKeyOptions } from "../transport/host_key_policy.ts";
import type { PlatformProfile } from "../platforms/profile.ts";
import type { ShellTransport } from "../transport/transport.ts";

/** Who logs in. Secrets may be strings or anything with `reveal()`. */
export interface SessionCredentials {
  /** User name. */
  username: string;
  /** Login password (also answers keyboard-interactive prompts). */
  password?: SecretLike;
  /**
   * The password of a Telnet login that asks for no user name (the
   * inventory's `loginPW`); default: `password`.
   */
  loginPassword?: SecretLike;
  /** Enable / privilege password, resolved for `{ secret: "enable" }` steps. */
  enablePassword?: SecretLike;
  /** Private key text. */
  privateKey?: string;
  /** Private key file. */
  privateKeyPath?: string;
  /** Passphrase of the private key. */
  passphrase?: SecretLike;
}

/** SSH settings a device may carry (credentials come from the options). */
export type DeviceSshOptions = Omit<
  SshOptions,
  "username" | "password" | "privateKey" | "privateKeyPath" | "passphrase" | keyof HostKeyOptions
>;

/** The device a session talks to (a structural subset of an inventory device). */
export interface SessionTarget {
  /** Device name (used in errors, logs and known_hosts lookups). */
  name: string;
  /** Address to connect to. */
  address: string;
  /** TCP port (default 22 for SSH, 23 for Telnet). */
  port?: number;
  /** Platform id (see `listPlatforms()`) or a profile. */
  platform: string | PlatformProfile;
  /** Transport to use, and no other (default: `transports`, else the platform's first). */
  transport?: "ssh" | "telnet";
  /**
   * Transports to try in order, each after the previous one was refused
   * (the inventory's `transports`); `port` is the first one's port.
   */
  transports?: readonly ("ssh" | "telnet")[];
  /** Telnet port when Telnet is not the first transport (the inventory's `telnetPort`). */
  telnetPort?: number;
  /**
   * SSH is not used for scripted sessions on this device (its vendor and
   * type are in the settings' `sshAsyncDisabled`): Telnet instead.
   */
  sshAsyncDisabled?: boolean;
  /**
   * SSH is not used for interactive logins on this device (`sshPtyDisabled`).
   */
  sshPtyDisabled?: boolean;
  /** Per-device SSH settings (legacy algorithms, jump host, keepalives ...). */
  sshOptions?: DeviceSshOptions;
}

/**
 * How this site reaches devices, beyond one device's facts: the settings
 * that shape every connection (built from them by `accessPolicy()`). The
 * per-device settings (`sshAsyncDisabled`, `sshPtyDisabled`) come with the
 * device (`deviceTarget()`).
 */
export interface AccessPolicy {
  /**
   * Whether Telnet may follow a refused SSH at all (`TELNET_ENABLED`).
   *
   * @default {true}
   */
  telnetFallback?: boolean;
  /**
   * Telnet port of devices that name none (`TELNET_PORT`).
   *
   * @default {23}
   */
  telnetPortDefault?: number;
  /**
   * SSH port of devices that name none (`SSH_PORT`).
   *
   * @default {22}
   */
  sshPortDefault?: number;
  /**
   * Milliseconds allowed for a Telnet login (`TELNET_TIMEOUT_MS`).
   *
   * @default {the session's loginTimeoutMs}
   */
  telnetLoginTimeoutMs?: number;
  /**
   * Terminal type of pty requests (`TERM_TYPE`).
   *
   * @default {the platform's}
   */
  term?: string;
  /**
   * SSH login methods, in order (`SSH_AUTHENTICATION_ORDER`): `password`,
   * `keyboard-interactive`, `publickey` (keys and the agent).
   *
   * @default {["password", "keyboard-interactive", "publickey"]}
   */
  sshAuthenticationOrder?: readonly string[];
}

/**
 * Opens a transport to a target; the connection plan picks one by kind.
 * `target.transport` and `target.port` name the attempt.
 */
export type TransportConnector = (
  target: SessionTarget,
  options: SessionOptions,
  profile: PlatformProfile,
) => Promise<ShellTransport>;

/** Options of `openSession`, `execute` and `openInteractive`. */
export interface SessionOptions extends HostKeyOptions {
  /** Who logs in. */
  credentials: SessionCredentials;
  /**
   * Milliseconds allowed to open the TCP connection.
   *
   * @default {10000}
   */
  connectTimeoutMs?: number;
  /**
   * Milliseconds allowed for authentication and the first prompt.
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
   * Pause between commands.
   *
   * @default {0}
   */
  commandIntervalMs?: number;
  /**
   * Mode to run commands in (default: the platform's `defaultMode`).
   *
   * @default {undefined}
   */
  mode?: string;
  /**
   * Answer the platform's confirmation questions automatically.
   *
   * @default {true}
   */
  autoConfirm?: boolean;
  /**
   * Receives everything the device sends, as text (for session logs).
   *
   * @default {undefined}
   */
  onData?: (text: string) => void;
  /**
   * Cancels connecting and waiting.
   *
   * @default {undefined}
   */
  signal?: AbortSignal;
  /**
   * Replaces the transport table entry for the target's transport kind (tests,
   * in-process links).
   *
   * @default {undefined}
   */
  connect?: TransportConnector;
  /**
   * The site's connection policy (ports, Telnet fallback and login timeout,
   * terminal type, SSH login order).
   *
   * @default {{}}
   */
  policy?: AccessPolicy;
  /**
   * Told when a transport was refused and the next one is tried.
   *
   * @default {undefined}
   */
  onFallback?: (from: "ssh" | "telnet", to: "ssh" | "telnet", error: unknown) => void;
}

/** One command's outcome. */
export interface CommandResult {
  /** The command sent. */
  command: string;
  /** Cleaned output: no echo, no prompt, no pager artefacts, no escapes. */
  output: string;
  /** Everything received for the command, as text, unprocessed. */
  raw: string;
  /** Whether the output contains one of the platform's failure indicators. */
  failed: boolean;
  /** When the command was sent. */
  startedAt: Date;
  /** Milliseconds until the prompt came back. */
  elapsedMs: number;
}

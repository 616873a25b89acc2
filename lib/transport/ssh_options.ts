/**
 * Options of the SSH transport: credentials, host key checking, timeouts,
 * keepalives, algorithms, jump host and pty.
 *
 * @module
 */
import type { ConnectTarget } from "./transport.ts";
import type { HostKeyOptions } from "./host_key_policy.ts";

/** A secret value or anything with `reveal()` (the credentials Secret). */
export type SecretLike = string | { reveal(): string };

/** Per-category algorithm overrides (ssh2 `append` / `prepend` / `remove`). */
export interface AlgorithmOverrides {
  /** Key exchange algorithms to add. */
  kex?: string[];
  /** Ciphers to add. */
  cipher?: string[];
  /** Host key algorithms to add. */
  serverHostKey?: string[];
  /** MACs to add. */
  hmac?: string[];
}

/** Who logs in, and how. */
export interface SshAuthOptions {
  /** User name. */
  username: string;
  /**
   * Password, also used to answer keyboard-interactive password prompts.
   *
   * @default {undefined}
   */
  password?: SecretLike;
  /**
   * Private key text (OpenSSH or PEM).
   *
   * @default {undefined}
   */
  privateKey?: string | Uint8Array;
  /**
   * Private key file, read when `privateKey` is not given.
   *
   * @default {undefined}
   */
  privateKeyPath?: string;
  /**
   * Passphrase of an encrypted private key.
   *
   * @default {undefined}
   */
  passphrase?: SecretLike;
  /**
   * Login methods to try, in order: `password`, `keyboard-interactive`,
   * `publickey` (the key, then the agent's keys); unlisted methods are not
   * tried (the original's `SSH_AUTHENTICATION_ORDER`).
   *
   * @default {["password", "keyboard-interactive", "publickey"]}
   */
  authenticationOrder?: readonly string[];
  /**
   * ssh-agent socket; `false` disables the agent.
   *
   * @default {process.env.SSH_AUTH_SOCK}
   */
  agent?: string | false;
}

/** A jump host: where it is, and how to log in to it. */
export interface SshJumpHost extends ConnectTarget, SshAuthOptions, HostKeyOptions {}

/** Options of {@linkcode openSshConnection} and {@linkcode connectSsh}. */
export interface SshOptions extends SshAuthOptions, HostKeyOptions {
  /**
   * Milliseconds allowed for the SSH handshake and authentication.
   *
   * @default {20000}
   */
  loginTimeoutMs?: number;
  /**
   * Milliseconds between keepalive requests (0 disables).
   *
   * @default {15000}
   */
  keepaliveIntervalMs?: number;
  /**
   * Unanswered keepalives before the connection is dropped.
   *
   * @default {3}
   */
  keepaliveCountMax?: number;
  /**
   * Offer legacy algorithms (group14-sha1, group1-sha1, aes*-cbc, 3des-cbc,
   * ssh-rsa, hmac-sha1). Per device or platform only.
   *
   * @default {false}
   */
  legacyAlgorithms?: boolean;
  /**
   * Extra algorithms to offer, appended to the defaults.
   *
   * @default {{}}
   */
  algorithms?: AlgorithmOverrides;
  /**
   * Reach the target through this host (ProxyJump, one hop).
   *
   * @default {undefined}
   */
  jumpHost?: SshJumpHost;
  /**
   * Terminal for shells.
   *
   * @default {{ term: "vt100", columns: 511, rows: 24 }}
   */
  pty?: { term?: string; columns?: number; rows?: number };
  /**
   * Receives the pre-authentication banner, if the server sends one.
   *
   * @default {undefined}
   */
  onBanner?: (text: string) => void;
  /**
   * Cancels connecting: aborting it while the TCP connect, the handshake, the
   * login or the opening of a shell is under way closes the connection at
   * once and rejects with `CANCELLED`. It has no effect once connected.
   *
   * @default {undefined}
   */
  signal?: AbortSignal;
}

/** The outcome of {@linkcode SshConnection.execCommand}. */
export interface ExecResult {
  /** Standard output, as UTF-8 text. */
  stdout: string;
  /** Standard error, as UTF-8 text. */
  stderr: string;
  /** Exit status, or `null` when the server sent none (or a signal). */
  exitCode: number | null;
}

/** The byte stream of a subsystem channel ({@linkcode SshConnection.openSubsystem}). */
export interface SshSubsystemStream {
  /** Sends bytes; `false` means wait for `drain`. */
  write(data: Uint8Array | string): boolean;
  /** Ends the channel. */
  end(): void;
  /** Bytes from the server. */
  on(ev: "data", fn: (d: Uint8Array) => void): this;
  /** The channel closed. */
  on(ev: "close", fn: () => void): this;
  /** The channel failed. */
  on(ev: "error", fn: (e: Error) => void): this;
}

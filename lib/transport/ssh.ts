/**
 * SSH transport over npm:ssh2: password, keyboard-interactive, public key and
 * agent authentication; host key verification against known_hosts; legacy
 * algorithms per device; exec channels and pty shells (a
 * {@linkcode ShellTransport}); one jump host.
 *
 * @module
 */
import type { Socket } from "node:net";
import { Buffer } from "node:buffer";
import process from "node:process";
import type { Duplex } from "node:stream";
import { TriggerError } from "../errors.ts";
import { raceAbort } from "../_util/abort.ts";
import { runExec } from "./_ssh_exec.ts";
import { tcpConnect } from "./_tcp.ts";
import { checkConnectTarget, type ConnectTarget, type ShellTransport } from "./transport.ts";
import {
  algorithmsOption,
  mapSsh2Error,
  newClient,
  revealSecret,
  type Ssh2Channel,
  type Ssh2Client,
  waitAtMost,
} from "./_ssh2.ts";
import { defaultKnownHostsPath, verifyHostKey } from "./host_key_policy.ts";
import { knownKeyTypes } from "./known_hosts.ts";
import { knownEntries } from "./_known_hosts_cache.ts";
import { SshShell } from "./ssh_shell.ts";

export type {
  AlgorithmOverrides,
  ExecResult,
  SecretLike,
  SshAuthOptions,
  SshJumpHost,
  SshOptions,
  SshSubsystemStream,
} from "./ssh_options.ts";

import type { ExecResult, SshAuthOptions, SshOptions, SshSubsystemStream } from "./ssh_options.ts";
export type { SshShell } from "./ssh_shell.ts";

/** Keyboard-interactive rounds answered before the login counts as failed. */
const MAX_KEYBOARD_ROUNDS = 5;

function connecting(host: string): string {
  return `Connecting to "${host}"`;
}

/** The login methods, in order (ssh2 names; `publickey` is the key, then the agent). */
export const SSH_AUTH_METHODS: readonly string[] = Object.freeze([
  "password",
  "keyboard-interactive",
  "publickey",
]);

function authHandlerList(host: string, order: readonly string[] = SSH_AUTH_METHODS): string[] {
  const list = ["none"];
  for (const m of order) {
    if (!SSH_AUTH_METHODS.includes(m)) {
      throw new TriggerError(
        "INVALID_ARGUMENT",
        `Cannot log in to "${host}": unknown SSH login method "${m}" (expected ${
          SSH_AUTH_METHODS.join(", ")
        })`,
        { host },
      );
    }
    list.push(...(m === "publickey" ? ["publickey", "agent"] : [m]));
  }
  return list;
}

/** An authenticated SSH connection; open exec or shell channels on it. */
export class SshConnection {
  /** Device name. */
  readonly host: string;
  #client: Ssh2Client;
  #jump: SshConnection | undefined;
  #closed = false;
  #closedPromise: Promise<void>;
  #options: SshOptions;

  /** @internal Use {@linkcode openSshConnection}. */
  constructor(host: string, client: Ssh2Client, options: SshOptions, jump?: SshConnection) {
    this.host = host;
    this.#client = client;
    this.#options = options;
    this.#jump = jump;
    this.#closedPromise = new Promise((r) => client.on("close", () => r()));
    client.on("close", () => {
      this.#closed = true;
    });
  }

  /** Whether the connection has closed. */
  get closed(): boolean {
    return this.#closed;
  }

  #channel(phase: string, open: (cb: (err: Error | undefined, ch: Ssh2Channel) => void) => void) {
    if (this.#closed) {
      return Promise.reject(
        new TriggerError("TRANSPORT_CLOSED", `Connection to "${this.host}" is closed`, {
          host: this.host,
        }),
      );
    }
    return new Promise<Ssh2Channel>((resolve, reject) =>
      open((err, ch) => err ? reject(mapSsh2Error(this.host, err, phase)) : resolve(ch))
    );
  }

  /**
   * Runs one command on an exec channel (no pty, no prompt).
   *
   * @param command The command line.
   * @param options `timeoutMs` for the whole command.
   * @returns Its output and exit status.
   * @throws {TriggerError} `TIMEOUT` (carrying the last output), `TRANSPORT_CLOSED`.
   */
  async execCommand(command: string, options: { timeoutMs?: number } = {}): Promise<ExecResult> {
    if (this.#closed) {
      throw new TriggerError("TRANSPORT_CLOSED", `Connection to "${this.host}" is closed`, {
        host: this.host,
      });
    }
    return await runExec(this.#client, this.host, command, options.timeoutMs ?? 30_000);
  }

  /**
   * Opens an interactive shell with a pty.
   *
   * @param pty Terminal type and size (defaults from the connection options).
   * @returns A ShellTransport; closing it leaves the connection open.
   * @throws {TriggerError} `PROTOCOL_ERROR` when the server refuses the shell.
   */
  async openShell(pty: SshOptions["pty"] = this.#options.pty ?? {}): Promise<SshShell> {
    const { term = "vt100", columns = 511, rows = 24 } = pty;
    const ch = await this.#channel(
      "opening a shell",
      (cb) => this.#client.shell({ term, cols: columns, rows }, cb),
    );
    return new SshShell(this.host, ch, undefined);
  }

  /**
   * Opens a subsystem channel (`netconf`, `sftp`...) on this connection: the
   * same login, host key check, jump host and algorithms as the shells.
   *
   * @param name The subsystem name.
   * @returns The channel's byte stream; ending it leaves the connection open.
   * @throws {TriggerError} `PROTOCOL_ERROR` when the server refuses the
   *   subsystem, `TRANSPORT_CLOSED` when the connection is closed.
   */
  async openSubsystem(name: string): Promise<SshSubsystemStream> {
    try {
      return await this.#channel(
        `opening the ${name} subsystem`,
        (cb) => this.#client.subsys(name, cb),
      );
    } catch (e) {
      if (!(e instanceof TriggerError) || e.code === "TRANSPORT_CLOSED") throw e;
      throw new TriggerError(
        "PROTOCOL_ERROR",
        `"${this.host}" refused the ${name} subsystem: ${
          e.cause instanceof Error ? e.cause.message : e.message
        }`,
        { host: this.host, cause: e },
      );
    }
  }

  /** Resolves once the connection has closed (whoever closed it). */
  whenClosed(): Promise<void> {
    return this.#closedPromise;
  }

  /**
   * Opens a TCP stream to another host through this connection.
   *
   * @param address Target address as seen from this host.
   * @param port Target port.
   * @returns The channel, usable as ssh2's `sock`.
   * @throws {TriggerError} `CONNECTION_REFUSED` when the server refuses to forward.
   */
  async forwardOut(address: string, port: number): Promise<Duplex> {
    try {
      return (await this.#channel(
        "forwarding",
        (cb) => this.#client.forwardOut("127.0.0.1", 0, address, port, cb),
      )) as unknown as Duplex;
    } catch (e) {
      throw new TriggerError(
        "CONNECTION_REFUSED",
        `Jump host "${this.host}" cannot reach ${address}:${port}`,
        { host: this.host, cause: e },
      );
    }
  }

  /** Closes the connection (and the jump host's); safe to call twice. */
  async close(): Promise<void> {
    if (!this.#closed) {
      this.#client.end();
      await waitAtMost(this.#closedPromise, 2000);
      if (!this.#closed) this.#client.destroy();
    }
    await this.#jump?.close();
  }
}

async function loadKey(options: SshAuthOptions): Promise<string | Uint8Array | undefined> {
  if (options.privateKey !== undefined) return options.privateKey;
  if (options.privateKeyPath === undefined) return undefined;
  try {
    return await Deno.readFile(options.privateKeyPath);
  } catch (e) {
    throw new TriggerError("AUTH_FAILED", `Cannot read private key ${options.privateKeyPath}`, {
      cause: e,
    });
  }
}

/**
 * Connects, verifies the host key and authenticates.
 *
 * @param target Where to connect (`connectTimeoutMs` bounds the TCP connect and the SSH handshake).
 * @param options Credentials, host key policy, timeouts, algorithms, jump host.
 * @returns An authenticated connection.
 * @throws {TriggerError} `CONNECTION_REFUSED`, `TIMEOUT`, `AUTH_FAILED`,
 *   `HOSTKEY_MISMATCH`, `HOSTKEY_UNKNOWN`, `PROTOCOL_ERROR`, `TRANSPORT_CLOSED`.
 *
 * @example Run a command on an exec channel
 * ```ts ignore
 * import { openSshConnection } from "@trigger/trigger/transport";
 *
 * const conn = await openSshConnection(
 *   { host: "r1", address: "192.0.2.1", port: 22 },
 *   { username: "netops", password: "secret", hostKeyPolicy: "accept-new" },
 * );
 * const { stdout } = await conn.execCommand("show version");
 * await conn.close();
 * ```
 */
export async function openSshConnection(
  target: ConnectTarget,
  options: SshOptions,
): Promise<SshConnection> {
  const {
    loginTimeoutMs = 20_000,
    keepaliveIntervalMs = 15_000,
    keepaliveCountMax = 3,
    legacyAlgorithms = false,
    algorithms = {},
    jumpHost,
    agent = process.env.SSH_AUTH_SOCK,
    signal,
  } = options;
  checkConnectTarget(target);
  const { host, connectTimeoutMs = 10_000 } = target;
  const authHandler = authHandlerList(host, options.authenticationOrder);
  const names = [...new Set([target.address, host])];
  const knownPath = options.knownHostsPath ?? defaultKnownHostsPath();
  let preferTypes: string[] = [];
  try {
    if (knownPath) preferTypes = knownKeyTypes(await knownEntries(knownPath), names, target.port);
  } catch { /* unreadable file: nothing to prefer */ }
  const privateKey = await loadKey(options);
  let jump: SshConnection | undefined;
  let sock: Socket | Duplex;
  if (jumpHost) {
    const jumpOptions: SshOptions = {
      ...jumpHost,
      hostKeyPolicy: jumpHost.hostKeyPolicy ?? options.hostKeyPolicy ?? "strict",
    };
    const jumpKnown = jumpHost.knownHostsPath ?? knownPath;
    if (jumpKnown !== undefined) jumpOptions.knownHostsPath = jumpKnown;
    if (!jumpOptions.onHostKeyEvent && options.onHostKeyEvent) {
      jumpOptions.onHostKeyEvent = options.onHostKeyEvent;
    }
    if (!jumpOptions.askHostKey && options.askHostKey) jumpOptions.askHostKey = options.askHostKey;
    if (!jumpOptions.signal && signal) jumpOptions.signal = signal;
    jump = await openSshConnection(jumpHost, jumpOptions);
    try {
      sock = await jump.forwardOut(target.address, target.port);
    } catch (e) {
      await jump.close();
      throw e;
    }
  } else {
    sock = await tcpConnect(target, connectTimeoutMs, signal);
  }
  const client = newClient();
  const password = revealSecret(options.password);
  /** Why the login failed, when we know better than ssh2's error. */
  let failure: TriggerError | undefined;
  const config: Record<string, unknown> = {
    sock,
    username: options.username,
    readyTimeout: loginTimeoutMs,
    keepaliveInterval: keepaliveIntervalMs,
    keepaliveCountMax,
    algorithms: algorithmsOption(legacyAlgorithms, algorithms, preferTypes),
    hostVerifier: (key: Uint8Array, verify: (ok: boolean) => void) => {
      verifyHostKey(host, names, target.port, new Uint8Array(key), {
        ...options,
        ...(knownPath ? { knownHostsPath: knownPath } : {}),
      }).then(
        () => verify(true),
        (e) => {
          failure = e instanceof TriggerError ? e : mapSsh2Error(host, e, "checking host key");
          verify(false);
        },
      );
    },
  };
  if (password !== undefined) {
    config.password = password;
    config.tryKeyboard = true;
    let rounds = 0;
    client.on("keyboard-interactive", (_n, _i, _l, prompts, finish) => {
      // a server that keeps asking (wrong password, OTP we cannot answer) must not
      // hold the login until the timeout: give up after a few rounds
      if (++rounds > MAX_KEYBOARD_ROUNDS) {
        failure ??= new TriggerError(
          "AUTH_FAILED",
          `Cannot log in to "${host}": keyboard-interactive asked ${MAX_KEYBOARD_ROUNDS} times without accepting`,
          { host },
        );
        client.end();
        return;
      }
      finish(prompts.map((p) => /pass(word|code|phrase)?/i.test(p.prompt) ? password : ""));
    });
  }
  if (privateKey !== undefined) {
    config.privateKey = typeof privateKey === "string" ? privateKey : Buffer.from(privateKey);
    const pp = revealSecret(options.passphrase);
    if (pp !== undefined) config.passphrase = pp;
  }
  if (agent) config.agent = agent;
  config.authHandler = authHandler;
  if (options.onBanner) client.on("banner", options.onBanner);
  // as OpenSSH's ConnectTimeout: connecting ends with the SSH handshake, so a
  // port that accepts and never speaks SSH fails within connectTimeoutMs
  const handshake = setTimeout(() => {
    failure ??= new TriggerError(
      "TIMEOUT",
      `Cannot connect to "${host}" (${target.address}:${target.port}): no SSH handshake within ${connectTimeoutMs} ms`,
      { host },
    );
    client.destroy();
  }, connectTimeoutMs);
  client.on("handshake", () => clearTimeout(handshake));
  const login = new Promise<void>((resolve, reject) => {
    client.on("ready", () => resolve());
    client.on("error", (e) => reject(failure ?? mapSsh2Error(host, e, "logging in")));
    client.on("close", () =>
      reject(
        failure ??
          new TriggerError("TRANSPORT_CLOSED", `Connection to "${host}" closed during login`, {
            host,
          }),
      ));
    try {
      client.connect(config);
    } catch (e) {
      reject(mapSsh2Error(host, e, "starting the login"));
    }
  });
  try {
    // a job timeout must not leave a connection stuck mid-login until loginTimeoutMs
    await raceAbort(login, signal, connecting(host), host);
  } catch (e) {
    client.destroy();
    (sock as { destroy(): void }).destroy();
    await jump?.close();
    throw e;
  } finally {
    clearTimeout(handshake);
  }
  client.removeAllListeners("error");
  client.on("error", () => {/* later failures surface on channels */});
  return new SshConnection(host, client, options, jump);
}

/**
 * Connects and opens a pty shell: the SSH {@linkcode ShellTransport}.
 * Closing the transport closes the connection.
 *
 * @param target Where to connect.
 * @param options Credentials, host key policy, timeouts, algorithms, pty.
 * @returns The shell transport (with `resize` and the underlying `connection`).
 * @throws {TriggerError} As {@linkcode openSshConnection}.
 *
 * @example Open a shell
 * ```ts ignore
 * import { connectSsh } from "@trigger/trigger/transport";
 *
 * const shell = await connectSsh(
 *   { host: "r1", address: "192.0.2.1", port: 22 },
 *   { username: "netops", password: "secret" },
 * );
 * await shell.write("show clock\n");
 * await shell.close();
 * ```
 */
export async function connectSsh(
  target: ConnectTarget,
  options: SshOptions,
): Promise<ShellTransport & { resize(columns: number, rows: number): void }> {
  const conn = await openSshConnection(target, options);
  const { signal } = options;
  try {
    // closing the connection fails the pending channel open
    const shell = await raceAbort(conn.openShell(), signal, connecting(target.host), target.host);
    shell.onClose(() => conn.close());
    return shell;
  } catch (e) {
    await conn.close();
    throw e;
  }
}

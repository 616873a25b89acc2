/**
 * Private: opens the SSH `netconf` subsystem with npm:ssh2 (typed slice),
 * with `setNoDelay(true)` and host-key verification from
 * `lib/transport/host_key_policy.ts`.
 *
 * @module
 */

import { createConnection, type Socket } from "node:net";
import * as ssh2 from "ssh2";
import { TriggerError } from "../errors.ts";
import { verifyHostKey } from "../transport/host_key_policy.ts";
import type { ConnectTarget } from "../transport/transport.ts";

/** The subsystem channel stream. */
export interface SubsystemStream {
  write(data: Uint8Array): boolean;
  end(): void;
  on(ev: "data", fn: (d: Uint8Array) => void): this;
  on(ev: "close", fn: () => void): this;
  on(ev: "error", fn: (e: Error) => void): this;
}

interface Ssh2Client {
  connect(config: Record<string, unknown>): void;
  end(): void;
  destroy(): void;
  subsys(name: string, cb: (err: Error | undefined, stream: SubsystemStream) => void): boolean;
  on(ev: "ready" | "close", fn: () => void): this;
  on(ev: "error", fn: (e: Error & { level?: string }) => void): this;
}

/** Credentials and host-key options for the SSH leg. */
export interface NetconfSshOptions {
  /** SSH user name. */
  username: string;
  /**
   * Unknown host keys: `strict` refuses them, `accept-new` records them
   * (trust on first use), `off` skips checking. Changed keys are always refused.
   *
   * @default {"strict"}
   */
  hostKeyPolicy?: "strict" | "accept-new" | "off";
  /**
   * The known_hosts file checked (and appended to under `accept-new`).
   *
   * @default {"$HOME/.ssh/known_hosts"}
   */
  knownHostsPath?: string;
  /**
   * Password (password authentication).
   *
   * @default {undefined}
   */
  password?: string;
  /**
   * Private key in OpenSSH or PEM format.
   *
   * @default {undefined}
   */
  privateKey?: string;
  /**
   * Passphrase of the private key.
   *
   * @default {undefined}
   */
  passphrase?: string;
  /**
   * Cancels connecting (TCP, SSH handshake, subsystem, hello): the attempt
   * ends at once with `CANCELLED` and its socket is closed.
   *
   * @default {undefined}
   */
  signal?: AbortSignal;
}

/** An open SSH connection with its netconf subsystem. */
export interface SshSubsystem {
  stream: SubsystemStream;
  /** Ends the SSH connection. */
  end(): void;
  /** Resolves when the SSH connection closed. */
  closed: Promise<void>;
}

function fail(host: string, code: TriggerError["code"], why: string, cause?: unknown) {
  return new TriggerError(code, `Cannot open NETCONF session to "${host}": ${why}`, {
    host,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The error of a NETCONF connect cancelled by its signal. */
export function cancelled(host: string, signal: AbortSignal): TriggerError {
  return new TriggerError("CANCELLED", `Opening a NETCONF session to "${host}" was cancelled`, {
    host,
    cause: signal.reason,
  });
}

/** `p`, or a `CANCELLED` rejection as soon as `signal` aborts (the listener is removed after). */
function unlessAborted<T>(
  p: Promise<T>,
  host: string,
  signal: AbortSignal | undefined,
): Promise<T> {
  if (signal === undefined) return p;
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(cancelled(host, signal));
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  return Promise.race([p, aborted]).finally(() => signal.removeEventListener("abort", onAbort));
}

function tcp(target: ConnectTarget, timeoutMs: number, signal?: AbortSignal): Promise<Socket> {
  const { host, address, port } = target;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled(host, signal));
    const sock = createConnection({ host: address, port });
    sock.setNoDelay(true);
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      done();
      sock.destroy();
      reject(cancelled(host, signal!));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(() => {
      done();
      sock.destroy();
      reject(fail(host, "TIMEOUT", `no TCP answer from ${address}:${port} in ${timeoutMs} ms`));
    }, timeoutMs);
    sock.once("connect", () => {
      done();
      sock.removeAllListeners("error");
      resolve(sock);
    });
    sock.once("error", (e: Error & { code?: string }) => {
      done();
      sock.destroy();
      const code = e.code === "ECONNREFUSED" ? "CONNECTION_REFUSED" : "TRANSPORT_CLOSED";
      reject(fail(host, code, e.message, e));
    });
  });
}

/**
 * Connects, authenticates, verifies the host key and opens the subsystem.
 *
 * @throws {TriggerError} TIMEOUT, CONNECTION_REFUSED, AUTH_FAILED,
 * HOSTKEY_MISMATCH, HOSTKEY_UNKNOWN, TRANSPORT_CLOSED.
 */
export async function openNetconfSubsystem(
  target: ConnectTarget,
  options: NetconfSshOptions,
): Promise<SshSubsystem> {
  const { host, address, port, connectTimeoutMs = 10000 } = target;
  const { signal } = options;
  const sock = await tcp(target, connectTimeoutMs, signal);
  const C = (ssh2 as unknown as { Client: new () => Ssh2Client }).Client;
  const client = new C();
  let hostKeyError: unknown;
  let closedResolve: () => void = () => {};
  const closed = new Promise<void>((r) => closedResolve = r);
  client.on("close", () => closedResolve());
  const ready = new Promise<void>((resolve, reject) => {
    client.on("ready", () => resolve());
    client.on("error", (e) => {
      if (hostKeyError !== undefined) reject(hostKeyError);
      else if (e.level === "client-authentication") {
        reject(fail(host, "AUTH_FAILED", "authentication refused", e));
      } else if (e.level === "client-timeout") {
        reject(fail(host, "TIMEOUT", `no SSH handshake in ${connectTimeoutMs} ms`, e));
      } else reject(fail(host, "TRANSPORT_CLOSED", e.message, e));
    });
  });
  const { username, password, privateKey, passphrase } = options;
  client.connect({
    sock,
    username,
    ...(password !== undefined ? { password } : {}),
    ...(privateKey !== undefined ? { privateKey } : {}),
    ...(passphrase !== undefined ? { passphrase } : {}),
    readyTimeout: connectTimeoutMs,
    tryKeyboard: false,
    hostVerifier: (key: Uint8Array, verify: (ok: boolean) => void) => {
      const { hostKeyPolicy, knownHostsPath } = options;
      verifyHostKey(host, [address, host], port, new Uint8Array(key), {
        ...(hostKeyPolicy === undefined ? {} : { hostKeyPolicy }),
        ...(knownHostsPath === undefined ? {} : { knownHostsPath }),
      }).then(
        () => verify(true),
        (e) => {
          hostKeyError = e;
          verify(false);
        },
      );
    },
  });
  try {
    await unlessAborted(ready, host, signal);
  } catch (e) {
    client.destroy();
    sock.destroy();
    throw e;
  }
  const subsystem = new Promise<SubsystemStream>((resolve, reject) => {
    client.subsys("netconf", (err, s) => {
      if (err) reject(fail(host, "PROTOCOL_ERROR", `subsystem refused: ${err.message}`, err));
      else resolve(s);
    });
  });
  const stream = await unlessAborted(subsystem, host, signal).catch((e) => {
    client.destroy();
    sock.destroy();
    throw e;
  });
  return { stream, end: () => client.end(), closed };
}

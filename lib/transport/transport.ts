/**
 * The contract every byte transport to a device fulfils (SSH shell, Telnet,
 * and the lab's in-process links). The channel and session layers speak only
 * to this interface, so they never know which protocol carries the bytes.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";

/** Where and how long to connect; shared by every transport's options. */
export interface ConnectTarget {
  /** Device name, used in errors and logs (never a secret). */
  host: string;
  /** Address to connect to (name or IP). */
  address: string;
  /** TCP port. */
  port: number;
  /**
   * Milliseconds allowed to establish the connection: the TCP connect and,
   * for SSH, the protocol handshake (as OpenSSH's `ConnectTimeout`).
   *
   * @default {10000}
   */
  connectTimeoutMs?: number;
}

/**
 * A bidirectional byte stream to a device's interactive CLI.
 *
 * Reads are pull-based: `read()` resolves with the next chunk, or `null` once
 * the device closed the stream. Failures reject with a `TriggerError`
 * (`TRANSPORT_CLOSED`, `TIMEOUT`, ...).
 */
export interface ShellTransport {
  /** The device name this transport talks to. */
  readonly host: string;
  /** The protocol in use, for logs and results. */
  readonly kind: "ssh" | "telnet" | "lab";
  /** Resolves with the next chunk of bytes, or `null` at end of stream. */
  read(signal?: AbortSignal): Promise<Uint8Array | null>;
  /** Sends bytes (a string is sent as UTF-8). */
  write(data: Uint8Array | string): Promise<void>;
  /** Tells the far end the terminal size changed, when the protocol can. */
  resize?(columns: number, rows: number): void;
  /** Closes the stream and the connection; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Checks where a transport is told to connect, naming the field at fault:
 * an address left out must never become a connection to localhost.
 *
 * @param target What the caller passed.
 * @returns The same target.
 * @throws {TriggerError} `INVALID_ARGUMENT` naming `host`, `address` or `port`.
 *
 * @example A target without an address
 * ```ts
 * import { isTriggerError } from "@trigger/trigger/errors";
 * import { checkConnectTarget } from "@trigger/trigger/transport";
 * import { throws } from "node:assert/strict";
 *
 * throws(
 *   () => checkConnectTarget({ host: "r1", port: 22 } as never),
 *   (e) => isTriggerError(e, "INVALID_ARGUMENT") && /"address"/.test(e.message),
 * );
 * ```
 */
export function checkConnectTarget(target: ConnectTarget): ConnectTarget {
  const t = (target ?? {}) as unknown as Record<string, unknown>;
  const host = typeof t.host === "string" && t.host !== "" ? t.host : undefined;
  const bad = (field: string, why: string) =>
    new TriggerError(
      "INVALID_ARGUMENT",
      `Cannot connect${host ? ` to "${host}"` : ""}: "${field}" ${why}`,
      host ? { host } : {},
    );
  if (host === undefined) throw bad("host", "is missing (the device name)");
  if (typeof t.address !== "string" || t.address.trim() === "") {
    throw bad("address", "is missing (a host name or IP address)");
  }
  const port = t.port;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw bad("port", `must be an integer from 1 to 65535, got ${String(port)}`);
  }
  return target;
}

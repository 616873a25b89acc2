/**
 * A {@linkcode ShellTransport} over Telnet (TCP via `node:net`), with the
 * protocol handled by {@linkcode TelnetCodec}.
 *
 * Kept (issue 16 §3 review): a thin `node:net` socket around the sans-IO
 * {@linkcode TelnetCodec}; see that module for why no npm Telnet library.
 *
 * @module
 */

import type { Socket } from "node:net";
import { TriggerError } from "../errors.ts";
import { TelnetCodec } from "./telnet_codec.ts";
import { tcpConnect } from "./_tcp.ts";
import { raceAbort } from "../_util/abort.ts";
import { checkConnectTarget, type ConnectTarget, type ShellTransport } from "./transport.ts";

/** Options accepted by {@linkcode connectTelnet}. */
export interface TelnetOptions {
  /**
   * Terminal type reported to the device.
   *
   * @default {"VT100"}
   */
  terminalType?: string;
  /**
   * Terminal width reported with NAWS.
   *
   * @default {80}
   */
  columns?: number;
  /**
   * Terminal height reported with NAWS.
   *
   * @default {24}
   */
  rows?: number;
  /**
   * Aborts the connection attempt.
   *
   * @default {undefined}
   */
  signal?: AbortSignal;
}

/** Received data above which the socket is paused until the caller reads. */
const HIGH_WATER = 1 << 20;

/**
 * Opens a Telnet connection and starts option negotiation.
 *
 * @param target Where to connect and how long to wait.
 * @param options Terminal type, window size and an abort signal.
 * @returns A transport whose reads yield application data only.
 * @throws {TriggerError} `TIMEOUT` when the connection is not established in
 * time, `CONNECTION_REFUSED` when the port is closed, `TRANSPORT_CLOSED` for
 * other socket failures, `CANCELLED` when the signal aborts.
 *
 * @example Connect, read and close (needs a Telnet server)
 * ```ts ignore
 * import { connectTelnet } from "@trigger/trigger/transport";
 *
 * const t = await connectTelnet({ host: "sw1", address: "192.0.2.10", port: 23 });
 * const chunk = await t.read();
 * await t.close();
 * ```
 */
export async function connectTelnet(
  target: ConnectTarget,
  options: TelnetOptions = {},
): Promise<ShellTransport> {
  checkConnectTarget(target);
  const { terminalType = "VT100", columns = 80, rows = 24, signal } = options;
  const codec = new TelnetCodec({ terminalType, columns, rows });
  const socket = await tcpConnect(target, target.connectTimeoutMs ?? 10_000, signal);
  return new TelnetTransport(target.host, socket, codec);
}

class TelnetTransport implements ShellTransport {
  readonly host: string;
  readonly kind = "telnet" as const;
  #socket: Socket;
  #codec: TelnetCodec;
  #chunks: Uint8Array[] = [];
  #buffered = 0;
  #ended = false;
  #error: TriggerError | undefined;
  #waiters: Array<() => void> = [];
  #closed = false;

  constructor(host: string, socket: Socket, codec: TelnetCodec) {
    this.host = host;
    this.#socket = socket;
    this.#codec = codec;
    socket.setNoDelay(true);
    socket.on("data", (buf: Uint8Array) => this.#onData(buf));
    socket.on("end", () => this.#finish());
    socket.on("close", () => this.#finish());
    socket.on("error", (cause: Error) => {
      this.#error ??= new TriggerError(
        "TRANSPORT_CLOSED",
        `Cannot read from "${host}": ${cause.message}`,
        { host, cause },
      );
      this.#finish();
    });
    socket.write(codec.start());
  }

  #onData(buf: Uint8Array): void {
    const { data, reply } = this.#codec.receive(buf);
    if (reply.length > 0 && !this.#socket.destroyed) this.#socket.write(reply);
    if (data.length === 0) return;
    this.#chunks.push(data);
    this.#buffered += data.length;
    if (this.#buffered > HIGH_WATER) this.#socket.pause();
    this.#wake();
  }

  #finish(): void {
    this.#ended = true;
    this.#wake();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  async read(signal?: AbortSignal): Promise<Uint8Array | null> {
    while (true) {
      const chunk = this.#chunks.shift();
      if (chunk !== undefined) {
        this.#buffered -= chunk.length;
        if (this.#buffered <= HIGH_WATER && this.#socket.isPaused()) this.#socket.resume();
        return chunk;
      }
      if (this.#error) throw this.#error;
      if (this.#ended || this.#closed) return null;
      await this.#waitForData(signal);
    }
  }

  #waitForData(signal?: AbortSignal): Promise<void> {
    let wake = () => {};
    const data = new Promise<void>((resolve) => {
      wake = resolve;
      this.#waiters.push(wake);
    });
    const what = `Reading from "${this.host}"`;
    return raceAbort(data, signal, what, this.host, () => {
      this.#waiters = this.#waiters.filter((w) => w !== wake);
    });
  }

  write(data: Uint8Array | string): Promise<void> {
    if (this.#closed || this.#ended || this.#socket.destroyed) {
      return Promise.reject(
        this.#error ??
          new TriggerError(
            "TRANSPORT_CLOSED",
            `Cannot write to "${this.host}": connection closed`,
            {
              host: this.host,
            },
          ),
      );
    }
    const bytes = this.#codec.encode(data);
    return new Promise((resolve, reject) => {
      this.#socket.write(bytes, (err?: Error | null) => {
        if (err) {
          reject(
            new TriggerError("TRANSPORT_CLOSED", `Cannot write to "${this.host}": ${err.message}`, {
              host: this.host,
              cause: err,
            }),
          );
        } else resolve();
      });
    });
  }

  resize(columns: number, rows: number): void {
    const bytes = this.#codec.resize(columns, rows);
    if (bytes.length > 0 && !this.#socket.destroyed) this.#socket.write(bytes);
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.#wake();
    const socket = this.#socket;
    if (socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once("close", () => resolve());
      socket.destroy();
    });
  }
}

/**
 * Private: an ssh2 shell channel as a {@linkcode ShellTransport}.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import type { ShellTransport } from "./transport.ts";
import { PullQueue } from "./_pull_queue.ts";
import { type Ssh2Channel, waitAtMost } from "./_ssh2.ts";

/** An SSH pty shell channel. */
export class SshShell implements ShellTransport {
  /** Device name. */
  readonly host: string;
  /** Always `"ssh"`. */
  readonly kind = "ssh" as const;
  #ch: Ssh2Channel;
  #queue: PullQueue;
  #closed = false;
  #closedPromise: Promise<void>;
  #onClose: (() => Promise<void>) | undefined;

  /**
   * Wraps an open shell channel.
   *
   * @param host Device name.
   * @param ch The ssh2 channel.
   * @param onClose Called once after the channel closed (e.g. end the connection).
   */
  constructor(host: string, ch: Ssh2Channel, onClose: (() => Promise<void>) | undefined) {
    this.host = host;
    this.#ch = ch;
    this.#onClose = onClose;
    this.#queue = new PullQueue(host, () => ch.pause(), () => ch.resume());
    ch.on("data", (d) => this.#queue.push(d));
    ch.stderr.on("data", (d) => this.#queue.push(d));
    ch.on("error", (e) =>
      this.#queue.fail(
        new TriggerError("TRANSPORT_CLOSED", `Shell on "${host}" failed: ${e.message}`, {
          host,
          cause: e,
        }),
      ));
    this.#closedPromise = new Promise((resolve) =>
      ch.on("close", () => {
        this.#closed = true;
        this.#queue.end();
        resolve();
      })
    );
  }

  /** Registers what to do once the channel is closed (one hook). */
  onClose(fn: () => Promise<void>): void {
    this.#onClose = fn;
  }

  /** Resolves with the next chunk of output, or `null` once the shell closed. */
  read(signal?: AbortSignal): Promise<Uint8Array | null> {
    return this.#queue.read(signal);
  }

  /** Sends bytes to the shell. */
  async write(data: Uint8Array | string): Promise<void> {
    if (this.#closed) {
      throw new TriggerError("TRANSPORT_CLOSED", `Shell on "${this.host}" is closed`, {
        host: this.host,
      });
    }
    if (!this.#ch.write(data)) {
      await new Promise<void>((r) => {
        this.#ch.once("drain", r);
        this.#ch.once("close", r);
      });
    }
  }

  /** Sends a window-change request. */
  resize(columns: number, rows: number): void {
    if (!this.#closed) this.#ch.setWindow(rows, columns, 0, 0);
  }

  /** Closes the channel, then runs the close hook; safe to call twice. */
  async close(): Promise<void> {
    if (!this.#closed) {
      this.#ch.end();
      await waitAtMost(this.#closedPromise, 1000);
      if (!this.#closed) this.#ch.destroy();
    }
    this.#queue.end();
    const hook = this.#onClose;
    this.#onClose = undefined;
    await hook?.();
  }
}

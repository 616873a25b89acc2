/**
 * The last step before bytes leave an emulated device: applies the output
 * faults (slow output, disconnect after N bytes) for SSH and Telnet alike.
 *
 * @module
 */
import type { LabFaults } from "./faults.ts";

const encoder = new TextEncoder();

/** Writes to a connection, throttled or cut as the device's faults say. */
export class OutputGate {
  #sink: (bytes: Uint8Array) => void;
  #kill: () => void;
  #rate: number | undefined;
  #budget: number | undefined;
  #queue: Uint8Array[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;
  #closed = false;

  /** `sink` sends bytes, `kill` drops the connection. */
  constructor(sink: (bytes: Uint8Array) => void, kill: () => void, faults: LabFaults) {
    this.#sink = sink;
    this.#kill = kill;
    this.#rate = faults.slowOutput;
    this.#budget = faults.disconnectAfterBytes;
  }

  /** Sends text or bytes. */
  write(data: string | Uint8Array): void {
    if (this.#closed) return;
    const bytes = typeof data === "string" ? encoder.encode(data) : data;
    if (bytes.length === 0) return;
    if (this.#rate === undefined) return this.#send(bytes);
    this.#queue.push(bytes);
    this.#timer ??= setInterval(() => this.#drip(), 100);
  }

  #drip(): void {
    let allowance = Math.max(1, Math.floor(this.#rate! / 10));
    while (allowance > 0 && this.#queue.length > 0 && !this.#closed) {
      const head = this.#queue[0]!;
      const n = Math.min(allowance, head.length);
      this.#send(head.subarray(0, n));
      allowance -= n;
      if (n === head.length) this.#queue.shift();
      else this.#queue[0] = head.subarray(n);
    }
    if (this.#queue.length === 0) this.#stopTimer();
  }

  #send(bytes: Uint8Array): void {
    if (this.#budget === undefined) return this.#sink(bytes);
    const n = Math.min(this.#budget, bytes.length);
    if (n > 0) this.#sink(bytes.subarray(0, n));
    this.#budget -= n;
    if (this.#budget <= 0) {
      this.close();
      this.#kill();
    }
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Stops sending and clears timers; queued bytes are dropped. */
  close(): void {
    this.#closed = true;
    this.#queue = [];
    this.#stopTimer();
  }
}

/**
 * Private: turns push-style `data`/`end`/`error` events into the pull-based
 * `read(signal)` of ShellTransport, pausing the source when too much is queued.
 *
 * @module
 */
import { cancelledError, type TriggerError } from "../errors.ts";
import { onAbort } from "../_util/abort.ts";

const HIGH_WATER = 1 << 20;

/** A queue of byte chunks with one pending reader at a time. */
export class PullQueue {
  #chunks: Uint8Array[] = [];
  #queued = 0;
  #ended = false;
  #error: TriggerError | undefined;
  #waiter: (() => void) | undefined;
  #host: string;
  #pause: () => void;
  #resume: () => void;
  #paused = false;

  /**
   * @param host Device name for errors.
   * @param pause Called when the queue is over its high-water mark.
   * @param resume Called when it drained again.
   */
  constructor(host: string, pause: () => void, resume: () => void) {
    this.#host = host;
    this.#pause = pause;
    this.#resume = resume;
  }

  /** Adds a chunk (copied). */
  push(chunk: Uint8Array): void {
    if (this.#ended || chunk.length === 0) return;
    this.#chunks.push(new Uint8Array(chunk));
    this.#queued += chunk.length;
    if (this.#queued > HIGH_WATER && !this.#paused) {
      this.#paused = true;
      this.#pause();
    }
    this.#wake();
  }

  /** Marks the end of the stream (reads then resolve `null`). */
  end(): void {
    this.#ended = true;
    this.#wake();
  }

  /** Fails pending and later reads (after queued data is consumed). */
  fail(err: TriggerError): void {
    this.#error ??= err;
    this.#ended = true;
    this.#wake();
  }

  #wake(): void {
    const w = this.#waiter;
    this.#waiter = undefined;
    w?.();
  }

  /** Resolves with the next chunk, `null` at end; rejects on failure or abort. */
  async read(signal?: AbortSignal): Promise<Uint8Array | null> {
    while (this.#chunks.length === 0) {
      if (this.#error) throw this.#error;
      if (this.#ended) return null;
      if (signal?.aborted) throw cancelledError(signal, `Read from "${this.#host}"`, this.#host);
      await new Promise<void>((resolve) => {
        const aborted = onAbort(signal, () => {
          this.#waiter = undefined;
          resolve();
        });
        this.#waiter = () => {
          aborted[Symbol.dispose]();
          resolve();
        };
      });
    }
    const chunk = this.#chunks.shift()!;
    this.#queued -= chunk.length;
    if (this.#paused && this.#queued < HIGH_WATER / 2) {
      this.#paused = false;
      this.#resume();
    }
    return chunk;
  }
}

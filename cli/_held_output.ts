/**
 * Output withheld until it is whole: a command that must write nothing when
 * it fails, yet makes its output while it still reads its input (`aclconv`
 * reading the text once), gives the pieces to a {@linkcode HeldOutput} and
 * writes them to standard output only at the end.
 *
 * @module
 */
import { write } from "./_io.ts";

/** Bytes read back from the temporary file per write. */
const CHUNK_BYTES = 1 << 20;

/** Options of {@linkcode HeldOutput}. */
export interface HeldOutputOptions {
  /**
   * Bytes held in memory before the pieces go to a temporary file.
   *
   * @default {8388608}
   */
  memoryBytes?: number;
}

/**
 * Pieces of output held back: in memory up to 8 MiB, then in a temporary
 * file that is unlinked as soon as it is made (nothing is left behind
 * whatever ends the process; where no temporary file can be made, the
 * pieces stay in memory). {@linkcode HeldOutput.rewind} forgets the pieces
 * after a point; {@linkcode HeldOutput.release} writes them all to standard
 * output. Dispose it (`using`) to close the file.
 */
export class HeldOutput implements Disposable {
  #limit: number;
  #memory: Uint8Array[] = [];
  #memoryBytes = 0;
  /** The temporary file, once the memory is full: written at its end, read from its start. */
  #file: { writer: Deno.FsFile; reader: Deno.FsFile } | undefined;
  /** No temporary file could be made: everything stays in memory. */
  #memoryOnly = false;
  #size = 0;

  /** A held output, empty. */
  constructor(options: HeldOutputOptions = {}) {
    const { memoryBytes = 8 << 20 } = options;
    this.#limit = memoryBytes;
  }

  /** Bytes held so far. */
  get size(): number {
    return this.#size;
  }

  /** Whether the pieces went to a temporary file (past the memory's limit). */
  get spilled(): boolean {
    return this.#file !== undefined;
  }

  /** Holds a copy of `piece` (a view that may be reused is fine). */
  async add(piece: Uint8Array): Promise<void> {
    if (piece.length === 0) return;
    this.#size += piece.length;
    const full = this.#memoryBytes + piece.length > this.#limit;
    const file = this.#file ?? (full && !this.#memoryOnly ? await this.#spill() : undefined);
    if (file !== undefined) return await writeAll(file.writer, piece);
    this.#memory.push(piece.slice());
    this.#memoryBytes += piece.length;
  }

  /** Forgets every byte after the first `size` (the pieces added since `size` was read). */
  async rewind(size: number): Promise<void> {
    if (size >= this.#size) return;
    this.#size = size;
    if (this.#file !== undefined) {
      // (opened to append: the next piece goes to the new end)
      await this.#file.writer.truncate(size);
      return;
    }
    let kept = 0;
    const pieces: Uint8Array[] = [];
    for (const p of this.#memory) {
      if (kept >= size) break;
      const part = p.length <= size - kept ? p : p.subarray(0, size - kept);
      pieces.push(part);
      kept += part.length;
    }
    this.#memory = pieces;
    this.#memoryBytes = kept;
  }

  /** Writes every byte held, in order, to standard output (or `sink`). */
  async release(sink: (bytes: Uint8Array) => void = write): Promise<void> {
    if (this.#file === undefined) {
      for (const p of this.#memory) sink(p);
      return;
    }
    const buf = new Uint8Array(CHUNK_BYTES);
    let left = this.#size;
    while (left > 0) {
      const n = await readSome(this.#file.reader, buf.subarray(0, Math.min(CHUNK_BYTES, left)));
      if (n === null) break;
      sink(buf.subarray(0, n));
      left -= n;
    }
  }

  /** Closes the temporary file (already unlinked). */
  [Symbol.dispose](): void {
    this.#memory = [];
    const file = this.#file;
    this.#file = undefined;
    file?.writer.close();
    file?.reader.close();
  }

  /**
   * Moves the pieces held in memory to a new temporary file; `undefined`
   * (and memory from then on) when none can be made.
   */
  async #spill(): Promise<{ writer: Deno.FsFile; reader: Deno.FsFile } | undefined> {
    let path: string;
    try {
      path = await Deno.makeTempFile({ prefix: "trigger-held-" });
    } catch {
      this.#memoryOnly = true;
      return undefined;
    }
    let writer: Deno.FsFile | undefined;
    try {
      writer = await Deno.open(path, { write: true, append: true });
      this.#file = { writer, reader: await Deno.open(path, { read: true }) };
    } catch {
      writer?.close();
      this.#memoryOnly = true;
      return undefined;
    } finally {
      await Deno.remove(path).catch(() => {});
    }
    for (const p of this.#memory) await writeAll(this.#file.writer, p);
    this.#memory = [];
    this.#memoryBytes = 0;
    return this.#file;
  }
}

/**
 * Writes all of `data`: synchronously where the file can (Deno: no hop to a
 * blocking thread per write, which cost 60-300 ms for 55 MB at load 5-11);
 * asynchronously on the single binary's shim, which has no `writeSync`.
 */
async function writeAll(file: Deno.FsFile, data: Uint8Array): Promise<void> {
  let off = 0;
  if (typeof file.writeSync === "function") {
    while (off < data.length) off += file.writeSync(data.subarray(off));
    return;
  }
  while (off < data.length) off += await file.write(data.subarray(off));
}

/** Reads some bytes into `p` (synchronously where the file can, as {@linkcode writeAll}). */
async function readSome(file: Deno.FsFile, p: Uint8Array): Promise<number | null> {
  return typeof file.readSync === "function" ? file.readSync(p) : await file.read(p);
}

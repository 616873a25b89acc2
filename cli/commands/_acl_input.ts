/**
 * ACL input files read straight into the engine's memory: the engine's
 * input buffer is reserved at the file's size and the file is read into it,
 * so that a large file is never held as a copy in JavaScript.
 *
 * @module
 */
import { readInputBytes, UsageError } from "../_io.ts";
import type { InputFill } from "../../lib/acl/types.ts";

/**
 * A file read in place (as often as `fill` is called). Dispose of it
 * (`using`) to close the file.
 */
export interface FileInput extends InputFill, Disposable {
  /**
   * Whether the file's bytes are UTF-8 (read again: asked only when the
   * engine refused them, to read them with the bad bytes replaced).
   */
  isUtf8(): Promise<boolean>;
}

/**
 * Whether `bytes` are UTF-8. `node:buffer` is imported here, when first
 * needed (the engine checks UTF-8 itself, and the import costs every command
 * ~8 ms of start-up).
 *
 * @param bytes The bytes.
 * @returns Whether they are valid UTF-8.
 */
export async function isUtf8Bytes(bytes: Uint8Array): Promise<boolean> {
  const { isUtf8 } = await import("node:buffer");
  return isUtf8(bytes);
}

/**
 * The input of an ACL verb: standard input (`-` or none) as bytes, or a file
 * to be read into the engine in place.
 *
 * @param path The file, or `-`.
 * @returns The bytes, or the in-place reader.
 * @throws {UsageError} When the file cannot be opened.
 */
export async function aclInput(path: string | undefined): Promise<Uint8Array | FileInput> {
  if (path === undefined || path === "-") return await readInputBytes(path);
  let st: Deno.FileInfo;
  try {
    st = await Deno.stat(path);
  } catch (e) {
    throw new UsageError(`Cannot read "${path}": ${e instanceof Error ? e.message : String(e)}`);
  }
  // a pipe or device has no size to reserve: read it whole
  if (!st.isFile) return await readInputBytes(path);
  const size = st.size;
  const file = await reader(path);
  const input: FileInput = {
    size,
    isUtf8: async () => await isUtf8Bytes(await readInputBytes(path)),
    fill(view: Uint8Array): void {
      let off: number;
      try {
        off = file.read(view);
      } catch (e) {
        throw new UsageError(
          `Cannot read "${path}": ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      if (off !== view.length) {
        throw new UsageError(`Cannot read "${path}": the file changed while it was read`);
      }
    },
    [Symbol.dispose]: () => file.close(),
  };
  return input;
}

/**
 * A file read into a view synchronously (the engine's buffer is filled
 * between two engine calls), from its start at each `read`, which returns the
 * bytes read (fewer than the view's length when the file shrank; the view
 * full when it grew).
 */
interface FileReader {
  read(view: Uint8Array): number;
  close(): void;
}

/**
 * The reader of `path`: a `Deno.FsFile` opened now, or, where that has no
 * synchronous read (the single binary's Deno shim) or cannot be opened,
 * `node:fs` (opening the file at each read), imported only then: under Deno,
 * importing `node:fs` costs ~20 ms of start-up, and its error messages are
 * kept for the files it cannot open.
 */
async function reader(path: string): Promise<FileReader> {
  const file = await Deno.open(path, { read: true }).catch(() => undefined);
  if (file !== undefined && typeof file.readSync === "function") {
    return {
      read(view) {
        // (0: Deno.SeekMode.Start)
        file.seekSync(0, 0);
        let off = 0;
        for (;;) {
          const n = off < view.length ? file.readSync(view.subarray(off)) : null;
          if (n === null || n === 0) return off;
          off += n;
        }
      },
      close: () => {
        try {
          file.close();
        } catch {
          // closed already
        }
      },
    };
  }
  file?.close();
  const { closeSync, openSync, readSync } = await import("node:fs");
  return {
    read(view) {
      let off = 0;
      const fd = openSync(path, "r");
      try {
        for (;;) {
          const n = off < view.length ? readSync(fd, view, off, view.length - off, null) : 0;
          if (n === 0) return off;
          off += n;
        }
      } finally {
        closeSync(fd);
      }
    },
    close: () => {},
  };
}

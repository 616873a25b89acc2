/**
 * ACL input files read straight into the engine's memory: the engine's
 * input buffer is reserved at the file's size and the file is read into it,
 * so that a large file is never held as a copy in JavaScript.
 *
 * @module
 */
import { isUtf8 } from "node:buffer";
// node:fs for the synchronous read into a view (the single binary's Deno shim has no openSync)
import { closeSync, openSync, readSync } from "node:fs";
import { readInputBytes, UsageError } from "../_io.ts";
import type { InputFill } from "../../lib/acl/types.ts";

/** A file read in place; `utf8` says, once filled, whether its bytes were UTF-8. */
export interface FileInput extends InputFill {
  /** Set by `fill`: the bytes read are valid UTF-8. */
  utf8: boolean;
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
  const input: FileInput = {
    size,
    utf8: false,
    fill(view: Uint8Array): void {
      let off = 0;
      try {
        const fd = openSync(path, "r");
        try {
          for (;;) {
            const n = off < view.length ? readSync(fd, view, off, view.length - off, null) : 0;
            if (n === 0) break;
            off += n;
          }
        } finally {
          closeSync(fd);
        }
      } catch (e) {
        throw new UsageError(
          `Cannot read "${path}": ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      if (off !== view.length) {
        throw new UsageError(`Cannot read "${path}": the file changed while it was read`);
      }
      input.utf8 = isUtf8(view);
    },
  };
  return input;
}

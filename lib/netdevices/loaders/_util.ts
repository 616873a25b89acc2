/**
 * Helpers shared by the file loaders: sniffing, reading, errors.
 *
 * @module
 */
import { TriggerError } from "../../errors.ts";

/** `"file"`, `"dir"`, or `undefined` when the path does not exist. */
export async function pathKind(path: string): Promise<"file" | "dir" | undefined> {
  try {
    const st = await Deno.stat(path);
    return st.isDirectory ? "dir" : st.isFile ? "file" : undefined;
  } catch {
    return undefined;
  }
}

/** The first bytes of a regular file as text (leading whitespace and BOM removed), or `undefined`. */
export async function readHead(path: string, size = 512): Promise<string | undefined> {
  if ((await pathKind(path)) !== "file") return undefined;
  try {
    using f = await Deno.open(path);
    const buf = new Uint8Array(size);
    const n = (await f.read(buf)) ?? 0;
    return new TextDecoder().decode(buf.subarray(0, n)).replace(/^\uFEFF?\s*/, "");
  } catch {
    return undefined;
  }
}

/** Reads a whole text file; failures become `IO_ERROR` naming the file. */
export async function readText(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    throw new TriggerError("IO_ERROR", `Cannot read inventory "${path}": ${(e as Error).message}`, {
      cause: e,
    });
  }
}

/** An `INVENTORY_INVALID` error naming the file and place. */
export function invalidSource(where: string, message: string, cause?: unknown): TriggerError {
  return new TriggerError(
    "INVENTORY_INVALID",
    `Cannot load inventory ${where}: ${message}`,
    cause === undefined ? {} : { cause },
  );
}

/** Whether a path has one of the extensions (case-insensitive, with the dot). */
export function hasExt(path: string, ...exts: string[]): boolean {
  const l = path.toLowerCase();
  return exts.some((e) => l.endsWith(e));
}

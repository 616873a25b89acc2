// deno-lint-ignore-file no-console
/**
 * The CLI's only door to the terminal: every verb prints through these
 * helpers, so that `lib/` never prints and output can be captured in tests.
 *
 * @module
 */
import { TriggerError } from "../lib/errors.ts";

/** Writes a line (or several) to standard output. */
export function out(text: string): void {
  console.log(text);
}

/** Writes a line to standard error. */
export function err(text: string): void {
  console.error(text);
}

/** Writes raw bytes or text to standard output without a newline. */
export function write(data: string | Uint8Array): void {
  writeAll((p) => Deno.stdout.writeSync(p), data);
}

/**
 * Writes raw bytes or text to standard error without a newline (progress
 * lines and other terminal-only status: never standard output).
 */
export function writeErr(data: string | Uint8Array): void {
  writeAll((p) => Deno.stderr.writeSync(p), data);
}

function writeAll(writeSync: (p: Uint8Array) => number, data: string | Uint8Array): void {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(bytes.subarray(offset));
}

/** Reads all of standard input as text. */
export async function readStdin(): Promise<string> {
  return await new Response(Deno.stdin.readable).text();
}

/**
 * Reads a file named on the command line, or standard input for `-`.
 * A missing or unreadable file becomes a usage error with the path in it.
 */
export async function readInput(path: string | undefined): Promise<string> {
  if (path === undefined || path === "-") return await readStdin();
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new UsageError(`Cannot read "${path}": ${why}`);
  }
}

/**
 * Reads a file named on the command line, or standard input for `-`, as
 * bytes (no UTF-8 decoding: for inputs read byte by byte). Errors as
 * {@linkcode readInput}.
 */
export async function readInputBytes(path: string | undefined): Promise<Uint8Array> {
  if (path === undefined || path === "-") return await new Response(Deno.stdin.readable).bytes();
  try {
    return await Deno.readFile(path);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new UsageError(`Cannot read "${path}": ${why}`);
  }
}

/**
 * Writes a file all at once (hidden temporary file, then rename), so that a
 * failure never leaves a half-written output behind (see
 * `lib/_util/output_files.ts`, the one writer of output files). Ctrl-C or
 * SIGTERM during the write removes the temporary file, leaves the target as
 * it was, and exits 130 or 143.
 */
export async function writeFileAtomic(
  path: string,
  text: string | Uint8Array | Iterable<Uint8Array>,
): Promise<void> {
  // loaded here: it brings node:path and node:crypto, which verbs writing to standard output
  // never need (start-up)
  const { writeFileAtomic: writeOutputFile } = await import("../lib/_util/output_files.ts");
  const { outputInterrupt } = await import("./_interrupt.ts");
  // Ctrl-C while the pieces are made and written: no temporary file is left behind
  using interrupt = outputInterrupt(path);
  try {
    await writeOutputFile(path, text, { signal: interrupt.signal });
  } catch (e) {
    if (interrupt.exitCode !== undefined) {
      err(`trigger: ${(interrupt.signal.reason as Error).message}`);
      Deno.exit(interrupt.exitCode);
    }
    // a piece's own error (a conversion that failed) is passed on as it is
    if (!(e instanceof TriggerError && e.code === "IO_ERROR")) throw e;
    throw new UsageError(e.message);
  }
}

/** A bad command line or unreadable input: printed as one line, exit code 2. */
export class UsageError extends Error {
  /** Creates a usage error. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

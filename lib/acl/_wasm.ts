/**
 * The WebAssembly engine loader: instantiates `acl-wasm` once, lazily, through
 * the bindings wasm-bindgen generates (`acl-wasm/lib/acl_bindgen.js`, built by
 * `acl-wasm/build.sh` from `acl-wasm/src/abi.rs`). The module's bytes are read
 * from `acl-wasm/lib/acl.wasm` beside this module when it is a local file that
 * may be read (a checkout, `deno compile`'s binary, which includes
 * `acl-wasm/lib`); otherwise (imports from JSR or https, no read permission, a
 * bundle without the file) from the copy embedded as base64 in
 * `acl-wasm/lib/acl_wasm.ts`, which is then the only one loaded: importing that
 * 1.7 MB module costs ~15 ms of start-up, reading the file well under 1 ms.
 *
 * A trap inside the engine (a Rust panic) poisons the instance: it is
 * dropped, the next call instantiates a fresh one, and compiled handles from
 * the old instance are recognised as stale by their generation.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import * as bindings from "../../acl-wasm/lib/acl_bindgen.js";
import { TriggerError } from "../errors.ts";
import type { InputFill } from "./types.ts";

type Bindings = typeof bindings;

/**
 * The text calls: every generated binding of the shape `(opts: string, len:
 * number) => number` (`fn(opts: &str, len: usize) -> i32` in `abi.rs`; ABI.md
 * §3). A new export of that shape is callable through {@linkcode callText}
 * once `bash acl-wasm/build.sh` has regenerated the bindings, with no change
 * here.
 */
export type TextCall = {
  [K in keyof Bindings & string]: Bindings[K] extends (...args: infer A) => number
    ? A extends [string, number] ? [string, number] extends A ? K : never : never
    : never;
}[keyof Bindings & string];

/**
 * Text calls whose output is ASCII when their input and options are: every
 * byte they write is ASCII or copied from the input, so their output is read
 * as one-byte text (no UTF-8 validation: about 2x faster on 27 MB). The others
 * (IR JSON input may hold `\u` escapes) are decoded as UTF-8.
 */
const ASCII_PRESERVING: ReadonlySet<TextCall> = new Set<TextCall>(["acl_convert", "acl_parse"]);

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** `acl.wasm` beside this module (the bundled copy of the engine). */
const WASM_FILE = new URL("../../acl-wasm/lib/acl.wasm", import.meta.url);

/** Where the engine's bytes come from: the local file, or the base64 copy. */
export type EngineSource = "file" | "embedded";

/** The part of `Deno.permissions` asked here (absent from the single binary's shim). */
interface PermissionQuery {
  querySync?: (d: { name: "read"; path: URL }) => { state: string };
}

/**
 * Whether {@linkcode WASM_FILE} is a local file this process may read
 * without a prompt: asked once, when this module is loaded, so that the
 * embedded copy is imported only when it is needed.
 */
function localFileReadable(): boolean {
  if (WASM_FILE.protocol !== "file:") return false;
  try {
    // the single binary's Deno shim (bun) has no permissions: it takes the embedded copy
    const perms = (globalThis as { Deno?: { permissions?: PermissionQuery } }).Deno?.permissions;
    if (perms?.querySync?.({ name: "read", path: WASM_FILE }).state !== "granted") return false;
    return Deno.statSync(WASM_FILE).isFile;
  } catch {
    return false;
  }
}

/** The base64 copy, imported only when the file cannot be read. */
const EMBEDDED: string | undefined = localFileReadable()
  ? undefined
  : (await import("../../acl-wasm/lib/acl_wasm.ts")).ACL_WASM_BASE64;

/**
 * Where the engine's bytes come from in this process (for tests).
 *
 * @returns `"file"` when read from `acl-wasm/lib/acl.wasm`, `"embedded"` when decoded from the
 *   base64 copy.
 */
export function engineSource(): EngineSource {
  return EMBEDDED === undefined ? "file" : "embedded";
}

/** The engine's bytes, from the file or the embedded copy ({@linkcode engineSource}). */
function engineBytes(): Uint8Array<ArrayBuffer> {
  return EMBEDDED === undefined
    ? Deno.readFileSync(WASM_FILE) as Uint8Array<ArrayBuffer>
    : decodeBase64(EMBEDDED);
}

let module: WebAssembly.Module | undefined;
let memory: WebAssembly.Memory | undefined;
let generation = 0;

function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const from = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array<ArrayBuffer> })
    .fromBase64;
  if (from) return from(b64);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The engine's memory, instantiating the engine first when there is no live instance. */
function engine(): WebAssembly.Memory {
  if (memory) return memory;
  try {
    module ??= new WebAssembly.Module(engineBytes());
    memory = bindings.initSync(module).memory;
  } catch (e) {
    throw new TriggerError("WASM_FAILED", "Cannot load the ACL engine", { cause: e });
  }
  generation++;
  return memory;
}

/** The current instance's generation: handles from an older one are stale. */
export function currentGeneration(): number {
  engine();
  return generation;
}

function poisoned(e: unknown, what: string): never {
  memory = undefined;
  throw new TriggerError("WASM_FAILED", `The ACL engine failed in ${what}`, { cause: e });
}

/** The result of a text call: the engine's return code and its output text. */
export interface CallResult {
  /** The return code (0 ok, 1 errors; a handle or -1 for `acl_compile`). */
  status: number;
  /** The output buffer as text. */
  out: string;
}

/**
 * Calls one of the text calls with a JSON options object.
 *
 * @param fn The export.
 * @param opts The options, serialised to JSON.
 * @param input The text or IR JSON.
 * @returns The return code and output text.
 * @throws {TriggerError} `WASM_FAILED` when the engine cannot load or traps.
 */
export function callText(fn: TextCall, opts: unknown, input: string): CallResult {
  return call(fn, opts, input, (mem, ptr, n, ascii) => outputText(mem.buffer, ptr, n, ascii));
}

/** The longest string V8 makes (2^29 - 24 UTF-16 units). */
export const MAX_STRING_LENGTH = 0x1fffffe8;

/**
 * An output of the engine as text, or `INPUT_TOO_LARGE` when it is longer
 * than a JavaScript string can be (V8: {@linkcode MAX_STRING_LENGTH}).
 *
 * @param buffer The engine's memory.
 * @param ptr Where the output starts.
 * @param n Its length in bytes.
 * @param ascii The output is ASCII (read as one-byte text).
 * @returns The text.
 * @throws {TriggerError} `INPUT_TOO_LARGE` naming the size and the limit.
 */
export function outputText(
  buffer: ArrayBufferLike,
  ptr: number,
  n: number,
  ascii: boolean,
): string {
  if (n > MAX_STRING_LENGTH) {
    throw new TriggerError(
      "INPUT_TOO_LARGE",
      `Cannot return the ACL engine's output as a string: it is ${n} bytes, more than the ` +
        `${MAX_STRING_LENGTH} characters a string can hold (write it as bytes: convertBytes, ` +
        `or in pieces: convertChunks)`,
    );
  }
  return ascii
    ? Buffer.from(buffer, ptr, n).toString("latin1")
    : decoder.decode(new Uint8Array(buffer, ptr, n));
}

/**
 * {@linkcode callText} on UTF-8 bytes: the input is copied into the engine
 * as is, and the output comes back as a copy of its bytes (no string is made
 * on either side: for files of many megabytes written straight out).
 *
 * @param fn The export.
 * @param opts The options, serialised to JSON.
 * @param input UTF-8 text (the engine checks it).
 * @returns The return code and the output bytes.
 * @throws {TriggerError} `WASM_FAILED` when the engine cannot load or traps.
 */
export function callBytes(
  fn: TextCall,
  opts: unknown,
  input: Uint8Array,
): { status: number; out: Uint8Array } {
  return call(fn, opts, input, (mem, ptr, n) => new Uint8Array(mem.buffer, ptr, n).slice());
}

/**
 * {@linkcode callBytes} with the output left in the engine: a view of its
 * bytes, valid until the next engine call (for output written out at once,
 * without a copy per call).
 *
 * @param fn The export.
 * @param opts The options, serialised to JSON.
 * @param input The input bytes.
 * @returns The return code and a view of the output bytes.
 * @throws {TriggerError} `WASM_FAILED` when the engine cannot load or traps.
 */
export function callBytesView(
  fn: TextCall,
  opts: unknown,
  input: Uint8Array,
): { status: number; out: Uint8Array } {
  return call(fn, opts, input, (mem, ptr, n) => new Uint8Array(mem.buffer, ptr, n));
}

/**
 * Runs a text call: the input into `acl_input`'s buffer, the options as the
 * generated string argument, and `read` on the output in place (`ascii`: the
 * output is known to be ASCII, see {@linkcode ASCII_PRESERVING}).
 */
function call<T>(
  fn: TextCall,
  opts: unknown,
  input: string | Uint8Array,
  read: (mem: WebAssembly.Memory, ptr: number, len: number, ascii: boolean) => T,
): { status: number; out: T } {
  const mem = engine();
  const o = JSON.stringify(opts);
  try {
    const [len, asciiInput] = typeof input === "string"
      ? putInput(mem, input)
      : [putBytes(mem, input), false];
    const status = bindings[fn](o, len);
    const ascii = asciiInput && ASCII_PRESERVING.has(fn) && isAscii(o);
    return { status, out: read(mem, bindings.acl_output_ptr(), bindings.acl_output_len(), ascii) };
  } catch (e) {
    // an output too long for a string is the caller's limit, not a failure of the engine
    if (e instanceof TriggerError && e.code === "INPUT_TOO_LARGE") throw e;
    poisoned(e, fn);
  }
}

/**
 * The warnings JSON (`{"diagnostics": [...]}`) of the last successful
 * `acl_emit` / `acl_convert` (ABI.md §3): what the output dropped.
 *
 * @returns The JSON text.
 * @throws {TriggerError} `WASM_FAILED` when the engine cannot load or traps.
 */
export function lastWarnings(): string {
  engine();
  try {
    return bindings.acl_warnings();
  } catch (e) {
    poisoned(e, "acl_warnings");
  }
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * Writes a string into the engine's input buffer (`acl_input`) as UTF-8:
 * encoded in place when it is ASCII (no intermediate copy), else encoded
 * first. Returns the length in bytes and whether the text was ASCII.
 */
function putInput(mem: WebAssembly.Memory, text: string): [number, boolean] {
  const n = text.length;
  // reserve first: reserving may grow the memory, which replaces `mem.buffer`
  const at = bindings.acl_input(n);
  const r = encoder.encodeInto(text, new Uint8Array(mem.buffer, at, n));
  if (r.read === n && r.written === n) return [n, true];
  const bytes = encoder.encode(text);
  const to = bindings.acl_input(bytes.length);
  new Uint8Array(mem.buffer, to, bytes.length).set(bytes);
  return [bytes.length, false];
}

/** Writes bytes into the engine's input buffer (`acl_input`); returns their length. */
function putBytes(mem: WebAssembly.Memory, bytes: Uint8Array): number {
  const at = bindings.acl_input(bytes.length);
  new Uint8Array(mem.buffer, at, bytes.length).set(bytes);
  return bytes.length;
}

/**
 * Opens a stream (`acl_stream_open`, ABI.md §3) over the input, which the
 * engine keeps until {@linkcode closeStream}; a stream opened before is closed.
 *
 * @param opts The options (serialised to JSON).
 * @param input The text as UTF-8 bytes (copied in), or a filler writing them in place.
 * @returns The return code (0 opened, 1 bad options or input) and the output (diagnostics).
 * @throws {TriggerError} `WASM_FAILED` when the engine cannot load or traps.
 */
export function openStream(opts: unknown, input: Uint8Array | InputFill): CallResult {
  const mem = engine();
  const o = JSON.stringify(opts);
  let len: number;
  if (input instanceof Uint8Array) len = putBytes(mem, input);
  else {
    len = input.size;
    let at: number;
    try {
      at = bindings.acl_input(len);
    } catch (e) {
      poisoned(e, "acl_input");
    }
    input.fill(new Uint8Array(mem.buffer, at, len));
  }
  try {
    const status = bindings.acl_stream_open(o, len);
    const out = decoder.decode(
      new Uint8Array(mem.buffer, bindings.acl_output_ptr(), bindings.acl_output_len()),
    );
    return { status, out };
  } catch (e) {
    poisoned(e, "acl_stream_open");
  }
}

/**
 * Runs the next step of the open stream (`acl_stream_step`).
 *
 * @returns The return code (0 more, 1 done, 2 errors, -1 no stream) and a view
 *   of the step's output in the engine's memory, valid until the next engine call.
 * @throws {TriggerError} `WASM_FAILED` when the engine traps.
 */
export function stepStream(): { status: number; out: Uint8Array } {
  const mem = engine();
  try {
    const status = bindings.acl_stream_step();
    return {
      status,
      out: new Uint8Array(mem.buffer, bindings.acl_output_ptr(), bindings.acl_output_len()),
    };
  } catch (e) {
    poisoned(e, "acl_stream_step");
  }
}

/**
 * Closes the open stream, freeing its text (`acl_stream_close`); a no-op
 * when no instance is live.
 *
 * @throws {TriggerError} `WASM_FAILED` when the engine traps.
 */
export function closeStream(): void {
  if (!memory) return;
  try {
    bindings.acl_stream_close();
  } catch (e) {
    poisoned(e, "acl_stream_close");
  }
}

/**
 * The size in bytes of the engine's memory: WebAssembly memory only grows,
 * so this is the most the engine has held since it was loaded.
 *
 * @returns The byte length of the engine's memory.
 * @throws {TriggerError} `WASM_FAILED` when the engine cannot load.
 */
export function engineMemoryBytes(): number {
  return engine().buffer.byteLength;
}

/**
 * Frees the IR the engine keeps from the last lazy parse (`acl_forget`); a
 * no-op when no instance is live (nothing is kept then).
 *
 * @throws {TriggerError} `WASM_FAILED` when the engine traps.
 */
export function forgetKept(): void {
  if (!memory) return;
  try {
    bindings.acl_forget();
  } catch (e) {
    poisoned(e, "acl_forget");
  }
}

/**
 * Releases a compiled ACL if it belongs to the live instance.
 *
 * @param handle The handle from `acl_compile`.
 * @param gen The generation it was compiled in.
 */
export function release(handle: number, gen: number): void {
  if (!memory || gen !== generation) return;
  try {
    bindings.acl_release(handle);
  } catch (e) {
    poisoned(e, "acl_release");
  }
}

/** Flows checked per engine call: bounds the engine's scratch memory. */
export const CHECK_CHUNK = 65536;

/**
 * Checks encoded flows against a compiled ACL, in chunks.
 *
 * @param handle The compiled ACL.
 * @param gen The generation it was compiled in (must be current).
 * @param flows The encoded flows (48 bytes each).
 * @param verdicts Receives 0 denied, 1 permitted, 2 undetermined per flow.
 * @param indices Receives the deciding term index per flow (-1: implicit deny).
 * @param missing Receives, per undetermined flow, the bits of the fields its term lacked.
 * @throws {TriggerError} `WASM_FAILED` when the handle is stale or the engine traps.
 */
export function checkEncoded(
  handle: number,
  gen: number,
  flows: Uint8Array,
  verdicts: Uint8Array,
  indices: Int32Array,
  missing: Uint16Array,
): void {
  engine();
  if (gen !== generation) {
    throw new TriggerError("WASM_FAILED", "Cannot check: the compiled ACL is stale");
  }
  const total = Math.floor(flows.length / 48);
  let rc = 0;
  try {
    for (let done = 0; done < total && rc === 0; done += CHECK_CHUNK) {
      const end = Math.min(total, done + CHECK_CHUNK);
      rc = bindings.acl_check(
        handle,
        flows.subarray(done * 48, end * 48),
        verdicts.subarray(done, end),
        indices.subarray(done, end),
        missing.subarray(done, end),
      );
    }
  } catch (e) {
    poisoned(e, "acl_check");
  }
  if (rc !== 0) throw new TriggerError("WASM_FAILED", `Cannot check: bad handle ${handle}`);
}

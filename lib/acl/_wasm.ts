// deno-lint-ignore-file camelcase -- the export names are fixed by acl-wasm/ABI.md
/**
 * The WebAssembly engine loader: instantiates `acl-wasm` once, lazily, from
 * the base64 embedded in `acl-wasm/lib/acl_wasm.ts` (so that imports from JSR
 * or https work without reading files), and moves strings and flow buffers
 * across the boundary (`acl-wasm/ABI.md` §3).
 *
 * A trap inside the engine (a Rust panic) poisons the instance: it is
 * dropped, the next call instantiates a fresh one, and compiled handles from
 * the old instance are recognised as stale by their generation.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { ACL_WASM_BASE64 } from "../../acl-wasm/lib/acl_wasm.ts";
import { TriggerError } from "../errors.ts";

interface Exports {
  memory: WebAssembly.Memory;
  acl_alloc(len: number): number;
  acl_free(ptr: number, len: number): void;
  acl_out_ptr(): number;
  acl_out_len(): number;
  acl_parse(opts: number, optsLen: number, text: number, textLen: number): number;
  acl_emit(opts: number, optsLen: number, ir: number, irLen: number): number;
  acl_convert(opts: number, optsLen: number, text: number, textLen: number): number;
  acl_compile(opts: number, optsLen: number, input: number, inputLen: number): number;
  acl_check(handle: number, flows: number, count: number): number;
  acl_release(handle: number): void;
  acl_warnings_ptr(): number;
  acl_warnings_len(): number;
  acl_tables(opts: number, optsLen: number, text: number, textLen: number): number;
  acl_hs(opts: number, optsLen: number, input: number, inputLen: number): number;
}

/** The text-in, text-out calls. */
export type TextCall =
  | "acl_parse"
  | "acl_emit"
  | "acl_convert"
  | "acl_compile"
  | "acl_tables"
  | "acl_hs";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

let module: WebAssembly.Module | undefined;
let instance: Exports | undefined;
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

function engine(): Exports {
  if (instance) return instance;
  try {
    module ??= new WebAssembly.Module(decodeBase64(ACL_WASM_BASE64));
    instance = new WebAssembly.Instance(module, {}).exports as unknown as Exports;
  } catch (e) {
    throw new TriggerError("WASM_FAILED", "Cannot load the ACL engine", { cause: e });
  }
  generation++;
  return instance;
}

/** The current instance's generation: handles from an older one are stale. */
export function currentGeneration(): number {
  engine();
  return generation;
}

function poisoned(e: unknown, what: string): never {
  instance = undefined;
  throw new TriggerError("WASM_FAILED", `The ACL engine failed in ${what}`, { cause: e });
}

function put(ex: Exports, bytes: Uint8Array): number {
  const ptr = ex.acl_alloc(bytes.length);
  new Uint8Array(ex.memory.buffer, ptr, bytes.length).set(bytes);
  return ptr;
}

/** The result of a text call: the engine's return code and its output text. */
export interface CallResult {
  /** The return code (0 ok, 1 errors; a handle or -1 for `acl_compile`). */
  status: number;
  /** The output buffer as text. */
  out: string;
}

/**
 * Calls one of the text-in, text-out exports with a JSON options object.
 *
 * @param fn The export.
 * @param opts The options, serialised to JSON.
 * @param input The text or IR JSON.
 * @returns The return code and output text.
 * @throws {TriggerError} `WASM_FAILED` when the engine cannot load or traps.
 */
export function callText(fn: TextCall, opts: unknown, input: string): CallResult {
  return call(fn, opts, input, (ex, ptr, len, asciiInput, o) => {
    // Text in, text out: every byte the engine writes is ASCII or copied from
    // the input, so ASCII input and options give ASCII output, which is read
    // as one-byte text (no UTF-8 validation: about 2x faster on 27 MB). IR
    // JSON input may hold \u escapes, so acl_emit and acl_compile decode UTF-8.
    const ascii = asciiInput && (fn === "acl_convert" || fn === "acl_parse") && isAscii(o);
    return ascii
      ? Buffer.from(ex.memory.buffer, ptr, len).toString("latin1")
      : decoder.decode(new Uint8Array(ex.memory.buffer, ptr, len));
  });
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
  return call(
    fn,
    opts,
    input,
    (ex, ptr, len) => new Uint8Array(ex.memory.buffer, ptr, len).slice(),
  );
}

function call<T>(
  fn: TextCall,
  opts: unknown,
  input: string | Uint8Array,
  read: (ex: Exports, ptr: number, len: number, asciiInput: boolean, opts: Uint8Array) => T,
): { status: number; out: T } {
  const ex = engine();
  const o = encoder.encode(JSON.stringify(opts));
  try {
    const op = put(ex, o);
    const [tp, tcap, tlen, asciiInput] = typeof input === "string"
      ? putText(ex, input)
      : [put(ex, input), input.length, input.length, false];
    const status = ex[fn](op, o.length, tp, tlen);
    const out = read(ex, ex.acl_out_ptr(), ex.acl_out_len(), asciiInput, o);
    ex.acl_free(op, o.length);
    ex.acl_free(tp, tcap);
    return { status, out };
  } catch (e) {
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
  const ex = engine();
  try {
    return decoder.decode(
      new Uint8Array(ex.memory.buffer, ex.acl_warnings_ptr(), ex.acl_warnings_len()),
    );
  } catch (e) {
    poisoned(e, "acl_warnings");
  }
}

function isAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b > 0x7f) return false;
  return true;
}

/**
 * Copies a string into engine memory as UTF-8: encoded in place when it is
 * ASCII (one buffer of its length, no intermediate copy), else encoded first.
 * Returns the pointer, the allocated capacity (for `acl_free`), the length and
 * whether the text was ASCII.
 */
function putText(ex: Exports, text: string): [number, number, number, boolean] {
  const cap = text.length;
  const ptr = ex.acl_alloc(cap);
  const r = encoder.encodeInto(text, new Uint8Array(ex.memory.buffer, ptr, cap));
  if (r.read === cap && r.written === cap) return [ptr, cap, cap, true];
  ex.acl_free(ptr, cap);
  const t = encoder.encode(text);
  return [put(ex, t), t.length, t.length, false];
}

/**
 * Releases a compiled ACL if it belongs to the live instance.
 *
 * @param handle The handle from `acl_compile`.
 * @param gen The generation it was compiled in.
 */
export function release(handle: number, gen: number): void {
  if (instance === undefined || gen !== generation) return;
  try {
    instance.acl_release(handle);
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
  const ex = engine();
  if (gen !== generation) {
    throw new TriggerError("WASM_FAILED", "Cannot check: the compiled ACL is stale");
  }
  const total = Math.floor(flows.length / 48);
  if (total === 0) return;
  const chunk = Math.min(total, CHECK_CHUNK);
  let ptr = 0;
  try {
    ptr = ex.acl_alloc(chunk * 48);
    for (let done = 0; done < total; done += chunk) {
      const n = Math.min(chunk, total - done);
      new Uint8Array(ex.memory.buffer, ptr, n * 48).set(
        flows.subarray(done * 48, (done + n) * 48),
      );
      const rc = ex.acl_check(handle, ptr, n);
      if (rc !== 0) {
        throw new TriggerError("WASM_FAILED", `Cannot check: bad handle ${handle}`);
      }
      const out = ex.acl_out_ptr();
      const view = new DataView(ex.memory.buffer, out, n * 8);
      for (let i = 0; i < n; i++) {
        verdicts[done + i] = view.getUint8(i * 8);
        missing[done + i] = view.getUint16(i * 8 + 2, true);
        indices[done + i] = view.getInt32(i * 8 + 4, true);
      }
    }
    ex.acl_free(ptr, chunk * 48);
  } catch (e) {
    if (e instanceof TriggerError) {
      ex.acl_free(ptr, chunk * 48);
      throw e;
    }
    poisoned(e, "acl_check");
  }
}

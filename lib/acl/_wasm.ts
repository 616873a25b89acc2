/**
 * The WebAssembly engine loader: instantiates `acl-wasm` once, lazily, through
 * the bindings wasm-bindgen generates (`acl-wasm/lib/acl_bindgen.js`, built by
 * `acl-wasm/build.sh` from `acl-wasm/src/abi.rs`), from the bytes embedded as
 * base64 in `acl-wasm/lib/acl_wasm.ts` (`initSync`: imports from JSR or https
 * read no files).
 *
 * A trap inside the engine (a Rust panic) poisons the instance: it is
 * dropped, the next call instantiates a fresh one, and compiled handles from
 * the old instance are recognised as stale by their generation.
 *
 * @module
 */
import * as engineExports from "../../acl-wasm/lib/acl_bindgen.js";
import { ACL_WASM_BASE64 } from "../../acl-wasm/lib/acl_wasm.ts";
import { TriggerError } from "../errors.ts";

type Bindings = typeof engineExports;

/**
 * The text-in, text-out calls: every generated binding taking an options JSON
 * and an input text and returning a status (ABI.md §3). A new export of that
 * shape in `abi.rs` is callable through {@linkcode callText} after
 * `bash acl-wasm/build.sh`, with no change here.
 */
export type TextCall = {
  [K in keyof Bindings]: Bindings[K] extends (opts: string, input: string) => number ? K : never;
}[keyof Bindings & string];

let module: WebAssembly.Module | undefined;
let live = false;
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

function engine(): Bindings {
  if (live) return engineExports;
  try {
    module ??= new WebAssembly.Module(decodeBase64(ACL_WASM_BASE64));
    engineExports.initSync(module);
  } catch (e) {
    throw new TriggerError("WASM_FAILED", "Cannot load the ACL engine", { cause: e });
  }
  live = true;
  generation++;
  return engineExports;
}

/** The current instance's generation: handles from an older one are stale. */
export function currentGeneration(): number {
  engine();
  return generation;
}

function poisoned(e: unknown, what: string): never {
  live = false;
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
 * Calls one of the text-in, text-out exports with a JSON options object.
 *
 * @param fn The export.
 * @param opts The options, serialised to JSON.
 * @param input The text or IR JSON.
 * @returns The return code and output text.
 * @throws {TriggerError} `WASM_FAILED` when the engine cannot load or traps.
 */
export function callText(fn: TextCall, opts: unknown, input: string): CallResult {
  const ex = engine();
  try {
    const status = ex[fn](JSON.stringify(opts), input);
    return { status, out: ex.acl_output() };
  } catch (e) {
    poisoned(e, fn);
  }
}

/**
 * Releases a compiled ACL if it belongs to the live instance.
 *
 * @param handle The handle from `acl_compile`.
 * @param gen The generation it was compiled in.
 */
export function release(handle: number, gen: number): void {
  if (!live || gen !== generation) return;
  try {
    engineExports.acl_release(handle);
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
 * @throws {TriggerError} `WASM_FAILED` when the handle is stale or the engine traps.
 */
export function checkEncoded(
  handle: number,
  gen: number,
  flows: Uint8Array,
  verdicts: Uint8Array,
  indices: Int32Array,
): void {
  const ex = engine();
  if (gen !== generation) {
    throw new TriggerError("WASM_FAILED", "Cannot check: the compiled ACL is stale");
  }
  const total = Math.floor(flows.length / 48);
  let rc = 0;
  try {
    for (let done = 0; done < total && rc === 0; done += CHECK_CHUNK) {
      const end = Math.min(total, done + CHECK_CHUNK);
      rc = ex.acl_check(
        handle,
        flows.subarray(done * 48, end * 48),
        verdicts.subarray(done, end),
        indices.subarray(done, end),
      );
    }
  } catch (e) {
    poisoned(e, "acl_check");
  }
  if (rc !== 0) throw new TriggerError("WASM_FAILED", `Cannot check: bad handle ${handle}`);
}

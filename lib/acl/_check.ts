/**
 * Compiled checks: the engine handle of an ACL's compiled checker (created on
 * the first check, released on dispose or collection, recompiled after an
 * engine restart) and the conversion of flows and verdicts.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import type { AclIr, Term } from "./ir.ts";
import type { BatchResult, CheckResult } from "./types.ts";
import { type Flow, FLOW_SIZE, FlowBatch, missingFields } from "./flow.ts";
import type { LazySource } from "./_lazy.ts";
import { diagnosticsOf } from "./_engine.ts";
import { callText, checkEncoded, currentGeneration, release } from "./_wasm.ts";

/** A compiled checker: its engine handle and the engine generation it belongs to. */
export interface Compiled {
  handle: number;
  gen: number;
}

const registry = new FinalizationRegistry<Compiled>((c) => release(c.handle, c.gen));

/**
 * Compiles an ACL's checker: from the text when it is not decoded (`lazy`),
 * else from its IR. The handle is released when `owner` is collected.
 */
export function compileChecker(
  owner: object,
  name: string | null,
  lazy: LazySource | undefined,
  ir: () => AclIr,
): Compiled {
  const gen = currentGeneration();
  // a checker the streaming compile kept: taken by its key (no second copy of the text in the
  // engine); the text route below when the engine no longer holds it
  const kept = lazy?.kept === undefined ? undefined : callText(
    "acl_compile",
    { input: "kept", kept: lazy.kept, dialect: lazy.dialect, index: lazy.index },
    "",
  );
  const r = kept !== undefined && kept.status >= 0 ? kept : lazy
    ? callText(
      "acl_compile",
      { input: "text", dialect: lazy.dialect, index: lazy.index },
      lazy.text,
    )
    : callText(
      "acl_compile",
      { input: "ir", dialect: "auto" },
      JSON.stringify({ ...ir(), comments: [], trailingComments: [] }),
    );
  if (r.status < 0) {
    throw new TriggerError(
      "ACL_INVALID",
      `Cannot compile ACL${name ? ` "${name}"` : ""}: ${
        diagnosticsOf(r.out).map((d) => d.message).join("; ") || "unknown error"
      }`,
    );
  }
  const c = { handle: r.status, gen };
  registry.register(owner, c, owner);
  return c;
}

/** Releases a checker from {@linkcode compileChecker} now. */
export function releaseChecker(owner: object, c: Compiled): void {
  registry.unregister(owner);
  release(c.handle, c.gen);
}

/** Encodes flows into a batch (a batch is used as is); errors name the flow's index. */
export function toFlowBatch(flows: Iterable<Flow> | FlowBatch): FlowBatch {
  if (flows instanceof FlowBatch) return flows;
  const batch = new FlowBatch(Array.isArray(flows) ? Math.max(flows.length, 1) : 1024);
  let i = 0;
  for (const f of flows) {
    try {
      batch.add(f);
    } catch (e) {
      if (e instanceof TypeError) throw new TypeError(`Flow ${i}: ${e.message}`, { cause: e });
      if (e instanceof RangeError) {
        throw new RangeError(`Flow ${i}: ${e.message}`, { cause: e });
      }
      throw e;
    }
    i++;
  }
  return batch;
}

/** Turns raw verdicts into one result per flow. */
export function toResults(
  { verdicts, indices, missing }: BatchResult,
  terms: readonly Term[],
): CheckResult[] {
  const out: CheckResult[] = new Array(verdicts.length);
  for (let i = 0; i < verdicts.length; i++) {
    const idx = indices[i]!;
    const v = verdicts[i]!;
    const t = idx >= 0 ? terms[idx] : undefined;
    const r: CheckResult = {
      permitted: v === 1 ? true : v === 0 ? false : null,
      term: t?.name ?? null,
      index: t === undefined ? null : idx,
      line: t?.span.line ?? null,
    };
    if (v === 2) r.missing = missingFields(missing?.[i] ?? 0);
    out[i] = r;
  }
  return out;
}

/**
 * Checks encoded flows with the checker `compiled()` returns (called only
 * when there is a flow), filling `into` when it is long enough.
 */
export function checkFlows(
  flows: FlowBatch | Uint8Array,
  into: BatchResult | undefined,
  compiled: () => Compiled,
): BatchResult {
  const bytes = flows instanceof FlowBatch ? flows.bytes : flows;
  const n = Math.floor(bytes.length / FLOW_SIZE);
  const verdicts = into && into.verdicts.length >= n ? into.verdicts : new Uint8Array(n);
  const indices = into && into.indices.length >= n ? into.indices : new Int32Array(n);
  const missing = into?.missing && into.missing.length >= n ? into.missing : new Uint16Array(n);
  if (n === 0) return { verdicts, indices, missing };
  const c = compiled();
  checkEncoded(c.handle, c.gen, bytes, verdicts, indices, missing);
  return {
    verdicts: verdicts.length === n ? verdicts : verdicts.subarray(0, n),
    indices: indices.length === n ? indices : indices.subarray(0, n),
    missing: missing.length === n ? missing : missing.subarray(0, n),
  };
}

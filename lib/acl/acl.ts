/**
 * The ACL API: {@linkcode parse} text into an {@linkcode Acl}, write it in
 * another format, check flows against it, or {@linkcode convert} text in one
 * engine call.
 *
 * @module
 */
import type { AclFamily, AclFormat, AclIr, AclSource, Comment, Policer, Term } from "./ir.ts";
import type { BatchResult, CheckResult, OutputOptions } from "./types.ts";
import { type Flow, FlowBatch } from "./flow.ts";
import { checkFormat, diagnosticsOf, emitError, reportWarnings } from "./_engine.ts";
import { convertLazy, decodeLazy, type LazySource } from "./_lazy.ts";
import {
  checkFlows,
  compileChecker,
  type Compiled,
  releaseChecker,
  toFlowBatch,
  toResults,
} from "./_check.ts";
import { callText, currentGeneration } from "./_wasm.ts";

export type {
  BatchResult,
  CheckResult,
  ConvertOptions,
  FlowField,
  OutputOptions,
  ParseOptions,
} from "./types.ts";
export { convert, parse, parseAll } from "./parse.ts";

const DEFAULT_FORMAT: Record<AclSource, AclFormat> = {
  "ios": "ios",
  "ios-standard": "ios",
  "ios-named": "ios-named",
  "ios-named-standard": "ios-named",
  "ipv6": "ios-named",
  "brocade": "brocade",
  "junos": "junos",
  "nxos": "nxos",
  "eos": "eos",
  "iosxr": "iosxr",
  "asa": "asa",
};

let createLazy: (head: AclIr, src: LazySource) => Acl;
let lazyOf: (acl: Acl) => LazySource | undefined;

/** Creates an Acl from a head (`acl_parse` with `lazy`) that decodes its IR on first read. */
export function lazyAcl(head: AclIr, src: LazySource): Acl {
  return createLazy(head, src);
}

/**
 * Where a not yet decoded ACL comes from (its text and position), when it is
 * still as parsed (neither decoded nor renamed): the engine can then read it
 * from its text again instead of from IR JSON. Internal (`lib/acl/tools`).
 */
export function lazySourceOf(acl: Acl): LazySource | undefined {
  return lazyOf(acl);
}

/**
 * One parsed filter or access list: its name, source dialect and terms, with
 * output in any supported format and flow checks.
 *
 * Treat `terms` as immutable; assign a new array to change them (the compiled
 * checker is rebuilt on the next check).
 *
 * @example Parse, convert and check
 * ```ts
 * import { parse } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * using acl = parse("access-list 101 permit tcp any host 192.0.2.10 eq 443\n");
 * strictEqual(acl.name, "101");
 * strictEqual(acl.source, "ios");
 * strictEqual(acl.terms.length, 1);
 * strictEqual(acl.output("ios-named"), "ip access-list extended 101\n permit tcp any host 192.0.2.10 eq 443\n");
 * strictEqual(acl.check({ src: "198.51.100.7", dst: "192.0.2.10", protocol: "tcp", dport: 443 }).permitted, true);
 * strictEqual(acl.check({ src: "198.51.100.7", dst: "192.0.2.10", protocol: "udp", dport: 443 }).permitted, false);
 * ```
 */
export class Acl {
  #ir: AclIr;
  #name: string | null;
  #terms: readonly Term[];
  #comments: readonly Comment[];
  #trailing: readonly Comment[];
  #compiled: Compiled | undefined;
  #lazy: LazySource | undefined;

  static {
    createLazy = (head, src) => {
      const acl = new Acl({ ...head, comments: [], trailingComments: [], policers: [], terms: [] });
      acl.#lazy = src;
      return acl;
    };
    lazyOf = (acl) => acl.#name === acl.#ir.name ? acl.#lazy : undefined;
  }

  /**
   * Wraps an IR object (as returned by {@linkcode Acl.toJSON} or the engine).
   *
   * @param ir The IR.
   * @throws {TypeError} When `ir` is not an object with a `terms` array.
   */
  constructor(ir: AclIr) {
    if (typeof ir !== "object" || ir === null || !Array.isArray(ir.terms)) {
      throw new TypeError("Cannot create Acl: expected an IR object with a terms array");
    }
    this.#ir = ir;
    this.#name = ir.name;
    this.#terms = ir.terms;
    this.#comments = ir.comments ?? [];
    this.#trailing = ir.trailingComments ?? [];
  }

  /** The ACL's name (`115`, `EDGE-IN`), or `null` for bare entries. */
  get name(): string | null {
    return this.#name;
  }
  set name(value: string | null) {
    this.#name = value;
  }

  /** The dialect the ACL was read from. */
  get source(): AclSource {
    return this.#ir.source;
  }

  /** The Junos family wrapper, or `inet6` for an IPv6 access list. */
  get family(): AclFamily | null {
    return this.#ir.family;
  }

  /** Whether the input replaced the ACL (`no access-list`, `replace:`). */
  get replace(): boolean {
    return this.#ir.replace;
  }

  /** Junos `interface-specific`. */
  get interfaceSpecific(): boolean {
    return this.#ir.interfaceSpecific;
  }

  /** Brocade `ip rebind-receive-acl`. */
  get receiveAcl(): boolean {
    return this.#ir.receiveAcl;
  }

  /** Junos policers. */
  get policers(): readonly Policer[] {
    this.#load();
    return this.#ir.policers ?? [];
  }

  /** Header comments. */
  get comments(): readonly Comment[] {
    this.#load();
    return this.#comments;
  }

  /** Comments after the last term. */
  get trailingComments(): readonly Comment[] {
    this.#load();
    return this.#trailing;
  }

  /** The terms, in order. Assigning a new array invalidates the compiled checker. */
  get terms(): readonly Term[] {
    this.#load();
    return this.#terms;
  }
  set terms(value: readonly Term[]) {
    if (!Array.isArray(value)) throw new TypeError("Cannot set Acl.terms: expected an array");
    this.#load();
    this.#terms = value;
    this.#drop();
  }

  /** The format {@linkcode Acl.output} writes when none is given: the input's own. */
  get defaultFormat(): AclFormat {
    return DEFAULT_FORMAT[this.#ir.source] ?? "junos";
  }

  /**
   * Writes the ACL in a format.
   *
   * @param format `junos`, `ios` (numbered), `ios-named`, `iosxr`, `brocade`, `eos`, `nxos` or `asa`; by default the input's own.
   * @param options `replace`, `name`, `family`, `dropModifiers`, `nameTerms`, `countTerms`, `onWarning`.
   * @returns The text, ending with a newline.
   * @throws {RangeError} For an unknown format.
   * @throws {AclUnsupportedError} When the format cannot express some term (every one is listed).
   *
   * @example Write Junos from IOS
   * ```ts
   * import { parse } from "@trigger/trigger";
   * import { ok } from "node:assert/strict";
   *
   * const acl = parse("ip access-list extended EDGE\n permit udp any any eq 53\n");
   * const junos = acl.nameTerms().output("junos");
   * ok(junos.startsWith("filter EDGE {"));
   * ok(junos.includes("destination-port 53;"));
   * ```
   */
  output(format: AclFormat = this.defaultFormat, options: OutputOptions = {}): string {
    const f = checkFormat(format, "write ACL");
    const {
      replace = this.replace,
      name,
      family,
      dropModifiers = false,
      nameTerms = false,
      countTerms = false,
      onWarning,
    } = options;
    const lazy = this.#lazy;
    if (lazy && (replace || !this.replace)) {
      // Not decoded yet: write straight from the text (no IR crosses the boundary).
      return convertLazy(lazy, f, {
        replace,
        name: name ?? this.#name,
        family: family ?? null,
        dropModifiers,
        nameTerms,
        countTerms,
        onWarning,
      });
    }
    const r = callText("acl_emit", {
      format: f,
      replace,
      name: name ?? null,
      family: family ?? null,
      dropModifiers,
      nameTerms,
      countTerms,
    }, JSON.stringify({ ...this.toJSON(), replace }));
    if (r.status === 0) {
      reportWarnings(onWarning);
      return r.out;
    }
    throw emitError(f, diagnosticsOf(r.out));
  }

  /**
   * Names the unnamed terms `T1`, `T2`, … (the counter counts unnamed terms
   * only, and skips names already taken). Junos output needs term names.
   *
   * @returns This ACL.
   *
   * @example Name IOS entries
   * ```ts
   * import { parse } from "@trigger/trigger";
   * import { deepStrictEqual } from "node:assert/strict";
   *
   * const acl = parse("access-list 100 permit ip any any\naccess-list 100 deny ip any any\n");
   * deepStrictEqual(acl.nameTerms().terms.map((t) => t.name), ["T1", "T2"]);
   * ```
   */
  nameTerms(): this {
    this.#load();
    const taken = new Set(this.#terms.map((t) => t.name).filter((n) => n !== null));
    let n = 0;
    const next = (): string => {
      let name: string;
      do name = `T${++n}`; while (taken.has(name));
      return name;
    };
    this.terms = this.#terms.map((t) => t.name === null ? { ...t, name: next() } : t);
    return this;
  }

  /**
   * Removes every comment and remark (the ACL's and its terms').
   *
   * @returns This ACL.
   *
   * @example Strip remarks
   * ```ts
   * import { parse } from "@trigger/trigger";
   * import { strictEqual } from "node:assert/strict";
   *
   * const acl = parse("ip access-list extended X\n remark web\n permit tcp any any eq 80\n");
   * strictEqual(acl.stripComments().output("ios-named"), "ip access-list extended X\n permit tcp any any eq 80\n");
   * ```
   */
  stripComments(): this {
    this.#load();
    this.#comments = [];
    this.#trailing = [];
    this.terms = this.#terms.map((t) => t.comments.length ? { ...t, comments: [] } : t);
    return this;
  }

  /**
   * Checks one flow: walks the terms in order; the first that matches decides.
   *
   * @param flow The packet.
   * @returns The verdict and the deciding term.
   * @throws {TypeError} When a field of the flow cannot be read.
   * @throws {RangeError} When a number in the flow is out of range.
   *
   * @example Which term decides
   * ```ts
   * import { parse } from "@trigger/trigger";
   * import { deepStrictEqual } from "node:assert/strict";
   *
   * const acl = parse("filter f {\n  term ssh {\n    from { protocol tcp; destination-port 22; }\n    then accept;\n  }\n}\n");
   * deepStrictEqual(acl.check({ src: "10.0.0.1", dst: "10.0.0.2", protocol: "tcp", dport: 22 }), {
   *   permitted: true, term: "ssh", index: 0, line: 2,
   * });
   * deepStrictEqual(acl.check({ src: "10.0.0.1", dst: "10.0.0.2", protocol: "tcp", dport: 23 }), {
   *   permitted: false, term: null, index: null, line: null,
   * });
   * ```
   */
  check(flow: Flow): CheckResult {
    const batch = new FlowBatch(1);
    batch.add(flow);
    return this.checkAll(batch)[0]!;
  }

  /**
   * Checks many flows in one engine call per 65,536 flows (the ACL is
   * compiled once and cached).
   *
   * @param flows The packets, or a prepared {@linkcode FlowBatch}.
   * @returns One result per flow, in order.
   * @throws {TypeError} When a field of a flow cannot be read (the message names the flow's index).
   * @throws {RangeError} When a number in a flow is out of range.
   *
   * @example Check a batch
   * ```ts
   * import { parse } from "@trigger/trigger";
   * import { deepStrictEqual } from "node:assert/strict";
   *
   * const acl = parse("access-list 100 permit udp any any eq 53\naccess-list 100 deny ip any any\n");
   * const results = acl.checkAll([
   *   { src: "10.0.0.1", dst: "10.0.0.53", protocol: "udp", dport: 53 },
   *   { src: "10.0.0.1", dst: "10.0.0.53", protocol: "tcp", dport: 53 },
   * ]);
   * deepStrictEqual(results.map((r) => [r.permitted, r.line]), [[true, 1], [false, 2]]);
   * ```
   */
  checkAll(flows: Iterable<Flow> | FlowBatch): CheckResult[] {
    const result = this.checkBatch(toFlowBatch(flows));
    return toResults(result, this.terms);
  }

  /**
   * Checks encoded flows and returns raw arrays: the fast path for millions
   * of flows (no object per flow).
   *
   * @param flows Encoded flows: a {@linkcode FlowBatch} or its bytes (48 per flow).
   * @param into Arrays to fill (reused across calls), at least as long as the batch.
   * @returns Verdicts (0 denied, 1 permitted, 2 undetermined) and term indices (-1: implicit deny).
   * @throws {AclSyntaxError} When the ACL cannot be compiled.
   *
   * @example Raw verdicts
   * ```ts
   * import { FlowBatch, parse } from "@trigger/trigger/acl";
   * import { deepStrictEqual } from "node:assert/strict";
   *
   * const acl = parse("access-list 100 permit tcp any any eq 22\n");
   * const batch = new FlowBatch();
   * batch.add({ src: "10.0.0.1", dst: "10.0.0.2", protocol: "tcp", dport: 22 });
   * batch.add({ src: "10.0.0.1", dst: "10.0.0.2", protocol: "tcp", dport: 80 });
   * const { verdicts, indices } = acl.checkBatch(batch);
   * deepStrictEqual([...verdicts], [1, 0]);
   * deepStrictEqual([...indices], [0, -1]);
   * ```
   */
  checkBatch(flows: FlowBatch | Uint8Array, into?: BatchResult): BatchResult {
    return checkFlows(flows, into, () => {
      const c = this.#compile();
      if (c.gen === currentGeneration()) return c;
      this.#drop();
      return this.#compile();
    });
  }

  /**
   * Returns the IR (what `JSON.stringify` writes).
   *
   * @returns The ACL as a plain IR object.
   *
   * @example Round-trip through JSON
   * ```ts
   * import { Acl, parse } from "@trigger/trigger";
   * import { strictEqual } from "node:assert/strict";
   *
   * const acl = parse("access-list 100 permit ip any any\n");
   * const copy = new Acl(JSON.parse(JSON.stringify(acl)));
   * strictEqual(copy.output("ios"), acl.output("ios"));
   * ```
   */
  toJSON(): AclIr {
    this.#load();
    return {
      ...this.#ir,
      name: this.#name,
      comments: this.#comments,
      trailingComments: this.#trailing,
      terms: this.#terms,
    };
  }

  /** Releases the compiled checker now (it is also released when the ACL is collected). */
  [Symbol.dispose](): void {
    this.#drop();
  }

  /** Decodes the IR of a lazily parsed ACL (its terms, comments, policers). */
  #load(): void {
    const src = this.#lazy;
    if (!src) return;
    const ir = decodeLazy(src);
    this.#lazy = undefined;
    this.#ir = ir;
    this.#terms = ir.terms;
    this.#comments = ir.comments ?? [];
    this.#trailing = ir.trailingComments ?? [];
  }

  #compile(): Compiled {
    return this.#compiled ??= compileChecker(this, this.#name, this.#lazy, () => this.toJSON());
  }

  #drop(): void {
    const c = this.#compiled;
    if (!c) return;
    this.#compiled = undefined;
    releaseChecker(this, c);
  }
}

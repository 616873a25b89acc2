/**
 * The ACL API: {@linkcode parse} text into an {@linkcode Acl}, write it in
 * another format, check flows against it, or {@linkcode convert} text in one
 * engine call.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import {
  AclSyntaxError,
  AclUnsupportedError,
  isInvalidIrCode,
  isUnsupportedCode,
} from "./errors.ts";
import type {
  AclDialect,
  AclFamily,
  AclFormat,
  AclIr,
  AclSource,
  Comment,
  Diagnostic,
  Policer,
  Term,
} from "./ir.ts";
import { ACL_DIALECTS, ACL_FORMATS } from "./ir.ts";
import { callText, checkEncoded, currentGeneration, release } from "./_wasm.ts";
import { type Flow, FLOW_SIZE, FlowBatch } from "./flow.ts";

/** Options for {@linkcode parse} and {@linkcode parseAll}. */
export interface ParseOptions {
  /**
   * The input dialect: `ios` (numbered, named, standard, IPv6, Brocade),
   * `junos`, or `auto` to detect.
   *
   * @default {"auto"}
   */
  dialect?: AclDialect;
}

/** Options for {@linkcode Acl.output}. */
export interface OutputOptions {
  /**
   * Wrap the output so that it replaces the ACL on the device
   * (`no access-list N`, `firewall { replace: ... }`). By default the output
   * replaces when the input did ({@linkcode Acl.replace}).
   *
   * @default {undefined}
   */
  replace?: boolean;
  /**
   * Write the ACL under this name instead of its own.
   *
   * @default {undefined}
   */
  name?: string;
  /**
   * Junos only: wrap the filter in `family F`.
   *
   * @default {undefined}
   */
  family?: AclFamily;
}

/** Options for {@linkcode convert}. */
export interface ConvertOptions {
  /**
   * The input dialect.
   *
   * @default {"auto"}
   */
  from?: AclDialect;
  /**
   * Wrap the output so that it replaces the ACL on the device. The output
   * also replaces when the input did (`no access-list N`, `replace:`).
   *
   * @default {false}
   */
  replace?: boolean;
  /**
   * Write the ACL under this name instead of its own.
   *
   * @default {undefined}
   */
  name?: string;
}

/** The answer to "does this ACL permit this flow?". */
export interface CheckResult {
  /** `true` permitted, `false` denied, `null` undetermined (a term tests a field the flow lacks). */
  permitted: boolean | null;
  /** The deciding term's name, or `null` when it has none or the implicit deny decided. */
  term: string | null;
  /** The deciding term's index in {@linkcode Acl.terms}, or `null` for the implicit deny. */
  index: number | null;
  /** The deciding term's line in the input, or `null` for the implicit deny. */
  line: number | null;
}

/** Raw results of {@linkcode Acl.checkBatch}: one entry per flow, no objects. */
export interface BatchResult {
  /** 0 denied, 1 permitted, 2 undetermined. */
  verdicts: Uint8Array;
  /** The deciding term's index, or -1 for the implicit deny. */
  indices: Int32Array;
}

const DEFAULT_FORMAT: Record<AclSource, AclFormat> = {
  "ios": "ios",
  "ios-standard": "ios",
  "ios-named": "ios-named",
  "ios-named-standard": "ios-named",
  "ipv6": "ios-named",
  "brocade": "brocade",
  "junos": "junos",
};

function checkDialect(dialect: unknown, what: string): AclDialect {
  if (!ACL_DIALECTS.includes(dialect as AclDialect)) {
    throw new RangeError(
      `Cannot ${what}: unknown dialect "${String(dialect)}" (use ${ACL_DIALECTS.join(", ")})`,
    );
  }
  return dialect as AclDialect;
}

function checkFormat(format: unknown, what: string): AclFormat {
  if (!ACL_FORMATS.includes(format as AclFormat)) {
    throw new RangeError(
      `Cannot ${what}: unknown format "${String(format)}" (use ${ACL_FORMATS.join(", ")})`,
    );
  }
  return format as AclFormat;
}

function diagnosticsOf(out: string): Diagnostic[] {
  try {
    const parsed = JSON.parse(out) as { diagnostics?: Diagnostic[] };
    return parsed.diagnostics ?? [];
  } catch (e) {
    throw new TriggerError("WASM_FAILED", "Cannot read the ACL engine's diagnostics", { cause: e });
  }
}

function emitError(format: string, diagnostics: Diagnostic[]): Error {
  const errors = diagnostics.filter((d) => d.severity === "error");
  const unsupported = errors.filter((d) => isUnsupportedCode(d.code));
  if (errors.length > 0 && errors.some((d) => isInvalidIrCode(d.code))) {
    return new TriggerError(
      "ACL_INVALID",
      `Cannot write ${format}: ${errors.map((d) => d.message).join("; ")}`,
    );
  }
  if (unsupported.length > 0 && unsupported.length === errors.length) {
    return new AclUnsupportedError(format, diagnostics);
  }
  return new AclSyntaxError(diagnostics);
}

interface Compiled {
  handle: number;
  gen: number;
}

const registry = new FinalizationRegistry<Compiled>((c) => release(c.handle, c.gen));

/** Where a lazily decoded ACL comes from: its text, and its position among the text's ACLs. */
interface LazySource {
  text: string;
  dialect: AclDialect;
  index: number;
  /** The text holds this ACL only (so `acl_convert` on the text writes exactly it). */
  only: boolean;
}

/** Creates an Acl from a head (`acl_parse` with `lazy`); set in Acl's static block. */
let lazyAcl: (head: AclIr, src: LazySource) => Acl;

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
    lazyAcl = (head, src) => {
      const acl = new Acl({ ...head, comments: [], trailingComments: [], policers: [], terms: [] });
      acl.#lazy = src;
      return acl;
    };
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
   * @param format `junos`, `ios` (numbered), `ios-named`, `iosxr`, `brocade` or `eos`; by default the input's own.
   * @param options `replace`, `name`, `family`.
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
    const { replace = this.replace, name, family } = options;
    const lazy = this.#lazy;
    if (lazy?.only && (replace || !this.replace)) {
      // Not decoded yet: write straight from the text (no IR crosses the boundary).
      const r = callText("acl_convert", {
        from: lazy.dialect,
        to: f,
        replace,
        name: name ?? this.#name,
        family: family ?? null,
      }, lazy.text);
      if (r.status === 0) return r.out;
      throw emitError(f, diagnosticsOf(r.out));
    }
    const r = callText("acl_emit", {
      format: f,
      replace,
      name: name ?? null,
      family: family ?? null,
    }, JSON.stringify({ ...this.toJSON(), replace }));
    if (r.status === 0) return r.out;
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
    let batch: FlowBatch;
    if (flows instanceof FlowBatch) batch = flows;
    else {
      batch = new FlowBatch(Array.isArray(flows) ? Math.max(flows.length, 1) : 1024);
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
    }
    const { verdicts, indices } = this.checkBatch(batch);
    const out: CheckResult[] = new Array(verdicts.length);
    const terms = this.terms;
    for (let i = 0; i < verdicts.length; i++) {
      const idx = indices[i]!;
      const v = verdicts[i]!;
      const t = idx >= 0 ? terms[idx] : undefined;
      out[i] = {
        permitted: v === 1 ? true : v === 0 ? false : null,
        term: t?.name ?? null,
        index: t === undefined ? null : idx,
        line: t?.span.line ?? null,
      };
    }
    return out;
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
   * import { FlowBatch, parse } from "@trigger/trigger";
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
    const bytes = flows instanceof FlowBatch ? flows.bytes : flows;
    const n = Math.floor(bytes.length / FLOW_SIZE);
    const verdicts = into && into.verdicts.length >= n ? into.verdicts : new Uint8Array(n);
    const indices = into && into.indices.length >= n ? into.indices : new Int32Array(n);
    if (n === 0) return { verdicts, indices };
    let c = this.#compile();
    if (c.gen !== currentGeneration()) {
      this.#drop();
      c = this.#compile();
    }
    checkEncoded(c.handle, c.gen, bytes, verdicts, indices);
    return {
      verdicts: verdicts.length === n ? verdicts : verdicts.subarray(0, n),
      indices: indices.length === n ? indices : indices.subarray(0, n),
    };
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
    const [ir] = parseRaw(src.text, src.dialect, { index: src.index });
    if (!ir) throw new TriggerError("WASM_FAILED", "Cannot decode the ACL: the engine lost it");
    this.#lazy = undefined;
    this.#ir = ir;
    this.#terms = ir.terms;
    this.#comments = ir.comments ?? [];
    this.#trailing = ir.trailingComments ?? [];
  }

  #compile(): Compiled {
    if (this.#compiled) return this.#compiled;
    const gen = currentGeneration();
    const lazy = this.#lazy;
    const r = lazy
      ? callText(
        "acl_compile",
        { input: "text", dialect: lazy.dialect, index: lazy.index },
        lazy.text,
      )
      : callText(
        "acl_compile",
        { input: "ir", dialect: "auto" },
        JSON.stringify({ ...this.toJSON(), comments: [], trailingComments: [] }),
      );
    if (r.status < 0) {
      throw new TriggerError(
        "ACL_INVALID",
        `Cannot compile ACL${this.#name ? ` "${this.#name}"` : ""}: ${
          diagnosticsOf(r.out).map((d) => d.message).join("; ") || "unknown error"
        }`,
      );
    }
    const c = { handle: r.status, gen };
    registry.register(this, c, this);
    this.#compiled = c;
    return c;
  }

  #drop(): void {
    const c = this.#compiled;
    if (!c) return;
    this.#compiled = undefined;
    registry.unregister(this);
    release(c.handle, c.gen);
  }
}

function dialectOf(text: string, options: ParseOptions): AclDialect {
  if (typeof text !== "string") throw new TypeError("Cannot parse ACL: expected a string");
  const { dialect = "auto" } = options;
  return checkDialect(dialect, "parse ACL");
}

/** Parses with `acl_parse`: every ACL, one (`index`), or heads only (`lazy`, ABI.md §3). */
function parseRaw(
  text: string,
  dialect: AclDialect,
  opts: { index?: number; lazy?: boolean } = {},
): AclIr[] {
  const r = callText("acl_parse", { dialect, index: opts.index ?? null, lazy: !!opts.lazy }, text);
  if (r.status !== 0) throw new AclSyntaxError(diagnosticsOf(r.out));
  let parsed: { acls: AclIr[] };
  try {
    parsed = JSON.parse(r.out) as { acls: AclIr[] };
  } catch (e) {
    throw new TriggerError("WASM_FAILED", "Cannot read the ACL engine's output", { cause: e });
  }
  return parsed.acls;
}

/**
 * Parses the text of one ACL (IOS numbered, named, standard, IPv6, Brocade;
 * or one Junos filter, bare or in `firewall { ... }`).
 *
 * @param text The ACL text.
 * @param options The dialect (default `auto`).
 * @returns The ACL.
 * @throws {AclSyntaxError} Listing every syntax error, with line and column.
 * @throws {RangeError} For an unknown dialect, or text holding several filters (use {@linkcode parseAll}).
 *
 * @example Parse a Junos filter
 * ```ts
 * import { parse } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * const acl = parse("filter edge {\n  term web {\n    from { protocol tcp; destination-port [ 80 443 ]; }\n    then accept;\n  }\n}\n");
 * strictEqual(acl.name, "edge");
 * strictEqual(acl.source, "junos");
 * strictEqual(acl.terms[0]?.name, "web");
 * strictEqual(acl.terms[0]?.action.kind, "accept");
 * ```
 */
export function parse(text: string, options: ParseOptions = {}): Acl {
  const dialect = dialectOf(text, options);
  const heads = parseRaw(text, dialect, { lazy: true });
  if (heads.length !== 1) {
    throw new RangeError(
      `Cannot parse ACL: the text holds ${heads.length} filters (use parseAll)`,
    );
  }
  return lazyAcl(headOf(heads[0]!), { text, dialect, index: 0, only: true });
}

/** A head from `acl_parse` with `lazy`, without its `termCount`. */
function headOf(head: AclIr & { termCount?: number }): AclIr {
  const { termCount: _, ...rest } = head;
  return rest;
}

/**
 * Parses text holding one or more ACLs (for example several Junos filters in
 * one `firewall` block).
 *
 * @param text The text.
 * @param options The dialect (default `auto`).
 * @returns Every ACL, in input order.
 * @throws {AclSyntaxError} Listing every syntax error, with line and column.
 * @throws {RangeError} For an unknown dialect.
 *
 * @example Two filters
 * ```ts
 * import { parseAll } from "@trigger/trigger";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const acls = parseAll("firewall {\n  filter a { term t { then accept; } }\n  filter b { term t { then discard; } }\n}\n");
 * deepStrictEqual(acls.map((a) => a.name), ["a", "b"]);
 * ```
 */
export function parseAll(text: string, options: ParseOptions = {}): Acl[] {
  const dialect = dialectOf(text, options);
  const heads = parseRaw(text, dialect, { lazy: true });
  return heads.map((h, index) =>
    lazyAcl(headOf(h), { text, dialect, index, only: heads.length === 1 })
  );
}

/**
 * Converts ACL text to another format in one engine call (no IR crosses the
 * boundary): the fast path for files.
 *
 * @param text The ACL text.
 * @param to The output format.
 * @param options `from` dialect, `replace`, `name`.
 * @returns The converted text.
 * @throws {AclSyntaxError} When the text does not parse.
 * @throws {AclUnsupportedError} When the format cannot express some construct.
 * @throws {RangeError} For an unknown format or dialect.
 *
 * @example IOS to Junos
 * ```ts
 * import { convert } from "@trigger/trigger";
 * import { ok } from "node:assert/strict";
 *
 * const junos = convert("access-list 100 deny ip any any\n", "junos", { replace: true });
 * ok(junos.startsWith("firewall {\nreplace:\n    filter 100 {"));
 * ok(junos.includes("reject;"));
 * ```
 */
export function convert(text: string, to: AclFormat, options: ConvertOptions = {}): string {
  if (typeof text !== "string") throw new TypeError("Cannot convert ACL: expected a string");
  const format = checkFormat(to, "convert ACL");
  const { from = "auto", replace = false, name } = options;
  checkDialect(from, "convert ACL");
  const r = callText("acl_convert", { from, to: format, replace, name: name ?? null }, text);
  if (r.status === 0) return r.out;
  throw emitError(format, diagnosticsOf(r.out));
}

/**
 * Parsing and one-call conversion: {@linkcode parse} and {@linkcode parseAll}
 * return lazily decoded {@linkcode Acl}s; {@linkcode convert} writes text
 * from text.
 *
 * @module
 */
import type { AclFormat } from "./ir.ts";
import type { ConvertOptions, ParseOptions } from "./types.ts";
import { type Acl, lazyAcl } from "./acl.ts";
import {
  checkDialect,
  checkFormat,
  diagnosticsOf,
  dialectOf,
  emitError,
  headOf,
  parseRaw,
  reportWarnings,
} from "./_engine.ts";
import { callBytes, callText } from "./_wasm.ts";
import { severalFilters } from "./_several.ts";

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
  if (heads.length !== 1) throw severalFilters(heads.length);
  return lazyAcl(headOf(heads[0]!), { text, dialect, index: 0, only: true });
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
 * import { parseAll } from "@trigger/trigger/acl";
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
 * @param options `from` dialect, `replace`, `name`, `dropModifiers`, `nameTerms`, `countTerms`, `index`, `onWarning`.
 * @returns The converted text.
 * @throws {AclSyntaxError} When the text does not parse.
 * @throws {AclUnsupportedError} When the format cannot express some construct.
 * @throws {RangeError} For an unknown format or dialect, or a bad `index`.
 * @throws {TriggerError} `INPUT_TOO_LARGE` when the output is longer than a
 *   string can be (about 512 MiB): use {@linkcode convertBytes} or
 *   `convertChunks` for such outputs.
 *
 * @example IOS to Junos
 * ```ts
 * import { convert } from "@trigger/trigger/acl";
 * import { ok } from "node:assert/strict";
 *
 * const junos = convert("access-list 100 deny ip any any\n", "junos", { replace: true });
 * ok(junos.startsWith("firewall {\nreplace:\n    filter 100 {"));
 * ok(junos.includes("reject;"));
 * ```
 *
 * @example Convert without the modifiers the target cannot carry
 * ```ts
 * import { convert, type Diagnostic } from "@trigger/trigger/acl";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const junos = "filter f {\n  term ssh {\n    from { protocol tcp; destination-port 22; }\n    then { count ssh; sample; accept; }\n  }\n}\n";
 * const dropped: Diagnostic[] = [];
 * const xr = convert(junos, "iosxr", { dropModifiers: true, onWarning: (d) => dropped.push(d) });
 * strictEqual(xr, "ipv4 access-list f\n 10 permit tcp any any eq 22\n");
 * deepStrictEqual(dropped.map((d) => [d.term, d.message]), [
 *   ["ssh", "counter 'ssh' is dropped by iosxr output"],
 *   ["ssh", "modifier 'sample' is dropped by iosxr output"],
 * ]);
 * ```
 *
 * @example Junos as the original Trigger wrote it: named and counted terms
 * ```ts
 * import { convert } from "@trigger/trigger/acl";
 * import { ok } from "node:assert/strict";
 *
 * const ios = "access-list 115 permit tcp any any eq 22\naccess-list 115 deny ip any any\n";
 * const junos = convert(ios, "junos", { nameTerms: true, countTerms: true });
 * ok(junos.includes("term T1 {"));
 * ok(junos.includes("count T1;"));
 * ok(junos.includes("count T2;"));
 * ```
 */
export function convert(text: string, to: AclFormat, options: ConvertOptions = {}): string {
  if (typeof text !== "string") throw new TypeError("Cannot convert ACL: expected a string");
  return convertWith(callText, text, to, options);
}

/**
 * {@linkcode convert} on UTF-8 bytes, giving bytes: no string is made on
 * either side (the CLI writes megabytes of output straight out).
 *
 * @param text The ACL text, UTF-8.
 * @param to The output format.
 * @param options As {@linkcode convert}.
 * @returns The converted text, UTF-8.
 * @throws {AclSyntaxError} When the text does not parse.
 * @throws {AclUnsupportedError} When the format cannot express some construct.
 * @throws {RangeError} For an unknown format or dialect.
 */
export function convertBytes(
  text: Uint8Array,
  to: AclFormat,
  options: ConvertOptions = {},
): Uint8Array {
  if (!(text instanceof Uint8Array)) {
    throw new TypeError("Cannot convert ACL: expected a Uint8Array");
  }
  return convertWith(callBytes, text, to, options);
}

function convertWith<I, O>(
  call: (fn: "acl_convert", opts: unknown, input: I) => { status: number; out: O },
  text: I,
  to: AclFormat,
  options: ConvertOptions,
): O {
  const format = checkFormat(to, "convert ACL");
  const {
    from = "auto",
    replace = false,
    name,
    dropModifiers = false,
    nameTerms = false,
    countTerms = false,
    index,
    onWarning,
  } = options;
  checkDialect(from, "convert ACL");
  if (index !== undefined && !(Number.isSafeInteger(index) && index >= 0)) {
    throw new RangeError(
      `Cannot convert ACL: "index" must be a non-negative integer: current value is ${index}`,
    );
  }
  const r = call(
    "acl_convert",
    {
      from,
      to: format,
      replace,
      name: name ?? null,
      dropModifiers,
      nameTerms,
      countTerms,
      index: index ?? null,
    },
    text,
  );
  if (r.status === 0) {
    reportWarnings(onWarning);
    return r.out;
  }
  const diagnostics = diagnosticsOf(
    typeof r.out === "string" ? r.out : new TextDecoder().decode(r.out as Uint8Array),
  );
  throw emitError(format, diagnostics);
}

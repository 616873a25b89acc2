/**
 * Errors raised by the ACL engine: unparsable text ({@linkcode AclSyntaxError})
 * and constructs a target format cannot express ({@linkcode AclUnsupportedError}).
 *
 * @module
 */
import { TriggerError, TriggerSyntaxError } from "../errors.ts";
import type { Diagnostic } from "./ir.ts";

function where(d: Diagnostic): string {
  return `at line ${d.span.line}, column ${d.span.column}`;
}

function summary(diagnostics: readonly Diagnostic[], fallback: string): string {
  const errors = diagnostics.filter((d) => d.severity === "error");
  const first = errors[0] ?? diagnostics[0];
  if (first === undefined) return fallback;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
  return `${first.message} ${where(first)}${more}`;
}

/**
 * Text that is not a valid ACL in the dialect read. Lists every error the
 * parser found in {@linkcode AclSyntaxError.diagnostics}; `line`, `column`,
 * `offset` and `excerpt` describe the first. A `SyntaxError` that is also a
 * `TriggerError` (`isTriggerError(e, "ACL_SYNTAX")`).
 *
 * @example Catch a syntax error and show where it is
 * ```ts
 * import { AclSyntaxError, parse } from "@trigger/trigger/acl";
 * import { isTriggerError } from "@trigger/trigger/errors";
 * import { ok, strictEqual } from "node:assert/strict";
 *
 * try {
 *   parse("access-list 100 permit tcp any any eq 22\naccess-list 100 frobnicate ip any any\n");
 *   ok(false, "expected a syntax error");
 * } catch (e) {
 *   ok(e instanceof AclSyntaxError);
 *   ok(e instanceof SyntaxError);
 *   ok(isTriggerError(e, "ACL_SYNTAX"));
 *   strictEqual(e.code, "ACL_SYNTAX");
 *   strictEqual(e.line, 2);
 *   ok(e.message.includes("at line 2, column"));
 * }
 * ```
 */
export class AclSyntaxError extends TriggerSyntaxError {
  /** Always `"ACL_SYNTAX"`. */
  declare readonly code: "ACL_SYNTAX";
  /** Byte offset of the first error. */
  readonly offset: number;
  /** The source line of the first error. */
  readonly excerpt: string;
  /** Every error (and warning) found, in input order. */
  readonly diagnostics: readonly Diagnostic[];

  /**
   * Creates the error from the engine's diagnostics.
   *
   * @param diagnostics Every problem found; the first error sets the position.
   * @param options `cause`, when this wraps another error.
   */
  constructor(diagnostics: readonly Diagnostic[], options: { cause?: unknown } = {}) {
    const first = diagnostics.find((d) => d.severity === "error") ?? diagnostics[0];
    super("ACL_SYNTAX", summary(diagnostics, "Cannot parse ACL"), {
      line: first?.span.line ?? 1,
      column: first?.span.column ?? 1,
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.name = "AclSyntaxError";
    this.offset = first?.span.start ?? 0;
    this.excerpt = first?.excerpt ?? "";
    this.diagnostics = diagnostics;
  }
}

/**
 * An ACL holds constructs the target format cannot express (for example a
 * Junos `next term` converted to IOS). Lists every one, with its term and line,
 * in {@linkcode AclUnsupportedError.diagnostics}.
 *
 * @example Convert a Junos-only action to IOS
 * ```ts
 * import { AclUnsupportedError, parse } from "@trigger/trigger/acl";
 * import { ok, strictEqual } from "node:assert/strict";
 *
 * const acl = parse("filter f {\n  term a {\n    then next term;\n  }\n}\n");
 * try {
 *   acl.output("ios-named");
 *   ok(false, "expected an unsupported-construct error");
 * } catch (e) {
 *   ok(e instanceof AclUnsupportedError);
 *   strictEqual(e.code, "ACL_UNSUPPORTED");
 *   strictEqual(e.format, "ios-named");
 *   strictEqual(e.diagnostics[0]?.term, "a");
 * }
 * ```
 */
export class AclUnsupportedError extends TriggerError {
  /** The format that was asked for. */
  readonly format: string;
  /** Every unsupported construct, with its term and span. */
  readonly diagnostics: readonly Diagnostic[];

  /**
   * Creates the error from the engine's diagnostics.
   *
   * @param format The target format.
   * @param diagnostics Every unsupported construct found.
   */
  constructor(format: string, diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === "error");
    const list = (errors.length ? errors : diagnostics).map((d) =>
      `${d.message}${d.term === null ? "" : ` in term "${d.term}"`} ${where(d)}`
    );
    super(
      "ACL_UNSUPPORTED",
      `Cannot write ${format}: ${list.length ? list.join("; ") : "unsupported construct"}`,
    );
    this.name = "AclUnsupportedError";
    this.format = format;
    this.diagnostics = diagnostics;
  }
}

/**
 * Returns whether a diagnostic code says "the target format cannot express
 * this" (`ACL020`–`ACL029`, see `acl-wasm/ABI.md` §2).
 */
export function isUnsupportedCode(code: string): boolean {
  const n = Number(code.replace(/^ACL/, ""));
  return n >= 20 && n < 30;
}

/** Returns whether a diagnostic code says "invalid IR or options" (`ACL030`). */
export function isInvalidIrCode(code: string): boolean {
  return code === "ACL030";
}

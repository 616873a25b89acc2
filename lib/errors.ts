/**
 * Typed errors shared by every part of the toolkit.
 *
 * Every error the library raises on purpose is a {@linkcode TriggerError}:
 * unparsable text raises a {@linkcode TriggerSyntaxError}, which extends
 * `SyntaxError` (as std's `XmlSyntaxError` does) and still counts as a
 * `TriggerError` (`instanceof TriggerError`, {@linkcode isTriggerError}).
 * Callers branch on `code`, never on the message. Whatever was under way
 * when an `AbortSignal` fired ends with {@linkcode cancelledError}.
 *
 * @module
 */

/**
 * Machine-readable error codes. Each names one condition a caller may want
 * to handle differently.
 */
export type ErrorCode =
  // sessions and transports
  | "AUTH_FAILED"
  | "TIMEOUT"
  | "HOSTKEY_MISMATCH"
  | "HOSTKEY_UNKNOWN"
  | "PROMPT_NOT_FOUND"
  | "MODE_UNREACHABLE"
  | "COMMAND_FAILED"
  | "CONNECTION_REFUSED"
  | "TRANSPORT_CLOSED"
  | "PROTOCOL_ERROR"
  | "NETCONF_RPC_ERROR"
  | "PROFILE_INVALID"
  | "CANCELLED"
  | "JOB_FAILED"
  // ACL engine
  | "ACL_SYNTAX"
  | "ACL_UNSUPPORTED"
  | "ACL_INVALID"
  | "WASM_FAILED"
  // settings, inventory, credentials
  | "SETTINGS_INVALID"
  | "INVENTORY_INVALID"
  | "DEVICE_NOT_FOUND"
  | "CREDENTIALS_MISSING"
  | "CREDENTIALS_INVALID"
  | "KEYFILE_INSECURE"
  // change management
  | "WINDOW_CLOSED"
  | "CHANGE_REFUSED"
  | "QUEUE_ERROR"
  | "ASSOCIATION_ERROR"
  // structured output, notifications
  | "TEMPLATE_INVALID"
  | "TEMPLATE_ERROR"
  | "NOTIFICATION_FAILED"
  // generic
  | "INVALID_ARGUMENT"
  | "INPUT_TOO_LARGE"
  | "IO_ERROR";

/** Options accepted by {@linkcode TriggerError} and its subclasses. */
export interface TriggerErrorOptions {
  /**
   * The device the error concerns, when there is one.
   *
   * @default {undefined}
   */
  host?: string;
  /**
   * The underlying error, when this one wraps another.
   *
   * @default {undefined}
   */
  cause?: unknown;
}

/**
 * The base class of the toolkit's errors: a message plus a machine-readable
 * {@linkcode ErrorCode} and, where it applies, the device concerned.
 *
 * @example Branch on the code
 * ```ts
 * import { TriggerError } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * const err = new TriggerError("TIMEOUT", "Cannot read prompt: no data for 5000 ms", {
 *   host: "r1",
 * });
 * strictEqual(err.code, "TIMEOUT");
 * strictEqual(err.host, "r1");
 * strictEqual(err instanceof Error, true);
 * ```
 */
export class TriggerError extends Error {
  /** What went wrong, for programs. */
  readonly code: ErrorCode;
  /** The device concerned, if any. */
  readonly host: string | undefined;

  /**
   * Creates an error.
   *
   * @param code What went wrong, for programs.
   * @param message What went wrong, for people (sentence case, no trailing period).
   * @param options The device concerned and the wrapped cause.
   */
  constructor(code: ErrorCode, message: string, options: TriggerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TriggerError";
    this.code = code;
    this.host = options.host;
  }

  /**
   * `instanceof TriggerError` also holds for a {@linkcode TriggerSyntaxError}
   * (which extends `SyntaxError`); subclasses test their own prototype only.
   *
   * @param value Any value.
   * @returns Whether it is a TriggerError.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    return this === TriggerError &&
      Function.prototype[Symbol.hasInstance].call(TriggerSyntaxError, value);
  }
}

/** One problem found in a text: where, and what. */
export interface TextDiagnostic {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** What is wrong there. */
  message: string;
}

/** Options of {@linkcode TriggerSyntaxError}. */
export interface TriggerSyntaxErrorOptions extends TriggerErrorOptions {
  /**
   * 1-based line of the first problem.
   *
   * @default {1}
   */
  line?: number;
  /**
   * 1-based column of the first problem.
   *
   * @default {1}
   */
  column?: number;
  /**
   * The file or label of the text, when known.
   *
   * @default {undefined}
   */
  source?: string;
}

/**
 * Text that does not parse: an ACL, a settings or rules file, a pattern. A
 * `SyntaxError` (so `instanceof SyntaxError` keeps working) that is also a
 * {@linkcode TriggerError}: it has a `code`, and `isTriggerError(e, code)`
 * and `e instanceof TriggerError` are true. `line` and `column` place the
 * first problem; subclasses list them all in `diagnostics`.
 *
 * @example Both a SyntaxError and a TriggerError
 * ```ts
 * import { isTriggerError, TriggerError, TriggerSyntaxError } from "@trigger/trigger/errors";
 * import { strictEqual } from "node:assert/strict";
 *
 * const e = new TriggerSyntaxError("SETTINGS_INVALID", "Cannot parse x.json: 3:7: unexpected end", {
 *   line: 3,
 *   column: 7,
 * });
 * strictEqual(e instanceof SyntaxError, true);
 * strictEqual(e instanceof TriggerError, true);
 * strictEqual(isTriggerError(e, "SETTINGS_INVALID"), true);
 * strictEqual(e.line, 3);
 * ```
 */
export class TriggerSyntaxError extends SyntaxError {
  /** What went wrong, for programs. */
  readonly code: ErrorCode;
  /** The device concerned, if any. */
  readonly host: string | undefined;
  /** 1-based line of the first problem. */
  readonly line: number;
  /** 1-based column of the first problem. */
  readonly column: number;
  /** The file or label of the text, when known. */
  readonly source: string | undefined;

  /**
   * Creates an error.
   *
   * @param code What went wrong, for programs.
   * @param message What and where, for people.
   * @param options Position, source, device and cause.
   */
  constructor(code: ErrorCode, message: string, options: TriggerSyntaxErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TriggerSyntaxError";
    this.code = code;
    this.host = options.host;
    this.line = options.line ?? 1;
    this.column = options.column ?? 1;
    this.source = options.source;
  }
}

/**
 * Returns whether a value is a {@linkcode TriggerError}, optionally of one code.
 *
 * @param value Any caught value.
 * @param code The code it must carry, if given.
 * @returns `true` when `value` is a `TriggerError` (with that code).
 *
 * @example Narrow a caught value
 * ```ts
 * import { isTriggerError, TriggerError } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * const caught: unknown = new TriggerError("AUTH_FAILED", "Cannot log in to \"r1\"");
 * strictEqual(isTriggerError(caught, "AUTH_FAILED"), true);
 * strictEqual(isTriggerError(caught, "TIMEOUT"), false);
 * strictEqual(isTriggerError(new Error("x")), false);
 * ```
 */
export function isTriggerError(value: unknown, code?: ErrorCode): value is TriggerError {
  return value instanceof TriggerError && (code === undefined || value.code === code);
}

/**
 * The one `CANCELLED` error: what was under way when `signal` aborted, and
 * why (the reason's message). When the abort reason is itself a
 * {@linkcode TriggerError} of another code (a deadline's `TIMEOUT`, say),
 * that reason is returned unchanged, so the caller sees what happened.
 *
 * @param signal The signal that aborted (none: the work was cancelled for
 *   another reason `what` says, such as a closed worker).
 * @param what What was cancelled, for people (`Connecting to "r1"`).
 * @param host The device concerned, if any.
 * @returns The error to throw.
 *
 * @example A cancelled connect, and a deadline kept as its own error
 * ```ts
 * import { cancelledError, isTriggerError, TriggerError } from "@trigger/trigger/errors";
 * import { strictEqual } from "node:assert/strict";
 *
 * const e = cancelledError(AbortSignal.abort("stop"), 'Connecting to "r1"', "r1");
 * strictEqual(isTriggerError(e, "CANCELLED"), true);
 * strictEqual(e.message, 'Connecting to "r1" was cancelled');
 * const late = new TriggerError("TIMEOUT", "r1: no answer within 5000 ms");
 * strictEqual(cancelledError(AbortSignal.abort(late), "Reading"), late);
 * ```
 */
export function cancelledError(
  signal: AbortSignal | undefined,
  what: string,
  host?: string,
): TriggerError {
  const reason = signal?.reason;
  if (reason instanceof TriggerError && reason.code !== "CANCELLED") return reason;
  const why = reason instanceof Error && reason.message ? ` (${reason.message})` : "";
  return new TriggerError("CANCELLED", `${what} was cancelled${why}`, {
    ...(host === undefined ? {} : { host }),
    cause: reason,
  });
}

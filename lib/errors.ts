/**
 * Typed errors shared by every part of the toolkit.
 *
 * Every error the library raises on purpose is a {@linkcode TriggerError} (or,
 * for unparsable text, a `SyntaxError` subclass that also carries a
 * {@linkcode ErrorCode}). Callers branch on `code`, never on the message.
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
 * The one `CANCELLED` error: what was under way when `signal` aborted. When
 * the abort reason is itself a {@linkcode TriggerError} (a deadline's
 * `TIMEOUT`, say), that reason is returned unchanged, so the caller sees why.
 *
 * @param signal The signal that aborted.
 * @param what What was cancelled, for people (`Connecting to "r1"`).
 * @param host The device concerned, if any.
 * @returns The error to throw.
 *
 * @example A cancelled connect, and a deadline kept as its own error
 * ```ts
 * import { cancelledError, isTriggerError, TriggerError } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * const e = cancelledError(AbortSignal.abort("stop"), 'Connecting to "r1"', "r1");
 * strictEqual(isTriggerError(e, "CANCELLED"), true);
 * strictEqual(e.message, 'Connecting to "r1" was cancelled');
 * const late = new TriggerError("TIMEOUT", "r1: no answer within 5000 ms");
 * strictEqual(cancelledError(AbortSignal.abort(late), "Reading"), late);
 * ```
 */
export function cancelledError(signal: AbortSignal, what: string, host?: string): TriggerError {
  const reason = signal.reason;
  if (reason instanceof TriggerError) return reason;
  return new TriggerError("CANCELLED", `${what} was cancelled`, {
    ...(host === undefined ? {} : { host }),
    cause: reason,
  });
}

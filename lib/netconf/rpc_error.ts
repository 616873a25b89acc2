/**
 * {@linkcode NetconfRpcError}: a NETCONF `<rpc-error>` raised as a typed error.
 *
 * @module
 */

import { TriggerError } from "../errors.ts";

/** One `<rpc-error>` element (RFC 6241 §4.3). */
export interface NetconfErrorInfo {
  /** `transport`, `rpc`, `protocol` or `application`. */
  errorType: string;
  /** e.g. `invalid-value`, `lock-denied`, `data-missing`. */
  errorTag: string;
  /** `error` or `warning`. */
  errorSeverity: string;
  /** Human-readable text, when the server sent one. */
  errorMessage: string;
  /** XPath of the offending node, when the server sent one. */
  errorPath: string;
  /** The `<error-app-tag>`, when present. */
  errorAppTag: string;
}

/** Options accepted by {@linkcode NetconfRpcError}. */
export interface NetconfRpcErrorOptions {
  /**
   * The device concerned.
   *
   * @default {undefined}
   */
  host?: string;
  /**
   * The raw `<rpc-reply>` XML.
   *
   * @default {""}
   */
  reply?: string;
}

/**
 * A NETCONF reply that carried one or more `<rpc-error>` of severity `error`.
 * The first error's fields are copied onto the error for convenience.
 *
 * @example Branch on the error tag
 * ```ts
 * import { isTriggerError } from "@trigger/trigger/errors";
 * import { NetconfRpcError } from "@trigger/trigger/netconf";
 * import { strictEqual } from "node:assert/strict";
 *
 * const err = new NetconfRpcError([{
 *   errorType: "protocol", errorTag: "lock-denied", errorSeverity: "error",
 *   errorMessage: "lock is already held", errorPath: "", errorAppTag: "",
 * }], { host: "r1" });
 * strictEqual(isTriggerError(err, "NETCONF_RPC_ERROR"), true);
 * strictEqual(err.errorTag, "lock-denied");
 * strictEqual(err.message, 'NETCONF request to "r1" failed: lock-denied: lock is already held');
 * ```
 */
export class NetconfRpcError extends TriggerError {
  /** Every `<rpc-error>` of the reply (warnings included). */
  readonly errors: NetconfErrorInfo[];
  /** The first error's `error-type`. */
  readonly errorType: string;
  /** The first error's `error-tag`. */
  readonly errorTag: string;
  /** The first error's `error-severity`. */
  readonly errorSeverity: string;
  /** The first error's `error-message`. */
  readonly errorMessage: string;
  /** The first error's `error-path`. */
  readonly errorPath: string;
  /** The raw reply. */
  readonly reply: string;

  /**
   * Creates the error.
   *
   * @param errors The reply's errors; the first of severity `error` is summarised.
   * @param options The device and the raw reply.
   */
  constructor(errors: NetconfErrorInfo[], options: NetconfRpcErrorOptions = {}) {
    const first = errors.find((e) => e.errorSeverity !== "warning") ?? errors[0];
    const what = first
      ? [first.errorTag, first.errorMessage || first.errorPath].filter(Boolean).join(": ")
      : "unknown error";
    const where = options.host === undefined ? "" : ` to "${options.host}"`;
    super(
      "NETCONF_RPC_ERROR",
      `NETCONF request${where} failed: ${what}`,
      options.host === undefined ? {} : { host: options.host },
    );
    this.name = "NetconfRpcError";
    this.errors = errors;
    this.errorType = first?.errorType ?? "";
    this.errorTag = first?.errorTag ?? "";
    this.errorSeverity = first?.errorSeverity ?? "";
    this.errorMessage = first?.errorMessage ?? "";
    this.errorPath = first?.errorPath ?? "";
    this.reply = options.reply ?? "";
  }
}

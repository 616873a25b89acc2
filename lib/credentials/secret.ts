/**
 * {@linkcode Secret}: a string that refuses to be printed.
 *
 * @module
 */

/**
 * What every printable form of a {@linkcode Secret} shows.
 *
 * @example The redaction marker
 * ```ts
 * import { REDACTED, Secret } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(String(new Secret("pw")), REDACTED);
 * ```
 */
export const REDACTED = "***";

/**
 * A password or other secret string. Every way of turning it into text
 * (`String()`, template literals, `JSON.stringify`, `Deno.inspect`,
 * `console.log`, Node's `util.inspect`) shows `***`; only
 * {@linkcode Secret.prototype.reveal} returns the value. The value lives in
 * a private field, so it is not an enumerable property either.
 *
 * @example Redacted everywhere except reveal()
 * ```ts
 * import { Secret } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * const pw = new Secret("hunter2");
 * strictEqual(String(pw), "***");
 * strictEqual(`${pw}`, "***");
 * strictEqual(JSON.stringify({ pw }), '{"pw":"***"}');
 * strictEqual(Deno.inspect({ pw }).includes("hunter2"), false);
 * strictEqual(pw.reveal(), "hunter2");
 * ```
 */
export class Secret {
  #value: string;

  /**
   * Wraps a string.
   *
   * @param value The secret text.
   * @throws {TypeError} If `value` is not a string.
   */
  constructor(value: string) {
    if (typeof value !== "string") throw new TypeError("Secret value must be a string");
    this.#value = value;
  }

  /**
   * Returns a {@linkcode Secret} for a string, or the same one for a Secret.
   *
   * @param value A plain string or a Secret.
   * @returns A Secret holding the value.
   * @throws {TypeError} If `value` is neither a string nor a Secret.
   *
   * @example Wrap once
   * ```ts
   * import { Secret } from "@trigger/trigger";
   * import { strictEqual } from "node:assert/strict";
   *
   * const s = Secret.from("abc");
   * strictEqual(Secret.from(s), s);
   * strictEqual(s.reveal(), "abc");
   * ```
   */
  static from(value: string | Secret): Secret {
    return value instanceof Secret ? value : new Secret(value);
  }

  /**
   * Returns the secret text. Call it only where the value is used (sent to a
   * device), never to log or print it.
   *
   * @returns The wrapped string.
   *
   * @example Reveal at the point of use
   * ```ts
   * import { Secret } from "@trigger/trigger";
   * import { strictEqual } from "node:assert/strict";
   *
   * strictEqual(new Secret("s3cr3t").reveal(), "s3cr3t");
   * ```
   */
  reveal(): string {
    return this.#value;
  }

  /**
   * Returns `***`.
   *
   * @returns The redacted text.
   *
   * @example String conversion is redacted
   * ```ts
   * import { Secret } from "@trigger/trigger";
   * import { strictEqual } from "node:assert/strict";
   *
   * strictEqual(new Secret("x").toString(), "***");
   * ```
   */
  toString(): string {
    return REDACTED;
  }

  /**
   * Returns `***`, so `JSON.stringify` never writes the value.
   *
   * @returns The redacted text.
   *
   * @example JSON is redacted
   * ```ts
   * import { Secret } from "@trigger/trigger";
   * import { strictEqual } from "node:assert/strict";
   *
   * strictEqual(JSON.stringify(new Secret("x")), '"***"');
   * ```
   */
  toJSON(): string {
    return REDACTED;
  }

  /**
   * Returns `***` for any conversion to a primitive (`+`, templates).
   *
   * @returns The redacted text.
   */
  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  /**
   * Deno's inspect form (used by `console.log` and `Deno.inspect`).
   *
   * @returns The redacted form `Secret(***)`.
   */
  [Symbol.for("Deno.customInspect")](): string {
    return `Secret(${REDACTED})`;
  }

  /**
   * Node's inspect form (used by `node:util` `inspect` and `format`).
   *
   * @returns The redacted form `Secret(***)`.
   */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `Secret(${REDACTED})`;
  }
}

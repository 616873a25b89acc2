/**
 * Where the credential store's key comes from: {@linkcode KeySource}, and
 * the scrypt costs used for passphrases.
 *
 * @module
 */
import { newScryptHeader } from "./_envelope.ts";
import { Secret } from "./secret.ts";

/**
 * scrypt cost parameters.
 *
 * @example Low costs for tests only
 * ```ts
 * import type { ScryptParams } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * const fast: ScryptParams = { N: 1024, r: 8, p: 1 };
 * strictEqual(fast.N < 2 ** 17, true);
 * ```
 */
export interface ScryptParams {
  /** CPU/memory cost, a power of 2 (at most 2^20). */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelism. */
  p: number;
}

/**
 * The production scrypt costs: N=2^17, r=8, p=1 (about 128 MiB, 0.3 to 0.6 s).
 *
 * @example Strong by default
 * ```ts
 * import { DEFAULT_SCRYPT_PARAMS } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(DEFAULT_SCRYPT_PARAMS.N, 131072);
 * ```
 */
export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({
  N: 2 ** 17,
  r: 8,
  p: 1,
});

/**
 * Where the store key comes from: a key file (32 random bytes, mode 0600,
 * created on first write if missing) or a passphrase (scrypt).
 *
 * @example Either kind
 * ```ts
 * import type { KeySource } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * const sources: KeySource[] = [{ keyFile: "/tmp/k" }, { passphrase: "correct horse" }];
 * strictEqual(sources.filter((s) => "keyFile" in s).length, 1);
 * ```
 */
export type KeySource =
  | { keyFile: string }
  | {
    passphrase: string | Secret;
    /** Costs for new files; lower them only in tests. */
    scryptParams?: ScryptParams | undefined;
  };

/** Throws a `TypeError` or `RangeError` for an unusable key source. */
export function checkKeySource(source: KeySource): void {
  if ("keyFile" in source) {
    if (typeof source.keyFile !== "string" || source.keyFile === "") {
      throw new TypeError("keyFile must be a non-empty path");
    }
    return;
  }
  const pass = source.passphrase instanceof Secret ? source.passphrase.reveal() : source.passphrase;
  if (typeof pass !== "string" || pass === "") throw new TypeError("passphrase must not be empty");
  if (source.scryptParams) newScryptHeader(source.scryptParams);
}

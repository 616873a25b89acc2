/**
 * The options of {@linkcode CredentialStore.open}.
 *
 * @module
 */
import type { Settings } from "../settings/mod.ts";
import type { ScryptParams } from "./key_source.ts";
import type { Secret } from "./secret.ts";
// deno-lint-ignore no-unused-vars
import type { CredentialStore } from "./credential_store.ts";

/**
 * Options for {@linkcode CredentialStore.open}.
 *
 * @example A lab store next to its key file
 * ```ts
 * import type { CredentialStoreOptions } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * const options: CredentialStoreOptions = { path: "lab/creds.json", keyFile: "lab/creds.key" };
 * strictEqual(options.passphrase, undefined);
 * ```
 */
export interface CredentialStoreOptions {
  /**
   * The store file.
   *
   * @default {settings.tacacsrc: $TACACSRC, else ~/.tacacsrc.json}
   */
  path?: string | undefined;
  /**
   * The key file (ignored when `passphrase` is given).
   *
   * @default {settings.tacacsrcKeyfile: $TACACSRC_KEYFILE, else ~/.tacacsrc.key}
   */
  keyFile?: string | undefined;
  /**
   * A passphrase instead of a key file.
   *
   * @default {undefined}
   */
  passphrase?: string | Secret | undefined;
  /**
   * scrypt costs for files this store creates or rekeys (production
   * default N=2^17, r=8, p=1; lower only in tests).
   *
   * @default {DEFAULT_SCRYPT_PARAMS}
   */
  scryptParams?: ScryptParams | undefined;
  /**
   * The realm used when a method is called without one, and the fallback
   * of {@linkcode resolveCredentials}.
   *
   * @default {settings.defaultRealm: $DEFAULT_REALM, else "default"}
   */
  defaultRealm?: string | undefined;
  /**
   * Where the defaults above come from. Only read when one is not given.
   *
   * @default {defaultSettings()}
   */
  settings?: Settings | undefined;
  /**
   * How long a write waits for another process's lock on the store before
   * failing with `TIMEOUT`.
   *
   * @default {settings.tacacsrcLockTimeoutMs: $TACACSRC_LOCK_TIMEOUT_MS, else 10000}
   */
  lockTimeoutMs?: number | undefined;
  /**
   * Where the last generation seen of the store is recorded, to warn when an
   * older copy of the store is put back; `null` turns the check off.
   *
   * @default {"<key file>.generation", or "<store>.generation" with a passphrase}
   */
  generationFile?: string | null | undefined;
  /**
   * Receives each warning once (an older copy of the store); they are also
   * in {@linkcode CredentialStore.warnings}.
   *
   * @default {undefined}
   */
  onWarning?: ((message: string) => void) | undefined;
}

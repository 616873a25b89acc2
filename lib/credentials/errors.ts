/**
 * Errors of reaching credentials that carry what to do next: the realm to
 * set ({@linkcode CredentialsMissingError}), the legacy file to import
 * ({@linkcode LegacyStoreError}). The CLI turns them into the command to run.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";

/**
 * A realm without credentials, and nobody to ask (code
 * `CREDENTIALS_MISSING`): `realm` names what to set, `legacyFile` the
 * original's file that could be imported instead.
 *
 * @example The realm to set
 * ```ts
 * import { CredentialsMissingError } from "@trigger/trigger/credentials";
 * import { isTriggerError } from "@trigger/trigger/errors";
 * import { strictEqual } from "node:assert/strict";
 *
 * const e = new CredentialsMissingError("fw1", 'No credentials for realm "fw1"');
 * strictEqual(isTriggerError(e, "CREDENTIALS_MISSING"), true);
 * strictEqual(e.realm, "fw1");
 * ```
 */
export class CredentialsMissingError extends TriggerError {
  /** The realm that has no credentials. */
  readonly realm: string;
  /** A legacy `.tacacsrc` that could be imported, if one exists. */
  readonly legacyFile: string | undefined;

  /**
   * Creates the error.
   *
   * @param realm The realm that has no credentials.
   * @param message What is missing, where.
   * @param legacyFile A legacy file that could be imported.
   */
  constructor(realm: string, message: string, legacyFile?: string) {
    super("CREDENTIALS_MISSING", message);
    this.name = "CredentialsMissingError";
    this.realm = realm;
    this.legacyFile = legacyFile;
  }
}

/**
 * A legacy `.tacacsrc` (the original Trigger's 3DES file) where a credential
 * store was expected (code `CREDENTIALS_INVALID`): `legacyFile` names it, to
 * be imported into a store rather than opened as one.
 *
 * @example The file to import
 * ```ts
 * import { isTriggerError } from "@trigger/trigger";
 * import { LegacyStoreError } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * const e = new LegacyStoreError("/home/ann/.tacacsrc");
 * strictEqual(isTriggerError(e, "CREDENTIALS_INVALID"), true);
 * strictEqual(e.legacyFile, "/home/ann/.tacacsrc");
 * ```
 */
export class LegacyStoreError extends TriggerError {
  /** The legacy file. */
  readonly legacyFile: string;

  /**
   * Creates the error.
   *
   * @param legacyFile The legacy file found where a store was expected.
   */
  constructor(legacyFile: string) {
    super(
      "CREDENTIALS_INVALID",
      `Cannot read credential store "${legacyFile}": this is a legacy .tacacsrc file, to be ` +
        "imported into a store rather than opened as one",
    );
    this.name = "LegacyStoreError";
    this.legacyFile = legacyFile;
  }
}

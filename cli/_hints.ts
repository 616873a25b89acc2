/**
 * What to run next, for errors whose fix is a CLI command: the library
 * names the problem (never a verb); the CLI adds the command that fixes it.
 *
 * @module
 */
import { CredentialsMissingError, LegacyStoreError } from "../lib/credentials/errors.ts";
import { defaultSettings, type Settings } from "../lib/settings/mod.ts";

/** The command that fixes an error, as a clause to append, or `""`. */
export function hintFor(e: unknown, settings?: Settings): string {
  if (e instanceof CredentialsMissingError) {
    const keyFile = e.legacyFile === undefined
      ? ""
      : (settings ?? defaultSettings()).legacyTacacsrcKeyfile;
    const legacy = e.legacyFile === undefined
      ? ""
      : `, or import the legacy file: trigger tacacsrc import-legacy ${e.legacyFile} --keyfile ${keyFile}`;
    return `; set them with: trigger tacacsrc set --realm ${e.realm} --username U --password-stdin${legacy}`;
  }
  if (e instanceof LegacyStoreError) {
    const keyFile = (settings ?? defaultSettings()).legacyTacacsrcKeyfile;
    return `; import it with: trigger tacacsrc import-legacy ${e.legacyFile} --keyfile ${keyFile}`;
  }
  return "";
}

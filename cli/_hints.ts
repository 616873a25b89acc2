/**
 * What to run next, for errors whose fix is a CLI command: the library
 * names the problem (never a verb); the CLI adds the command that fixes it.
 *
 * @module
 */
import { CredentialsMissingError } from "../lib/credentials/resolve.ts";

/** The command that fixes an error, as a clause to append, or `""`. */
export function hintFor(e: unknown): string {
  if (e instanceof CredentialsMissingError) {
    const legacy = e.legacyFile === undefined
      ? ""
      : `, or import the legacy file: trigger tacacsrc import-legacy ${e.legacyFile} --keyfile <its .tackf key file>`;
    return `; set them with: trigger tacacsrc set --realm ${e.realm} --username U --password-stdin${legacy}`;
  }
  return "";
}

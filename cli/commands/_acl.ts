/**
 * Helpers shared by the ACL verbs: turning engine errors into one-line
 * `FILE:LINE:COLUMN: message` usage errors.
 *
 * @module
 */
import { UsageError } from "../_io.ts";
import { AclSyntaxError, AclUnsupportedError } from "../../lib/acl/errors.ts";
import { TriggerError } from "../../lib/errors.ts";
import type { Diagnostic } from "../../lib/acl/ir.ts";

/** The name a file is shown under (`<stdin>` for `-` or none). */
export function displayName(path: string | undefined): string {
  return path === undefined || path === "-" ? "<stdin>" : path;
}

/** `FILE:LINE:COLUMN: message` for one diagnostic. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  const warn = d.severity === "warning" ? "warning: " : "";
  return `${file}:${d.span.line}:${d.span.column}: ${warn}${d.message}`;
}

/**
 * Rethrows an {@linkcode AclSyntaxError} as a one-line usage error naming the
 * file; an {@linkcode AclUnsupportedError} whose every error is a modifier the
 * target cannot carry (`ACL023`) gets `modifierHint` appended.
 */
export function rethrowWithFile(e: unknown, file: string, modifierHint = ""): never {
  if (
    modifierHint && e instanceof AclUnsupportedError &&
    e.diagnostics.every((d) => d.severity !== "error" || d.code === "ACL023")
  ) {
    throw new TriggerError("ACL_UNSUPPORTED", e.message + modifierHint, { cause: e });
  }
  if (e instanceof AclSyntaxError) {
    const errors = e.diagnostics.filter((d) => d.severity === "error");
    const first = errors[0] ?? e.diagnostics[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more errors)` : "";
    throw new UsageError(
      first ? `${formatDiagnostic(file, first)}${more}` : `${file}: ${e.message}`,
    );
  }
  throw e;
}

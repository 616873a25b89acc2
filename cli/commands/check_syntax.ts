/**
 * `trigger check-syntax [--json] FILE...`: parse each file (`-` for standard
 * input) and print one verdict per file, `FILE: OK (N terms, dialect)`, or
 * `FILE:LINE:COLUMN: message` for every error found. Exit 0 when every file
 * passes, 1 otherwise, 2 for bad usage.
 *
 * With `--json`, one JSON document:
 * `{"ok": bool, "files": [{"file", "ok", "filters": [{"name", "source",
 * "family", "terms"}], "terms", "diagnostics": [{"severity", "code",
 * "message", "line", "column", "excerpt", "hint", "term"}], "error"?}]}`
 * (`error`: the file could not be read). With `--lint`, every term no packet
 * can reach is reported as a warning naming the terms that shadow it (in JSON:
 * `unreachable: [{"acl", "term", "name", "line", "shadowedBy": [{"term",
 * "name", "line"}]}]`); the exit code does not change.
 *
 * The terms are counted by the engine in a streaming check: the file is read
 * into the engine in place, and the engine reads it a run of lines at a time,
 * keeping only each ACL's head and term count (`checkHeads`): no IR crosses
 * into JavaScript, and the engine's memory stays near the file's size.
 *
 * @module
 */
import { out, readStdin, UsageError } from "../_io.ts";
import { type AclHead, checkHeads } from "../../lib/acl/_engine.ts";
import { aclInput, isUtf8Bytes } from "./_acl_input.ts";
import { AclSyntaxError } from "../../lib/acl/errors.ts";
import { ACL_DIALECTS, type AclDialect, type Diagnostic } from "../../lib/acl/ir.ts";
import { displayName, formatDiagnostic } from "./_acl.ts";
import type { UnreachableLine } from "./_unreachable.ts";
import type { VerbDefinition } from "../_verb_definition.ts";

interface Opts {
  dialect: string;
  quiet?: boolean;
  json?: boolean;
  lint?: boolean;
}

/** One file's verdict (the `--json` shape). */
interface FileResult {
  file: string;
  ok: boolean;
  filters: { name: string | null; source: string; family: string | null; terms: number }[];
  terms: number;
  diagnostics: {
    severity: string;
    code: string;
    message: string;
    line: number;
    column: number;
    excerpt: string;
    hint: string | null;
    term: string | null;
  }[];
  error?: string;
  /** With `--lint`: the terms no packet reaches. */
  unreachable?: UnreachableLine[];
}

function flat(d: Diagnostic): FileResult["diagnostics"][number] {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    line: d.span.line,
    column: d.span.column,
    excerpt: d.excerpt,
    hint: d.hint,
    term: d.term,
  };
}

async function read(path: string): Promise<string> {
  return path === "-" ? await readStdin() : await Deno.readTextFile(path);
}

/**
 * A file's text for the engine: read into it in place when its bytes are
 * UTF-8 (no copy in JavaScript), else decoded as {@linkcode read} does
 * (invalid bytes replaced) and encoded again.
 */
async function checkText(
  path: string,
  dialect: AclDialect,
): Promise<{ acls: AclHead[]; diagnostics: Diagnostic[] }> {
  const input = await aclInput(path);
  if (input instanceof Uint8Array) {
    const bytes = await isUtf8Bytes(input)
      ? input
      : new TextEncoder().encode(new TextDecoder().decode(input));
    return checkHeads(bytes, dialect);
  }
  using file = input;
  try {
    return checkHeads(file, dialect);
  } catch (e) {
    if (!(e instanceof AclSyntaxError) || await file.isUtf8()) throw e;
    const text = new TextDecoder().decode(await Deno.readFile(path));
    return checkHeads(new TextEncoder().encode(text), dialect);
  }
}

async function checkFile(path: string, dialect: AclDialect): Promise<[FileResult, Diagnostic[]]> {
  const file = displayName(path);
  const r: FileResult = { file, ok: false, filters: [], terms: 0, diagnostics: [] };
  let parsed: { acls: AclHead[]; diagnostics: Diagnostic[] };
  try {
    parsed = await checkText(path, dialect);
  } catch (e) {
    if (e instanceof AclSyntaxError) {
      r.diagnostics = e.diagnostics.map(flat);
      return [r, [...e.diagnostics]];
    }
    if (e instanceof UsageError) {
      r.error = e.message.replace(/^Cannot read "[^"]*": /, "cannot read: ");
      return [r, []];
    }
    throw e;
  }
  for (const h of parsed.acls) {
    r.filters.push({ name: h.name, source: h.source, family: h.family, terms: h.termCount });
    r.terms += h.termCount;
  }
  r.ok = true;
  r.diagnostics = parsed.diagnostics.map(flat);
  return [r, parsed.diagnostics];
}

function summary(r: FileResult): string {
  const n = r.terms;
  const dialects = [...new Set(r.filters.map((f) => f.source))].join(", ");
  const filters = r.filters.length === 1 ? "" : `${r.filters.length} filters, `;
  return `${r.file}: OK (${filters}${n} term${n === 1 ? "" : "s"}, ${dialects})`;
}

/** The `check-syntax` command line and action (cli/_verb_definition.ts). */
export const DEFINITION: VerbDefinition<Opts> = {
  name: "check-syntax",
  description: "Check that ACL files parse; print every error with its line and column",
  arguments: [{ name: "<files...>", description: "ACL files (- for standard input)" }],
  options: [
    {
      flags: "--dialect <dialect>",
      description: "input dialect",
      choices: ACL_DIALECTS,
      default: "auto",
    },
    { flags: "-q, --quiet", description: "print only failures" },
    {
      flags: "--json",
      description: "print one JSON document with every file's result and diagnostics",
    },
    {
      flags: "--lint",
      description: "also report every term no packet can reach, and the terms shadowing it",
    },
  ],
  action: (args, options) => check(args[0] as string[], options),
};

/** The action: checks each file and prints the verdicts; exit code 1 when one fails. */
async function check(files: string[], o: Opts): Promise<void> {
  const results: FileResult[] = [];
  for (const path of files) {
    const [r, diags] = await checkFile(path, o.dialect as AclDialect);
    results.push(r);
    // the analysis (and the IR it needs) is loaded only for --lint
    const lint = o.lint ? await import("./_unreachable.ts") : undefined;
    if (lint && r.ok) {
      const { parseAll } = await import("../../lib/acl/acl.ts");
      const acls = parseAll(await read(path), { dialect: o.dialect as AclDialect });
      r.unreachable = acls.flatMap(lint.unreachableLines);
    }
    if (o.json) continue;
    if (r.error !== undefined) out(`${r.file}: ${r.error}`);
    else if (!r.ok) { for (const d of diags) out(formatDiagnostic(r.file, d)); }
    else if (!o.quiet) out(summary(r));
    for (const u of r.unreachable ?? []) out(lint!.formatUnreachable(r.file, u));
  }
  const ok = results.every((r) => r.ok);
  if (o.json) out(JSON.stringify({ ok, files: results }));
  Deno.exitCode = ok ? 0 : 1;
}

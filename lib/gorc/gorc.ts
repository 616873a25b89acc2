/**
 * Per-user login commands: the original Trigger's `~/.gorc`, an INI file
 * whose `[init_commands]` section lists, per vendor, commands that `gong`
 * sends once the first prompt appears:
 *
 * ```ini
 * [init_commands]
 * cisco:
 *     terminal length 0
 *     show clock
 * juniper:
 *     set cli screen-length 0
 * ```
 *
 * Only read-only and session-setting commands are allowed; anything else is
 * an error naming the file, line and reason (the original dropped such lines
 * silently).
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { TriggerError } from "../errors.ts";

/** The section holding the commands. */
export const GORC_SECTION = "init_commands";

/**
 * Allowed command starts (one or more words). A command is allowed when its
 * words begin with one of these.
 */
export const GORC_ALLOWED_COMMANDS: readonly string[] = [
  "show",
  "display",
  "terminal",
  "term",
  "set cli",
  "screen-length",
  "screen-width",
  "environment no more",
  "ping",
  "traceroute",
  "who",
  "whoami",
];

/** Pipes that write files from an otherwise read-only command. */
const WRITING_PIPES = /\|\s*(save|redirect|tee|append|copy)\b/i;

/** Options of {@linkcode loadGorc}. */
export interface GorcOptions {
  /**
   * Allowed command starts, replacing {@linkcode GORC_ALLOWED_COMMANDS}.
   *
   * @default {GORC_ALLOWED_COMMANDS}
   */
  allowed?: readonly string[];
  /**
   * Environment lookup for `GORC_FILE` (injectable for tests).
   *
   * @default {(name) => process.env[name]}
   */
  env?: (name: string) => string | undefined;
}

/** A loaded `.gorc`. */
export interface Gorc {
  /** The file read (it may not exist). */
  readonly path: string;
  /** Whether the file existed. */
  readonly found: boolean;
  /** The vendors with commands, lower-case. */
  readonly vendors: readonly string[];
  /**
   * The commands for a vendor (case-insensitive), or `[]`.
   *
   * @param vendor A vendor name such as `cisco` or `juniper`.
   * @returns The commands, in file order.
   */
  commandsFor(vendor: string): string[];
}

/** A `.gorc` that cannot be used, with file and line. */
export class GorcError extends TriggerError {
  /** The file. */
  readonly path: string;
  /** The 1-based line, when one is at fault. */
  readonly line: number | undefined;
  /**
   * Creates an error.
   *
   * @param path The file.
   * @param line The line at fault.
   * @param reason Why.
   */
  constructor(path: string, line: number | undefined, reason: string) {
    super("SETTINGS_INVALID", `${path}${line === undefined ? "" : `:${line}`}: ${reason}`);
    this.name = "GorcError";
    this.path = path;
    this.line = line;
  }
}

/**
 * Returns the `.gorc` path: `path` if given, else `$GORC_FILE`, else `~/.gorc`.
 *
 * @param path An explicit path.
 * @param env Environment lookup.
 * @returns The path, with a leading `~` expanded.
 */
export function gorcPath(
  path?: string,
  env: (name: string) => string | undefined = (n) => process.env[n],
): string {
  const p = path ?? env("GORC_FILE") ?? "~/.gorc";
  return p === "~" || p.startsWith("~/") ? join(homedir(), p.slice(1)) : p;
}

/**
 * Checks one command against the allow-list.
 *
 * @param command A command line.
 * @param allowed Allowed command starts.
 * @returns `undefined` when allowed, else the reason.
 */
export function gorcCommandProblem(
  command: string,
  allowed: readonly string[] = GORC_ALLOWED_COMMANDS,
): string | undefined {
  // deno-lint-ignore no-control-regex
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(command)) return "control characters are not allowed";
  if (WRITING_PIPES.test(command)) return `pipes that write files are not allowed: "${command}"`;
  const words = command.trim().toLowerCase().split(/\s+/);
  const ok = allowed.some((a) => {
    const aw = a.toLowerCase().split(/\s+/);
    return aw.every((w, i) => words[i] === w);
  });
  return ok
    ? undefined
    : `command "${words[0]}" is not allowed in .gorc (allowed: ${
      allowed.join(", ")
    }): "${command.trim()}"`;
}

/**
 * Parses `.gorc` text.
 *
 * @param text The file's content.
 * @param path The file name for messages.
 * @param options The allow-list.
 * @returns The commands per vendor.
 * @throws {GorcError} (`SETTINGS_INVALID`) On INI syntax errors, duplicate vendors or
 * disallowed commands, with the line.
 *
 * @example Commands per vendor
 * ```ts
 * import { parseGorc } from "@trigger/trigger/gorc";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const gorc = parseGorc("[init_commands]\ncisco:\n    term mon\n    show clock\n", ".gorc");
 * deepStrictEqual(gorc.commandsFor("Cisco"), ["term mon", "show clock"]);
 * deepStrictEqual(gorc.commandsFor("juniper"), []);
 * ```
 */
export function parseGorc(text: string, path: string, options: GorcOptions = {}): Gorc {
  const { allowed = GORC_ALLOWED_COMMANDS } = options;
  const commands = new Map<string, string[]>();
  const seen = new Set<string>();
  let section: string | undefined;
  let current: { key: string; list: string[] | undefined } | undefined;
  const lines = text.split(/\r\n|\r|\n/);
  const add = (cmd: string, line: number) => {
    if (!current?.list || !cmd) return;
    const problem = gorcCommandProblem(cmd, allowed);
    if (problem) throw new GorcError(path, line, problem);
    current.list.push(cmd);
  };
  for (const [i, raw] of lines.entries()) {
    const n = i + 1;
    const stripped = raw.trim();
    if (!stripped || stripped.startsWith("#") || stripped.startsWith(";")) continue;
    if (/^\s/.test(raw)) {
      if (!current) throw new GorcError(path, n, "continuation line without an option");
      add(stripped, n);
      continue;
    }
    const header = /^\[([^\]]+)\]$/.exec(stripped);
    if (header) {
      section = header[1]!;
      current = undefined;
      continue;
    }
    if (section === undefined) {
      throw new GorcError(path, n, "missing section header such as [init_commands]");
    }
    const m = /^([^:=]+?)\s*[:=]\s*(.*)$/.exec(stripped);
    if (!m) throw new GorcError(path, n, `expected "vendor:" followed by indented commands`);
    const key = m[1]!.toLowerCase();
    const full = `${section}\u0000${key}`;
    if (seen.has(full)) {
      throw new GorcError(path, n, `option "${key}" appears twice in [${section}]`);
    }
    seen.add(full);
    const list = section === GORC_SECTION ? [] : undefined;
    if (list) commands.set(key, list);
    current = { key, list };
    add(m[2]!, n);
  }
  return {
    path,
    found: true,
    vendors: [...commands.keys()].filter((k) => commands.get(k)!.length > 0),
    commandsFor: (vendor) => [...(commands.get(vendor.toLowerCase()) ?? [])],
  };
}

/**
 * Reads the user's `.gorc` (path from the argument, `$GORC_FILE`, or `~/.gorc`).
 * A missing file means no commands.
 *
 * @param path An explicit path.
 * @param options The allow-list and environment.
 * @returns The commands per vendor.
 * @throws {GorcError} (`SETTINGS_INVALID`) When the file is malformed or has a disallowed command.
 * @throws {TriggerError} (`IO_ERROR`) When the file exists but cannot be read.
 *
 * @example A missing file has no commands
 * ```ts
 * import { loadGorc } from "@trigger/trigger/gorc";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const gorc = await loadGorc("/nonexistent/.gorc");
 * deepStrictEqual(gorc.commandsFor("cisco"), []);
 * ```
 */
export async function loadGorc(path?: string, options: GorcOptions = {}): Promise<Gorc> {
  const { env = (n: string) => process.env[n] } = options;
  const file = gorcPath(path, env);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    if ((e as { code?: unknown }).code === "ENOENT") {
      return { path: file, found: false, vendors: [], commandsFor: () => [] };
    }
    throw new TriggerError(
      "IO_ERROR",
      `Cannot read ${file}: ${e instanceof Error ? e.message : e}`,
      {
        cause: e,
      },
    );
  }
  return parseGorc(text, file, options);
}

/**
 * ntc-templates, installed: find its template directory as ntc-templates
 * itself does (`NTC_TEMPLATES_DIR` first, then the installed Python package's
 * `templates/`), and parse as its `parse_output()` does (records keyed by the
 * lower-cased value names).
 *
 * @module
 */
import { readdir, stat } from "node:fs/promises";
import { homedir } from "node:os";
import process from "node:process";
import { join } from "node:path";
import type { CliTable, ParseCmdOptions } from "./clitable.ts";
import type { FsmCell } from "./textfsm.ts";

/** Options of {@linkcode findNtcTemplates}. */
export interface FindNtcTemplatesOptions {
  /**
   * Reads an environment variable (`NTC_TEMPLATES_DIR`, `VIRTUAL_ENV`, `HOME`).
   *
   * @default {(name) => process.env[name]}
   */
  env?: (name: string) => string | undefined;
  /**
   * More places an `ntc_templates` package may be installed (each a
   * directory holding `ntc_templates/`, i.e. a `site-packages`), tried after
   * `VIRTUAL_ENV` and before the usual system places; e.g. what `python3 -c
   * "import site; print(site.getsitepackages())"` answers.
   *
   * @default {[]}
   */
  sitePackages?: readonly string[];
}

async function isIndexDir(dir: string): Promise<boolean> {
  return await stat(join(dir, "index")).then((s) => s.isFile(), () => false);
}

async function pythonSiteDirs(libDir: string): Promise<string[]> {
  const names = await readdir(libDir).catch(() => [] as string[]);
  return names.filter((n) => /^python3(\.\d+)?$/.test(n)).sort().reverse()
    .flatMap((n) => [join(libDir, n, "site-packages"), join(libDir, n, "dist-packages")]);
}

/**
 * Finds an installed ntc-templates: `NTC_TEMPLATES_DIR` when set (as
 * `ntc_templates.parse` reads it; it must hold an `index`), else the
 * `ntc_templates/templates` directory of a package in `VIRTUAL_ENV`, the given
 * site-packages, `~/.local/lib/python3*`, `/usr/local/lib/python3*` or
 * `/usr/lib/python3/dist-packages`.
 *
 * @param options Where to read the environment and more package places.
 * @returns The template directory (with its `index`), or `undefined`.
 *
 * @example An explicit directory
 * ```ts
 * import { findNtcTemplates } from "@trigger/trigger/textfsm";
 * import { strictEqual } from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/index`, "Template, Platform, Command\n");
 * strictEqual(await findNtcTemplates({ env: (n) => n === "NTC_TEMPLATES_DIR" ? dir : undefined }), dir);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function findNtcTemplates(
  options: FindNtcTemplatesOptions = {},
): Promise<string | undefined> {
  const { env = (n: string) => process.env[n], sitePackages = [] } = options;
  const explicit = env("NTC_TEMPLATES_DIR");
  if (explicit !== undefined && explicit !== "") {
    return await isIndexDir(explicit) ? explicit : undefined;
  }
  const venv = env("VIRTUAL_ENV");
  const home = env("HOME") ?? homedir();
  const sites = [
    ...(venv ? await pythonSiteDirs(join(venv, "lib")) : []),
    ...sitePackages,
    ...(home ? await pythonSiteDirs(join(home, ".local", "lib")) : []),
    ...await pythonSiteDirs("/usr/local/lib"),
    "/usr/lib/python3/dist-packages",
  ];
  for (const site of sites) {
    const dir = join(site, "ntc_templates", "templates");
    if (await isIndexDir(dir)) return dir;
  }
  return undefined;
}

/** What {@linkcode parseOutput} needs to pick a template. */
export interface ParseOutputOptions extends ParseCmdOptions {
  /** The `Platform` column, e.g. `cisco_ios`. */
  platform: string;
  /** The command run, e.g. `show version` (abbreviations complete as the index allows). */
  command: string;
}

/**
 * Parses command output as ntc-templates' `parse_output()` does: the index
 * row for the platform and command, records keyed by lower-cased value name,
 * `List` items as Python's strings.
 *
 * @param table An ntc-templates index (e.g. `CliTable.load(await findNtcTemplates())`).
 * @param data The command output.
 * @param options The platform and command.
 * @returns One record per row.
 * @throws {TriggerError} `INVALID_ARGUMENT` when no template matches; template errors as {@linkcode CliTable.parseCmd}.
 *
 * @example
 * ```ts
 * import { builtinCliTable, parseOutput } from "@trigger/trigger/textfsm";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const records = await parseOutput(builtinCliTable(), "*10:01:02.123 UTC Mon Jan 1 2024\n", {
 *   platform: "cisco_ios",
 *   command: "show clock",
 * });
 * deepStrictEqual(records[0]?.time, "10:01:02.123");
 * ```
 */
export async function parseOutput(
  table: CliTable,
  data: string,
  options: ParseOutputOptions,
): Promise<Record<string, FsmCell>[]> {
  const { platform, command, pythonStrings = true } = options;
  const r = await table.parseCmd(data, { Platform: platform, Command: command }, {
    pythonStrings,
  });
  const keys = r.header.map((h) => h.toLowerCase());
  return r.rows.map((row) => Object.fromEntries(keys.map((k, i) => [k, row[i]!])));
}

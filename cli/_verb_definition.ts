/**
 * A verb defined as data: its arguments and options as commander spells
 * them, and its action. {@linkcode commandOf} builds the commander command
 * from the definition (help, usage errors, every unusual command line);
 * {@linkcode parsePlain} reads a plain command line from the same definition
 * without loading commander, whose import brings Deno's Node layer (`node:fs`,
 * `node:events`, `node:child_process`, ...: ~25 ms of every start-up).
 * Whatever it does not read exactly as commander would (help, `--`, an
 * unknown option, a bad choice, a missing value or argument, grouped short
 * flags) is left to commander, so that every message stays commander's.
 *
 * @module
 */
import type { Command } from "commander";

/** An option, as given to commander's `.option(flags, description)`. */
export interface OptionDefinition {
  /** `"-t, --to <format>"`, `"--json"`, `"-i"`: a short and/or a long name, and `<value>`. */
  flags: string;
  /** The help text. */
  description: string;
  /** The values allowed (commander's `.choices()`). */
  choices?: readonly string[];
  /** The value when the option is absent (commander's `.default()`). */
  default?: string;
}

/** An argument, as given to commander's `.argument(name, description)`. */
export interface ArgumentDefinition {
  /** `"<file>"` (required), `"[file]"` (optional), `"<files...>"` (one or more). */
  name: string;
  /** The help text. */
  description: string;
}

/**
 * A verb: its command line and what it does; `O` is the shape of its
 * options as commander gives them.
 */
export interface VerbDefinition<O extends object = object> {
  /** The dashed name, e.g. `check-syntax`. */
  name: string;
  /** The one-line summary. */
  description: string;
  /** The arguments, in order (a variadic one last). */
  arguments: readonly ArgumentDefinition[];
  /** The options. */
  options: readonly OptionDefinition[];
  /**
   * Runs the verb: one value per argument (`string[]` for a variadic one,
   * `undefined` for a missing optional one), and the options by commander's
   * attribute names (`--drop-modifiers` → `dropModifiers`, `-i` → `i`).
   */
  action(args: unknown[], options: O): Promise<void>;
}

/** A command line read from a definition: the action's two parameters. */
export interface PlainCommandLine {
  /** One value per argument. */
  args: unknown[];
  /** The options, defaults included. */
  options: Record<string, unknown>;
}

interface Flag {
  short: string | undefined;
  long: string | undefined;
  /** Takes a value (`<value>`). */
  value: boolean;
  attribute: string;
  def: OptionDefinition;
}

const FLAGS = /^(?:-([A-Za-z0-9])(?:, |$))?(?:--([a-z][a-z0-9-]*))?(?: <[\w-]+>)?$/;

/** The flags of a definition, or `undefined` for a spelling this reader does not know. */
function flagsOf(def: OptionDefinition): Flag | undefined {
  const m = FLAGS.exec(def.flags);
  if (m === null || (m[1] === undefined && m[2] === undefined)) return undefined;
  const [, short, long] = m;
  const attribute = long === undefined
    ? short!
    : long.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return { short, long, value: def.flags.endsWith(">"), attribute, def };
}

/**
 * Reads a plain command line (the words after the verb) as commander would
 * from the same definition, or answers `undefined` where commander must read
 * it: help, `--`, an unknown or grouped option, a value that is missing,
 * starts with a dash or is not among the choices, a missing or extra argument.
 *
 * @param def The verb's definition.
 * @param words The command line after the verb.
 * @returns The action's parameters, or `undefined`.
 */
export function parsePlain(
  def: VerbDefinition,
  words: readonly string[],
): PlainCommandLine | undefined {
  const flags: Flag[] = [];
  for (const o of def.options) {
    const f = flagsOf(o);
    if (f === undefined) return undefined;
    flags.push(f);
  }
  const options: Record<string, unknown> = {};
  for (const f of flags) if (f.def.default !== undefined) options[f.attribute] = f.def.default;
  const operands: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!(w.length > 1 && w.startsWith("-"))) {
      operands.push(w);
      continue;
    }
    const eq = w.startsWith("--") ? w.indexOf("=") : -1;
    const name = eq > 0 ? w.slice(0, eq) : w;
    const f = flags.find((f) => name === `--${f.long}` || name === `-${f.short}`);
    if (f === undefined || (eq > 0 && !f.value)) return undefined;
    if (!f.value) {
      options[f.attribute] = true;
      continue;
    }
    const value = eq > 0 ? w.slice(eq + 1) : words[++i];
    if (value === undefined || value.startsWith("-")) return undefined;
    if (f.def.choices !== undefined && !f.def.choices.includes(value)) return undefined;
    options[f.attribute] = value;
  }
  const args: unknown[] = [];
  for (const [k, a] of def.arguments.entries()) {
    const required = a.name.startsWith("<");
    if (a.name.endsWith("...>") || a.name.endsWith("...]")) {
      if (k !== def.arguments.length - 1) return undefined;
      if (required && operands.length === 0) return undefined;
      args.push(operands.splice(0));
      continue;
    }
    const v = operands.shift();
    if (v === undefined && required) return undefined;
    args.push(v);
  }
  return operands.length === 0 ? { args, options } : undefined;
}

/**
 * The commander command of a definition (imported here, when a command line
 * needs it).
 *
 * @param def The verb's definition.
 * @returns The command, its action the definition's.
 */
export async function commandOf(def: VerbDefinition): Promise<Command> {
  const { Command, Option } = await import("commander");
  const cmd = new Command(def.name).description(def.description);
  for (const a of def.arguments) cmd.argument(a.name, a.description);
  for (const o of def.options) {
    const opt = new Option(o.flags, o.description);
    if (o.choices !== undefined) opt.choices(o.choices);
    if (o.default !== undefined) opt.default(o.default);
    cmd.addOption(opt);
  }
  const n = def.arguments.length;
  return cmd.action(async (...params: unknown[]) => {
    await def.action(params.slice(0, n), params[n] as Record<string, unknown>);
  });
}

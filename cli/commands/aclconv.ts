/**
 * `trigger aclconv`: convert an ACL between formats.
 *
 * ```
 * trigger aclconv --to FORMAT [--from DIALECT] [--name NAME] [--replace] [--output OUT] [FILE|-]
 * trigger aclconv -i|-o|-j|-x [-n NAME] [FILE|-]       (Trigger's flags)
 * ```
 *
 * `--to` keeps the ACL's name and adds the replace wrapper only with
 * `--replace`. Trigger's short flags (`-i` ios, `-o` ios-named, `-j` junos,
 * `-x` iosxr, or `-f FORMAT`) behave as Trigger's `aclconv` did: the output
 * always replaces (`no access-list N`, `firewall { replace: ... }`), the name
 * becomes `100` for numbered IOS when it is not a number and otherwise gets the
 * format letter appended (`115` → `115j`), and Junos terms are named `T1…` and
 * counted. Errors print one line and exit 2; with `--output` nothing is
 * written unless every input converts (the file is written as a hidden
 * temporary and renamed at the end).
 *
 * `--to` streams: each file is read into the engine in place and converted a
 * run of lines at a time as it is checked, in one reading (`convertChunks`
 * with `onRestart`), so that memory stays near the input's size. Nothing is
 * written unless every input converts: standard output is held back
 * (`cli/_held_output.ts`: in memory, past 8 MiB in an unlinked temporary
 * file) and written at the end; `--output` writes its hidden temporary file
 * and renames it. Where the engine must write a text otherwise (object
 * groups, a list that later lines change), the pieces it gave are dropped and
 * it goes on from the start of the output.
 *
 * A term's non-decision modifiers (counters, Junos `log`, `sample`,
 * `policer`, `forwarding-class`, ...) that the target cannot carry make the
 * conversion fail, naming each; `--drop-modifiers` converts anyway without
 * them. Every warning of a conversion (each dropped modifier with its term,
 * `log-input` written as `syslog`) is printed on standard error as
 * `FILE:LINE:COLUMN: warning: ... (term "T")`; matches and actions are never
 * dropped.
 *
 * @module
 */
import { err, readInput, UsageError, writeFileAtomic } from "../_io.ts";
import { HeldOutput } from "../_held_output.ts";
import { parseAll } from "../../lib/acl/acl.ts";
import { convertBytes } from "../../lib/acl/parse.ts";
import { convertChunks, type ConvertChunksOptions } from "../../lib/acl/convert_chunks.ts";
import { checkHeads } from "../../lib/acl/_engine.ts";
import type { InputFill } from "../../lib/acl/types.ts";
import { aclInput, isUtf8Bytes } from "./_acl_input.ts";
import {
  ACL_DIALECTS,
  ACL_FORMATS,
  type AclDialect,
  type AclFormat,
  type Diagnostic,
} from "../../lib/acl/ir.ts";
import { displayName, formatDiagnostic, rethrowWithFile } from "./_acl.ts";
import type { VerbDefinition } from "../_verb_definition.ts";

interface Opts {
  to?: string;
  format?: string;
  from: string;
  name?: string;
  replace?: boolean;
  output?: string;
  dropModifiers?: boolean;
  i?: boolean;
  o?: boolean;
  j?: boolean;
  x?: boolean;
}

/** Appended to an error whose every unsupported construct is a modifier. */
const DROP_HINT = "; to convert without them, add --drop-modifiers";

const LETTER: Partial<Record<AclFormat, string>> = { "ios-named": "o", junos: "j", iosxr: "x" };

function alias(format: string): string {
  return format === "ios_named" ? "ios-named" : format;
}

function pickFormat(o: Opts): { format: AclFormat; trigger: boolean } {
  const chosen: [string, boolean][] = [];
  if (o.to !== undefined) chosen.push([alias(o.to), false]);
  if (o.format !== undefined) chosen.push([alias(o.format), true]);
  if (o.i) chosen.push(["ios", true]);
  if (o.o) chosen.push(["ios-named", true]);
  if (o.j) chosen.push(["junos", true]);
  if (o.x) chosen.push(["iosxr", true]);
  if (chosen.length === 0) throw new UsageError("Missing output format: give --to FORMAT");
  if (chosen.length > 1) throw new UsageError("Give only one output format");
  const [format, trigger] = chosen[0]!;
  if (!ACL_FORMATS.includes(format as AclFormat)) {
    throw new UsageError(`Unknown format "${format}" (use ${ACL_FORMATS.join(", ")})`);
  }
  return { format: format as AclFormat, trigger };
}

/**
 * The name Trigger's flags give a converted filter: numbered IOS keeps an
 * extended number (100-199, 2000-2699) and otherwise becomes `100`; the other
 * formats append their letter (`o`, `j`, `x`) unless the name ends with it.
 */
export function triggerName(name: string | null, format: AclFormat): string | undefined {
  if (format === "ios") {
    const n = Number(name);
    return name !== null && /^[0-9]+$/.test(name) &&
        ((n >= 100 && n <= 199) || (n >= 2000 && n <= 2699))
      ? name
      : "100";
  }
  const letter = LETTER[format];
  if (name === null || letter === undefined) return name ?? undefined;
  return name.endsWith(letter) ? name : name + letter;
}

/** Thrown where a one-pass conversion into an output file must start again (in two passes). */
class OnePassVoid {}

/** What both conversion paths pass on: dropping modifiers, and where warnings go. */
export interface Drop {
  dropModifiers: boolean;
  onWarning: (d: Diagnostic) => void;
}

/**
 * Trigger's conversion, filter by filter: each named by {@linkcode triggerName}
 * (unless `--name`), always replacing, Junos terms named `T1…` and counted under
 * their names. The terms are never decoded into JavaScript: a lazy parse gives
 * the filters' names, and the engine writes each filter from the IR that parse
 * kept (`index`, `nameTerms`, `countTerms`; ABI.md §3), as bytes.
 */
export function convertTrigger(
  text: string,
  format: AclFormat,
  from: AclDialect,
  name: string | undefined,
  drop: Drop,
): Uint8Array {
  const junos = format === "junos";
  const acls = parseAll(text, { dialect: from });
  // the very text the parse kept (its UTF-8), so that the engine finds it
  const bytes = new TextEncoder().encode(text);
  const parts = acls.map((acl, index) => {
    const wanted = name ?? triggerName(acl.name, format);
    return convertBytes(bytes, format, {
      from,
      index,
      replace: true,
      nameTerms: junos,
      countTerms: junos,
      ...drop,
      ...(wanted === undefined ? {} : { name: wanted }),
    });
  });
  return parts.length === 1 ? parts[0]! : concat(parts);
}

/**
 * {@linkcode convertTrigger} in a streaming pass, for a text of one filter
 * (the common case): the options of the `convertChunks` call that writes it,
 * after a streaming check that gives the filter's name, so that memory stays
 * near the input's size. `undefined` when the text holds several filters (or
 * none): {@linkcode convertTrigger} converts each on its own.
 *
 * @throws {AclSyntaxError} When the text does not parse.
 */
export function triggerChunksOptions(
  input: Uint8Array | InputFill,
  format: AclFormat,
  from: AclDialect,
  name: string | undefined,
): ConvertChunksOptions | undefined {
  const { acls } = checkHeads(input, from);
  if (acls.length !== 1) return undefined;
  const wanted = name ?? triggerName(acls[0]!.name, format);
  const junos = format === "junos";
  return {
    from,
    replace: true,
    nameTerms: junos,
    countTerms: junos,
    ...(wanted === undefined ? {} : { name: wanted }),
  };
}

/** The outputs of several files (or filters), one after the other. */
function concat(parts: (string | Uint8Array)[]): Uint8Array {
  const encoder = new TextEncoder();
  const bytes = parts.map((p) => typeof p === "string" ? encoder.encode(p) : p);
  const all = new Uint8Array(bytes.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of bytes) {
    all.set(b, at);
    at += b.length;
  }
  return all;
}

/** The `aclconv` command line and action (cli/_verb_definition.ts). */
export const DEFINITION: VerbDefinition<Opts> = {
  name: "aclconv",
  description: "Convert an ACL between Junos, IOS, IOS-XR, Brocade and EOS formats",
  arguments: [{ name: "[files...]", description: "input files (- or none: standard input)" }],
  options: [
    { flags: "-t, --to <format>", description: `output format: ${ACL_FORMATS.join(", ")}` },
    {
      flags: "-f, --format <format>",
      description: "output format, Trigger style (implies Trigger's naming)",
    },
    { flags: "-i", description: "Trigger: numbered IOS" },
    { flags: "-o", description: "Trigger: named IOS (use --output for an output file)" },
    { flags: "-j", description: "Trigger: Junos" },
    { flags: "-x", description: "Trigger: IOS-XR" },
    {
      flags: "--from <dialect>",
      description: "input dialect",
      choices: ACL_DIALECTS,
      default: "auto",
    },
    { flags: "-n, --name <name>", description: "name of the output ACL" },
    { flags: "--replace", description: "wrap the output to replace the ACL on the device" },
    {
      flags: "--output <file>",
      description: "write to this file (atomically) instead of standard output",
    },
    {
      flags: "--drop-modifiers",
      description:
        "convert terms whose counters, log, sample, policer... the target cannot carry, without them " +
        "(each dropped one is named on standard error)",
    },
  ],
  action: (args, options) => convert(args[0] as string[], options),
};

/** The action: converts each input and writes the outputs (or nothing, on an error). */
async function convert(files: string[], o: Opts): Promise<void> {
  const { format, trigger } = pickFormat(o);
  const from = o.from as AclDialect;
  const inputs = files.length ? files : ["-"];
  const warnings: string[] = [];
  const dropFor = (file: string): Drop => ({
    dropModifiers: o.dropModifiers ?? false,
    onWarning: (d) =>
      warnings.push(
        formatDiagnostic(displayName(file), d) + (d.term ? ` (term "${d.term}")` : ""),
      ),
  });
  const hint = o.dropModifiers ? "" : DROP_HINT;
  const sources = await Promise.all(inputs.map(aclInput));
  try {
    // Trigger's flags: a file of one filter streams; one of several filters is converted filter
    // by filter (convertTrigger), before anything is written
    const plans: (Uint8Array | ConvertChunksOptions)[] = [];
    for (const [k, file] of inputs.entries()) {
      const src = sources[k]!;
      const to = {
        from,
        replace: o.replace ?? false,
        ...(o.name === undefined ? {} : { name: o.name }),
      };
      if (!trigger) {
        plans.push(to);
        continue;
      }
      try {
        // text that is not UTF-8 is read with the bad bytes replaced, as Trigger's route did
        let one: ConvertChunksOptions | undefined;
        if (!(src instanceof Uint8Array) || await isUtf8Bytes(src)) {
          try {
            one = triggerChunksOptions(src, format, from, o.name);
          } catch (e) {
            if (src instanceof Uint8Array || await src.isUtf8()) throw e;
          }
        }
        const text = async () =>
          src instanceof Uint8Array ? new TextDecoder().decode(src) : await readInput(file);
        plans.push(one ?? convertTrigger(await text(), format, from, o.name, dropFor(file)));
      } catch (e) {
        rethrowWithFile(e, displayName(file), hint);
      }
    }
    // each file read into the engine in place, then its output in pieces (views of the engine's
    // memory, each written before the next is made); with `onRestart` the text is read once and
    // the pieces are provisional (convertChunks): it is called where those given are void
    const piecesOf = function* (
      k: number,
      onRestart?: () => void,
    ): Generator<Uint8Array, void, undefined> {
      const file = inputs[k]!;
      try {
        const plan = plans[k]!;
        if (plan instanceof Uint8Array) yield plan;
        else {
          const restart = onRestart === undefined ? {} : { onRestart };
          yield* convertChunks(sources[k]!, format, { ...plan, ...dropFor(file), ...restart });
        }
      } catch (e) {
        rethrowWithFile(e, displayName(file), hint);
      }
    };
    const pieces = function* (onRestart?: () => void): Generator<Uint8Array, void, undefined> {
      for (const k of inputs.keys()) yield* piecesOf(k, onRestart);
    };
    if (o.output !== undefined) {
      // the temporary file holds the output back: one pass, unless the engine must start again
      // (then that file is dropped, and the texts are read in two passes)
      try {
        await writeFileAtomic(
          o.output,
          pieces(() => {
            throw new OnePassVoid();
          }),
        );
      } catch (e) {
        if (!(e instanceof OnePassVoid)) throw e;
        warnings.length = 0;
        await writeFileAtomic(o.output, pieces());
      }
    } else {
      // standard output: held back (memory, then an unlinked temporary file) until every input
      // converted, then written
      using held = new HeldOutput();
      for (const k of inputs.keys()) {
        const start = held.size;
        let voided = false;
        for (const p of piecesOf(k, () => voided = true)) {
          if (voided) await held.rewind(start);
          voided = false;
          await held.add(p);
        }
        if (voided) await held.rewind(start);
      }
      await held.release();
    }
    for (const w of warnings) err(w);
    Deno.exitCode = 0;
  } finally {
    // the files opened to be read in place
    for (const src of sources) if (!(src instanceof Uint8Array)) src[Symbol.dispose]();
  }
}

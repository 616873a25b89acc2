/**
 * `trigger optimizer`: remove shadowed terms and merge redundant ones without
 * changing any answer.
 *
 * ```
 * trigger optimizer [-o OUT] [--format F] [--keep-denies] [--json-report] [--report] [--name NAME] [--max-input-mb N] FILE|-
 * ```
 *
 * Prints the optimized ACL in the input's dialect (or `--format`), or writes
 * it to OUT atomically (nothing is written on error). The summary (`N terms →
 * M terms`, each removed term and what shadows it, each merge, each redundant
 * deny kept for its logging or counter) goes to standard error; with
 * `--json-report` the report is printed there as JSON instead. `--report` adds
 * the unreachable-line report of the input first (`FILE:LINE:1: warning: ...
 * is unreachable: every packet it matches is decided by ...`). Exit code 0;
 * 2 for bad usage, an unreadable file, a syntax error or an input over the
 * size limit (`INPUT_TOO_LARGE`, naming the limit and `--max-input-mb`). The
 * file is read straight into the engine (`acl_optimize`), which reads an
 * IOS-family text a run of lines at a time, drops each shadowed term as it is
 * read, holds the kept ones in a compact form, and writes the result (from a
 * second read of the text when many terms are kept) and the report, which are
 * written out from the engine's memory; no term is decoded in JavaScript.
 * Memory is the runtime (~65 MB) plus what the engine holds: the text, the
 * kept terms with their index, and the output. Measured peaks
 * (`bench/README.md`): a 50 MB ACL whose terms are mostly shadowed 245 MB
 * (5x), a 10 MB rule base whose terms are mostly kept 160 MB, about 16 bytes
 * per byte of input at most; the default limit of 10 MB keeps the worst case
 * near 160 MB.
 *
 * A file of several filters (an IPv4 and an IPv6 list, several Junos filters)
 * is optimized filter by filter: the texts one after the other, each summary
 * under a `filter "NAME":` line, `--json-report` as `{"filters": [{"name",
 * "report"}]}`; `--name` optimizes only the filters of that name.
 *
 * @module
 */
import { Command, Option } from "commander";
import { err, readInputBytes, UsageError, write, writeErr, writeFileAtomic } from "../_io.ts";
import { aclInput } from "./_acl_input.ts";
import { parse } from "../../lib/acl/acl.ts";
import { parseAll } from "../../lib/acl/parse.ts";
import { AclUnsupportedError } from "../../lib/acl/errors.ts";
import { ACL_DIALECTS, ACL_FORMATS, type AclDialect, type AclFormat } from "../../lib/acl/ir.ts";
import {
  engineOptimize,
  type EngineOptimizeOptions,
} from "../../lib/acl/tools/_optimize_engine.ts";
import { TriggerError } from "../../lib/errors.ts";
import { filterCountOf } from "../../lib/acl/_several.ts";
import { displayName, rethrowWithFile } from "./_acl.ts";
import { formatUnreachable, unreachableLines } from "./_unreachable.ts";

/** The default `--max-input-mb`: at most about 160 MB of memory at the limit (measured). */
const DEFAULT_MAX_INPUT_MB = 10;

interface Opts {
  maxInputMb: string;
  output?: string;
  format?: string;
  keepDenies?: boolean;
  jsonReport?: boolean;
  report?: boolean;
  dialect: string;
  name?: string;
}

function tooLarge(file: string, size: number, max: number): TriggerError {
  const mb = (size / 1e6).toFixed(1);
  return new TriggerError(
    "INPUT_TOO_LARGE",
    `Cannot optimize ${file}: its ${mb} MB are over the limit of ${max} MB (the optimizer ` +
      "holds the terms it keeps in memory, up to about 16 bytes per byte of input: 160 MB at " +
      "10 MB); raise it with --max-input-mb",
  );
}

/**
 * A file of several filters (or `--name`): each filter (of that name) optimized
 * in turn, the texts written one after the other, the summaries each under a
 * `filter "NAME":` line, and `--json-report` as `{"filters": [{"name",
 * "report"}]}`.
 */
async function several(
  bytes: Uint8Array,
  file: string,
  o: Opts,
  ask: (index: number) => EngineOptimizeOptions,
): Promise<void> {
  const text = new TextDecoder().decode(bytes);
  let acls;
  try {
    acls = parseAll(text, { dialect: o.dialect as AclDialect });
  } catch (e) {
    rethrowWithFile(e, file);
  }
  try {
    const label = (name: string | null) => `"${name ?? "(unnamed)"}"`;
    const chosen = acls.map((a, index) => ({ name: a.name, index, acl: a }))
      .filter((a) => o.name === undefined || a.name === o.name);
    if (chosen.length === 0) {
      throw new UsageError(
        `${file} holds no filter named "${o.name}" (filters: ${
          acls.map((a) => label(a.name)).join(", ")
        })`,
      );
    }
    const texts: Uint8Array[] = [];
    const reports: [string | null, Uint8Array][] = [];
    for (const c of chosen) {
      try {
        // copies: each answer is read before the next call reuses the engine's memory
        const r = engineOptimize(bytes, { ...ask(c.index), inPlace: false });
        texts.push(r.text);
        reports.push([c.name, r.report]);
      } catch (e) {
        if (e instanceof AclUnsupportedError) {
          throw new UsageError(`${file}: filter ${label(c.name)}: ${e.message}`);
        }
        rethrowWithFile(e, file);
      }
    }
    const body = new Uint8Array(texts.reduce((n, t) => n + t.length, 0));
    texts.reduce((at, t) => (body.set(t, at), at + t.length), 0);
    if (o.output !== undefined) await writeFileAtomic(o.output, body);
    else write(body);
    if (o.report) {
      for (const c of chosen) {
        for (const u of unreachableLines(c.acl)) err(formatUnreachable(file, u));
      }
    }
    if (o.jsonReport) {
      const dec = new TextDecoder();
      const parts = reports.map(([name, r]) =>
        `{"name":${JSON.stringify(name)},"report":${dec.decode(r)}}`
      );
      writeErr(`{"filters":[${parts.join(",")}]}\n`);
    } else {
      for (const [name, r] of reports) {
        err(`filter ${label(name)}:`);
        writeErr(r);
      }
    }
  } finally {
    for (const a of acls) a[Symbol.dispose]();
  }
}

/** Builds the `optimizer` command. */
export function command(): Command {
  return new Command("optimizer")
    .description("Remove shadowed ACL terms and merge redundant ones, keeping every answer")
    .argument("<file>", "ACL file (- for standard input)")
    .option("-o, --output <file>", "write the optimized ACL here (atomically) instead of stdout")
    .addOption(
      new Option("--format <format>", "output format (default: the input's)").choices(ACL_FORMATS),
    )
    .option("--keep-denies", "keep deny terms that only repeat the implicit deny")
    .option(
      "-n, --name <name>",
      "optimize only the filters of this name (files of several filters)",
    )
    .option("--json-report", "print the report as JSON on standard error")
    .option("--report", "also report every term of the input no packet can reach (standard error)")
    .addOption(
      new Option("--dialect <dialect>", "input dialect").choices(ACL_DIALECTS).default("auto"),
    )
    .option(
      "--max-input-mb <n>",
      "refuse input over N MB (the optimizer needs up to about 16 MB of memory a MB: 160 MB at 10)",
      String(DEFAULT_MAX_INPUT_MB),
    )
    .action(async (path: string, o: Opts) => {
      const file = displayName(path);
      const max = Number(o.maxInputMb);
      if (!(max > 0)) {
        throw new UsageError(
          `Invalid --max-input-mb "${o.maxInputMb}": expected a positive number`,
        );
      }
      // A file is measured before it is read; standard input once read. A file is read straight
      // into the engine (no copy here) unless --report needs its text here too.
      const size = path === "-" ? 0 : await Deno.stat(path).then((s) => s.size, () => 0);
      if (size > max * 1e6) throw tooLarge(file, size, max);
      const input = o.report ? await readInputBytes(path) : await aclInput(path);
      const length = input instanceof Uint8Array ? input.length : input.size;
      if (length > max * 1e6) throw tooLarge(file, length, max);
      // The text goes to the engine and comes back optimized and written, as views of the
      // engine's memory written out before any other engine call: no term is decoded here.
      const ask = (index?: number): EngineOptimizeOptions => ({
        input: "text",
        dialect: o.dialect as AclDialect,
        format: o.format as AclFormat | undefined,
        keepDenies: o.keepDenies === true,
        text: true,
        ir: false,
        nameTerms: o.format === "junos",
        report: o.jsonReport ? "json" : "summary",
        inPlace: true,
        ...(index === undefined ? {} : { index }),
      });
      let result;
      try {
        result = o.name === undefined ? engineOptimize(input, ask()) : undefined;
      } catch (e) {
        if (filterCountOf(e) === undefined) {
          if (e instanceof AclUnsupportedError) throw new UsageError(`${file}: ${e.message}`);
          rethrowWithFile(e, file);
        }
      }
      if (result === undefined) {
        // several filters (an IPv4 and an IPv6 list, several Junos filters), or --name
        const bytes = input instanceof Uint8Array ? input : await readInputBytes(path);
        await several(bytes, file, o, ask);
        Deno.exitCode = 0;
        return;
      }
      const { text: body } = result;
      // the report is read after --report's parse, which reuses the engine's memory: a copy then
      const report = o.report ? result.report.slice() : result.report;
      if (o.output !== undefined) await writeFileAtomic(o.output, body);
      else write(body);
      if (input instanceof Uint8Array && o.report) {
        using acl = parse(new TextDecoder().decode(input), { dialect: o.dialect as AclDialect });
        for (const u of unreachableLines(acl)) err(formatUnreachable(file, u));
      }
      // the report as the engine wrote it (JSON, or the summary lines): not decoded here either
      writeErr(report);
      if (o.jsonReport) writeErr("\n");
      Deno.exitCode = 0;
    });
}

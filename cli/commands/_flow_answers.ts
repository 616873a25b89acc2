/**
 * `check-access --flows`: checks every flow of a flows file against the
 * filter of its family (the plain IPv4 lines read and checked in the engine,
 * the others read here and checked in one batch per filter) and writes one
 * answer per non-blank line, in order. Each distinct answer (filter, verdict
 * and deciding term; an error line) is made here once, and the engine writes
 * the lines from them (`writeFlowAnswers`), so that millions of flows cost
 * little more than the engine's check.
 *
 * @module
 */
import { write } from "../_io.ts";
import type { Acl } from "../../lib/acl/acl.ts";
import { FLOW_SIZE, missingFields } from "../../lib/acl/flow.ts";
import { compileChecker, type Compiled, releaseChecker } from "../../lib/acl/_check.ts";
import { dropKeptIr } from "../../lib/acl/_engine.ts";
import {
  ANSWER_NUMBERED,
  checkFlowFile,
  FLOW_DEFERRED,
  FLOW_NO_FILTER,
  writeFlowAnswers,
} from "../../lib/acl/_flow_engine.ts";
import { FlowScanner } from "../../lib/acl/_flow_scan.ts";
import type { LazySource } from "../../lib/acl/_lazy.ts";
import { checkEncoded } from "../../lib/acl/_wasm.ts";
import type { FilterChoice, TermLine } from "./_acl_select.ts";
import { readFlowLine } from "./_flow_lines.ts";

const VERDICTS = ["DENIED", "PERMITTED", "UNDETERMINED"] as const;

const encoder = new TextEncoder();

/** The distinct answers of a run, numbered in the order they are first met. */
class AnswerTable {
  readonly list: Uint8Array[] = [];

  /** Adds an answer's bytes; returns its number. */
  add(bytes: Uint8Array): number {
    this.list.push(bytes);
    return this.list.length - 1;
  }
}

/**
 * Answers per verdict and deciding term of one filter, as the UTF-8 bytes
 * that follow a line's prefix (`: ANSWER\n`, or `ANSWER\n` in JSON), made on
 * first use and numbered in an {@linkcode AnswerTable}.
 */
class Answers {
  readonly #lines: readonly TermLine[];
  readonly #json: boolean;
  readonly #of: string;
  readonly #filter: string | undefined;
  readonly #table: AnswerTable;
  readonly #ids: (number | undefined)[][] = [[], [], []];

  constructor(
    acl: Acl,
    lines: readonly TermLine[],
    options: { json: boolean; named: boolean; table: AnswerTable },
  ) {
    const { json, named } = options;
    this.#table = options.table;
    this.#lines = lines;
    this.#json = json;
    this.#of = named ? ` of filter "${acl.name ?? "(unnamed)"}"` : "";
    this.#filter = named ? acl.name ?? "" : undefined;
  }

  /** The number of the answer of `verdict` by term `index` (-1: the implicit deny). */
  id(verdict: number, index: number, missing: number): number {
    // an undetermined answer names the fields its term tests (rare: not cached)
    if (verdict === 2) {
      return this.#table.add(this.#tail(this.#make(verdict, index, missingFields(missing))));
    }
    const row = this.#ids[verdict]!;
    return row[index + 1] ??= this.#table.add(this.#tail(this.#make(verdict, index)));
  }

  #tail(answer: string): Uint8Array {
    return encoder.encode(this.#json ? `${answer}\n` : `: ${answer}\n`);
  }

  #make(verdict: number, index: number, missing: readonly string[] = []): string {
    const t = index >= 0 ? this.#lines[index] : undefined;
    const term = t?.[0] ?? null;
    const line = t?.[1] ?? null;
    if (this.#json) {
      const permitted = verdict === 1 ? true : verdict === 0 ? false : null;
      const r: Record<string, unknown> = { permitted, term, line };
      if (verdict === 2) r.missing = missing;
      if (this.#filter !== undefined) r.filter = this.#filter;
      return JSON.stringify(r);
    }
    const v = VERDICTS[verdict] ?? "UNDETERMINED";
    if (t === undefined) return `${v} by the implicit deny at the end of the ACL${this.#of}`;
    const label = term !== null ? `term "${term}"` : `term #${index + 1}`;
    return verdict === 2
      ? `${v}: ${label} at line ${line}${this.#of} may match (it tests ${
        missing.join(", ") || "a field"
      }, which the flow does not give)`
      : `${v} by ${label} at line ${line}${this.#of}`;
  }
}

/**
 * A filter compiled for this run, with the engine handle its checks use (owned
 * by `owner`, not by the `Acl`, whose own checker stays its own).
 */
interface Checker {
  readonly acl: Acl;
  readonly owner: object;
  readonly compiled: Compiled;
}

/** What answers one line: a filter's verdict (family 0 IPv4, 1 IPv6) or an error. */
interface Answer {
  fam: number;
  verdict: number;
  index: number;
  missing: number;
  error: string | undefined;
}

/**
 * Reads the lines the engine deferred (IPv6, other fields, errors) with the
 * general reader, and checks them with the filter of their family.
 */
function readDeferred(
  data: Uint8Array,
  words: Uint32Array,
  count: number,
  scanner: FlowScanner,
  checkers: readonly (Checker | string)[],
): Answer[] {
  const starts: number[] = [];
  for (let k = 0; k < count; k++) {
    if ((words[3 * k + 1]! & 7) === FLOW_DEFERRED) starts.push(words[3 * k + 2]!);
  }
  const bytes = new Uint8Array(Math.max(1, starts.length) * FLOW_SIZE);
  const answers: Answer[] = starts.map((s, k) => {
    let e = data.indexOf(10, s);
    if (e < 0) e = data.length;
    if (e > s && data[e - 1] === 13) e--;
    const error = readFlowLine(scanner, data, s, e, bytes, k * FLOW_SIZE) ?? undefined;
    const fam = bytes[k * FLOW_SIZE] === 6 ? 1 : 0;
    return { fam, verdict: 0, index: -1, missing: 0, error };
  });
  for (const f of [0, 1]) {
    const c = checkers[f]!;
    const picked = answers.map((a, k) => ({ a, k })).filter(({ a }) =>
      a.error === undefined && a.fam === f
    );
    if (picked.length === 0) continue;
    if (typeof c === "string") {
      for (const { a } of picked) a.error = c;
      continue;
    }
    const sub = new Uint8Array(picked.length * FLOW_SIZE);
    picked.forEach(({ k }, i) =>
      sub.set(bytes.subarray(k * FLOW_SIZE, (k + 1) * FLOW_SIZE), i * FLOW_SIZE)
    );
    const n = picked.length;
    const r = {
      verdicts: new Uint8Array(n),
      indices: new Int32Array(n),
      missing: new Uint16Array(n),
    };
    checkEncoded(c.compiled.handle, c.compiled.gen, sub, r.verdicts, r.indices, r.missing);
    picked.forEach(({ a }, i) => {
      a.verdict = r.verdicts[i]!;
      a.index = r.indices[i]!;
      a.missing = r.missing[i]!;
    });
  }
  return answers;
}

/**
 * Checks and answers every line of a flows file: the engine reads and checks
 * the plain IPv4 lines (`lib/acl/_flow_engine.ts`), this reads the others.
 *
 * @param data The flows file's bytes.
 * @param file Its name, for answers.
 * @param choice The filters answering each family.
 * @param options `json`: JSON lines instead of text; `lines`: each filter's terms' names and
 *   lines; `sources`: where each filter comes from (compiled from the IR its parse kept).
 * @returns How many lines were answered with an error.
 */
export function checkFlowLines(
  data: Uint8Array,
  file: string,
  choice: FilterChoice,
  options: {
    json: boolean;
    lines: ReadonlyMap<Acl, readonly TermLine[]>;
    sources: ReadonlyMap<Acl, LazySource>;
  },
): number {
  const { json } = options;
  const compiled = new Map<Acl, Checker>();
  const checker = (a: Acl | string): Checker | string => {
    if (typeof a === "string") return a;
    let c = compiled.get(a);
    if (c === undefined) {
      const src = options.sources.get(a);
      const owner = {};
      c = { acl: a, owner, compiled: compileChecker(owner, a.name, src, () => a.toJSON()) };
      compiled.set(a, c);
    }
    return c;
  };
  const checkers = [checker(choice.v4), checker(choice.v6)] as const;
  try {
    // the compiled filters hold what checks need: the IR kept from the parse goes
    dropKeptIr();
    const scanner = new FlowScanner();
    const c4 = checkers[0];
    const { words, count } = checkFlowFile(
      data,
      typeof c4 === "string" ? -1 : c4.compiled.handle,
      scanner,
    );
    const deferred = readDeferred(data, words, count, scanner, checkers);
    const table = new AnswerTable();
    const answers = checkers.map((c) =>
      typeof c === "string"
        ? undefined
        : new Answers(c.acl, options.lines.get(c.acl) ?? [], { json, named: choice.named, table })
    );
    return writeAnswers({ words, count }, deferred, { answers, table, checkers }, file, json);
  } finally {
    for (const c of compiled.values()) releaseChecker(c.owner, c.compiled);
  }
}

/**
 * Numbers every line's answer (two words per line: its number and its
 * answer's, {@linkcode ANSWER_NUMBERED} for `FILE:LINE` first), then has the
 * engine write the lines; returns how many lines were errors.
 */
function writeAnswers(
  { words, count }: { words: Uint32Array; count: number },
  deferred: readonly Answer[],
  { answers, table, checkers }: {
    answers: readonly (Answers | undefined)[];
    table: AnswerTable;
    checkers: readonly (Checker | string)[];
  },
  file: string,
  json: boolean,
): number {
  const codes = new Uint32Array(2 * count);
  /** Text answers start `FILE:LINE`; JSON answers are the answer alone. */
  const numbered = json ? 0 : ANSWER_NUMBERED;
  const a4 = answers[0];
  let bad = 0;
  let d = 0;
  for (let k = 0; k < count; k++) {
    const line = words[3 * k]!;
    const status = words[3 * k + 1]!;
    const v = status & 7;
    codes[2 * k] = line;
    let error: string | undefined;
    if (v < FLOW_DEFERRED) {
      codes[2 * k + 1] = numbered | a4!.id(v, words[3 * k + 2]! | 0, status >>> 16);
      continue;
    }
    if (v === FLOW_NO_FILTER) error = checkers[0] as string;
    else {
      const a = deferred[d++]!;
      error = a.error;
      if (error === undefined) {
        codes[2 * k + 1] = numbered | answers[a.fam]!.id(a.verdict, a.index, a.missing);
        continue;
      }
    }
    bad++;
    codes[2 * k + 1] = table.add(encoder.encode(
      json
        ? JSON.stringify({ error: { code: "INVALID_ARGUMENT", file, line, message: error } }) +
          "\n"
        : `${file}:${line}: error: ${error}\n`,
    ));
  }
  writeFlowAnswers(`${file}:`, table.list, codes, write);
  return bad;
}

/**
 * `check-access --flows`: checks every flow of a flows file against the
 * filter of its family (the plain IPv4 lines read and checked in the engine,
 * the others read here and checked in one batch per filter) and writes one
 * answer per non-blank line, in order. Answers are copied from one cached byte
 * string per filter, verdict and deciding term into one output buffer, so
 * that millions of flows cost little more than the engine's check.
 *
 * @module
 */
import { write } from "../_io.ts";
import type { Acl } from "../../lib/acl/acl.ts";
import { FLOW_SIZE, missingFields } from "../../lib/acl/flow.ts";
import { compileChecker, type Compiled, releaseChecker } from "../../lib/acl/_check.ts";
import { dropKeptIr } from "../../lib/acl/_engine.ts";
import { checkFlowFile, FLOW_DEFERRED, FLOW_NO_FILTER } from "../../lib/acl/_flow_engine.ts";
import { FlowScanner } from "../../lib/acl/_flow_scan.ts";
import type { LazySource } from "../../lib/acl/_lazy.ts";
import { checkEncoded } from "../../lib/acl/_wasm.ts";
import type { FilterChoice, TermLine } from "./_acl_select.ts";
import { readFlowLine } from "./_flow_lines.ts";

const VERDICTS = ["DENIED", "PERMITTED", "UNDETERMINED"] as const;

const encoder = new TextEncoder();

/**
 * Answers per verdict and deciding term of one filter, as the UTF-8 bytes
 * that follow a line's prefix (`: ANSWER\n`, or `ANSWER\n` in JSON), made on
 * first use.
 */
class Answers {
  readonly #lines: readonly TermLine[];
  readonly #json: boolean;
  readonly #of: string;
  readonly #filter: string | undefined;
  readonly #cache: (Uint8Array | undefined)[][] = [[], [], []];

  constructor(acl: Acl, lines: readonly TermLine[], json: boolean, named: boolean) {
    this.#lines = lines;
    this.#json = json;
    this.#of = named ? ` of filter "${acl.name ?? "(unnamed)"}"` : "";
    this.#filter = named ? acl.name ?? "" : undefined;
  }

  tail(verdict: number, index: number, missing: number): Uint8Array {
    // an undetermined answer names the fields its term tests (rare: not cached)
    if (verdict === 2) return this.#tail(this.#make(verdict, index, missingFields(missing)));
    const row = this.#cache[verdict]!;
    return row[index + 1] ??= this.#tail(this.#make(verdict, index));
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
 * Standard output through one reused byte buffer, written out whenever it
 * fills: answers are copied as bytes (no string per line, no encoding of
 * the whole output).
 */
class ByteOut {
  readonly #buf = new Uint8Array(1 << 20);
  #at = 0;

  /** Appends bytes. */
  bytes(b: Uint8Array): void {
    const n = b.length;
    if (this.#at + n > this.#buf.length) {
      this.flush();
      if (n > this.#buf.length) return write(b);
    }
    const buf = this.#buf;
    let at = this.#at;
    // short answers: a loop is cheaper than set() per call
    if (n <= 64) { for (let i = 0; i < n; i++) buf[at++] = b[i]!; }
    else {
      buf.set(b, at);
      at += n;
    }
    this.#at = at;
  }

  /** Appends a non-negative integer in decimal. */
  decimal(v: number): void {
    if (this.#at + 16 > this.#buf.length) this.flush();
    const buf = this.#buf;
    let digits = 1;
    for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++;
    let at = this.#at + digits;
    this.#at = at;
    let x = v;
    do {
      buf[--at] = 48 + (x % 10);
      x = Math.floor(x / 10);
    } while (x > 0);
  }

  flush(): void {
    if (this.#at) write(this.#buf.subarray(0, this.#at));
    this.#at = 0;
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
    const answers = checkers.map((c) =>
      typeof c === "string"
        ? undefined
        : new Answers(c.acl, options.lines.get(c.acl) ?? [], json, choice.named)
    );
    return writeAnswers(words, count, deferred, answers, checkers, file, json);
  } finally {
    for (const c of compiled.values()) releaseChecker(c.owner, c.compiled);
  }
}

function writeAnswers(
  words: Uint32Array,
  count: number,
  deferred: readonly Answer[],
  answers: readonly (Answers | undefined)[],
  checkers: readonly (Checker | string)[],
  file: string,
  json: boolean,
): number {
  const o = new ByteOut();
  /** Text answers start `FILE:LINE`; JSON answers are the answer alone. */
  const prefix = encoder.encode(`${file}:`);
  const a4 = answers[0];
  let bad = 0;
  let d = 0;
  for (let k = 0; k < count; k++) {
    const line = words[3 * k]!;
    const status = words[3 * k + 1]!;
    const v = status & 7;
    let error: string | undefined;
    if (v < FLOW_DEFERRED) {
      if (!json) {
        o.bytes(prefix);
        o.decimal(line);
      }
      o.bytes(a4!.tail(v, words[3 * k + 2]! | 0, status >>> 16));
      continue;
    }
    if (v === FLOW_NO_FILTER) error = checkers[0] as string;
    else {
      const a = deferred[d++]!;
      error = a.error;
      if (error === undefined) {
        if (!json) {
          o.bytes(prefix);
          o.decimal(line);
        }
        o.bytes(answers[a.fam]!.tail(a.verdict, a.index, a.missing));
        continue;
      }
    }
    bad++;
    o.bytes(encoder.encode(
      json
        ? JSON.stringify({ error: { code: "INVALID_ARGUMENT", file, line, message: error } }) +
          "\n"
        : `${file}:${line}: error: ${error}\n`,
    ));
  }
  o.flush();
  return bad;
}

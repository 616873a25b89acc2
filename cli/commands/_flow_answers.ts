/**
 * `check-access --flows`: checks every flow of a flows file against the
 * filter of its family (in one engine batch per filter) and writes one answer
 * per non-blank line, in order. Answers are built from one cached string per
 * filter, verdict and deciding term, so that millions of flows cost little
 * more than the engine's check.
 *
 * @module
 */
import { write } from "../_io.ts";
import type { Acl } from "../../lib/acl/acl.ts";
import { FLOW_SIZE, missingFields } from "../../lib/acl/flow.ts";
import type { FilterChoice, TermLine } from "./_acl_select.ts";
import { readFlowLines } from "./_flow_lines.ts";

const VERDICTS = ["DENIED", "PERMITTED", "UNDETERMINED"] as const;

/** Answer texts per verdict and deciding term of one filter, made on first use. */
class Answers {
  readonly #lines: readonly TermLine[];
  readonly #json: boolean;
  readonly #of: string;
  readonly #filter: string | undefined;
  readonly #cache: (string | undefined)[][] = [[], [], []];

  constructor(acl: Acl, lines: readonly TermLine[], json: boolean, named: boolean) {
    this.#lines = lines;
    this.#json = json;
    this.#of = named ? ` of filter "${acl.name ?? "(unnamed)"}"` : "";
    this.#filter = named ? acl.name ?? "" : undefined;
  }

  text(verdict: number, index: number, missing: number): string {
    // an undetermined answer names the fields its term tests (rare: not cached)
    if (verdict === 2) return this.#make(verdict, index, missingFields(missing));
    const row = this.#cache[verdict]!;
    return row[index + 1] ??= this.#make(verdict, index);
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

/** Buffered standard output: joined and written every 64k pieces. */
class Out {
  #parts: string[] = [];

  push(s: string): void {
    this.#parts.push(s);
    if (this.#parts.length >= 65536) this.flush();
  }

  flush(): void {
    if (this.#parts.length) write(this.#parts.join(""));
    this.#parts = [];
  }
}

/**
 * Checks and answers every line of a flows file.
 *
 * @param data The flows file's bytes.
 * @param file Its name, for answers.
 * @param choice The filters answering each family.
 * @param options `json`: JSON lines instead of text; `lines`: each filter's terms' names and lines.
 * @returns How many lines were answered with an error.
 */
export function checkFlowLines(
  data: Uint8Array,
  file: string,
  choice: FilterChoice,
  options: { json: boolean; lines: ReadonlyMap<Acl, readonly TermLine[]> },
): number {
  const { json } = options;
  const lines = readFlowLines(data);
  const { bytes, count } = lines;
  const verdicts = new Uint8Array(count);
  const indices = new Int32Array(count);
  const missing = new Uint16Array(count);
  /** Per flow: 0 answered by the IPv4 filter, 1 by the IPv6 one. */
  const fam = new Uint8Array(count);
  const filters = [choice.v4, choice.v6] as const;
  if (filters[0] === filters[1]) {
    const acl = filters[0];
    if (typeof acl !== "string") {
      acl.checkBatch(bytes.subarray(0, count * FLOW_SIZE), { verdicts, indices, missing });
    }
  } else {
    for (let i = 0; i < count; i++) fam[i] = bytes[i * FLOW_SIZE] === 6 ? 1 : 0;
    for (const f of [0, 1]) {
      const acl = filters[f]!;
      if (typeof acl === "string") continue;
      let n = 0;
      for (let i = 0; i < count; i++) if (fam[i] === f) n++;
      if (n === 0) continue;
      const sub = new Uint8Array(n * FLOW_SIZE);
      for (let i = 0, k = 0; i < count; i++) {
        if (fam[i] === f) {
          sub.set(bytes.subarray(i * FLOW_SIZE, (i + 1) * FLOW_SIZE), k++ * FLOW_SIZE);
        }
      }
      const r = acl.checkBatch(sub);
      for (let i = 0, k = 0; i < count; i++) {
        if (fam[i] !== f) continue;
        verdicts[i] = r.verdicts[k]!;
        missing[i] = r.missing?.[k] ?? 0;
        indices[i] = r.indices[k++]!;
      }
    }
  }
  const answers = filters.map((a) =>
    typeof a === "string"
      ? undefined
      : new Answers(a, options.lines.get(a) ?? [], json, choice.named)
  );
  const o = new Out();
  let bad = 0;
  const { slots, errors } = lines;
  for (let k = 0; k < slots.length; k++) {
    const slot = slots[k]!;
    const line = lines.lines[k]!;
    let error: string | undefined;
    let answer: string | undefined;
    if (slot < 0) {
      error = errors[-1 - slot]!;
    } else {
      const f = fam[slot]!;
      const a = answers[f];
      if (a === undefined) error = filters[f] as string;
      else answer = a.text(verdicts[slot]!, indices[slot]!, missing[slot]!);
    }
    if (error !== undefined) {
      bad++;
      o.push(
        json
          ? JSON.stringify({ error: { code: "INVALID_ARGUMENT", file, line, message: error } }) +
            "\n"
          : `${file}:${line}: error: ${error}\n`,
      );
    } else {
      o.push(json ? answer! + "\n" : `${file}:${line}: ${answer}\n`);
    }
  }
  o.flush();
  return bad;
}

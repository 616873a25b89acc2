/**
 * Python `re` patterns, translated to JavaScript `RegExp` with the same
 * meaning: `re.match` anchoring (sticky), Unicode `\d \w \s \b` as Python 3
 * defines them, Python's `$` and `.`, scoped flags, atomic groups and
 * possessive repeats. Patterns Python rejects are rejected too; the few
 * constructs JavaScript cannot express (conditional groups, `\N{...}`) give
 * an error that says so. Python's keeping of a repeated group's last
 * participating capture is restored after the match (`_py_regex_repeat.ts`),
 * and an optional `X?` whose `X` can match the empty string matches it empty
 * as Python does (JavaScript skips such an iteration). One difference is
 * left: a loop (`*`, `+`, `{m,n}`) whose body can match the empty string ends
 * in Python with one empty iteration (its groups then read `""`), in
 * JavaScript without it (`(?:(?P<x>a*))*b` over `aab`: Python `x = ""`, here
 * `"aa"`); no ntc-templates template meets it (all 1,885 test cases agree).
 * Why this is hand-written rather than a library: see `_py_regex_parse.ts`.
 *
 * @module
 */
import { type ClassItem, type Node, parsePyRegex, PyRegexError } from "./_py_regex_parse.ts";
import {
  type Compiled,
  execPython,
  findHazards,
  type Hazard,
  type IterationBuilder,
  minWidth,
  namedGroups,
} from "./_py_regex_repeat.ts";

export { PyRegexError };

/** A Python pattern compiled to a sticky JavaScript regular expression. */
export interface PyRegex {
  /** The original Python pattern. */
  readonly pattern: string;
  /** The JavaScript regular expression (flags include `y` and `v`). */
  readonly regex: RegExp;
  /** Named groups in the order they open in the pattern (`groupdict()` order). */
  readonly names: readonly string[];
  /** The number of capturing groups, as Python's `pattern.groups`. */
  readonly groupCount: number;
}

const W_UNI = "\\p{L}\\p{N}_";
const S_UNI =
  "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const S_ASCII = "\\t-\\r\\x20";
const SYNTAX = "^$\\.*+?()[]{}|/";

/**
 * Compiles a Python `re` pattern into a {@linkcode PyRegex}.
 *
 * @param pattern A pattern in Python 3.11 `re` syntax.
 * @returns The compiled pattern; use {@linkcode pyMatch} to match it as `re.match` does.
 * @throws {PyRegexError} When Python would reject the pattern, or JavaScript cannot express it
 * (`untranslatable` is then `true`).
 *
 * @example Python syntax, JavaScript engine
 * ```ts
 * import { compilePyRegex, pyMatch } from "@trigger/trigger/textfsm";
 * import { strictEqual } from "node:assert/strict";
 *
 * const re = compilePyRegex(String.raw`(?P<intf>\S+)\s+is\s+(?P<status>up|down)`);
 * strictEqual(pyMatch(re, "Gi0/1 is up")?.groups?.status, "up");
 * strictEqual(pyMatch(re, " Gi0/1 is up"), null); // anchored like re.match
 * ```
 */
export function compilePyRegex(pattern: string): PyRegex {
  const parsed = parsePyRegex(pattern);
  const hazards = parsed.referenced.size === 0 ? findHazards(parsed.root) : new Set<Node>();
  const iFlag = parsed.globalFlags.i ? "i" : "";
  const compiled = build(
    parsed.nameOf,
    parsed.referenced,
    hazards,
    iFlag,
    (e) => e.emit(parsed.root),
  );
  const re = { pattern, regex: compiled.regex, names: parsed.names, groupCount: parsed.groupCount };
  COMPILED.set(re, compiled);
  return re;
}

/** The hazards (repeats holding named groups) of each compiled pattern. */
const COMPILED = new WeakMap<PyRegex, Compiled>();

/** Emits a pattern and compiles it, with the `d` flag when it has hazards to mend. */
function build(
  nameOf: Map<number, string>,
  referenced: Set<number>,
  hazardNodes: Set<Node>,
  iFlag: string,
  emit: (e: Emitter) => string,
): Compiled & { emitter: Emitter } {
  const emitter = new Emitter(nameOf, referenced, hazardNodes, iFlag);
  const source = emit(emitter);
  const flags = `${emitter.hazards.length > 0 ? "d" : ""}${iFlag}vy`;
  let regex: RegExp;
  try {
    regex = new RegExp(source, flags);
  } catch (e) {
    throw new PyRegexError(
      `cannot translate to JavaScript: ${e instanceof Error ? e.message : String(e)}`,
      true,
    );
  }
  return { regex, hazards: emitter.hazards, emitter };
}

/**
 * The regex of one iteration of a hazard: the body with its groups, then a
 * lookahead that the remaining iterations (`lo..hi`, without captures) end
 * with exactly `left` code points of the subject after them. Cached per hazard.
 */
const ITERATIONS = new WeakMap<Hazard, Map<string, Compiled>>();
const iteration: IterationBuilder = (h, lo, hi, left) => {
  let cache = ITERATIONS.get(h);
  if (cache === undefined) ITERATIONS.set(h, cache = new Map());
  const key = `${lo},${hi},${left}`;
  let c = cache.get(key);
  if (c === undefined) {
    const { owner } = h as Hazard & { owner: Emitter };
    const body = h.node.child;
    c = build(owner.nameOf, owner.referenced, findHazards(body), owner.iFlag, (e) => {
      const rest = e.emit(body, true);
      const count = hi === Infinity ? `{${lo},}` : `{${lo},${hi}}`;
      return `(?:${e.emit(body)})(?=(?:${rest})${count}(?=[\\s\\S]{${left}}$))`;
    });
    if (cache.size >= 256) cache.clear();
    cache.set(key, c);
  }
  return c;
};

/**
 * Matches at the start of `text`, as Python's `pattern.match(text)`.
 *
 * @param re A compiled pattern.
 * @param text The subject.
 * @returns The match, or `null`.
 *
 * @example Anchored at the start only
 * ```ts
 * import { compilePyRegex, pyMatch } from "@trigger/trigger/textfsm";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(pyMatch(compilePyRegex("ab"), "abc")?.[0], "ab");
 * strictEqual(pyMatch(compilePyRegex("bc"), "abc"), null);
 * ```
 */
export function pyMatch(re: PyRegex, text: string): RegExpExecArray | null {
  const compiled = COMPILED.get(re);
  if (compiled === undefined) {
    re.regex.lastIndex = 0;
    return re.regex.exec(text);
  }
  return execPython(compiled, text, 0, iteration);
}

function lit(cp: number): string {
  const ch = String.fromCodePoint(cp);
  if (SYNTAX.includes(ch)) return `\\${ch}`;
  if (cp > 0x20 && cp < 0x7f) return ch;
  return `\\u{${cp.toString(16)}}`;
}

function classLit(cp: number): string {
  return /[A-Za-z0-9]/.test(String.fromCodePoint(cp))
    ? String.fromCodePoint(cp)
    : `\\u{${cp.toString(16)}}`;
}

/** The contents of a class for `\d \w \s` (positive form). */
function escBody(kind: "d" | "w" | "s", ascii: boolean): string {
  if (kind === "d") return ascii ? "0-9" : "\\p{Nd}";
  if (kind === "w") return ascii ? "A-Za-z0-9_" : W_UNI;
  return ascii ? S_ASCII : S_UNI;
}

function escInClass(item: Extract<ClassItem, { t: "esc" }>): string {
  if (item.kind === "d" && !item.ascii) return item.neg ? "\\P{Nd}" : "\\p{Nd}";
  const body = escBody(item.kind, item.ascii);
  return item.neg ? `[^${body}]` : body;
}

class Emitter {
  #hidden = 0;
  /** The hazards met while emitting, with their span groups. */
  readonly hazards: Hazard[] = [];
  #noCapture = false;
  constructor(
    readonly nameOf: Map<number, string>,
    readonly referenced: Set<number>,
    readonly hazardNodes: Set<Node>,
    readonly iFlag: string,
  ) {}

  /** Emits a node; with `noCapture`, groups do not capture and hazards are not marked. */
  emit(n: Node, noCapture = false): string {
    const saved = this.#noCapture;
    this.#noCapture = noCapture || saved;
    try {
      return this.#emit(n);
    } finally {
      this.#noCapture = saved;
    }
  }

  #hiddenName(): string {
    return `__a${++this.#hidden}`;
  }

  #emit(n: Node): string {
    switch (n.t) {
      case "alt":
        return n.branches.map((b) => this.emit(b)).join("|");
      case "seq":
        return n.items.map((i) => this.emit(i)).join("");
      case "char":
        return lit(n.cp);
      case "any":
        return n.dotall ? "[\\s\\S]" : "[^\\n]";
      case "bol":
        return n.multiline ? "(?<![^\\n])" : "^";
      case "eol":
        return n.multiline ? "(?![^\\n])" : "(?=\\n?$)";
      case "strStart":
        return "^";
      case "strEnd":
        return "$";
      case "boundary": {
        if (n.ascii) return n.neg ? "\\B" : "\\b";
        const w = `[${W_UNI}]`;
        return n.neg
          ? `(?:(?<=${w})(?=${w})|(?<!${w})(?!${w}))`
          : `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))`;
      }
      case "esc":
        return `[${escInClass(n)}]`;
      case "class":
        return `[${n.neg ? "^" : ""}${
          n.items.map((it) =>
            it.t === "esc"
              ? escInClass(it)
              : it.lo === it.hi
              ? classLit(it.lo)
              : `${classLit(it.lo)}-${classLit(it.hi)}`
          ).join("")
        }]`;
      case "group": {
        if (this.#noCapture) return `(?:${this.emit(n.child)})`;
        const name = n.name ?? (this.referenced.has(n.index) ? `__g${n.index}` : undefined);
        return name === undefined ? `(${this.emit(n.child)})` : `(?<${name}>${this.emit(n.child)})`;
      }
      case "nocap": {
        const mod = n.iChange === undefined ? "" : n.iChange ? "i" : "-i";
        return `(?${mod}:${this.emit(n.child)})`;
      }
      case "look":
        return `(?${n.behind ? "<" : ""}${n.neg ? "!" : "="}${this.emit(n.child)})`;
      case "atomic": {
        const h = this.#hiddenName();
        return `(?:(?=(?<${h}>${this.emit(n.child)}))\\k<${h}>)`;
      }
      case "ref":
        return `\\k<${this.nameOf.get(n.index) ?? `__g${n.index}`}>`;
      case "repeat": {
        const c = n.child;
        const atom = this.emit(c);
        const single = c.t === "char" || c.t === "any" || c.t === "esc" || c.t === "class" ||
          c.t === "group" || c.t === "nocap" || c.t === "ref";
        const body = single ? atom : `(?:${atom})`;
        const q = n.min === 0 && n.max === Infinity
          ? "*"
          : n.min === 1 && n.max === Infinity
          ? "+"
          : n.min === 0 && n.max === 1
          ? "?"
          : n.max === Infinity
          ? `{${n.min},}`
          : n.min === n.max
          ? `{${n.min}}`
          : `{${n.min},${n.max}}`;
        // Python's X? may match X empty (captures ""); JavaScript rejects an empty
        // optional iteration, so an X that can be empty becomes an alternation
        const optionalEmpty = n.min === 0 && n.max === 1 && minWidth(c) === 0;
        const loop = optionalEmpty
          ? (n.lazy && !n.possessive ? `(?:|${atom})` : `(?:${atom}|)`)
          : `${body}${q}${n.lazy ? "?" : ""}`;
        const out = n.possessive
          ? ((h) => `(?:(?=(?<${h}>${optionalEmpty ? loop : body + q}))\\k<${h}>)`)(
            this.#hiddenName(),
          )
          : loop;
        if (this.#noCapture || !this.hazardNodes.has(n)) return out;
        const span = `__r${this.hazards.length + 1}`;
        const hazard = { span, node: n, names: namedGroups(n.child), owner: this };
        this.hazards.push(hazard);
        return `(?<${span}>${out})`;
      }
    }
  }
}

/**
 * A parser for Python 3.11 `re` pattern syntax into a small AST. It checks
 * what `re.compile` checks (bad escapes, ranges, repeats, group names,
 * fixed-width look-behind...) so that a template Python rejects is rejected
 * here too. Flags (`i`, `m`, `s`, `x`, `a`) are resolved while parsing.
 *
 * Kept (issue 16 §3 review), with `py_regex.ts`: no library does this under
 * Deno. `pyre-to-regexp` (npm) only rewrites `(?P<name>` by regex and hands
 * the rest to `RegExp` unchanged (ASCII `\w \d \s`, JavaScript's `$` and
 * `.`, no `(?P=name)`, no validation); RE2 ports (`re2`, `re2-wasm`) reject
 * look-around (23 ntc-templates 9.x templates use it) and back-references; running
 * Python's `re` (Pyodide) would ship a Python runtime for one module.
 *
 * @module
 */

import {
  type ClassItem,
  type Flags,
  type Node,
  type ParsedPattern,
  PyRegexError,
} from "./_py_regex_ast.ts";

export { PyRegexError };
export type { ClassItem, Flags, Node, ParsedPattern };

const MAXREPEAT = Infinity;
const SPACE = " \t\n\r\v\f";
const DIGITS = "0123456789";
const OCT = "01234567";
const HEX = "0123456789abcdefABCDEF";
const SIMPLE_ESC: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 };
const ID_RE = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;

/**
 * Parses a Python pattern.
 *
 * @param pattern The Python `re` pattern.
 * @returns The AST and group bookkeeping.
 * @throws {PyRegexError} When Python would reject the pattern or it cannot be translated.
 */
export function parsePyRegex(pattern: string): ParsedPattern {
  return new Parser(pattern).parse();
}

class Parser {
  #src: string[];
  #pos = 0;
  #groupCount = 0;
  #names = new Map<string, number>();
  #nameOf = new Map<number, string>();
  #open = new Set<number>();
  #widths = new Map<number, [number, number]>();
  #referenced = new Set<number>();
  #global: Flags = { i: false, m: false, s: false, x: false, a: false };

  constructor(pattern: string) {
    this.#src = Array.from(pattern);
  }

  parse(): ParsedPattern {
    const root = this.#alt({ ...this.#global }, 0);
    if (this.#pos < this.#src.length) {
      throw new PyRegexError(`unbalanced parenthesis at position ${this.#pos}`);
    }
    return {
      root,
      globalFlags: this.#global,
      names: [...this.#names.keys()],
      groupCount: this.#groupCount,
      nameOf: this.#nameOf,
      referenced: this.#referenced,
    };
  }

  #peek(k = 0): string | undefined {
    return this.#src[this.#pos + k];
  }

  #next(): string {
    const c = this.#src[this.#pos++];
    if (c === undefined) throw new PyRegexError("unexpected end of pattern");
    return c;
  }

  #alt(flags: Flags, depth: number): Node {
    const branches: Node[] = [this.#seq(flags, depth, true)];
    while (this.#peek() === "|") {
      this.#pos++;
      branches.push(this.#seq(flags, depth, false));
    }
    return branches.length === 1 ? branches[0]! : { t: "alt", branches };
  }

  #skipVerbose(flags: Flags): void {
    if (!flags.x) return;
    for (;;) {
      const c = this.#peek();
      if (c !== undefined && SPACE.includes(c)) this.#pos++;
      else if (c === "#") {
        while (this.#peek() !== undefined && this.#peek() !== "\n") this.#pos++;
      } else return;
    }
  }

  #seq(flags: Flags, depth: number, firstBranch: boolean): Node {
    const items: Node[] = [];
    for (;;) {
      this.#skipVerbose(flags);
      const c = this.#peek();
      if (c === undefined || c === "|" || c === ")") break;
      const start = this.#pos;
      // global flags: (?aimsx) at the very start
      if (c === "(" && this.#peek(1) === "?" && this.#isGlobalFlags()) {
        if (depth !== 0 || !firstBranch || items.length > 0) {
          throw new PyRegexError(
            `global flags not at the start of the expression at position ${start}`,
          );
        }
        this.#pos += 2;
        while (this.#peek() !== ")") this.#applyFlag(this.#next(), this.#global, true);
        this.#pos++;
        Object.assign(flags, this.#global);
        continue;
      }
      if ("*+?".includes(c) || (c === "{" && this.#quantAhead())) {
        throw new PyRegexError(`nothing to repeat at position ${start}`);
      }
      let atom = this.#atom(flags, depth);
      this.#skipVerbose(flags);
      const q = this.#quantifier();
      if (q) {
        if (
          atom.t === "bol" || atom.t === "eol" || atom.t === "strStart" ||
          atom.t === "strEnd" || atom.t === "boundary"
        ) {
          throw new PyRegexError(`nothing to repeat at position ${start}`);
        }
        atom = { t: "repeat", ...q, child: atom };
        this.#skipVerbose(flags);
        const c2 = this.#peek();
        if (c2 !== undefined && ("*+?".includes(c2) || (c2 === "{" && this.#quantAhead()))) {
          throw new PyRegexError(`multiple repeat at position ${this.#pos}`);
        }
      }
      items.push(atom);
    }
    return items.length === 1 ? items[0]! : { t: "seq", items };
  }

  #isGlobalFlags(): boolean {
    let k = 2;
    let c = this.#peek(k);
    if (c === undefined || !"aiLmsux".includes(c)) return false;
    while (c !== undefined && "aiLmsux".includes(c)) c = this.#peek(++k);
    return c === ")";
  }

  #applyFlag(c: string, flags: Flags, on: boolean): void {
    if (c === "L") {
      throw new PyRegexError("bad inline flags: cannot use 'L' flag with a str pattern");
    }
    if (c === "u") {
      if (!on) throw new PyRegexError("bad inline flags: cannot turn off flags 'a', 'u' and 'L'");
      return;
    }
    if (c === "a" && !on) {
      throw new PyRegexError("bad inline flags: cannot turn off flags 'a', 'u' and 'L'");
    }
    if (!"aimsx".includes(c)) throw new PyRegexError(`unknown flag`);
    flags[c as keyof Flags] = on;
  }

  #quantAhead(): boolean {
    const m = /^\{(\d*)(,(\d*))?\}/.exec(this.#src.slice(this.#pos, this.#pos + 40).join(""));
    return m !== null && m[0] !== "{}";
  }

  #quantifier(): { min: number; max: number; lazy: boolean; possessive: boolean } | undefined {
    const c = this.#peek();
    let min: number, max: number;
    if (c === "*") [min, max] = [0, MAXREPEAT];
    else if (c === "+") [min, max] = [1, MAXREPEAT];
    else if (c === "?") [min, max] = [0, 1];
    else if (c === "{" && this.#quantAhead()) {
      const m = /^\{(\d*)(,(\d*))?\}/.exec(this.#src.slice(this.#pos, this.#pos + 40).join(""))!;
      min = m[1] ? Number(m[1]) : 0;
      max = m[2] === undefined ? min : m[3] ? Number(m[3]) : MAXREPEAT;
      if (m[2] === undefined && !m[1]) return undefined;
      if (max < min) throw new PyRegexError("min repeat greater than max repeat");
      this.#pos += m[0].length - 1;
    } else return undefined;
    this.#pos++;
    let lazy = false, possessive = false;
    if (this.#peek() === "?") [lazy, this.#pos] = [true, this.#pos + 1];
    else if (this.#peek() === "+") [possessive, this.#pos] = [true, this.#pos + 1];
    return { min, max, lazy, possessive };
  }

  #atom(flags: Flags, depth: number): Node {
    const c = this.#next();
    switch (c) {
      case ".":
        return { t: "any", dotall: flags.s };
      case "^":
        return { t: "bol", multiline: flags.m };
      case "$":
        return { t: "eol", multiline: flags.m };
      case "[":
        return this.#class(flags);
      case "\\":
        return this.#escape(flags);
      case "(":
        return this.#group(flags, depth);
      case ")":
        throw new PyRegexError(`unbalanced parenthesis at position ${this.#pos - 1}`);
      default:
        return { t: "char", cp: c.codePointAt(0)! };
    }
  }

  #groupName(end: string): string {
    let name = "";
    for (;;) {
      const c = this.#peek();
      if (c === undefined) throw new PyRegexError("missing group name");
      this.#pos++;
      if (c === end) break;
      name += c;
    }
    if (!name) throw new PyRegexError("missing group name");
    if (!ID_RE.test(name)) throw new PyRegexError(`bad character in group name '${name}'`);
    return name;
  }

  #group(flags: Flags, depth: number): Node {
    if (this.#peek() !== "?") return this.#capture(flags, depth, undefined);
    this.#pos++;
    const c = this.#next();
    if (c === ":") return { t: "nocap", child: this.#body(flags, depth), iChange: undefined };
    if (c === "P") {
      const d = this.#next();
      if (d === "<") return this.#capture(flags, depth, this.#groupName(">"));
      if (d === "=") {
        const name = this.#groupName(")");
        const index = this.#names.get(name);
        if (index === undefined) throw new PyRegexError(`unknown group name '${name}'`);
        return this.#ref(index);
      }
      throw new PyRegexError(`unknown extension ?P${d}`);
    }
    if (c === "#") {
      while (this.#peek() !== ")") {
        if (this.#peek() === undefined) throw new PyRegexError("missing ), unterminated comment");
        this.#pos++;
      }
      this.#pos++;
      return { t: "seq", items: [] };
    }
    if (c === "=" || c === "!") {
      return { t: "look", behind: false, neg: c === "!", child: this.#body(flags, depth) };
    }
    if (c === "<") {
      const d = this.#next();
      if (d !== "=" && d !== "!") throw new PyRegexError(`unknown extension ?<${d}`);
      const child = this.#body(flags, depth);
      const [lo, hi] = this.#width(child);
      if (lo !== hi) throw new PyRegexError("look-behind requires fixed-width pattern");
      return { t: "look", behind: true, neg: d === "!", child };
    }
    if (c === ">") return { t: "atomic", child: this.#body(flags, depth) };
    if (c === "(") {
      throw new PyRegexError(
        "conditional groups (?(id)yes|no) cannot be translated to JavaScript",
        true,
      );
    }
    if ("aimsxuL-".includes(c)) {
      this.#pos--;
      const scoped = { ...flags };
      let on = true;
      for (;;) {
        const f = this.#next();
        if (f === ":") break;
        if (f === "-") {
          if (!on) throw new PyRegexError("bad inline flags");
          on = false;
          continue;
        }
        if (f === ")") throw new PyRegexError("global flags not at the start of the expression");
        this.#applyFlag(f, scoped, on);
      }
      const iChange = scoped.i === flags.i ? undefined : scoped.i;
      return { t: "nocap", child: this.#body(scoped, depth), iChange };
    }
    throw new PyRegexError(`unknown extension ?${c}`);
  }

  #body(flags: Flags, depth: number): Node {
    const child = this.#alt({ ...flags }, depth + 1);
    if (this.#peek() !== ")") throw new PyRegexError("missing ), unterminated subpattern");
    this.#pos++;
    return child;
  }

  #capture(flags: Flags, depth: number, name: string | undefined): Node {
    const index = ++this.#groupCount;
    if (name !== undefined) {
      if (this.#names.has(name)) throw new PyRegexError(`redefinition of group name '${name}'`);
      this.#names.set(name, index);
      this.#nameOf.set(index, name);
    }
    this.#open.add(index);
    const child = this.#body(flags, depth);
    this.#open.delete(index);
    this.#widths.set(index, this.#width(child));
    return { t: "group", index, name, child };
  }

  #ref(index: number): Node {
    if (index > this.#groupCount) throw new PyRegexError("invalid group reference");
    if (this.#open.has(index)) throw new PyRegexError("cannot refer to an open group");
    this.#referenced.add(index);
    return { t: "ref", index };
  }

  #hex(n: number): number {
    let s = "";
    for (let k = 0; k < n; k++) {
      const c = this.#peek();
      if (c === undefined || !HEX.includes(c)) throw new PyRegexError("incomplete escape");
      s += c;
      this.#pos++;
    }
    const cp = parseInt(s, 16);
    if (cp > 0x10ffff) throw new PyRegexError("bad escape: code point out of range");
    return cp;
  }

  #octal(first: string): number {
    let s = first;
    while (s.length < 3 && this.#peek() !== undefined && OCT.includes(this.#peek()!)) {
      s += this.#next();
    }
    const cp = parseInt(s, 8);
    if (cp > 0o377) throw new PyRegexError(`octal escape value \\${s} outside of range 0-0o377`);
    return cp;
  }

  /** Escapes valid both inside and outside classes; returns a code point or a class escape. */
  #commonEscape(c: string, flags: Flags): number | ClassItem {
    const lower = c.toLowerCase();
    if (lower === "d" || lower === "w" || lower === "s") {
      return { t: "esc", kind: lower, neg: c !== lower, ascii: flags.a };
    }
    if (c in SIMPLE_ESC && c !== "b") return SIMPLE_ESC[c]!;
    if (c === "x") return this.#hex(2);
    if (c === "u") return this.#hex(4);
    if (c === "U") return this.#hex(8);
    if (c === "N") throw new PyRegexError("named escapes \\N{...} cannot be translated", true);
    if (/[A-Za-z]/.test(c)) throw new PyRegexError(`bad escape \\${c}`);
    return c.codePointAt(0)!;
  }

  #escape(flags: Flags): Node {
    const c = this.#next();
    if (c === "A") return { t: "strStart" };
    if (c === "Z") return { t: "strEnd" };
    if (c === "b" || c === "B") return { t: "boundary", neg: c === "B", ascii: flags.a };
    if (c === "0") return { t: "char", cp: this.#octal("0") };
    if (DIGITS.includes(c)) {
      const d1 = this.#peek(), d2 = this.#peek(1);
      if (
        OCT.includes(c) && d1 !== undefined && OCT.includes(d1) && d2 !== undefined &&
        OCT.includes(d2)
      ) {
        return { t: "char", cp: this.#octal(c) };
      }
      let num = c;
      if (d1 !== undefined && DIGITS.includes(d1)) num += this.#next();
      return this.#ref(Number(num));
    }
    const r = this.#commonEscape(c, flags);
    return typeof r === "number" ? { t: "char", cp: r } : { ...r, t: "esc" } as Node;
  }

  #class(flags: Flags): Node {
    const items: ClassItem[] = [];
    let neg = false;
    if (this.#peek() === "^") [neg, this.#pos] = [true, this.#pos + 1];
    let first = true;
    for (;;) {
      const c = this.#peek();
      if (c === undefined) throw new PyRegexError("unterminated character set");
      if (c === "]" && !first) {
        this.#pos++;
        break;
      }
      first = false;
      const lo = this.#classAtom(flags);
      if (this.#peek() === "-" && this.#peek(1) !== "]" && this.#peek(1) !== undefined) {
        this.#pos++;
        const hi = this.#classAtom(flags);
        if (typeof lo !== "number" || typeof hi !== "number" || hi < lo) {
          throw new PyRegexError("bad character range");
        }
        items.push({ t: "range", lo, hi });
      } else if (typeof lo === "number") {
        items.push({ t: "range", lo, hi: lo });
      } else items.push(lo);
    }
    return { t: "class", neg, items };
  }

  #classAtom(flags: Flags): number | ClassItem {
    const c = this.#next();
    if (c !== "\\") return c.codePointAt(0)!;
    const e = this.#next();
    if (e === "b") return 8;
    if (OCT.includes(e)) return this.#octal(e);
    if (DIGITS.includes(e)) throw new PyRegexError(`bad escape \\${e}`);
    return this.#commonEscape(e, flags);
  }

  #width(n: Node): [number, number] {
    switch (n.t) {
      case "char":
      case "any":
      case "esc":
      case "class":
        return [1, 1];
      case "seq":
        return n.items.reduce<[number, number]>((a, it) => {
          const [l, h] = this.#width(it);
          return [a[0] + l, a[1] + h];
        }, [0, 0]);
      case "alt": {
        const ws = n.branches.map((b) => this.#width(b));
        return [Math.min(...ws.map((w) => w[0])), Math.max(...ws.map((w) => w[1]))];
      }
      case "group":
      case "nocap":
      case "atomic":
        return this.#width(n.child);
      case "repeat": {
        const [l, h] = this.#width(n.child);
        return [l * n.min, h === 0 ? 0 : h * n.max];
      }
      case "ref":
        return this.#widths.get(n.index) ?? [0, 0];
      default:
        return [0, 0];
    }
  }
}

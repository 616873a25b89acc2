/**
 * Python's capture semantics inside repeated groups. In Python a group inside
 * a repeat keeps the capture of the last iteration it took part in
 * (`((?P<C>\w+)?\s)+` over `"BR   X"` gives `C = "BR"`); JavaScript resets the
 * captures of a quantified atom at every iteration (it gives `undefined`).
 *
 * JavaScript has no construct that carries a capture across iterations, so
 * this is done after the match: each repeat that holds named groups (a
 * "hazard") is wrapped in a hidden span group. When one of its groups comes
 * back `undefined`, the repeat's iterations are replayed over its span, one
 * sticky match per iteration: iteration `i` is the first choice of the body
 * that still lets the remaining iterations end exactly where the original
 * repeat ended (a lookahead that checks the count of code points left to the
 * end of the subject). That is the path the backtracking engine took, so the
 * last iteration where the group took part gives Python's value. Nested
 * repeats are replayed the same way inside each iteration.
 *
 * Not replayed (JavaScript's value stays): patterns with back-references
 * (the replay could not keep them equal), and repeats whose body can match
 * the empty string (JavaScript and Python stop such loops differently).
 *
 * @module
 */
import type { Node } from "./_py_regex_ast.ts";

/** A repeat whose named groups need Python's last-participation value. */
export interface Hazard {
  /** The hidden group around the whole repeat. */
  readonly span: string;
  /** The repeat node. */
  readonly node: Extract<Node, { t: "repeat" }>;
  /** The named groups inside it. */
  readonly names: readonly string[];
}

/** A regex with the hazards its matches must be mended for. */
export interface Compiled {
  readonly regex: RegExp;
  readonly hazards: readonly Hazard[];
}

/** Builds the iteration regex of a hazard for `lo..hi` remaining iterations and `left` code points after the repeat. */
export type IterationBuilder = (h: Hazard, lo: number, hi: number, left: number) => Compiled;

/**
 * The smallest number of characters a node matches.
 *
 * @param n A node.
 * @returns The minimum width (back-references count as 0).
 */
export function minWidth(n: Node): number {
  switch (n.t) {
    case "char":
    case "any":
    case "esc":
    case "class":
      return 1;
    case "seq":
      return n.items.reduce((a, it) => a + minWidth(it), 0);
    case "alt":
      return Math.min(...n.branches.map(minWidth));
    case "group":
    case "nocap":
    case "atomic":
      return minWidth(n.child);
    case "repeat":
      return minWidth(n.child) * n.min;
    default:
      return 0;
  }
}

/**
 * The named groups of a node, in pattern order.
 *
 * @param n A node.
 * @param out Where to collect them.
 * @returns `out`.
 */
export function namedGroups(n: Node, out: string[] = []): string[] {
  switch (n.t) {
    case "group":
      if (n.name !== undefined) out.push(n.name);
      namedGroups(n.child, out);
      break;
    case "seq":
      for (const it of n.items) namedGroups(it, out);
      break;
    case "alt":
      for (const b of n.branches) namedGroups(b, out);
      break;
    case "nocap":
    case "atomic":
    case "repeat":
      namedGroups(n.child, out);
      break;
    case "look":
      if (!n.neg) namedGroups(n.child, out);
      break;
  }
  return out;
}

/**
 * Finds the outermost repeats (more than one iteration allowed, a body that
 * cannot be empty) that hold named groups.
 *
 * @param root The pattern's root.
 * @returns The repeat nodes.
 */
export function findHazards(root: Node): Set<Node> {
  const found = new Set<Node>();
  const walk = (n: Node): void => {
    switch (n.t) {
      case "repeat":
        if (n.max > 1 && minWidth(n.child) > 0 && namedGroups(n.child).length > 0) {
          found.add(n);
          return;
        }
        walk(n.child);
        return;
      case "seq":
        n.items.forEach(walk);
        return;
      case "alt":
        n.branches.forEach(walk);
        return;
      case "group":
      case "nocap":
      case "atomic":
        walk(n.child);
        return;
      case "look":
        if (!n.neg) walk(n.child);
        return;
    }
  };
  walk(root);
  return found;
}

/** Code points from `index` to the end of `text`. */
function codePointsFrom(text: string, index: number): number {
  let n = 0;
  for (let i = index; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/**
 * Runs a compiled regex at `index` (sticky) and mends its captures to
 * Python's values.
 *
 * @param c The regex and its hazards.
 * @param text The subject.
 * @param index Where the match must start.
 * @param iteration Builds iteration regexes.
 * @returns The match, or `null`.
 */
export function execPython(
  c: Compiled,
  text: string,
  index: number,
  iteration: IterationBuilder,
): RegExpExecArray | null {
  c.regex.lastIndex = index;
  const m = c.regex.exec(text);
  if (m === null || c.hazards.length === 0) return m;
  for (const h of c.hazards) {
    const groups = m.groups!;
    const missing = h.names.filter((n) => groups[n] === undefined);
    if (missing.length === 0) continue;
    const span = m.indices?.groups?.[h.span];
    if (span === undefined) continue;
    const [start, end] = span;
    const left = codePointsFrom(text, end);
    const { min, max } = h.node;
    let at = start;
    for (let i = 0; at < end; i++) {
      const it = iteration(h, Math.max(0, min - i - 1), max - i - 1, left);
      const im = execPython(it, text, at, iteration);
      if (im === null || im[0].length === 0) break; // cannot happen: the original path exists
      for (const n of missing) {
        const v = im.groups?.[n];
        if (v !== undefined) groups[n] = v;
      }
      at = im.index + im[0].length;
    }
  }
  return m;
}

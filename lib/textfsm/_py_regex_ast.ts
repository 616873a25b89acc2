/**
 * The AST of a Python `re` pattern and the error of its translation.
 *
 * @module
 */

import { TriggerSyntaxError } from "../errors.ts";

/**
 * A pattern Python rejects, or one that cannot be expressed in JavaScript
 * (code `TEMPLATE_INVALID`; `column` is the 1-based position when known).
 */
export class PyRegexError extends TriggerSyntaxError {
  /** `true` when Python accepts the pattern but it has no JavaScript equivalent. */
  readonly untranslatable: boolean;
  /** Creates an error. */
  constructor(message: string, untranslatable = false) {
    const at = /position (\d+)/.exec(message);
    super("TEMPLATE_INVALID", message, at ? { column: Number(at[1]) + 1 } : {});
    this.name = "PyRegexError";
    this.untranslatable = untranslatable;
  }
}

/** Scoped flags in effect at a node. */
export interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  x: boolean;
  a: boolean;
}

/** Class items: a code point range or a class escape. */
export type ClassItem =
  | { t: "range"; lo: number; hi: number }
  | { t: "esc"; kind: "d" | "w" | "s"; neg: boolean; ascii: boolean };

/** One node of the pattern AST. */
export type Node =
  | { t: "alt"; branches: Node[] }
  | { t: "seq"; items: Node[] }
  | { t: "char"; cp: number }
  | { t: "any"; dotall: boolean }
  | { t: "bol"; multiline: boolean }
  | { t: "eol"; multiline: boolean }
  | { t: "strStart" }
  | { t: "strEnd" }
  | { t: "boundary"; neg: boolean; ascii: boolean }
  | { t: "esc"; kind: "d" | "w" | "s"; neg: boolean; ascii: boolean }
  | { t: "class"; neg: boolean; items: ClassItem[] }
  | { t: "group"; index: number; name: string | undefined; child: Node }
  | { t: "nocap"; child: Node; iChange: boolean | undefined }
  | { t: "look"; behind: boolean; neg: boolean; child: Node }
  | { t: "atomic"; child: Node }
  | { t: "ref"; index: number }
  | {
    t: "repeat";
    min: number;
    max: number;
    lazy: boolean;
    possessive: boolean;
    child: Node;
  };

/** The parsed pattern. */
export interface ParsedPattern {
  root: Node;
  globalFlags: Flags;
  /** Named groups in pattern order. */
  names: string[];
  /** Number of capturing groups. */
  groupCount: number;
  /** Group index to name, for named groups. */
  nameOf: Map<number, string>;
  /** Group indexes used by back-references. */
  referenced: Set<number>;
}

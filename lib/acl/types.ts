/**
 * Options and results of the ACL API ({@linkcode parse}, {@linkcode convert},
 * {@linkcode Acl.output}, {@linkcode Acl.check}).
 *
 * @module
 */
import type { AclDialect, AclFamily, Diagnostic } from "./ir.ts";

/** Options for {@linkcode parse} and {@linkcode parseAll}. */
export interface ParseOptions {
  /**
   * The input dialect: `ios` (numbered, named, standard, IPv6, Brocade),
   * `junos`, or `auto` to detect.
   *
   * @default {"auto"}
   */
  dialect?: AclDialect;
}

/** Options for {@linkcode Acl.output}. */
export interface OutputOptions {
  /**
   * Wrap the output so that it replaces the ACL on the device
   * (`no access-list N`, `firewall { replace: ... }`). By default the output
   * replaces when the input did ({@linkcode Acl.replace}).
   *
   * @default {undefined}
   */
  replace?: boolean;
  /**
   * Write the ACL under this name instead of its own.
   *
   * @default {undefined}
   */
  name?: string;
  /**
   * Junos only: wrap the filter in `family F`.
   *
   * @default {undefined}
   */
  family?: AclFamily;
  /**
   * Write terms whose non-decision modifiers the format cannot carry
   * (counters, Junos `log`, `sample`, `port-mirror`, `policer`,
   * `forwarding-class`, `loss-priority`, `ipsec-sa`, IOS `log-input`) without
   * them, instead of refusing the conversion. Each dropped modifier is a
   * warning (`ACL021`, naming its term) passed to `onWarning`. Matches and
   * actions are never dropped: the output decides every flow as the input.
   *
   * @default {false}
   */
  dropModifiers?: boolean;
  /**
   * Name the unnamed terms `T1`, `T2`, … first, as {@linkcode Acl.nameTerms}
   * does (the counter counts unnamed terms only and skips names already
   * taken): the names then show wherever a term is named, in Junos output
   * (which names unnamed terms so anyway) and in each diagnostic's `term`.
   *
   * @default {false}
   */
  nameTerms?: boolean;
  /**
   * Give every named term without a counter one named after the term
   * (`count T1;`), after `nameTerms`: the original Trigger's Junos output.
   * A format without counters drops each one with a warning, as any
   * counter.
   *
   * @default {false}
   */
  countTerms?: boolean;
  /**
   * Receives each warning of a successful conversion: a dropped counter or
   * modifier, or one written in another form (IOS `log-input` as Junos
   * `syslog`), with its term and position.
   *
   * @default {undefined}
   */
  onWarning?: (warning: Diagnostic) => void;
}

/** Options for {@linkcode convert}. */
export interface ConvertOptions {
  /**
   * The input dialect.
   *
   * @default {"auto"}
   */
  from?: AclDialect;
  /**
   * Wrap the output so that it replaces the ACL on the device. The output
   * also replaces when the input did (`no access-list N`, `replace:`).
   *
   * @default {false}
   */
  replace?: boolean;
  /**
   * Write the ACL under this name instead of its own.
   *
   * @default {undefined}
   */
  name?: string;
  /**
   * Write terms whose non-decision modifiers the format cannot carry
   * (counters, Junos `log`, `sample`, `port-mirror`, `policer`,
   * `forwarding-class`, `loss-priority`, `ipsec-sa`, IOS `log-input`) without
   * them, instead of refusing the conversion. Each dropped modifier is a
   * warning (`ACL021`, naming its term) passed to `onWarning`. Matches and
   * actions are never dropped: the output decides every flow as the input.
   *
   * @default {false}
   */
  dropModifiers?: boolean;
  /**
   * Convert only the ACL at this position of the text (0 for the first, in
   * the order {@linkcode parseAll} gives them). Right after a
   * {@linkcode parseAll} of the same text, the engine writes it from the IR
   * that parse kept instead of parsing the text again.
   *
   * @default {undefined}
   */
  index?: number;
  /**
   * Name the unnamed terms `T1`, `T2`, … first, as {@linkcode Acl.nameTerms}
   * does (the counter counts unnamed terms only and skips names already
   * taken): the names then show wherever a term is named, in Junos output
   * (which names unnamed terms so anyway) and in each diagnostic's `term`.
   *
   * @default {false}
   */
  nameTerms?: boolean;
  /**
   * Give every named term without a counter one named after the term
   * (`count T1;`), after `nameTerms`: the original Trigger's Junos output.
   * A format without counters drops each one with a warning, as any
   * counter.
   *
   * @default {false}
   */
  countTerms?: boolean;
  /**
   * Receives each warning of a successful conversion: a dropped counter or
   * modifier, or one written in another form (IOS `log-input` as Junos
   * `syslog`), with its term and position.
   *
   * @default {undefined}
   */
  onWarning?: (warning: Diagnostic) => void;
}

/** The answer to "does this ACL permit this flow?". */
export interface CheckResult {
  /** `true` permitted, `false` denied, `null` undetermined (a term tests a field the flow lacks). */
  permitted: boolean | null;
  /** The deciding term's name, or `null` when it has none or the implicit deny decided. */
  term: string | null;
  /** The deciding term's index in {@linkcode Acl.terms}, or `null` for the implicit deny. */
  index: number | null;
  /** The deciding term's line in the input, or `null` for the implicit deny. */
  line: number | null;
  /**
   * Undetermined results only: the fields that term tests and the flow lacks
   * (`protocol`, `dport`, `dscp`, `packetLength`, ...; `prefixList`, `ttl`
   * and `ipOptions` a flow never gives).
   */
  missing?: readonly FlowField[];
}

/** A field an undetermined result lacked ({@linkcode CheckResult.missing}). */
export type FlowField =
  | "protocol"
  | "sport"
  | "dport"
  | "icmpType"
  | "icmpCode"
  | "tcpFlags"
  | "dscp"
  | "fragment"
  | "packetLength"
  | "ttl"
  | "ipOptions"
  | "prefixList";

/** Raw results of {@linkcode Acl.checkBatch}: one entry per flow, no objects. */
export interface BatchResult {
  /** 0 denied, 1 permitted, 2 undetermined. */
  verdicts: Uint8Array;
  /** The deciding term's index, or -1 for the implicit deny. */
  indices: Int32Array;
  /** Per undetermined flow, the bits of the fields its term lacked (ABI.md, result layout). */
  missing?: Uint16Array;
}

/**
 * ACL text written by the caller into the engine's input buffer in place
 * (read from a file straight into it, with no copy in JavaScript): `fill`
 * gets a view of the `size` bytes reserved there and writes the text into it.
 * The view is valid only during the call.
 */
export interface InputFill {
  /** The text's length in bytes. */
  size: number;
  /**
   * Writes exactly `size` bytes of UTF-8 text into `view`.
   *
   * @param view The reserved bytes in the engine's memory.
   */
  fill(view: Uint8Array): void;
}

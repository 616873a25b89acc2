/**
 * The ACL intermediate representation (IR): TypeScript types mirroring the
 * JSON the WebAssembly engine reads and writes (`acl-wasm/ABI.md` §1).
 *
 * Every node keeps the {@linkcode Span} it came from, so that errors and check
 * results can point at a line of the input.
 *
 * @module
 */

/** Where a node came from in the input text: 1-based line and column, byte offsets. */
export interface Span {
  /** 1-based line number. */
  readonly line: number;
  /** 1-based column number. */
  readonly column: number;
  /** Byte offset of the first byte (UTF-8). */
  readonly start: number;
  /** Byte offset just past the last byte (UTF-8). */
  readonly end: number;
}

/** The dialect an {@linkcode AclIr} was read from. */
export type AclSource =
  | "ios"
  | "ios-named"
  | "ios-standard"
  | "ios-named-standard"
  | "ipv6"
  | "brocade"
  | "junos"
  | "nxos"
  | "eos"
  | "iosxr"
  | "asa";

/** The Junos `family` wrapper of a filter, or `inet6` for an IPv6 access list. */
export type AclFamily = "inet" | "inet6" | "ethernet-switching";

/** How a comment was written in the source. */
export type CommentStyle = "remark" | "bang" | "block" | "hash";

/** A comment or remark, kept with the term that follows it. */
export interface Comment {
  /** The text without its markers (`!`, `remark`, `/* *\/`, `#`). */
  readonly text: string;
  /** How it was written. */
  readonly style: CommentStyle;
  /** Where it was written. */
  readonly span: Span;
}

/** What a term does with matching packets. */
export type ActionKind = "accept" | "discard" | "reject" | "next-term" | "routing-instance";

/** The action of a term. IOS `permit` is `accept`; IOS `deny` is `reject` with no code. */
export interface Action {
  /** What the term does. */
  readonly kind: ActionKind;
  /** The Junos reject code (`tcp-reset`), or `null`. */
  readonly code: string | null;
  /** The routing-instance name for `routing-instance`, or `null`. */
  readonly target: string | null;
}

/** Loss priority names accepted by Junos. */
export type LossPriority = "low" | "high" | "medium-low" | "medium-high";

/** Term modifiers (Junos `then` items other than the action; IOS `log`). Absent means off. */
export interface Modifiers {
  /** Counter name. */
  readonly count?: string | null;
  /** Junos `log`. */
  readonly log?: boolean;
  /** IOS `log-input`. */
  readonly logInput?: boolean;
  /** Junos `syslog`, IOS `log`. */
  readonly syslog?: boolean;
  /** Junos `sample`. */
  readonly sample?: boolean;
  /** Junos `port-mirror`. */
  readonly portMirror?: boolean;
  /** Policer name. */
  readonly policer?: string | null;
  /** Forwarding class name. */
  readonly forwardingClass?: string | null;
  /** Loss priority. */
  readonly lossPriority?: LossPriority | null;
  /** IPsec security association name. */
  readonly ipsecSa?: string | null;
}

/** An inclusive numeric range `[lo, hi]` (a single value is `[v, v]`). */
export type Range = readonly [number, number];

/** An address match value: a CIDR prefix, or a base address with a non-contiguous wildcard. */
export interface Address {
  /** IPv4 or IPv6 CIDR with host bits cleared (`/32` base when `wildcard` is set). */
  readonly prefix: string;
  /** A non-contiguous IPv4 wildcard (inverse) mask, when the input had one. */
  readonly wildcard?: string | null;
  /** Junos `except`: packets from this prefix do not match. */
  readonly except?: boolean;
  /** Junos `inactive:` on this prefix. */
  readonly inactive?: boolean;
}

/** Match keys whose values are numeric {@linkcode Range}s. */
export type RangeKey =
  | "protocol"
  | "source-port"
  | "destination-port"
  | "port"
  | "icmp-type"
  | "icmp-code"
  | "fragment-offset"
  | "packet-length"
  | "dscp"
  | "precedence"
  | "ip-options"
  | "ttl";

/** Match keys whose values are {@linkcode Address}es. */
export type AddressKey = "source-address" | "destination-address" | "address";

/** Match keys whose values are strings (prefix-list names, flag expressions). */
export type StringKey =
  | "source-prefix-list"
  | "destination-prefix-list"
  | "prefix-list"
  | "tcp-flags"
  | "fragment-flags";

/** Match keys that are flags without values. */
export type FlagKey = "is-fragment" | "first-fragment";

/** Every match key. */
export type ConditionKey = RangeKey | AddressKey | StringKey | FlagKey;

/** Fields every {@linkcode Condition} has. */
export interface ConditionBase {
  /** Negated (Junos `-except` keys). */
  readonly except: boolean;
  /** Where it was written. */
  readonly span: Span;
  /** For `tcp-flags`: the short form it was written as, so that emitters print it back. */
  readonly named?: "tcp-established" | "tcp-initial" | null;
  /**
   * The object group the values came from (`net-group WEB`, `object-group SVC`): the values are
   * its members, resolved. Formats with groups write the reference and the group's definition.
   */
  readonly group?: string;
}

/** A numeric condition: the packet field is in one of the ranges. */
export interface RangeCondition extends ConditionBase {
  /** The match key. */
  readonly key: RangeKey;
  /** Inclusive ranges, OR-ed. */
  readonly values: readonly Range[];
}

/** An address condition: the packet address is in one of the prefixes (minus `except` ones). */
export interface AddressCondition extends ConditionBase {
  /** The match key. */
  readonly key: AddressKey;
  /** Prefixes, OR-ed. */
  readonly values: readonly Address[];
}

/** A condition with string values (prefix-list names, a tcp-flags expression). */
export interface StringCondition extends ConditionBase {
  /** The match key. */
  readonly key: StringKey;
  /** Names or expressions, OR-ed. */
  readonly values: readonly string[];
}

/** A flag condition (no values). */
export interface FlagCondition extends ConditionBase {
  /** The match key. */
  readonly key: FlagKey;
  /** Always empty. */
  readonly values: readonly [];
}

/** One match clause of a term; all of a term's conditions must match. */
export type Condition = RangeCondition | AddressCondition | StringCondition | FlagCondition;

/** One term (Junos) or access-control entry (IOS). */
export interface Term {
  /** The Junos term name, or `null` for IOS entries. */
  readonly name: string | null;
  /** The IOS / IOS-XR / EOS sequence number when given. */
  readonly seq: number | null;
  /** Junos `inactive:`: the term is skipped. */
  readonly inactive: boolean;
  /** What the term does. */
  readonly action: Action;
  /** The match conditions, AND-ed. */
  readonly conditions: readonly Condition[];
  /** Counters, logging and the like. */
  readonly modifiers: Modifiers;
  /** Comments written before (or inside) the term. */
  readonly comments: readonly Comment[];
  /** Where the term was written. */
  readonly span: Span;
}

/** The `if-exceeding` limits of a policer (bits per second and bytes, suffixes resolved). */
export interface PolicerLimits {
  /** `bandwidth-limit`, bits per second. */
  readonly bandwidthLimit: number | null;
  /** `bandwidth-percent`. */
  readonly bandwidthPercent: number | null;
  /** `burst-size-limit`, bytes. */
  readonly burstSizeLimit: number | null;
}

/** A Junos policer. */
export interface Policer {
  /** Its name. */
  readonly name: string;
  /** Its limits. */
  readonly ifExceeding: PolicerLimits;
  /** Its `then` items as written (`discard`, `loss-priority high`). */
  readonly then: readonly string[];
  /** Where it was written. */
  readonly span: Span;
}

/** One filter or access list, as the engine reads and writes it. */
export interface AclIr {
  /** `115`, `EDGE-IN`, or `null` for bare entries without a header. */
  readonly name: string | null;
  /** The dialect it was read from. */
  readonly source: AclSource;
  /** The Junos family wrapper, or `inet6` for an IPv6 access list. */
  readonly family: AclFamily | null;
  /** The input had `no access-list N` or `replace:`. */
  readonly replace: boolean;
  /** Junos `interface-specific;`. */
  readonly interfaceSpecific: boolean;
  /** Brocade `ip rebind-receive-acl`. */
  readonly receiveAcl: boolean;
  /** NX-OS `statistics per-entry` (absent when off). */
  readonly statisticsPerEntry?: boolean;
  /** Header comments. */
  readonly comments: readonly Comment[];
  /** Comments after the last term. */
  readonly trailingComments: readonly Comment[];
  /** Junos policers. */
  readonly policers: readonly Policer[];
  /** The terms, in order. */
  readonly terms: readonly Term[];
  /** Where it was written. */
  readonly span: Span;
}

/** How serious a {@linkcode Diagnostic} is. */
export type Severity = "error" | "warning";

/** A problem the engine found, with where it is. */
export interface Diagnostic {
  /** `ACL001`–`ACL019` input errors, `ACL020`–`ACL029` unsupported by the target, `ACL030` bad IR. */
  readonly code: string;
  /** How serious it is. */
  readonly severity: Severity;
  /** What is wrong (no trailing period). */
  readonly message: string;
  /** Where it is. */
  readonly span: Span;
  /** The offending source line. */
  readonly excerpt: string;
  /** How to fix it, when known. */
  readonly hint: string | null;
  /** The term concerned, when known. */
  readonly term: string | null;
}

/** An output format of the engine. */
export type AclFormat =
  | "junos"
  | "ios"
  | "ios-named"
  | "iosxr"
  | "brocade"
  | "eos"
  | "nxos"
  | "asa";

/**
 * An input dialect of the engine. `auto` detects it; a text that several
 * dialects write alike but read differently (Arista EOS and NX-OS
 * `ip access-list NAME` lists naming ports) is refused with `ACL009`.
 */
export type AclDialect = "auto" | "ios" | "junos" | "nxos" | "eos" | "iosxr" | "asa";

/** Every output format, in the order the CLI lists them. */
export const ACL_FORMATS: readonly AclFormat[] = Object.freeze([
  "junos",
  "ios",
  "ios-named",
  "iosxr",
  "brocade",
  "eos",
  "nxos",
  "asa",
]);

/** Every input dialect. */
export const ACL_DIALECTS: readonly AclDialect[] = Object.freeze([
  "auto",
  "ios",
  "junos",
  "nxos",
  "eos",
  "iosxr",
  "asa",
]);

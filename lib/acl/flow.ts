/**
 * Flows (one packet's headers) to check against an ACL, and their encoding
 * into the engine's 48-byte layout (`acl-wasm/ABI.md` §3). IPv4 and IPv6 are
 * parsed here without dependencies.
 *
 * @module
 */
import type { FlowField } from "./types.ts";
import { flowTables, type Named, resolve } from "./_tables.ts";
import { ipv4Bytes } from "./_flow_bytes.ts";

/** Size of one encoded flow, in bytes. */
export const FLOW_SIZE = 48;

/**
 * The IP fragment fields of a flow. A flow without them is not a fragment.
 */
export interface FlowFragment {
  /**
   * The fragment offset, in 8-byte units (0..8191; more than 0: a non-initial fragment).
   *
   * @default {0}
   */
  offset?: number;
  /**
   * The more-fragments flag (with offset 0: a first fragment).
   *
   * @default {false}
   */
  more?: boolean;
  /**
   * The dont-fragment flag.
   *
   * @default {false}
   */
  dontFragment?: boolean;
}

/**
 * One packet to check: addresses, and the header fields it has. A field left
 * out is unknown: a term testing it is a possible match only (except TCP
 * flags, a SYN, and the fragment fields, not a fragment). Names (protocols,
 * services, ICMP messages) are the engine's, read by every dialect: a name
 * vendors give different numbers (`kerberos`, `radius`) must be a number.
 */
export interface Flow {
  /** Source address (IPv4 or IPv6; a `/32` or `/128` suffix is allowed). */
  src: string;
  /** Destination address, of the same family as `src`. */
  dst: string;
  /** Protocol name (`tcp`) or number (`6`); `ip` means unknown. */
  protocol?: string | number;
  /** Source port, number or service name. */
  sport?: number | string;
  /** Destination port, number or service name. */
  dport?: number | string;
  /**
   * ICMP type, number or name (`echo-request`: 8 in an IPv4 flow, 128 in an
   * IPv6 one). A name that fixes a code (`port-unreachable`) sets `icmpCode`
   * too unless it is given.
   */
  icmpType?: number | string;
  /** ICMP code. */
  icmpCode?: number;
  /** TCP flags set: `["syn", "ack"]` or `"syn,ack"`. Unknown means SYN only. */
  tcpFlags?: readonly string[] | string;
  /** DSCP, 0..63 or a name (`ef`, `af11`, `cs5`); precedence is its top 3 bits. */
  dscp?: number | string;
  /** Fragment fields: `"none"`, `"first"` (offset 0, more fragments), or the fields. */
  fragment?: FlowFragment | "none" | "first";
  /** Total packet length in bytes (0..65535). */
  packetLength?: number;
}

const KNOWN_PROTOCOL = 1;
const KNOWN_SPORT = 2;
const KNOWN_DPORT = 4;
const KNOWN_ICMP_TYPE = 8;
const KNOWN_ICMP_CODE = 16;
const KNOWN_TCP_FLAGS = 32;
const KNOWN2_DSCP = 1;
const KNOWN2_FRAGMENT = 2;
const KNOWN2_LENGTH = 4;

/** Every field of a {@linkcode Flow}, for readers of flows from JSON (the CLI, the HTTP API). */
export const FLOW_FIELDS: readonly (keyof Flow)[] = [
  "src",
  "dst",
  "protocol",
  "sport",
  "dport",
  "icmpType",
  "icmpCode",
  "tcpFlags",
  "dscp",
  "fragment",
  "packetLength",
];

/**
 * The fields of the result layout's missing bits, in bit order (ABI.md): the
 * flow's fields after the addresses, then those a flow never gives.
 */
const MISSING_FIELDS: readonly FlowField[] = [
  ...(FLOW_FIELDS.slice(2) as FlowField[]),
  "ttl",
  "ipOptions",
  "prefixList",
];

/**
 * The fields named by a result's missing bits.
 *
 * @param bits The bits (ABI.md, result layout).
 * @returns The field names, in bit order.
 */
export function missingFields(bits: number): FlowField[] {
  return MISSING_FIELDS.filter((_, i) => (bits & (1 << i)) !== 0);
}

const scratch = new Uint8Array(16);
const asciiEncoder = new TextEncoder();

function parseIpv4(text: string, out: Uint8Array, at: number): boolean {
  if (text.length > 15) return false;
  const { written } = asciiEncoder.encodeInto(text, scratch);
  return ipv4Bytes(scratch, 0, written, out, at);
}

function ipv6Groups(text: string, v4Last: boolean): number[] | null {
  if (text === "") return [];
  const parts = text.split(":");
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (v4Last && i === parts.length - 1 && p.includes(".")) {
      const v4 = new Uint8Array(4);
      if (!parseIpv4(p, v4, 0)) return null;
      groups.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) {
      groups.push(parseInt(p, 16));
    } else return null;
  }
  return groups;
}

function parseIpv6(text: string, out: Uint8Array, at: number): boolean {
  const gap = text.indexOf("::");
  if (gap !== text.lastIndexOf("::")) return false;
  const head = ipv6Groups(gap < 0 ? text : text.slice(0, gap), gap < 0);
  const tail = gap < 0 ? [] : ipv6Groups(text.slice(gap + 2), true);
  if (head === null || tail === null) return false;
  const zeros = 8 - head.length - tail.length;
  if (gap < 0 ? zeros !== 0 : zeros < 1) return false;
  const all = [...head, ...new Array<number>(gap < 0 ? 0 : zeros).fill(0), ...tail];
  for (let i = 0; i < 8; i++) {
    out[at + 2 * i] = all[i]! >> 8;
    out[at + 2 * i + 1] = all[i]! & 0xff;
  }
  return true;
}

/**
 * Parses an IPv4 or IPv6 address into 16 bytes at `at` (IPv4 in the first 4).
 * A `/32` (IPv4) or `/128` (IPv6) suffix is accepted.
 *
 * @param text The address.
 * @param out Where to write.
 * @param at Offset in `out`.
 * @returns 4 or 6 (the family), or 0 if `text` is not an address.
 */
function parseAddress(text: string, out: Uint8Array, at: number): 0 | 4 | 6 {
  let t = text;
  const slash = t.indexOf("/");
  if (slash >= 0) {
    const len = t.slice(slash + 1);
    t = t.slice(0, slash);
    const v6 = t.includes(":");
    if (len !== (v6 ? "128" : "32")) return 0;
  }
  if (t.includes(":")) {
    if (!parseIpv6(t, out, at)) return 0;
    return 6;
  }
  out.fill(0, at + 4, at + 16);
  return parseIpv4(t, out, at) ? 4 : 0;
}

function numberField<T>(
  value: number | string,
  field: string,
  max: number,
  names: ReadonlyMap<string, Named<T>> | undefined,
  pick: (v: T) => number,
): number {
  let n: number;
  if (typeof value === "number") n = value;
  else if (/^[0-9]+$/.test(value)) n = Number(value);
  else {
    const named = names === undefined ? undefined : resolve(names, value, field);
    if (named === undefined) {
      throw new TypeError(`Cannot read flow ${field}: unknown name "${value}"`);
    }
    return pick(named);
  }
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new RangeError(`Cannot read flow ${field}: ${value} is not an integer in 0..${max}`);
  }
  return n;
}

const same = (n: number) => n;

function tcpFlagBits(
  flags: readonly string[] | string,
  table: ReadonlyMap<string, number>,
): number {
  const list = typeof flags === "string" ? flags.split(/[\s,|]+/) : flags;
  let bits = 0;
  for (const f of list) {
    if (f === "") continue;
    const b = table.get(f.toLowerCase());
    if (b === undefined) throw new TypeError(`Cannot read flow tcpFlags: unknown flag "${f}"`);
    bits |= b;
  }
  return bits;
}

function fragmentField(f: FlowFragment | "none" | "first"): number {
  if (f === "none") return 0;
  if (f === "first") return 0x2000;
  if (typeof f !== "object" || f === null) {
    throw new TypeError(`Cannot read flow fragment: expected "none", "first" or an object`);
  }
  const offset = f.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > 8191) {
    throw new RangeError(
      `Cannot read flow fragment: offset ${offset} is not an integer in 0..8191`,
    );
  }
  return offset | (f.more ? 0x2000 : 0) | (f.dontFragment ? 0x4000 : 0);
}

/**
 * Encodes one flow into the engine's 48-byte layout at `offset` of `out`.
 * Allocates nothing for IPv4 flows given by number, so that batches of
 * millions of flows stay cheap.
 *
 * @param flow The flow.
 * @param out The buffer (at least `offset + 48` bytes).
 * @param offset Where the flow starts.
 * @throws {TypeError} When an address, name or flag cannot be read, or vendors give a name
 * different numbers (the message names the field).
 * @throws {RangeError} When a number is out of range.
 * @throws {TriggerError} `WASM_FAILED` when a name needs the engine's tables and it cannot load.
 *
 * @example Encode a TCP flow
 * ```ts
 * import { encodeFlow, FLOW_SIZE } from "@trigger/trigger/acl";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const buf = new Uint8Array(FLOW_SIZE);
 * encodeFlow({ src: "10.0.0.1", dst: "192.0.2.9", protocol: "tcp", dport: 443 }, buf, 0);
 * strictEqual(buf[0], 4); // IPv4
 * strictEqual(buf[1], 1 | 4); // protocol and destination port known
 * strictEqual(buf[2], 6);
 * strictEqual(buf[6]! | (buf[7]! << 8), 443);
 * deepStrictEqual([...buf.subarray(16, 20)], [10, 0, 0, 1]);
 * ```
 */
export function encodeFlow(flow: Flow, out: Uint8Array, offset: number): void {
  if (typeof flow !== "object" || flow === null) {
    throw new TypeError("Cannot read flow: expected an object");
  }
  if (typeof flow.src !== "string") throw new TypeError("Cannot read flow src: expected a string");
  if (typeof flow.dst !== "string") throw new TypeError("Cannot read flow dst: expected a string");
  const fs = parseAddress(flow.src, out, offset + 16);
  if (fs === 0) throw new TypeError(`Cannot read flow src: "${flow.src}" is not an IP address`);
  const fd = parseAddress(flow.dst, out, offset + 32);
  if (fd === 0) throw new TypeError(`Cannot read flow dst: "${flow.dst}" is not an IP address`);
  if (fs !== fd) {
    throw new TypeError(`Cannot check flow: src is IPv${fs} but dst is IPv${fd}`);
  }
  let known = 0;
  let proto = 0;
  const p = flow.protocol;
  const v6 = fs === 6;
  // the engine's tables are read only when a name needs them
  const t = () => flowTables();
  if (p !== undefined && p !== "ip" && p !== "any") {
    const names = typeof p === "string" ? (v6 ? t().protocols6 : t().protocols4) : undefined;
    proto = numberField(p, "protocol", 255, names, same);
    known |= KNOWN_PROTOCOL;
  }
  let sport = 0;
  if (flow.sport !== undefined) {
    sport = numberField(
      flow.sport,
      "sport",
      65535,
      typeof flow.sport === "string" ? t().ports : undefined,
      same,
    );
    known |= KNOWN_SPORT;
  }
  let dport = 0;
  if (flow.dport !== undefined) {
    dport = numberField(
      flow.dport,
      "dport",
      65535,
      typeof flow.dport === "string" ? t().ports : undefined,
      same,
    );
    known |= KNOWN_DPORT;
  }
  let itype = 0;
  let icode = 0;
  if (flow.icmpType !== undefined) {
    const it = flow.icmpType;
    let fixed: number | null = null;
    const names = typeof it === "string" ? (v6 ? t().icmp6 : t().icmp4) : undefined;
    itype = numberField(it, "icmpType", 255, names, ([ty, code]) => {
      fixed = code;
      return ty;
    });
    known |= KNOWN_ICMP_TYPE;
    if (fixed !== null && flow.icmpCode === undefined) {
      icode = fixed;
      known |= KNOWN_ICMP_CODE;
    }
  }
  if (flow.icmpCode !== undefined) {
    icode = numberField(flow.icmpCode, "icmpCode", 255, undefined, same);
    known |= KNOWN_ICMP_CODE;
  }
  let flags = 0;
  if (flow.tcpFlags !== undefined) {
    flags = tcpFlagBits(flow.tcpFlags, t().tcpFlags);
    known |= KNOWN_TCP_FLAGS;
  }
  let known2 = 0;
  let dscp = 0;
  if (flow.dscp !== undefined) {
    dscp = typeof flow.dscp === "string" && !/^[0-9]+$/.test(flow.dscp)
      ? dscpName(flow.dscp, t().dscp)
      : numberField(flow.dscp, "dscp", 63, undefined, same);
    known2 |= KNOWN2_DSCP;
  }
  let frag = 0;
  if (flow.fragment !== undefined) {
    frag = fragmentField(flow.fragment);
    known2 |= KNOWN2_FRAGMENT;
  }
  let length = 0;
  if (flow.packetLength !== undefined) {
    length = numberField(flow.packetLength, "packetLength", 65535, undefined, same);
    known2 |= KNOWN2_LENGTH;
  }
  out[offset] = fs;
  out[offset + 1] = known;
  out[offset + 2] = proto;
  out[offset + 3] = flags;
  out[offset + 4] = sport & 0xff;
  out[offset + 5] = sport >> 8;
  out[offset + 6] = dport & 0xff;
  out[offset + 7] = dport >> 8;
  out[offset + 8] = itype;
  out[offset + 9] = icode;
  out[offset + 10] = known2;
  out[offset + 11] = dscp;
  out[offset + 12] = length & 0xff;
  out[offset + 13] = length >> 8;
  out[offset + 14] = frag & 0xff;
  out[offset + 15] = frag >> 8;
}

function dscpName(name: string, table: ReadonlyMap<string, number>): number {
  const v = table.get(name.toLowerCase());
  if (v === undefined) throw new TypeError(`Cannot read flow dscp: unknown name "${name}"`);
  return v;
}

/**
 * A growable buffer of encoded flows, reusable across batches so that
 * checking millions of flows allocates nothing per flow.
 *
 * @example Fill a batch and reuse it
 * ```ts
 * import { FlowBatch } from "@trigger/trigger/acl";
 * import { strictEqual } from "node:assert/strict";
 *
 * const batch = new FlowBatch(2);
 * batch.add({ src: "10.0.0.1", dst: "10.0.0.2", protocol: "udp", dport: "dns" });
 * batch.add({ src: "2001:db8::1", dst: "2001:db8::2", protocol: 58 });
 * strictEqual(batch.length, 2);
 * strictEqual(batch.bytes.length, 96);
 * batch.clear();
 * strictEqual(batch.length, 0);
 * ```
 */
export class FlowBatch {
  #buf: Uint8Array;
  #count = 0;

  /**
   * Creates an empty batch.
   *
   * @param capacity How many flows to make room for at first (it grows as needed).
   */
  constructor(capacity = 1024) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(
        `Cannot create FlowBatch: capacity ${capacity} is not a positive integer`,
      );
    }
    this.#buf = new Uint8Array(capacity * FLOW_SIZE);
  }

  /** How many flows the batch holds. */
  get length(): number {
    return this.#count;
  }

  /** The encoded flows (a view: valid until the next `add` or `clear`). */
  get bytes(): Uint8Array {
    return this.#buf.subarray(0, this.#count * FLOW_SIZE);
  }

  /**
   * Encodes and appends one flow.
   *
   * @param flow The flow.
   * @returns The flow's index in the batch.
   * @throws {TypeError} When a field cannot be read.
   * @throws {RangeError} When a number is out of range.
   */
  add(flow: Flow): number {
    const at = this.#count * FLOW_SIZE;
    if (at + FLOW_SIZE > this.#buf.length) {
      const bigger = new Uint8Array(this.#buf.length * 2);
      bigger.set(this.#buf);
      this.#buf = bigger;
    }
    encodeFlow(flow, this.#buf, at);
    return this.#count++;
  }

  /** Empties the batch, keeping its memory. */
  clear(): void {
    this.#count = 0;
  }
}

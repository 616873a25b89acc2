/**
 * A fast reader of JSON flow lines (`{"src":"10.0.0.1","dst":"192.0.2.9",
 * "protocol":"tcp","dport":443}`) straight into the engine's 48-byte layout,
 * for `check-access --flows` on millions of lines: no string per line, no
 * object per flow.
 *
 * It reads only the plain case: an object of the fields `src`, `dst`,
 * `protocol`, `sport`, `dport`, `icmpType`, `icmpCode` with IPv4 addresses,
 * unsigned integers and strings without escapes. Anything else (IPv6, other
 * fields, escapes, names it has not met yet, errors) answers `false`, and the
 * caller reads the line with `JSON.parse` and {@linkcode encodeFlow}, the one
 * definition of a flow. Names are resolved through `encodeFlow` too (once per
 * name and protocol, then remembered), so both paths give the same bytes
 * (`tests/acl/flow_scan_test.ts` compares them on random lines).
 *
 * @module
 */
import { encodeFlow, type Flow, FLOW_SIZE } from "./flow.ts";
import { ipv4Bytes, writeFlowHead } from "./_flow_bytes.ts";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN = 0x7b;
const CLOSE = 0x7d;

// Field ids (bits of `seen`).
const SRC = 1;
const DST = 2;
const PROTOCOL = 4;
const SPORT = 8;
const DPORT = 16;
const ICMP_TYPE = 32;
const ICMP_CODE = 64;

// Known-field bits of the layout (acl-wasm/ABI.md §3).
const KNOWN_PROTOCOL = 1;
const KNOWN_SPORT = 2;
const KNOWN_DPORT = 4;
const KNOWN_ICMP_TYPE = 8;
const KNOWN_ICMP_CODE = 16;

const FIELDS = ["protocol", "sport", "dport"] as const;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

function latin1(buf: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]!);
  return s;
}

/** Whether `buf[start..]` holds the ASCII `word` (the caller checked the length). */
function same(buf: Uint8Array, start: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (buf[start + i] !== word.charCodeAt(i)) return false;
  return true;
}

/** The field id of the key `buf[start..end)`, or 0. */
function keyId(buf: Uint8Array, start: number, end: number): number {
  switch (end - start) {
    case 3:
      return same(buf, start, "src") ? SRC : same(buf, start, "dst") ? DST : 0;
    case 5:
      return same(buf, start, "dport") ? DPORT : same(buf, start, "sport") ? SPORT : 0;
    case 8:
      return same(buf, start, "protocol")
        ? PROTOCOL
        : same(buf, start, "icmpType")
        ? ICMP_TYPE
        : same(buf, start, "icmpCode")
        ? ICMP_CODE
        : 0;
    default:
      return 0;
  }
}

/**
 * A number naming the short ASCII name `buf[start..end)` exactly (up to 6
 * bytes, packed with its length), or -1 when it is longer.
 */
function packName(buf: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n > 6) return -1;
  let v = 0;
  for (let i = end - 1; i >= start; i--) v = v * 256 + buf[i]!;
  return v * 8 + n;
}

/** Writes the IPv4 address `buf[start..end)` (optionally `/32`) at `out[at..at+16)`; false if it is not one. */
function ipv4(buf: Uint8Array, start: number, end: number, out: Uint8Array, at: number): boolean {
  let e = end;
  if (e - start > 3 && buf[e - 3] === 0x2f && buf[e - 2] === 0x33 && buf[e - 1] === 0x32) e -= 3;
  if (!ipv4Bytes(buf, start, e, out, at)) return false;
  for (let i = at + 4; i < at + 16; i++) out[i] = 0;
  return true;
}

/**
 * Reads JSON flow lines into the 48-byte layout; remembers how names were
 * resolved. One reader per input.
 */
export class FlowScanner {
  /** Resolved names, per field and protocol (`field * 257 + protocol`). */
  #names: Map<number | string, number>[] = [];
  #probe = new Uint8Array(FLOW_SIZE);

  /**
   * Encodes the flow on `buf[start..end)` (one line, no newline) at
   * `out[at..at+48)`.
   *
   * @returns `true` when read; `false` when the line needs the general reader
   *   (`out[at..at+48)` may then hold partial bytes).
   */
  scan(buf: Uint8Array, start: number, end: number, out: Uint8Array, at: number): boolean {
    let i = start;
    while (i < end && isSpace(buf[i]!)) i++;
    if (buf[i] !== OPEN) return false;
    i++;
    let seen = 0;
    let known = 0;
    let proto = 0;
    let protoName = -1; // start of an unresolved protocol name (its end in protoEnd)
    let protoEnd = 0;
    let sport = 0;
    let dport = 0;
    let sportName = -1;
    let sportEnd = 0;
    let dportName = -1;
    let dportEnd = 0;
    let itype = 0;
    let icode = 0;
    for (;;) {
      while (i < end && isSpace(buf[i]!)) i++;
      if (buf[i] === CLOSE && seen === 0) break;
      if (buf[i] !== QUOTE) return false;
      const ks = ++i;
      while (i < end && buf[i] !== QUOTE) {
        if (buf[i] === BACKSLASH) return false;
        i++;
      }
      if (i >= end) return false;
      const id = keyId(buf, ks, i);
      if (id === 0 || (seen & id) !== 0) return false;
      seen |= id;
      i++;
      while (i < end && isSpace(buf[i]!)) i++;
      if (buf[i] !== COLON) return false;
      i++;
      while (i < end && isSpace(buf[i]!)) i++;
      // the value: a string without escapes, or an unsigned integer
      let vs: number;
      let ve: number;
      let num = -1;
      if (buf[i] === QUOTE) {
        vs = ++i;
        while (i < end && buf[i] !== QUOTE) {
          const c = buf[i]!;
          if (c === BACKSLASH || c < 0x20 || c > 0x7e) return false;
          i++;
        }
        if (i >= end) return false;
        ve = i++;
        // a string of digits is read as that number (as encodeFlow does)
        if (ve > vs && ve - vs <= 5) {
          let n = 0;
          let j = vs;
          for (; j < ve; j++) {
            const c = buf[j]!;
            if (c < 48 || c > 57) break;
            n = n * 10 + (c - 48);
          }
          if (j === ve) num = n;
        }
      } else {
        vs = i;
        let n = 0;
        while (i < end) {
          const c = buf[i]!;
          if (c < 48 || c > 57) break;
          n = n * 10 + (c - 48);
          i++;
        }
        ve = i;
        if (ve === vs || ve - vs > 5 || (buf[vs] === 48 && ve - vs > 1)) return false;
        num = n;
      }
      switch (id) {
        case SRC:
          if (buf[vs - 1] !== QUOTE || !ipv4(buf, vs, ve, out, at + 16)) return false;
          break;
        case DST:
          if (buf[vs - 1] !== QUOTE || !ipv4(buf, vs, ve, out, at + 32)) return false;
          break;
        case PROTOCOL:
          if (num >= 0) {
            if (num > 255) return false;
            proto = num;
            known |= KNOWN_PROTOCOL;
          } else {
            protoName = vs;
            protoEnd = ve;
          }
          break;
        case SPORT:
          if (num > 65535) return false;
          if (num >= 0) sport = num;
          else {
            sportName = vs;
            sportEnd = ve;
          }
          known |= KNOWN_SPORT;
          break;
        case DPORT:
          if (num > 65535) return false;
          if (num >= 0) dport = num;
          else {
            dportName = vs;
            dportEnd = ve;
          }
          known |= KNOWN_DPORT;
          break;
        case ICMP_TYPE:
          if (num < 0 || num > 255) return false;
          itype = num;
          known |= KNOWN_ICMP_TYPE;
          break;
        case ICMP_CODE:
          if (num < 0 || num > 255) return false;
          icode = num;
          known |= KNOWN_ICMP_CODE;
          break;
      }
      while (i < end && isSpace(buf[i]!)) i++;
      if (buf[i] === COMMA) {
        i++;
        continue;
      }
      if (buf[i] === CLOSE) break;
      return false;
    }
    i++;
    while (i < end && isSpace(buf[i]!)) i++;
    if (i !== end || (seen & (SRC | DST)) !== (SRC | DST)) return false;
    if (protoName >= 0) {
      const v = this.resolveName(0, 256, buf, protoName, protoEnd);
      if (v < 0) return false;
      if (v < 256) {
        proto = v;
        known |= KNOWN_PROTOCOL;
      }
    }
    const p = (known & KNOWN_PROTOCOL) ? proto : 256;
    if (sportName >= 0) {
      sport = this.resolveName(1, p, buf, sportName, sportEnd);
      if (sport < 0) return false;
    }
    if (dportName >= 0) {
      dport = this.resolveName(2, p, buf, dportName, dportEnd);
      if (dport < 0) return false;
    }
    writeFlowHead(out, at, 4, known, proto, 0, sport, dport, itype, icode);
    return true;
  }

  /**
   * The value {@linkcode encodeFlow} gives the name `buf[start..end)` in
   * field `f` (0 protocol, 1 sport, 2 dport) with protocol `proto` (256:
   * unknown): 0..65535, 256 for a protocol that means "unknown" (`ip`), or -1
   * when it refuses the name. Remembered per field, protocol and name. The
   * engine's flow reader asks here too (`lib/acl/_flow_engine.ts`).
   */
  resolveName(f: number, proto: number, buf: Uint8Array, start: number, end: number): number {
    const cache = this.#names[f * 257 + proto] ??= new Map();
    const packed = packName(buf, start, end);
    const key = packed >= 0 ? packed : latin1(buf, start, end);
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const field = FIELDS[f]!;
    const flow: Flow = { src: "0.0.0.0", dst: "0.0.0.0" };
    if (proto !== 256) flow.protocol = proto;
    flow[field] = latin1(buf, start, end);
    let v: number;
    try {
      encodeFlow(flow, this.#probe, 0);
      const b = this.#probe;
      if (field === "protocol") v = (b[1]! & KNOWN_PROTOCOL) ? b[2]! : 256;
      else if (field === "sport") v = b[4]! | (b[5]! << 8);
      else v = b[6]! | (b[7]! << 8);
    } catch {
      v = -1;
    }
    cache.set(key, v);
    return v;
  }
}

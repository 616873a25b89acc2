/**
 * The byte level of a flow, shared by {@linkcode encodeFlow} (from objects)
 * and the flow-line scanner (from file bytes): dotted-quad IPv4 addresses
 * read from bytes, and the header half of the 48-byte layout
 * (`acl-wasm/ABI.md` §3).
 *
 * @module
 */

/**
 * Reads the dotted quad `buf[start..end)` (ASCII; no leading zeros, each
 * part 0..255) into `out[at..at+4)`.
 *
 * @returns Whether it is one (`out` may hold partial bytes when not).
 */
export function ipv4Bytes(
  buf: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  at: number,
): boolean {
  let part = 0;
  let digits = 0;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c >= 48 && c <= 57) {
      if (digits > 0 && n === 0) return false; // leading zero
      n = n * 10 + (c - 48);
      if (n > 255 || ++digits > 3) return false;
    } else if (c === 46) {
      if (digits === 0 || part === 3) return false;
      out[at + part++] = n;
      n = 0;
      digits = 0;
    } else return false;
  }
  if (digits === 0 || part !== 3) return false;
  out[at + 3] = n;
  return true;
}

/**
 * Writes bytes 0..16 of an encoded flow at `out[at..]`: family, known-field
 * bits, protocol, TCP flags, ports (little-endian), ICMP type and code, zeros.
 * (Scalar arguments: the flow-line scanner calls it once per line.)
 */
export function writeFlowHead(
  out: Uint8Array,
  at: number,
  family: number,
  known: number,
  protocol: number,
  tcpFlags: number,
  sport: number,
  dport: number,
  icmpType: number,
  icmpCode: number,
): void {
  out[at] = family;
  out[at + 1] = known;
  out[at + 2] = protocol;
  out[at + 3] = tcpFlags;
  out[at + 4] = sport & 0xff;
  out[at + 5] = sport >> 8;
  out[at + 6] = dport & 0xff;
  out[at + 7] = dport >> 8;
  out[at + 8] = icmpType;
  out[at + 9] = icmpCode;
  for (let i = at + 10; i < at + 16; i++) out[i] = 0;
}

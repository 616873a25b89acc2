/**
 * A sans-IO NETCONF message framer (RFC 6242): base:1.0 end-of-message
 * (`]]>]]>`) and base:1.1 chunked framing (`\n#<len>\n...\n##\n`).
 *
 * Bytes go in with {@linkcode NetconfCodec.push} in any chunking; whole
 * messages come out of {@linkcode NetconfCodec.next} one at a time, so a
 * caller can switch framing right after the hello without losing bytes that
 * arrived in the same read.
 *
 * @module
 */

import { TriggerError } from "../errors.ts";

/** The two NETCONF framings. */
export type NetconfFraming = "eom" | "chunked";

/** Options accepted by {@linkcode NetconfCodec}. */
export interface NetconfCodecOptions {
  /**
   * Framing to start with (a session starts with `eom` for the hello).
   *
   * @default {"eom"}
   */
  framing?: NetconfFraming;
  /**
   * Largest message accepted, in bytes; a bigger one is a protocol error.
   *
   * @default {67108864}
   */
  maxMessageBytes?: number;
}

const EOM = new TextEncoder().encode("]]>]]>");
const LF = 0x0a;
const HASH = 0x23;
const MAX_CHUNK = 4294967295;

/**
 * Frames and unframes NETCONF messages.
 *
 * @example Round-trip a message in both framings, fed byte by byte
 * ```ts
 * import { NetconfCodec } from "@trigger/trigger/netconf";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const codec = new NetconfCodec({ framing: "chunked" });
 * const wire = codec.encode("<rpc-reply/>");
 * strictEqual(new TextDecoder().decode(wire), "\n#12\n<rpc-reply/>\n##\n");
 * const out: string[] = [];
 * for (const b of wire) {
 *   codec.push(new Uint8Array([b]));
 *   for (let m = codec.next(); m !== undefined; m = codec.next()) out.push(m);
 * }
 * deepStrictEqual(out, ["<rpc-reply/>"]);
 * deepStrictEqual(new NetconfCodec().decode(new TextEncoder().encode("<a/>]]>]]><b/>]]>]]>")), [
 *   "<a/>",
 *   "<b/>",
 * ]);
 * ```
 */
export class NetconfCodec {
  #framing: NetconfFraming;
  #max: number;
  #buf = new Uint8Array(4096);
  #start = 0;
  #end = 0;
  /** EOM: where to resume searching for the delimiter. */
  #scan = 0;
  /** Chunked: bytes left in the current chunk, or -1 while reading a header. */
  #remaining = -1;
  #parts: Uint8Array[] = [];
  #partsBytes = 0;
  #decoder = new TextDecoder();

  /**
   * Creates a codec.
   *
   * @param options Initial framing and message size limit.
   */
  constructor(options: NetconfCodecOptions = {}) {
    const { framing = "eom", maxMessageBytes = 64 * 1024 * 1024 } = options;
    this.#framing = framing;
    this.#max = maxMessageBytes;
  }

  /** The framing currently used for both directions. */
  get framing(): NetconfFraming {
    return this.#framing;
  }

  /**
   * Switches framing (after the hello exchange). Bytes already pushed but not
   * yet returned are parsed with the new framing.
   *
   * @param framing The new framing.
   * @throws {TriggerError} `PROTOCOL_ERROR` when a message is half-read.
   */
  setFraming(framing: NetconfFraming): void {
    if (this.#parts.length > 0 || this.#remaining > 0) {
      throw new TriggerError("PROTOCOL_ERROR", "Cannot switch framing in the middle of a message");
    }
    this.#framing = framing;
    this.#scan = this.#start;
    this.#remaining = -1;
  }

  /**
   * Frames one message for the wire.
   *
   * @param message The XML document.
   * @returns The bytes to send.
   */
  encode(message: string): Uint8Array {
    const body = new TextEncoder().encode(message);
    const head = this.#framing === "eom"
      ? new Uint8Array(0)
      : new TextEncoder().encode(`\n#${body.length}\n`);
    const tail = this.#framing === "eom" ? EOM : new TextEncoder().encode("\n##\n");
    const out = new Uint8Array(head.length + body.length + tail.length);
    out.set(head, 0);
    out.set(body, head.length);
    out.set(tail, head.length + body.length);
    return out;
  }

  /**
   * Appends received bytes.
   *
   * @param chunk Bytes as read from the channel.
   */
  push(chunk: Uint8Array): void {
    if (this.#end + chunk.length > this.#buf.length) {
      const live = this.#end - this.#start;
      const size = Math.max(this.#buf.length, (live + chunk.length) * 2);
      const next = size > this.#buf.length ? new Uint8Array(size) : this.#buf;
      next.set(this.#buf.subarray(this.#start, this.#end), 0);
      this.#scan -= this.#start;
      this.#buf = next;
      this.#end = live;
      this.#start = 0;
    }
    this.#buf.set(chunk, this.#end);
    this.#end += chunk.length;
  }

  /**
   * Returns the next complete message, or `undefined` when more bytes are needed.
   *
   * @returns The message text (UTF-8 decoded), without framing.
   * @throws {TriggerError} `PROTOCOL_ERROR` on malformed framing or an
   * oversized message.
   */
  next(): string | undefined {
    return this.#framing === "eom" ? this.#nextEom() : this.#nextChunked();
  }

  /**
   * Pushes bytes and returns every message now complete.
   *
   * @param chunk Bytes as read from the channel.
   * @returns Complete messages, in order.
   * @throws {TriggerError} `PROTOCOL_ERROR` on malformed framing.
   */
  decode(chunk: Uint8Array): string[] {
    this.push(chunk);
    const out: string[] = [];
    for (let m = this.next(); m !== undefined; m = this.next()) out.push(m);
    return out;
  }

  #nextEom(): string | undefined {
    const buf = this.#buf;
    const from = Math.max(this.#start, this.#scan);
    for (let i = from; i + EOM.length <= this.#end; i++) {
      if (buf[i] !== 0x5d) continue; // "]"
      let hit = true;
      for (let j = 1; j < EOM.length; j++) {
        if (buf[i + j] !== EOM[j]) {
          hit = false;
          break;
        }
      }
      if (hit) {
        const text = this.#decoder.decode(buf.subarray(this.#start, i));
        this.#start = i + EOM.length;
        this.#scan = this.#start;
        return text;
      }
    }
    this.#scan = Math.max(this.#start, this.#end - EOM.length + 1);
    if (this.#end - this.#start > this.#max) this.#fail("message exceeds the size limit");
    return undefined;
  }

  #nextChunked(): string | undefined {
    const buf = this.#buf;
    while (true) {
      if (this.#remaining > 0) {
        const n = Math.min(this.#remaining, this.#end - this.#start);
        if (n === 0) return undefined;
        this.#parts.push(buf.slice(this.#start, this.#start + n));
        this.#start += n;
        this.#remaining -= n;
        if (this.#remaining === 0) this.#remaining = -1;
        continue;
      }
      // Header: "\n#" then "#\n" (end of message) or digits then "\n".
      const avail = this.#end - this.#start;
      const at = (k: number) => buf[this.#start + k]!;
      if (avail < 1) return undefined;
      if (at(0) !== LF) this.#fail(`expected a chunk header, got ${show(at(0))}`);
      if (avail < 2) return undefined;
      if (at(1) !== HASH) this.#fail(`expected "#" after LF, got ${show(at(1))}`);
      if (avail < 3) return undefined;
      if (at(2) === HASH) {
        if (avail < 4) return undefined;
        if (at(3) !== LF) this.#fail(`expected LF after "##", got ${show(at(3))}`);
        if (this.#parts.length === 0) this.#fail("end of chunks before any chunk");
        this.#start += 4;
        return this.#takeMessage();
      }
      let size = 0;
      let k = 2;
      for (; k < avail; k++) {
        const b = at(k);
        if (b === LF) break;
        const digit = b - 0x30;
        if (digit < 0 || digit > 9 || (k === 2 && digit === 0)) {
          this.#fail(`bad chunk size character ${show(b)}`);
        }
        size = size * 10 + digit;
        if (size > MAX_CHUNK) this.#fail("chunk size exceeds 4294967295");
      }
      if (k === avail) return undefined; // header not complete yet
      if (k === 2) this.#fail("empty chunk size");
      if (this.#partsBytes + size > this.#max) this.#fail("message exceeds the size limit");
      this.#partsBytes += size;
      this.#start += k + 1;
      this.#remaining = size;
    }
  }

  #takeMessage(): string {
    const total = this.#partsBytes;
    const all = new Uint8Array(total);
    let off = 0;
    for (const p of this.#parts) {
      all.set(p, off);
      off += p.length;
    }
    this.#parts = [];
    this.#partsBytes = 0;
    this.#remaining = -1;
    return this.#decoder.decode(all);
  }

  #fail(why: string): never {
    throw new TriggerError(
      "PROTOCOL_ERROR",
      `Cannot decode NETCONF ${this.#framing} framing: ${why}`,
    );
  }
}

function show(byte: number): string {
  return byte >= 0x20 && byte < 0x7f
    ? JSON.stringify(String.fromCharCode(byte))
    : `0x${byte.toString(16)}`;
}

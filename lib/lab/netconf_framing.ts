/**
 * NETCONF message framing on the device side: `]]>]]>` end-of-message
 * (RFC 4742, base:1.0) and chunked framing (RFC 6242, base:1.1). Sans-IO:
 * bytes in, whole messages out.
 *
 * @module
 */

import { Buffer } from "node:buffer";

const EOM = "]]>]]>";
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Which framing is in force. */
export type Framing = "eom" | "chunked";

/** Splits a byte stream into NETCONF messages. */
export class FrameDecoder {
  /** Current framing; switch to `chunked` after a base:1.1 hello. */
  framing: Framing = "eom";
  #buf = "";
  #msg = "";

  /** Feeds bytes; returns the messages completed by them. @throws {SyntaxError} on bad chunk framing */
  push(bytes: Uint8Array): string[] {
    // latin1: one char per byte, so chunk sizes count bytes
    this.#buf += Buffer.from(bytes).toString("latin1");
    const out: string[] = [];
    for (;;) {
      const m = this.framing === "eom" ? this.#eom() : this.#chunk();
      if (m === null) return out;
      out.push(m);
    }
  }

  #eom(): string | null {
    const i = this.#buf.indexOf(EOM);
    if (i < 0) return null;
    const raw = this.#buf.slice(0, i);
    this.#buf = this.#buf.slice(i + EOM.length);
    return utf8(raw);
  }

  #chunk(): string | null {
    for (;;) {
      const b = this.#buf;
      if (b.length < 4) return null;
      if (!b.startsWith("\n#")) throw new SyntaxError("Cannot read NETCONF chunk: expected LF #");
      if (b[2] === "#") {
        if (b[3] !== "\n") throw new SyntaxError("Cannot read NETCONF end of chunks: expected LF");
        this.#buf = b.slice(4);
        const msg = utf8(this.#msg);
        this.#msg = "";
        return msg;
      }
      const nl = b.indexOf("\n", 2);
      if (nl < 0) {
        if (b.length > 14) throw new SyntaxError("Cannot read NETCONF chunk size: too long");
        return null;
      }
      const size = Number(b.slice(2, nl));
      if (!Number.isInteger(size) || size <= 0) {
        throw new SyntaxError(`Cannot read NETCONF chunk size "${b.slice(2, nl)}"`);
      }
      if (b.length < nl + 1 + size) return null;
      this.#msg += b.slice(nl + 1, nl + 1 + size);
      this.#buf = b.slice(nl + 1 + size);
    }
  }
}

function utf8(latin1: string): string {
  return decoder.decode(Buffer.from(latin1, "latin1"));
}

/** Frames one message for sending. */
export function frame(message: string, framing: Framing): Uint8Array {
  if (framing === "eom") return encoder.encode(message + EOM);
  const body = encoder.encode(message);
  const head = encoder.encode(`\n#${body.length}\n`);
  const tail = encoder.encode("\n##\n");
  const out = new Uint8Array(head.length + body.length + tail.length);
  out.set(head, 0);
  out.set(body, head.length);
  out.set(tail, head.length + body.length);
  return out;
}

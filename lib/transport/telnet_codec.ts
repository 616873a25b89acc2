/**
 * A sans-IO Telnet protocol engine (RFC 854/855): feed it the bytes read from
 * the socket, get back the application data and the bytes to send in reply.
 * It never touches a socket, so it can be tested byte by byte.
 *
 * Option negotiation follows the RFC 1143 "Q method", so a server that keeps
 * re-offering options cannot start a negotiation loop. Accepted options:
 * TTYPE (RFC 1091), NAWS (RFC 1073) and SGA on our side, ECHO and SGA on
 * the peer's side; everything else is refused.
 *
 * Hand-written on purpose (issue 16 §3 review): `telnet-stream` (npm) strips
 * IAC sequences from a Node stream and emits do/will events, leaving option
 * negotiation (and its loop protection) and `\r\0` to the caller, and it is
 * stream-bound, not sans-IO; `telnet-client` is an expect-style client with
 * its own prompt matching (the toolkit's is `lib/channel`) whose negotiation
 * reads IAC triples only at the start of a read (one split across reads, or
 * after data, reaches the screen) and answers every WILL with DO. Neither
 * keeps RFC 1143's Q-method state, which Debian's telnetd needs (it
 * re-offers options).
 *
 * @module
 */

/** Telnet command bytes used by the codec. */
const IAC = 255;
const DONT = 254;
const DO = 253;
const WONT = 252;
const WILL = 251;
const SB = 250;
const SE = 240;
const CR = 13;
const LF = 10;
const NUL = 0;

/** Option numbers understood by {@linkcode TelnetCodec}. */
export const TELNET_OPTIONS = {
  /** Echo (RFC 857). */
  ECHO: 1,
  /** Suppress go-ahead (RFC 858). */
  SGA: 3,
  /** Terminal type (RFC 1091). */
  TTYPE: 24,
  /** Negotiate about window size (RFC 1073). */
  NAWS: 31,
} as const;

const TTYPE_IS = 0;
const TTYPE_SEND = 1;

/** The RFC 1143 state of one side of one option. */
type QState = "no" | "yes" | "wantno" | "wantyes";

interface OptionState {
  state: QState;
  /** RFC 1143 queue bit: `true` when the opposite request is queued. */
  opposite: boolean;
}

/** Options accepted by {@linkcode TelnetCodec}. */
export interface TelnetCodecOptions {
  /**
   * Terminal type sent when the server asks for it (TTYPE SEND).
   *
   * @default {"VT100"}
   */
  terminalType?: string;
  /**
   * Terminal width sent with NAWS.
   *
   * @default {80}
   */
  columns?: number;
  /**
   * Terminal height sent with NAWS.
   *
   * @default {24}
   */
  rows?: number;
}

/** What {@linkcode TelnetCodec.receive} extracted from a chunk. */
export interface TelnetReceiveResult {
  /** Application data, with commands removed and `\r\0` turned into `\r`. */
  data: Uint8Array;
  /** Bytes to send back to the peer (negotiation replies); may be empty. */
  reply: Uint8Array;
}

type ParseState = "data" | "cr" | "iac" | "verb" | "sb" | "sbIac";

/**
 * The Telnet protocol state machine for one connection (client side).
 *
 * @example Decode a chunk, answer negotiation and escape output
 * ```ts
 * import { TELNET_OPTIONS, TelnetCodec } from "@trigger/trigger/transport";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const codec = new TelnetCodec({ terminalType: "VT100" });
 * // IAC DO TTYPE, then "hi\r\0"
 * const { data, reply } = codec.receive(new Uint8Array([255, 253, 24, 104, 105, 13, 0]));
 * strictEqual(new TextDecoder().decode(data), "hi\r");
 * deepStrictEqual([...reply], [255, 251, 24]); // IAC WILL TTYPE
 * strictEqual(codec.isLocalEnabled(TELNET_OPTIONS.TTYPE), true);
 * deepStrictEqual([...codec.encode(new Uint8Array([255]))], [255, 255]);
 * ```
 */
export class TelnetCodec {
  #terminalType: string;
  #columns: number;
  #rows: number;
  #us = new Map<number, OptionState>();
  #him = new Map<number, OptionState>();
  #state: ParseState = "data";
  #verb = 0;
  #sb: number[] = [];
  #out: number[] = [];

  /**
   * Creates a codec.
   *
   * @param options Terminal type and window size to report.
   * @throws {RangeError} When the window size is not a positive 16-bit integer.
   */
  constructor(options: TelnetCodecOptions = {}) {
    const { terminalType = "VT100", columns = 80, rows = 24 } = options;
    checkSize(columns, rows);
    this.#terminalType = terminalType;
    this.#columns = columns;
    this.#rows = rows;
  }

  /**
   * Returns the bytes that open negotiation: WILL TTYPE, WILL NAWS, DO SGA.
   *
   * @returns Bytes to send right after connecting.
   */
  start(): Uint8Array {
    const out: number[] = [];
    this.#ask(this.#us, TELNET_OPTIONS.TTYPE, WILL, out);
    this.#ask(this.#us, TELNET_OPTIONS.NAWS, WILL, out);
    this.#ask(this.#him, TELNET_OPTIONS.SGA, DO, out);
    return new Uint8Array(out);
  }

  /**
   * Parses bytes received from the peer. State is kept across calls, so a
   * command split over two chunks is handled.
   *
   * @param chunk Bytes as read from the socket.
   * @returns The application data and the reply bytes to write.
   */
  receive(chunk: Uint8Array): TelnetReceiveResult {
    const data: number[] = [];
    this.#out = [];
    for (const byte of chunk) this.#step(byte, data);
    const reply = new Uint8Array(this.#out);
    this.#out = [];
    return { data: new Uint8Array(data), reply };
  }

  /**
   * Encodes application data for the wire: IAC is doubled and a CR not
   * followed by LF in the same buffer becomes CR NUL (RFC 854).
   *
   * @param data Bytes or text (sent as UTF-8).
   * @returns Bytes to write to the socket.
   */
  encode(data: Uint8Array | string): Uint8Array {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    const out: number[] = [];
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      out.push(b);
      if (b === IAC) out.push(IAC);
      else if (b === CR && bytes[i + 1] !== LF) out.push(NUL);
    }
    return new Uint8Array(out);
  }

  /**
   * Records a new window size and returns the NAWS subnegotiation to send
   * (empty when the peer has not enabled NAWS).
   *
   * @param columns Terminal width.
   * @param rows Terminal height.
   * @returns Bytes to write to the socket.
   * @throws {RangeError} When the size is not a positive 16-bit integer.
   */
  resize(columns: number, rows: number): Uint8Array {
    checkSize(columns, rows);
    this.#columns = columns;
    this.#rows = rows;
    const out: number[] = [];
    if (this.isLocalEnabled(TELNET_OPTIONS.NAWS)) this.#sendNaws(out);
    return new Uint8Array(out);
  }

  /**
   * Returns whether we perform an option (we said WILL and the peer agreed).
   *
   * @param option Option number.
   * @returns `true` when enabled on our side.
   */
  isLocalEnabled(option: number): boolean {
    return this.#us.get(option)?.state === "yes";
  }

  /**
   * Returns whether the peer performs an option (e.g. ECHO: the server echoes).
   *
   * @param option Option number.
   * @returns `true` when enabled on the peer's side.
   */
  isRemoteEnabled(option: number): boolean {
    return this.#him.get(option)?.state === "yes";
  }

  #step(byte: number, data: number[]): void {
    switch (this.#state) {
      case "cr":
        this.#state = "data";
        if (byte === NUL) return;
        this.#step(byte, data);
        return;
      case "data":
        if (byte === IAC) this.#state = "iac";
        else {
          data.push(byte);
          if (byte === CR) this.#state = "cr";
        }
        return;
      case "iac":
        if (byte === IAC) {
          data.push(IAC);
          this.#state = "data";
        } else if (byte >= WILL && byte <= DONT) {
          this.#verb = byte;
          this.#state = "verb";
        } else if (byte === SB) {
          this.#sb = [];
          this.#state = "sb";
        } else this.#state = "data"; // NOP, GA, DM, AYT...: ignored
        return;
      case "verb":
        this.#negotiate(this.#verb, byte);
        this.#state = "data";
        return;
      case "sb":
        if (byte === IAC) this.#state = "sbIac";
        else this.#sb.push(byte);
        return;
      case "sbIac":
        if (byte === IAC) {
          this.#sb.push(IAC);
          this.#state = "sb";
        } else if (byte === SE) {
          this.#subnegotiation(this.#sb);
          this.#state = "data";
        } else {
          // Malformed: IAC <cmd> inside SB. Drop the subnegotiation.
          this.#state = "data";
        }
        return;
    }
  }

  #negotiate(verb: number, option: number): void {
    const out = this.#out;
    if (verb === WILL || verb === WONT) {
      const accept = option === TELNET_OPTIONS.ECHO || option === TELNET_OPTIONS.SGA;
      qReceive(this.#him, option, verb === WILL, accept, DO, DONT, out);
    } else {
      const accept = option === TELNET_OPTIONS.TTYPE || option === TELNET_OPTIONS.NAWS ||
        option === TELNET_OPTIONS.SGA;
      const before = this.isLocalEnabled(option);
      qReceive(this.#us, option, verb === DO, accept, WILL, WONT, out);
      if (!before && option === TELNET_OPTIONS.NAWS && this.isLocalEnabled(option)) {
        this.#sendNaws(out);
      }
    }
  }

  #subnegotiation(body: number[]): void {
    if (
      body[0] === TELNET_OPTIONS.TTYPE && body[1] === TTYPE_SEND &&
      this.isLocalEnabled(TELNET_OPTIONS.TTYPE)
    ) {
      const name = new TextEncoder().encode(this.#terminalType);
      this.#out.push(IAC, SB, TELNET_OPTIONS.TTYPE, TTYPE_IS, ...escapeIac(name), IAC, SE);
    }
  }

  #sendNaws(out: number[]): void {
    const c = this.#columns, r = this.#rows;
    const size = [c >> 8, c & 0xff, r >> 8, r & 0xff];
    out.push(IAC, SB, TELNET_OPTIONS.NAWS, ...escapeIac(size), IAC, SE);
  }

  #ask(side: Map<number, OptionState>, option: number, verb: number, out: number[]): void {
    const s = getState(side, option);
    if (s.state === "no") {
      s.state = "wantyes";
      out.push(IAC, verb, option);
    } else if (s.state === "wantno") s.opposite = true;
  }
}

function getState(side: Map<number, OptionState>, option: number): OptionState {
  let s = side.get(option);
  if (s === undefined) {
    s = { state: "no", opposite: false };
    side.set(option, s);
  }
  return s;
}

/**
 * RFC 1143 reaction to a received WILL/WONT (for `him`) or DO/DONT (for `us`).
 * `yes`/`no` are the verbs we send to agree or refuse.
 */
function qReceive(
  side: Map<number, OptionState>,
  option: number,
  enable: boolean,
  accept: boolean,
  yes: number,
  no: number,
  out: number[],
): void {
  const s = getState(side, option);
  if (enable) {
    switch (s.state) {
      case "no":
        if (accept) {
          s.state = "yes";
          out.push(IAC, yes, option);
        } else out.push(IAC, no, option);
        return;
      case "yes":
        return;
      case "wantno":
        // A peer answering our refusal with an offer is an error; the RFC says
        // treat the option as disabled (EMPTY) or enabled (OPPOSITE).
        s.state = s.opposite ? "yes" : "no";
        s.opposite = false;
        return;
      case "wantyes":
        if (s.opposite) {
          s.state = "wantno";
          s.opposite = false;
          out.push(IAC, no, option);
        } else s.state = "yes";
        return;
    }
  }
  switch (s.state) {
    case "no":
      return;
    case "yes":
      s.state = "no";
      out.push(IAC, no, option);
      return;
    case "wantno":
      if (s.opposite) {
        s.state = "wantyes";
        s.opposite = false;
        out.push(IAC, yes, option);
      } else s.state = "no";
      return;
    case "wantyes":
      s.state = "no";
      s.opposite = false;
      return;
  }
}

function escapeIac(bytes: Iterable<number>): number[] {
  const out: number[] = [];
  for (const b of bytes) {
    out.push(b);
    if (b === IAC) out.push(IAC);
  }
  return out;
}

function checkSize(columns: number, rows: number): void {
  for (const v of [columns, rows]) {
    if (!Number.isInteger(v) || v < 1 || v > 0xffff) {
      throw new RangeError(`Cannot use window size ${columns}x${rows}: expected 1..65535`);
    }
  }
}

/**
 * The small part of npm `ssh2`'s server API the lab uses, typed (the package
 * ships no types).
 *
 * @module
 */
import ssh2 from "ssh2";
import type { Socket } from "node:net";

/** A server-side SSH channel (duplex stream). */
export interface Ssh2Channel {
  write(data: Uint8Array | string): boolean;
  end(): void;
  close(): void;
  exit(code: number): void;
  on(event: "data", fn: (data: Uint8Array) => void): this;
  on(event: "close" | "end" | "finish", fn: () => void): this;
  on(event: "error", fn: (e: Error) => void): this;
  stderr: { write(data: string): boolean };
}

type Accept<T> = () => T;
type Reject = () => void;

/** A session request's events. */
export interface Ssh2Session {
  on(event: "pty" | "window-change" | "env" | "signal", fn: (accept?: () => void) => void): this;
  on(event: "shell", fn: (accept: Accept<Ssh2Channel>, reject: Reject) => void): this;
  on(
    event: "exec",
    fn: (accept: Accept<Ssh2Channel>, reject: Reject, info: { command: string }) => void,
  ): this;
  on(
    event: "subsystem",
    fn: (accept: Accept<Ssh2Channel>, reject: Reject, info: { name: string }) => void,
  ): this;
  on(event: "close", fn: () => void): this;
}

/** An authentication attempt. */
export interface Ssh2AuthContext {
  method: string;
  username: string;
  password?: string;
  /** Publickey: the offered key. */
  key?: { algo: string; data: Uint8Array };
  /** Publickey: the signed data and signature (absent when the client only asks). */
  blob?: Uint8Array;
  signature?: Uint8Array;
  hashAlgo?: string;
  accept(): void;
  reject(methods?: string[], partial?: boolean): void;
  prompt(
    prompts: { prompt: string; echo: boolean }[],
    title: string,
    instructions: string,
    cb: (answers: string[]) => void,
  ): void;
}

/** A connected SSH client as the server sees it. */
export interface Ssh2ServerClient {
  on(event: "authentication", fn: (ctx: Ssh2AuthContext) => void): this;
  on(event: "ready" | "close" | "end", fn: () => void): this;
  on(event: "error", fn: (e: Error) => void): this;
  on(event: "session", fn: (accept: Accept<Ssh2Session>, reject: Reject) => void): this;
  end(): void;
}

/**
 * The TCP socket an `ssh2` server-side client was made from (`client._sock`
 * in ssh2 1.x, pinned in deno.json). The `connection` event tells only the
 * peer's address and port, and a client may use one source port towards
 * several device ports at once, so the socket is what identifies the device.
 */
export function clientSocket(client: Ssh2ServerClient): Socket | undefined {
  return (client as unknown as { _sock?: Socket })._sock;
}

/** An `ssh2` Server used only through `injectSocket`. */
export interface Ssh2Server {
  injectSocket(socket: Socket): void;
  on(
    event: "connection",
    fn: (client: Ssh2ServerClient, info: { ip: string; port: number }) => void,
  ): this;
  on(event: "error", fn: (e: Error) => void): this;
}

/** Options of the `ssh2` Server constructor the lab sets. */
export interface Ssh2ServerConfig {
  hostKeys: string[];
  ident?: string;
  banner?: string;
  algorithms?: Record<string, string[]>;
}

/** Creates an `ssh2` Server. */
export function createSsh2Server(config: Ssh2ServerConfig): Ssh2Server {
  return new ssh2.Server(config) as Ssh2Server;
}

/** A parsed public key that checks signatures (ssh2's `utils.parseKey`). */
interface ParsedKey {
  getPublicSSH(): Uint8Array;
  verify(data: Uint8Array, signature: Uint8Array, hashAlgo?: string): boolean;
}

/**
 * Whether a publickey login offers one of the authorized keys (OpenSSH
 * one-line format) and, once signed, proves it holds the private key.
 */
export function publicKeyAccepted(ctx: Ssh2AuthContext, authorized: readonly string[]): boolean {
  const offered = ctx.key?.data;
  if (offered === undefined) return false;
  const parse = (ssh2 as unknown as { utils: { parseKey(k: string): ParsedKey | Error } }).utils
    .parseKey;
  for (const line of authorized) {
    const key = parse(line);
    if (key instanceof Error) continue;
    const pub = key.getPublicSSH();
    if (pub.length !== offered.length || !pub.every((b, i) => b === offered[i])) continue;
    if (ctx.signature === undefined || ctx.blob === undefined) return true;
    return key.verify(ctx.blob, ctx.signature, ctx.hashAlgo);
  }
  return false;
}

/**
 * Private: the slice of npm:ssh2 this package uses, typed; algorithm lists;
 * and the mapping of ssh2 failures to TriggerError codes.
 *
 * @module
 */
import * as ssh2 from "ssh2";
import { type ErrorCode, TriggerError } from "../errors.ts";
import type { AlgorithmOverrides, SecretLike } from "./ssh_options.ts";

/** An ssh2 channel stream (exec or shell). */
export interface Ssh2Channel {
  write(data: Uint8Array | string): boolean;
  end(): void;
  close(): void;
  destroy(): void;
  pause(): void;
  resume(): void;
  setWindow(rows: number, cols: number, height: number, width: number): void;
  stderr: {
    on(ev: "data", fn: (d: Uint8Array) => void): void;
    once(ev: "end", fn: () => void): void;
  };
  on(ev: "data", fn: (d: Uint8Array) => void): this;
  on(ev: "exit", fn: (code: number | null, signal?: string) => void): this;
  on(ev: "close" | "end" | "drain", fn: () => void): this;
  on(ev: "error", fn: (e: Error) => void): this;
  once(ev: "drain" | "close" | "end", fn: () => void): this;
}

/** A keyboard-interactive prompt. */
export interface KbdPrompt {
  prompt: string;
  echo: boolean;
}

/** The ssh2 `Client` methods used here. */
export interface Ssh2Client {
  connect(config: Record<string, unknown>): void;
  end(): void;
  destroy(): void;
  exec(cmd: string, cb: (err: Error | undefined, ch: Ssh2Channel) => void): boolean;
  shell(
    win: { term: string; cols: number; rows: number },
    cb: (err: Error | undefined, ch: Ssh2Channel) => void,
  ): boolean;
  subsys(name: string, cb: (err: Error | undefined, ch: Ssh2Channel) => void): boolean;
  forwardOut(
    srcIp: string,
    srcPort: number,
    dstIp: string,
    dstPort: number,
    cb: (err: Error | undefined, ch: Ssh2Channel) => void,
  ): boolean;
  on(ev: "ready" | "close" | "end" | "handshake", fn: () => void): this;
  on(ev: "error", fn: (e: Error & { level?: string; code?: unknown }) => void): this;
  on(ev: "banner", fn: (msg: string) => void): this;
  on(
    ev: "keyboard-interactive",
    fn: (
      name: string,
      instr: string,
      lang: string,
      prompts: KbdPrompt[],
      finish: (answers: string[]) => void,
    ) => void,
  ): this;
  removeAllListeners(ev?: string): this;
}

/** Creates an ssh2 client. */
export function newClient(): Ssh2Client {
  const C = (ssh2 as unknown as { Client: new () => Ssh2Client }).Client;
  return new C();
}

/** Algorithms only offered when a device or platform asks for legacy support. */
export const LEGACY_ALGORITHMS = {
  kex: [
    "diffie-hellman-group14-sha1",
    "diffie-hellman-group-exchange-sha1",
    "diffie-hellman-group1-sha1",
  ],
  // aes192-cbc is left out: Deno's node:crypto has no aes-192-cbc
  cipher: ["aes128-cbc", "aes256-cbc", "3des-cbc"],
  serverHostKey: ["ssh-rsa", "ssh-dss"],
  hmac: ["hmac-sha1", "hmac-sha1-etm@openssh.com"],
} as const;

/**
 * Builds the ssh2 `algorithms` option: modern defaults with SHA-1 signing and
 * MACs removed, legacy ones appended only when asked, known host key types first.
 */
export function algorithmsOption(
  legacy: boolean,
  extra: AlgorithmOverrides,
  preferHostKeyTypes: string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const cat of ["kex", "cipher", "serverHostKey", "hmac"] as const) {
    const append = [...(legacy ? LEGACY_ALGORITHMS[cat] : []), ...(extra[cat] ?? [])];
    const spec: Record<string, unknown> = {};
    if (append.length) spec.append = append;
    if (!legacy) {
      const remove = LEGACY_ALGORITHMS[cat].filter((a) => !append.includes(a));
      if (remove.length) spec.remove = remove;
    }
    if (cat === "serverHostKey" && preferHostKeyTypes.length) {
      const prefer = preferHostKeyTypes.flatMap((t) =>
        t === "ssh-rsa" ? ["rsa-sha2-512", "rsa-sha2-256", ...(legacy ? ["ssh-rsa"] : [])] : [t]
      );
      spec.prepend = prefer;
    }
    if (Object.keys(spec).length) out[cat] = spec;
  }
  return out;
}

/** Returns the plain text of a secret. */
export function revealSecret(s: SecretLike | undefined): string | undefined {
  if (s === undefined) return undefined;
  return typeof s === "string" ? s : s.reveal();
}

/** Maps an ssh2 / socket failure to a TriggerError with host and cause. */
export function mapSsh2Error(host: string, err: unknown, phase: string): TriggerError {
  if (err instanceof TriggerError) return err;
  const e = err as { message?: string; level?: string; code?: unknown };
  const msg = e?.message ?? String(err);
  let code: ErrorCode = "PROTOCOL_ERROR";
  let what = `SSH failure while ${phase}`;
  if (e?.code === "ECONNREFUSED") {
    code = "CONNECTION_REFUSED";
    what = "Connection refused";
  } else if (e?.level === "client-authentication" || /authentication methods failed/i.test(msg)) {
    code = "AUTH_FAILED";
    what = "Authentication failed";
  } else if (/privateKey|passphrase|Encrypted private/i.test(msg)) {
    code = "AUTH_FAILED";
    what = "Cannot use the private key";
  } else if (e?.level === "client-timeout" || e?.code === "ETIMEDOUT" || /timed? ?out/i.test(msg)) {
    code = "TIMEOUT";
    what = `Timed out while ${phase}`;
  } else if (
    e?.code === "ECONNRESET" || e?.code === "EPIPE" || /Not connected|closed/i.test(msg)
  ) {
    code = "TRANSPORT_CLOSED";
    what = `Connection closed while ${phase}`;
  } else if (e?.code === "ENOTFOUND" || e?.code === "EHOSTUNREACH" || e?.code === "ENETUNREACH") {
    code = "CONNECTION_REFUSED";
    what = "Cannot reach the host";
  } else if (/no matching/i.test(msg)) {
    what = "No common algorithm (try the legacy algorithms option)";
  }
  return new TriggerError(code, `${what} on "${host}": ${msg}`, { host, cause: err });
}

/** Waits for a promise, but at most `ms` milliseconds (the timer is always cleared). */
export async function waitAtMost(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([p, new Promise<void>((r) => timer = setTimeout(r, ms))]);
  } finally {
    clearTimeout(timer);
  }
}

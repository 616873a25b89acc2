/**
 * The interactive half of `gong`: bytes from the keyboard to the device and
 * back, the `~.` escape (after a newline, as OpenSSH), and `.gorc` init
 * commands sent one per prompt once the device shows its first prompt.
 *
 * @module
 */
import type { ShellTransport } from "../../lib/transport/transport.ts";
import { stripAnsi } from "../../lib/channel/screen.ts";

/** Options of {@linkcode passthrough}. */
export interface PassthroughOptions {
  /** The logged-in device shell. */
  transport: ShellTransport;
  /** Keyboard bytes (standard input in raw mode). */
  input: ReadableStream<Uint8Array>;
  /** Writes device bytes to the screen. */
  output: (data: Uint8Array) => void;
  /** Commands to send, one per prompt, after the first prompt. */
  initCommands?: readonly string[];
  /** The device's prompt, matched at the end of its output. */
  prompt?: RegExp;
  /** Line ending for init commands. */
  returnChar?: string;
  /** The device's prompt is already on the screen: the first init command goes at once. */
  atPrompt?: boolean;
}

/** How a passthrough ended. */
export type PassthroughEnd = "remote-closed" | "escape" | "input-closed";

/** Copies both ways until the device closes, the input ends, or `~.` is typed. */
export async function passthrough(o: PassthroughOptions): Promise<PassthroughEnd> {
  const { transport, initCommands = [], prompt, returnChar = "\n" } = o;
  const pending = [...initCommands];
  const decoder = new TextDecoder();
  let tail = "";
  if (o.atPrompt === true && pending.length > 0) {
    await transport.write(pending.shift()! + returnChar).catch(() => {});
  }
  const remote = (async (): Promise<PassthroughEnd> => {
    for (;;) {
      const chunk = await transport.read().catch(() => null);
      if (chunk === null) return "remote-closed";
      o.output(chunk);
      if (pending.length === 0 || prompt === undefined) continue;
      tail = (tail + decoder.decode(chunk, { stream: true })).slice(-512);
      if (prompt.test(stripAnsi(tail).replace(/\r/g, ""))) {
        tail = "";
        await transport.write(pending.shift()! + returnChar).catch(() => {});
      }
    }
  })();
  const reader = o.input.getReader();
  const local = (async (): Promise<PassthroughEnd> => {
    let lineStart = true;
    let tilde = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return "input-closed";
      const send: number[] = [];
      for (const b of value) {
        if (tilde) {
          tilde = false;
          if (b === 0x2e) return "escape"; // "~."
          if (b !== 0x7e) send.push(0x7e);
          send.push(b);
        } else if (lineStart && b === 0x7e) {
          tilde = true;
          continue;
        } else send.push(b);
        lineStart = b === 0x0d || b === 0x0a;
      }
      if (send.length) await transport.write(new Uint8Array(send)).catch(() => {});
    }
  })();
  const end = await Promise.race([remote, local]);
  await transport.close().catch(() => {});
  reader.cancel().catch(() => {});
  try {
    reader.releaseLock();
  } catch { /* a read is still pending on a terminal */ }
  return end;
}

/** A regex matching any of a platform's prompts at the end of the text. */
export function promptRegex(patterns: readonly string[]): RegExp {
  return new RegExp(`(?:${patterns.map((p) => `(?:${p})`).join("|")})\\s*$`);
}

/**
 * Private: one command on an SSH exec channel, collected completely.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import { mapSsh2Error, type Ssh2Channel, type Ssh2Client } from "./_ssh2.ts";
import type { ExecResult } from "./ssh_options.ts";

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Runs `command` on a new exec channel of `client`.
 *
 * @throws {TriggerError} `TIMEOUT` with the last output, or the mapped ssh2 error.
 */
export async function runExec(
  client: Ssh2Client,
  host: string,
  command: string,
  timeoutMs: number,
): Promise<ExecResult> {
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  let exitCode: number | null = null;
  const dec = (parts: Uint8Array[]) => new TextDecoder().decode(concat(parts));
  // Listeners are attached inside ssh2's callback, synchronously: the exec
  // reply, the output, the exit status and the close can arrive in one TCP
  // chunk, and an "exit" emitted before an `await` resumes would be lost.
  // The result waits for both streams' end AND the channel's close.
  const ready = Promise.withResolvers<ExecResult>();
  const ch = await new Promise<Ssh2Channel>((resolve, reject) =>
    client.exec(command, (e, ch) => {
      if (!e) {
        let pending = 3;
        let grace: ReturnType<typeof setTimeout> | undefined;
        const settle = () => {
          if (--pending > 0) return;
          clearTimeout(grace);
          ready.resolve({ stdout: dec(out), stderr: dec(err), exitCode });
        };
        ch.on("data", (d) => out.push(new Uint8Array(d)));
        ch.stderr.on("data", (d) => err.push(new Uint8Array(d)));
        ch.on("exit", (code) => {
          exitCode = typeof code === "number" ? code : null;
        });
        ch.once("end", settle);
        ch.stderr.once("end", settle);
        ch.once("close", () => {
          settle();
          // a stream that never ends (server bug) must not hold the result
          if (pending > 0) {
            grace = setTimeout(() => {
              pending = 1;
              settle();
            }, 1000);
          }
        });
      }
      if (e) reject(mapSsh2Error(host, e, "opening an exec channel"));
      else resolve(ch);
    })
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ch.close();
      const tail = dec(out).slice(-200).replace(/[^\x20-\x7e\n]/g, "?");
      reject(
        new TriggerError(
          "TIMEOUT",
          `Command on "${host}" did not finish within ${timeoutMs} ms; last output: ${
            JSON.stringify(tail)
          }`,
          { host },
        ),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([ready.promise, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

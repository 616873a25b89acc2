/**
 * Ctrl-C (SIGINT) and SIGTERM for read-only fleet verbs (`run-cmds`,
 * `gnng`): the first one cancels the job through an `AbortSignal`, so devices
 * in flight end as `CANCELLED`, and the verb still prints (or writes) what
 * finished, its summary, and exits 130 (SIGINT) or 143 (SIGTERM). A second
 * one quits at once, saying so.
 *
 * @module
 */
import { err } from "./_io.ts";

/** The signals handled. */
export type InterruptSignal = "SIGINT" | "SIGTERM";

/** Handling of Ctrl-C for the duration of a job; dispose it when the job ends. */
export interface Interrupt extends Disposable {
  /** Aborted at the first signal (its reason says which). */
  readonly signal: AbortSignal;
  /** The first signal received, if any. */
  readonly received: InterruptSignal | undefined;
  /** The exit status for the signal received (130 or 143), or `undefined`. */
  readonly exitCode: number | undefined;
}

const EXIT: Record<InterruptSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Starts handling SIGINT and SIGTERM.
 *
 * @param what What the job is, for the messages (`run-cmds`).
 * @param around Prints a message (e.g. through a progress line's `around`).
 * @returns The handle; its `signal` goes to the job.
 */
export function interruptible(
  what: string,
  around: (print: () => void) => void = (print) => print(),
): Interrupt {
  const ctrl = new AbortController();
  let received: InterruptSignal | undefined;
  const handlers: [InterruptSignal, () => void][] = [];
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    const handler = () => {
      if (received === undefined) {
        received = sig;
        around(() =>
          err(
            `${what}: ${sig} received: stopping; devices not finished are CANCELLED, what ` +
              `finished is reported (${sig === "SIGINT" ? "Ctrl-C" : sig} again to quit at once)`,
          )
        );
        ctrl.abort(new Error(`interrupted by ${sig}`));
      } else {
        around(() => err(`${what}: ${sig} again: quitting now, without the report`));
        Deno.exit(EXIT[sig]);
      }
    };
    try {
      Deno.addSignalListener(sig, handler);
      handlers.push([sig, handler]);
    } catch { /* a platform without this signal */ }
  }
  return {
    signal: ctrl.signal,
    get received() {
      return received;
    },
    get exitCode() {
      return received === undefined ? undefined : EXIT[received];
    },
    [Symbol.dispose]() {
      for (const [sig, handler] of handlers) Deno.removeSignalListener(sig, handler);
      handlers.length = 0;
    },
  };
}

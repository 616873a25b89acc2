/**
 * Ctrl-C (SIGINT) and SIGTERM for the verbs that work on many devices. The
 * first signal asks the job to stop (through an `AbortSignal`) and the verb
 * still prints what finished and its summary, exiting 130 (SIGINT) or 143
 * (SIGTERM). What a second one does depends on the job:
 *
 * - read-only verbs (`run-cmds`, `gnng`: {@linkcode interruptible}) quit at
 *   once, saying so;
 * - verbs that change devices (`load-acl`, `load-config --push`:
 *   {@linkcode interrupts}) abandon the devices in flight, which the verb
 *   then names as in an unknown state.
 *
 * While an output file is written ({@linkcode outputInterrupt}, every
 * `--output`), the first signal stops the write: its temporary file is
 * removed and the target left as it was.
 *
 * @module
 */
import { err } from "./_io.ts";
import { TriggerError } from "../lib/errors.ts";

/** The signals handled. */
export type InterruptSignal = "SIGINT" | "SIGTERM";

const EXIT: Record<InterruptSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/** What both kinds of handling share: the first signal, its exit status, disposal. */
interface Handled extends Disposable {
  /** The first signal received, if any. */
  readonly received: InterruptSignal | undefined;
  /** The exit status for the signal received (130 or 143), or `undefined`. */
  readonly exitCode: number | undefined;
}

/** Handling of Ctrl-C for a read-only job; dispose it when the job ends. */
export interface Interrupt extends Handled {
  /** Aborted at the first signal (its reason says which). */
  readonly signal: AbortSignal;
}

/** Handling of Ctrl-C for a job that changes devices; dispose it when the job ends. */
export interface Interrupts extends Handled {
  /** Aborted at the first signal: stop cleanly. */
  readonly stop: AbortSignal;
  /** Aborted at the second signal: abandon what is in flight. */
  readonly abandon: AbortSignal;
}

/** Installs the handlers; `first` and `again` run at the first and later signals. */
function listen(
  first: (sig: InterruptSignal) => void,
  again: (sig: InterruptSignal) => void,
): Handled {
  let received: InterruptSignal | undefined;
  const handlers: [InterruptSignal, () => void][] = [];
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    const handler = () => {
      if (received === undefined) {
        received = sig;
        first(sig);
      } else again(sig);
    };
    try {
      Deno.addSignalListener(sig, handler);
      handlers.push([sig, handler]);
    } catch { /* a platform without this signal */ }
  }
  return {
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

function keyOf(sig: InterruptSignal): string {
  return sig === "SIGINT" ? "Ctrl-C" : sig;
}

/**
 * Starts handling SIGINT and SIGTERM for a read-only job.
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
  const h = listen((sig) => {
    around(() =>
      err(
        `${what}: ${sig} received: stopping; devices not finished are CANCELLED, what ` +
          `finished is reported (${keyOf(sig)} again to quit at once)`,
      )
    );
    ctrl.abort(new Error(`interrupted by ${sig}`));
  }, (sig) => {
    around(() => err(`${what}: ${sig} again: quitting now, without the report`));
    Deno.exit(EXIT[sig]);
  });
  return Object.defineProperties(h, {
    signal: { value: ctrl.signal, enumerable: true },
  }) as Interrupt;
}

/**
 * Starts handling SIGINT and SIGTERM for a job that changes devices.
 *
 * @param verb The verb (`trigger load-acl`), for the messages.
 * @param what What the first signal does, for people.
 * @returns The handle: `stop` and `abandon` go to the job.
 */
export function interrupts(verb: string, what: string): Interrupts {
  const stop = new AbortController();
  const abandon = new AbortController();
  const h = listen((sig) => {
    err(
      `\n${verb}: ${sig} received: ${what} (${keyOf(sig)} again to abandon: devices left UNKNOWN)`,
    );
    stop.abort(new TriggerError("CANCELLED", `Interrupted by ${sig}`));
  }, (sig) => {
    if (abandon.signal.aborted) return;
    err(`\n${verb}: second ${sig}: ABANDONING the devices in flight`);
    abandon.abort(new TriggerError("CANCELLED", `Abandoned after a second ${sig}`));
  });
  return Object.defineProperties(h, {
    stop: { value: stop.signal, enumerable: true },
    abandon: { value: abandon.signal, enumerable: true },
  }) as Interrupts;
}

/**
 * Starts handling SIGINT and SIGTERM while an output file is written: the
 * first signal aborts `signal` (the writer then removes its temporary file
 * and throws the reason, a `CANCELLED` error); a second one quits at once.
 *
 * @param path The file being written, for the message.
 * @returns The handle; its `signal` goes to the writer.
 */
export function outputInterrupt(path: string): Interrupt {
  const ctrl = new AbortController();
  const h = listen((sig) => {
    ctrl.abort(
      new TriggerError("CANCELLED", `Interrupted by ${sig}: "${path}" not written (unchanged)`),
    );
  }, (sig) => Deno.exit(EXIT[sig]));
  return Object.defineProperties(h, {
    signal: { value: ctrl.signal, enumerable: true },
  }) as Interrupt;
}

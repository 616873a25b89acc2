/**
 * Ctrl-C and `kill` during a change (`load-acl`, `load-config --push`): the
 * first SIGINT or SIGTERM asks the run to stop cleanly (nothing new starts,
 * devices in flight end in a known state, the summary is printed); a second
 * one abandons the devices still in flight, which the verb then names as in
 * an unknown state. Without this, Deno ends the process at the first SIGINT
 * in the middle of whatever a device was being sent.
 *
 * @module
 */
import { err } from "./_io.ts";
import { TriggerError } from "../lib/errors.ts";

/** The signals a change listens to. */
export type StopSignal = "SIGINT" | "SIGTERM";

/** An installed interrupt handler. */
export interface Interrupts extends Disposable {
  /** Aborted at the first signal: stop cleanly. */
  readonly stop: AbortSignal;
  /** Aborted at the second signal: abandon what is in flight. */
  readonly abandon: AbortSignal;
  /** The first signal received, if any. */
  readonly received: StopSignal | undefined;
  /** The exit status a signal asks for (130 for SIGINT, 143 for SIGTERM), else undefined. */
  readonly exitCode: number | undefined;
}

const CODES: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Installs SIGINT/SIGTERM handlers for one run of `verb`.
 *
 * @param verb The verb (`load-acl`), for the messages.
 * @param what What the first signal does, for people (`devices being loaded finish...`).
 * @returns The handler; dispose it when the run is over.
 */
export function interrupts(verb: string, what: string): Interrupts {
  const stop = new AbortController();
  const abandon = new AbortController();
  let received: StopSignal | undefined;
  const on = (name: StopSignal) => () => {
    if (received === undefined) {
      received = name;
      err(`\n${verb}: ${name} received: ${what}. Send it again to abandon (devices left UNKNOWN)`);
      stop.abort(new TriggerError("CANCELLED", `Interrupted by ${name}`));
      return;
    }
    if (!abandon.signal.aborted) {
      err(`\n${verb}: second ${name}: ABANDONING the devices in flight`);
      abandon.abort(new TriggerError("CANCELLED", `Abandoned after a second ${name}`));
    }
  };
  const handlers = { SIGINT: on("SIGINT"), SIGTERM: on("SIGTERM") };
  for (const [name, fn] of Object.entries(handlers)) {
    Deno.addSignalListener(name as StopSignal, fn);
  }
  return {
    stop: stop.signal,
    abandon: abandon.signal,
    get received() {
      return received;
    },
    get exitCode() {
      return received === undefined ? undefined : CODES[received];
    },
    [Symbol.dispose]() {
      for (const [name, fn] of Object.entries(handlers)) {
        Deno.removeSignalListener(name as StopSignal, fn);
      }
    },
  };
}

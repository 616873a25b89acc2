/**
 * The one way library code reacts to an `AbortSignal`: run something when it
 * aborts (a disposable listener, so `using` removes it), race a promise
 * against it, and bound work by a deadline (`AbortSignal.any` with
 * `AbortSignal.timeout`). Every cancelled wait ends with
 * {@linkcode cancelledError} (`CANCELLED`, or the abort reason when that is
 * already a `TriggerError`).
 *
 * @module
 */
import { cancelledError, type TriggerError } from "../errors.ts";

/**
 * Calls `fn` once when `signal` aborts (at once when it already has).
 * Dispose the result to stop listening (`using _ = onAbort(signal, fn)`).
 *
 * @param signal The signal (none: nothing happens).
 * @param fn What to do (close a socket, abort a session...).
 * @returns A handle whose disposal removes the listener.
 */
export function onAbort(signal: AbortSignal | undefined, fn: () => void): Disposable {
  if (signal === undefined) return { [Symbol.dispose]() {} };
  if (signal.aborted) {
    fn();
    return { [Symbol.dispose]() {} };
  }
  signal.addEventListener("abort", fn, { once: true });
  return { [Symbol.dispose]: () => signal.removeEventListener("abort", fn) };
}

/**
 * Settles as `work` does, or rejects with {@linkcode cancelledError} as soon
 * as `signal` aborts (calling `undo` then, e.g. to close what `work` opens).
 *
 * @param work The promise to wait for.
 * @param signal Cancels the wait.
 * @param what What is cancelled, for the error message.
 * @param host The device concerned.
 * @param undo Called on abort.
 * @returns The value of `work`.
 */
export function raceAbort<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
  what: string,
  host?: string,
  undo?: () => void,
): Promise<T> {
  if (signal === undefined) return work;
  let handle: Disposable | undefined;
  const aborted = new Promise<never>((_, reject) => {
    handle = onAbort(signal, () => {
      undo?.();
      reject(cancelledError(signal, what, host));
    });
  });
  aborted.catch(() => {});
  return Promise.race([work, aborted]).finally(() => handle?.[Symbol.dispose]());
}

/**
 * A signal that aborts with `outer`, or after `ms` with a `TIMEOUT` error
 * built by `timeout` (so the reason says what took too long).
 *
 * @param outer The caller's signal, if any.
 * @param ms The deadline, in milliseconds.
 * @param timeout Builds the `TIMEOUT` error.
 * @returns The combined signal; its reason is `outer`'s or the timeout error.
 */
export function deadline(
  outer: AbortSignal | undefined,
  ms: number,
  timeout: () => TriggerError,
): AbortSignal {
  const ctl = new AbortController();
  const timer = AbortSignal.timeout(ms);
  const signals = outer ? [outer, timer] : [timer];
  const any = AbortSignal.any(signals);
  const relay = () => ctl.abort(timer.aborted && !outer?.aborted ? timeout() : outer?.reason);
  if (any.aborted) relay();
  else any.addEventListener("abort", relay, { once: true });
  return ctl.signal;
}

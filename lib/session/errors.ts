/**
 * Errors of the session layer.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import type { CommandResult } from "./types.ts";

/**
 * A command's output contained a failure indicator (code `COMMAND_FAILED`).
 *
 * @example Inspect the results so far
 * ```ts
 * import { CommandFailedError } from "@trigger/trigger/session";
 * import { strictEqual } from "node:assert/strict";
 *
 * const r = {
 *   command: "show foo",
 *   output: "         ^\n% Invalid input detected at '^' marker.",
 *   raw: "",
 *   failed: true,
 *   startedAt: new Date(0),
 *   elapsedMs: 3,
 * };
 * const e = new CommandFailedError("r1", [r]);
 * strictEqual(e.code, "COMMAND_FAILED");
 * strictEqual(e.result.command, "show foo");
 * strictEqual(e.message, `Command "show foo" failed on "r1": % Invalid input detected at '^' marker.`);
 * ```
 */
export class CommandFailedError extends TriggerError {
  /** Results up to and including the failed command. */
  readonly results: CommandResult[];
  /** The failed command's result. */
  readonly result: CommandResult;

  /**
   * Creates the error from the results so far.
   *
   * @param host Device name.
   * @param results Results so far; the last one failed.
   */
  constructor(host: string, results: CommandResult[]) {
    const r = results[results.length - 1]!;
    // The device's message, not the caret line that points at the bad word above it.
    const line = r.output.split("\n").find((l) => /[^\s^]/.test(l)) ?? "";
    super("COMMAND_FAILED", `Command "${r.command}" failed on "${host}": ${line.trim()}`, {
      host,
    });
    this.name = "CommandFailedError";
    this.results = results;
    this.result = r;
  }
}

/** No prompt came back in time (code `TIMEOUT`), with the last output seen. */
export class PromptTimeoutError extends TriggerError {
  /** The timeout that expired. */
  readonly timeoutMs: number;
  /** The last output seen (cleaned, bounded, secrets masked). */
  readonly tail: string;

  /**
   * Creates the error.
   *
   * @param host Device name.
   * @param what What was awaited, e.g. `the prompt after "show version"`.
   * @param timeoutMs The timeout.
   * @param tail The last output seen.
   */
  constructor(host: string, what: string, timeoutMs: number, tail: string) {
    super(
      "TIMEOUT",
      `Timed out after ${timeoutMs} ms waiting for ${what} on "${host}"; last output: ${
        JSON.stringify(tail)
      }`,
      { host },
    );
    this.name = "PromptTimeoutError";
    this.timeoutMs = timeoutMs;
    this.tail = tail;
  }
}

/**
 * The notification for a fleet job (`run-cmds`, `load-config`...) that had
 * failed devices: a summary to hand to {@linkcode notify} when the user asked
 * for notifications (e.g. `--notify`).
 *
 * @module
 */
import type { NotificationMessage } from "./types.ts";

/** One device's outcome, as Commando's stream gives it (only these fields are read). */
export type FleetOutcome =
  | { device: string; ok: true; elapsedMs?: number }
  | { device: string; ok: false; error: { code?: string; message: string }; elapsedMs?: number };

/** Options of {@linkcode fleetSummaryMessage}. */
export interface FleetSummaryOptions {
  /** The job's name in the subject, e.g. `run-cmds`. */
  job: string;
  /** Who ran it. */
  user: string;
  /**
   * The host it ran on.
   *
   * @default {undefined}
   */
  host?: string | undefined;
  /**
   * The commands run, listed in the body.
   *
   * @default {[]}
   */
  commands?: readonly string[];
  /**
   * Also build a message when no device failed (level `success`).
   *
   * @default {false}
   */
  always?: boolean;
}

/**
 * Summarizes a fleet job for {@linkcode notify}: failed devices with their
 * error code and message, then the count of the others. By default there is
 * no message (`undefined`) when every device succeeded.
 *
 * @param outcomes The devices' outcomes.
 * @param options Job name, user, host, commands and whether to report success too.
 * @returns The message, or `undefined` when there is nothing to report.
 *
 * @example Tell someone that two devices failed
 * ```ts
 * import { fleetSummaryMessage } from "@trigger/trigger/notifications";
 * import { strictEqual } from "node:assert/strict";
 *
 * const message = fleetSummaryMessage([
 *   { device: "r1", ok: true },
 *   { device: "r2", ok: false, error: { code: "TIMEOUT", message: "r2: timed out after 60s" } },
 * ], { job: "run-cmds", user: "alice", commands: ["show version"] });
 * strictEqual(message?.subject, "run-cmds: 1 of 2 device(s) failed");
 * strictEqual(message?.level, "failure");
 * strictEqual(fleetSummaryMessage([{ device: "r1", ok: true }], { job: "run-cmds", user: "alice" }), undefined);
 * ```
 */
export function fleetSummaryMessage(
  outcomes: readonly FleetOutcome[],
  options: FleetSummaryOptions,
): NotificationMessage | undefined {
  const { job, user, host, commands = [], always = false } = options;
  const failed = outcomes.filter((o) => !o.ok);
  if (failed.length === 0 && !always) return undefined;
  const ok = outcomes.length - failed.length;
  const subject = failed.length === 0
    ? `${job}: ${ok} device(s) ok`
    : `${job}: ${failed.length} of ${outcomes.length} device(s) failed`;
  const by = host === undefined ? user : `${user} on ${host}`;
  const body = [
    `${job} run by ${by}`,
    ...(commands.length ? ["", "Commands:", ...commands.map((c) => `  ${c}`)] : []),
    ...(failed.length
      ? [
        "",
        "FAILED:",
        ...failed.map((o) =>
          `  ${o.device}: ${o.error.code ? `${o.error.code}: ` : ""}${o.error.message}`
        ),
      ]
      : []),
    "",
    `${ok} device(s) ok, ${failed.length} failed`,
  ].join("\n") + "\n";
  return {
    subject,
    body,
    level: failed.length ? "failure" : "success",
    data: {
      job,
      user,
      ...(host === undefined ? {} : { host }),
      commands: [...commands],
      ok,
      failed: failed.map((o) => ({
        device: o.device,
        code: o.error.code ?? "",
        message: o.error.message,
      })),
    },
  };
}

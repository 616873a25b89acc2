/**
 * The one notification a `load-acl` run sends: devices loaded, failed and
 * skipped, with the reasons, as a {@linkcode NotificationMessage} for
 * `notify()` (which never throws: delivery failures come back as results).
 *
 * @module
 */
import type { NotificationMessage } from "../notifications/types.ts";
import type { AclLoadResult } from "./load_acl.ts";

/**
 * Summarises a run for people and machines: the subject counts, the body
 * has one line per device (failures and skips with their reason), `data`
 * the same as JSON.
 *
 * @param results The results of `loadAcls`.
 * @param context Who ran it and where (shown in the body).
 * @returns The message; level `success` when all loaded, `failure` when
 *   one failed, else `warning`.
 *
 * @example A run with a failure
 * ```ts
 * import { loadSummaryMessage } from "@trigger/trigger/changemgmt";
 * import { strictEqual } from "node:assert/strict";
 *
 * const message = loadSummaryMessage([
 *   { device: "r1", acls: ["edge"], status: "done", message: "verified edge (3 terms)", verified: [], window: "green" },
 *   { device: "r2", acls: ["edge"], status: "failed", step: "push", message: "r2: push failed: timeout", verified: [], window: "green" },
 * ], { user: "alice", host: "ops1" });
 * strictEqual(message.subject, "load-acl: 1 loaded, 1 failed, 0 skipped");
 * strictEqual(message.level, "failure");
 * ```
 */
export function loadSummaryMessage(
  results: readonly AclLoadResult[],
  context: { user: string; host?: string; ticket?: string; oncall?: string; auto?: boolean },
): NotificationMessage {
  const of = (status: AclLoadResult["status"]) => results.filter((r) => r.status === status);
  const loaded = of("done");
  const failed = of("failed");
  const skipped = of("skipped");
  const line = (r: AclLoadResult) =>
    `  ${r.device} (${r.acls.join(", ")}): ${r.step ? `${r.step}: ` : ""}${r.message}`;
  const section = (title: string, rs: readonly AclLoadResult[]) =>
    rs.length === 0 ? [] : [`${title}:`, ...rs.map(line), ""];
  const by = context.host === undefined ? context.user : `${context.user} on ${context.host}`;
  const cancelled = of("cancelled");
  const unknown = results.filter((r) => r.left === "unknown");
  const body = [
    `load-acl${context.auto ? " --auto" : ""} run by ${by}`,
    ...(context.ticket ? [`Change ticket: ${context.ticket}`] : []),
    ...(context.oncall ? [`On call: ${context.oncall}`] : []),
    "",
    ...section("STATE UNKNOWN (check these devices now)", unknown),
    ...section("FAILED", failed),
    ...section("Skipped", skipped),
    ...section("Not started", cancelled),
    ...section("Loaded and verified", loaded),
  ].join("\n").trimEnd() + "\n";
  const brief = (r: AclLoadResult) => ({
    device: r.device,
    acls: r.acls,
    ...(r.step ? { step: r.step } : {}),
    reason: r.message,
    ...(r.restore ? { restore: r.restore } : {}),
  });
  return {
    subject:
      `load-acl: ${loaded.length} loaded, ${failed.length} failed, ${skipped.length} skipped` +
      (cancelled.length ? `, ${cancelled.length} not started` : "") +
      (unknown.length ? `, ${unknown.length} UNKNOWN` : "") +
      (context.ticket ? ` (${context.ticket})` : ""),
    body,
    level: failed.length > 0 || unknown.length > 0
      ? "failure"
      : skipped.length + cancelled.length > 0
      ? "warning"
      : "success",
    data: {
      ...(context.ticket ? { ticket: context.ticket } : {}),
      loaded: loaded.map((r) => ({ device: r.device, acls: r.acls })),
      failed: failed.map(brief),
      skipped: skipped.map(brief),
      notStarted: cancelled.map(brief),
      unknown: unknown.map(brief),
    },
  };
}

/**
 * How `load-acl` reports a run to people: the result table (with what each
 * device holds now), the summary line, and the loud list of devices left in
 * an unknown state.
 *
 * @module
 */
import type { AclLoadResult } from "../../lib/changemgmt/mod.ts";

/** The table: one row per device. */
export function resultTable(results: readonly AclLoadResult[]): string {
  const rows = results.map((r) => [
    r.device,
    r.window?.toUpperCase() ?? "-",
    r.status.toUpperCase(),
    (r.left ?? "-").toUpperCase(),
    r.acls.join(","),
    r.status === "failed" ? `${r.step ?? "?"}: ${r.message}` : r.message,
  ]);
  const head = ["DEVICE", "WINDOW", "RESULT", "HOLDS", "ACLS", "DETAIL"];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((r) =>
    r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(width[i]!))).join("  ")
  ).join("\n");
}

/** `4 devices: 2 loaded, 1 failed, 1 skipped, 0 not started` (and the unknown ones). */
export function summaryLine(results: readonly AclLoadResult[]): string {
  const n = (s: AclLoadResult["status"]) => results.filter((r) => r.status === s).length;
  const unknown = results.filter((r) => r.left === "unknown").length;
  return `${results.length} device(s): ${n("done")} loaded, ${n("failed")} failed, ` +
    `${n("skipped")} skipped, ${n("cancelled")} not started` +
    (unknown ? `; ${unknown} in an UNKNOWN state` : "");
}

/** The lines naming every device whose state is unknown (empty when none). */
export function unknownWarnings(results: readonly AclLoadResult[]): string[] {
  return results.filter((r) => r.left === "unknown").map((r) =>
    `!!! ${r.device}: state UNKNOWN (${
      r.acls.join(", ")
    } may be missing or partial): ${r.message}` +
    (r.backup ? `; previous lists in ${r.backup}` : "") + " !!!"
  );
}

/** The lines naming devices whose queue entries or log records could not be written. */
export function recordWarnings(results: readonly AclLoadResult[]): string[] {
  return results.filter((r) => r.recordError !== undefined).map((r) =>
    `${r.device}: the queue or the log was not updated: ${r.recordError}`
  );
}

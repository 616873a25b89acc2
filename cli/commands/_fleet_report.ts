/**
 * Text tables for the fleet verbs: the per-device summary of a Commando run,
 * and a generic column-aligned table.
 *
 * @module
 */
import type { DeviceOutcome } from "../../lib/commando/commando.ts";

/** Aligns rows under a header; the last column is not padded. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  // a loop, never Math.max(...rows): one argument per device overflowed the stack
  const widths = header.map((h, i) =>
    rows.reduce((w, r) => Math.max(w, (r[i] ?? "").length), h.length)
  );
  const line = (r: readonly string[]) =>
    r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** The summary of a run: one row per device (device, status, elapsed, error code), then totals. */
export function summaryTable(outcomes: readonly DeviceOutcome[]): string {
  const sorted = [...outcomes].sort((a, b) => (a.device < b.device ? -1 : 1));
  const rows = sorted.map((o) => [
    o.device,
    o.ok ? "ok" : "FAILED",
    `${(o.elapsedMs / 1000).toFixed(2)}s`,
    o.ok ? "" : o.error.code,
  ]);
  const failed = outcomes.filter((o) => !o.ok).length;
  return `\n${table(["DEVICE", "STATUS", "ELAPSED", "ERROR"], rows)}\n\n` +
    `${outcomes.length} device(s): ${outcomes.length - failed} ok, ${failed} failed`;
}

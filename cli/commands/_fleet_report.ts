/**
 * Reports of the fleet verbs: the per-device summary of a Commando run (why
 * each device failed), its `--json` document, and a column-aligned table.
 *
 * @module
 */
import type { CommandOutput, DeviceOutcome } from "../../lib/commando/commando.ts";

/**
 * Aligns rows under a header; the last column is not padded, and its rule
 * is at most 40 wide (long reasons would wrap it on a terminal).
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  // a loop, never Math.max(...rows): one argument per device overflowed the stack
  const widths = header.map((h, i) =>
    rows.reduce((w, r) => Math.max(w, (r[i] ?? "").length), h.length)
  );
  const line = (r: readonly string[]) =>
    r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd();
  const rule = widths.map((w, i) =>
    "-".repeat(i === widths.length - 1 ? Math.min(w, Math.max(40, header[i]!.length)) : w)
  );
  return [line(header), line(rule), ...rows.map(line)].join("\n");
}

/** `ok`, `FAILED`, or `CANCELLED` (the job was stopped before the device finished). */
export function outcomeStatus(o: DeviceOutcome): "ok" | "FAILED" | "CANCELLED" {
  if (o.ok) return "ok";
  return o.error.code === "CANCELLED" ? "CANCELLED" : "FAILED";
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, " | ").trim();

/** One command's result in `--json`: command, output, and `failed` / `parsed` when set. */
function jsonResult(r: CommandOutput): Record<string, unknown> {
  return {
    command: r.command,
    output: r.output,
    ...(r.failed ? { failed: true } : {}),
    ...(r.parsed !== undefined ? { parsed: r.parsed } : {}),
  };
}

/**
 * The `--json` document of a fleet job: `results[device]` lists every
 * command's output in the order sent (repeats included) for the devices that
 * succeeded; `errors[device]` gives the code, the message, the command it
 * failed on and what came back before, for the others; `interrupted` names
 * the signal that stopped the job. Devices are in name order.
 */
export function jsonReport(
  outcomes: readonly DeviceOutcome[],
  interrupted: string | undefined,
): Record<string, unknown> {
  const results: Record<string, unknown> = {};
  const errors: Record<string, unknown> = {};
  const sorted = [...outcomes].sort((a, b) => (a.device < b.device ? -1 : 1));
  for (const r of sorted) {
    if (r.ok) {
      results[r.device] = r.results.map(jsonResult);
      continue;
    }
    errors[r.device] = {
      code: r.error.code,
      message: r.error.message,
      ...(r.command === undefined ? {} : { command: r.command }),
      ...(r.results.length ? { results: r.results.map(jsonResult) } : {}),
    };
  }
  return { results, errors, ...(interrupted ? { interrupted } : {}) };
}

/**
 * Why a device failed, on one line: the error code, the command it failed
 * on (when the message does not already name it), and the message, which
 * says what to do where the toolkit knows (`trigger tacacsrc set ...`). For a
 * device that succeeded with commands the device refused (`--with-errors`),
 * which commands those were.
 */
export function outcomeReason(o: DeviceOutcome): string {
  if (o.ok) {
    const refused = o.results.filter((r) => r.failed);
    if (refused.length === 0) return "";
    const names = refused.map((r) => JSON.stringify(r.command)).join(", ");
    return `${refused.length} command(s) answered with an error: ${names}`;
  }
  const { code, message } = o.error;
  const at = o.command !== undefined && !message.includes(`"${o.command}"`)
    ? ` on command ${JSON.stringify(o.command)}`
    : "";
  return `${code}${at}: ${oneLine(message)}`;
}

/**
 * The summary of a run: one row per device (device, status, elapsed, and
 * why it failed), then the totals.
 */
export function summaryTable(outcomes: readonly DeviceOutcome[]): string {
  const sorted = [...outcomes].sort((a, b) => (a.device < b.device ? -1 : 1));
  const rows = sorted.map((o) => [
    o.device,
    outcomeStatus(o),
    `${(o.elapsedMs / 1000).toFixed(2)}s`,
    outcomeReason(o),
  ]);
  const count = (s: string) => outcomes.filter((o) => outcomeStatus(o) === s).length;
  const cancelled = count("CANCELLED");
  return `\n${table(["DEVICE", "STATUS", "ELAPSED", "WHY"], rows)}\n\n` +
    `${outcomes.length} device(s): ${count("ok")} ok, ${count("FAILED")} failed` +
    (cancelled ? `, ${cancelled} cancelled` : "");
}

/**
 * Bounce status: how risky a change is at a given time. `green` (low risk) is
 * better than `yellow`, which is better than `red` (high risk).
 *
 * @module
 */

/** A maintenance-window colour. */
export type BounceStatus = "green" | "yellow" | "red";

/** All colours, from least to most risky. */
export const BOUNCE_STATUSES: readonly BounceStatus[] = ["green", "yellow", "red"];

const RANK: Record<BounceStatus, number> = { green: 0, yellow: 1, red: 2 };

/**
 * Compares two colours by risk.
 *
 * @param a A colour.
 * @param b Another colour.
 * @returns A negative number when `a` is less risky than `b`, 0 when equal, positive otherwise.
 *
 * @example Order colours
 * ```ts
 * import { compareStatus } from "@trigger/trigger/changemgmt";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(["red", "green", "yellow"].sort((a, b) => compareStatus(a as "red", b as "red")), [
 *   "green",
 *   "yellow",
 *   "red",
 * ]);
 * ```
 */
export function compareStatus(a: BounceStatus, b: BounceStatus): number {
  return RANK[a] - RANK[b];
}

/**
 * Parses a colour name (case-insensitive).
 *
 * @param value The text to parse.
 * @param where Where the value came from, for the error message.
 * @returns The colour.
 * @throws {TypeError} When the text is not `green`, `yellow` or `red`.
 *
 * @example Parse a colour
 * ```ts
 * import { parseStatus } from "@trigger/trigger/changemgmt";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(parseStatus("Green"), "green");
 * ```
 */
export function parseStatus(value: unknown, where = "status"): BounceStatus {
  const s = typeof value === "string" ? value.toLowerCase() : "";
  if (s === "green" || s === "yellow" || s === "red") return s;
  throw new TypeError(
    `Cannot use ${where} as it must be "green", "yellow" or "red": current value is ${
      JSON.stringify(value)
    }`,
  );
}

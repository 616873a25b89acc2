/**
 * Redundancy groups: devices that back each other up (the two routers of a
 * pair) must never be loaded at the same time. A group is named by an
 * inventory field (`redundancyGroup: "nyc-core"`) or by a regex on the
 * device name (`^(.*)-[ab]$`: `core1-a` and `core1-b` are one group).
 *
 * @module
 */
import { TriggerError } from "../errors.ts";

/** How groups are found (the settings `redundancyGroupField` and `redundancyGroupPattern`). */
export interface RedundancyOptions {
  /** An inventory field; devices with the same non-empty value are one group. */
  field?: string | null | undefined;
  /** A regex on the device name; its first group (or the whole match) names the group. */
  pattern?: string | null | undefined;
}

/**
 * The function that gives a device's redundancy group (the field first,
 * then the pattern), or `undefined` when no group is configured.
 *
 * @param options The field and/or the pattern.
 * @returns The group of a device (`undefined`: it has none).
 * @throws {TriggerError} `SETTINGS_INVALID` when the pattern is not a valid regex.
 *
 * @example Pairs by name
 * ```ts
 * import { redundancyGroup } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * const group = redundancyGroup({ pattern: "^(.*)-[ab]$" })!;
 * strictEqual(group({ nodeName: "core1-a" }), group({ nodeName: "core1-b" }));
 * strictEqual(group({ nodeName: "edge9" }), undefined);
 * ```
 */
export function redundancyGroup(
  options: RedundancyOptions,
): ((device: { nodeName: string }) => string | undefined) | undefined {
  const { field, pattern } = options;
  if (!field && !pattern) return undefined;
  let re: RegExp | undefined;
  if (pattern) {
    try {
      re = new RegExp(pattern);
    } catch (e) {
      throw new TriggerError(
        "SETTINGS_INVALID",
        `Cannot use the redundancy pattern ${JSON.stringify(pattern)}: ${(e as Error).message}`,
      );
    }
  }
  return (device) => {
    if (field) {
      const v = (device as unknown as Record<string, unknown>)[field];
      if (v !== undefined && v !== null && String(v) !== "") return `${field}=${String(v)}`;
    }
    const m = re?.exec(device.nodeName);
    return m ? `name:${m[1] ?? m[0]}` : undefined;
  };
}

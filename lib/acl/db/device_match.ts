/**
 * One way to say "which devices" in data files (bounce rules, autoacl rules):
 * an object of field tests, all of which must hold.
 *
 * @module
 */
import { TriggerError } from "../../errors.ts";

/**
 * Any inventory record: a plain object with a name and any fields, or a
 * `NetDevice` (whose fields are read by name, getters included).
 */
export type DeviceRecord =
  | { readonly nodeName: string; readonly [field: string]: unknown }
  | { readonly nodeName: string; readonly fields: Readonly<Record<string, string>> };

/**
 * A match spec: `name` is a case-insensitive regular expression on the device
 * name; any other key compares case-insensitively with the device's field of
 * that name. A list means any of its values.
 */
export type DeviceMatchSpec = Record<string, string | string[]>;

/**
 * Compiles a match spec into a predicate, validating it.
 *
 * @param spec The spec.
 * @param path Its JSON path, for errors.
 * @returns A predicate over device records.
 * @throws {TriggerError} `SETTINGS_INVALID` naming the path of a bad value.
 */
export function compileDeviceMatch(spec: unknown, path: string): (d: DeviceRecord) => boolean {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    throw new TriggerError(
      "SETTINGS_INVALID",
      `Cannot use ${path}: expected an object, got ${JSON.stringify(spec)}`,
    );
  }
  const tests = Object.entries(spec).map(([key, want]): (d: DeviceRecord) => boolean => {
    const wants = Array.isArray(want) ? want : [want];
    if (wants.some((w) => typeof w !== "string")) {
      throw new TriggerError(
        "SETTINGS_INVALID",
        `Cannot use ${path}.${key}: expected a string or a list of strings, got ${
          JSON.stringify(want)
        }`,
      );
    }
    if (key === "name") {
      const res = wants.map((w) => {
        try {
          return new RegExp(w, "i");
        } catch {
          throw new TriggerError(
            "SETTINGS_INVALID",
            `Cannot use ${path}.name: expected a valid regular expression, got ${
              JSON.stringify(w)
            }`,
          );
        }
      });
      return (d) => res.some((re) => re.test(d.nodeName));
    }
    const lower = new Set(wants.map((w) => w.toLowerCase()));
    return (d) => {
      const v = (d as unknown as Record<string, unknown>)[key];
      return v !== undefined && v !== null && lower.has(String(v).toLowerCase());
    };
  });
  return (d) => tests.every((t) => t(d));
}

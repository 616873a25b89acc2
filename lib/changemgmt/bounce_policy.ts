/**
 * Which maintenance window applies to which device: rules by site, vendor,
 * type, team or name pattern, read from a JSON bounce file (`BOUNCE_FILE`).
 * The file is data, never code.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import {
  compileDeviceMatch,
  type DeviceMatchSpec,
  type DeviceRecord,
} from "../acl/db/device_match.ts";
import { BounceWindow } from "./bounce_window.ts";
import type { BounceStatus } from "./status.ts";
import { invalid, parseTimeZone, type WindowSpec } from "./window_spec.ts";

/** The fields of a device that rules can match (any inventory record fits). */
export type BounceDevice = DeviceRecord;

/** One rule: when every `match` key fits the device, `window` applies. */
export interface BounceRuleSpec {
  /**
   * Keys to match: `name` is a case-insensitive regular expression on the
   * device name; any other key compares case-insensitively with the
   * device's field of that name (a list means any of them).
   */
  match: DeviceMatchSpec;
  /** A window name from `windows`, or a window written in place. */
  window: string | WindowSpec;
}

/** The bounce file. */
export interface BounceFileSpec {
  /** Zone for windows that name none. @default {"America/New_York"} */
  timeZone?: string;
  /** Named windows. */
  windows?: Record<string, WindowSpec>;
  /** The window of devices no rule matches: a name or a window. */
  default?: string | WindowSpec;
  /** Rules, first match wins. */
  rules?: BounceRuleSpec[];
  /** Freezes added to every window. */
  freezes?: WindowSpec["freezes"];
  /** Moratoria added to every window. */
  moratoria?: WindowSpec["moratoria"];
}

/**
 * What the settings give a bounce file that leaves them out
 * (`bounceDefaultTimezone`, `bounceDefaultColor`).
 */
export interface BounceDefaults {
  /** Zone of windows that name none. @default {"America/New_York"} */
  defaultTimeZone?: string;
  /** Colour of hours no window names, and of the built-in weekend moratorium. @default {"red"} */
  defaultColor?: BounceStatus;
}

interface Rule {
  match: (d: DeviceRecord) => boolean;
  window: BounceWindow;
}

/**
 * Maps devices to their maintenance windows.
 *
 * @example Rules by site with a fallback
 * ```ts
 * import { BouncePolicy } from "@trigger/trigger/changemgmt";
 * import { strictEqual } from "node:assert/strict";
 *
 * const policy = BouncePolicy.from({
 *   windows: { lon: { timeZone: "Europe/London", green: "2-5", yellow: "6-8" } },
 *   default: { green: "5-7" },
 *   rules: [{ match: { site: "LON" }, window: "lon" }],
 * });
 * strictEqual(policy.windowFor({ nodeName: "r1.lon", site: "lon" }).timeZone, "Europe/London");
 * strictEqual(policy.windowFor({ nodeName: "r2.nyc", site: "nyc" }).timeZone, "America/New_York");
 * ```
 */
export class BouncePolicy {
  readonly #rules: Rule[];
  readonly #default: BounceWindow;
  /** Where the policy came from: a file path, or `"built-in"`. */
  readonly source: string;

  private constructor(rules: Rule[], fallback: BounceWindow, source: string) {
    this.#rules = rules;
    this.#default = fallback;
    this.source = source;
  }

  /**
   * Builds a policy from a parsed bounce file, validating every field.
   *
   * @param spec The bounce file's content.
   * @param file The file's path, for errors.
   * @param defaults The settings' zone and colour for what the file leaves out.
   * @returns The policy.
   * @throws {TriggerError} `SETTINGS_INVALID` naming the JSON path of the bad field.
   */
  static from(spec: BounceFileSpec, file?: string, defaults?: BounceDefaults): BouncePolicy {
    try {
      return BouncePolicy.#build(spec, file ?? "built-in", defaults ?? {});
    } catch (e) {
      if (e instanceof TriggerError && file) {
        throw new TriggerError(e.code, `${e.message} (in "${file}")`, { cause: e });
      }
      throw e;
    }
  }

  static #build(spec: BounceFileSpec, source: string, defaults: BounceDefaults): BouncePolicy {
    if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
      invalid("the bounce file", "an object", spec);
    }
    const known = new Set(["timeZone", "windows", "default", "rules", "freezes", "moratoria"]);
    for (const k of Object.keys(spec)) if (!known.has(k)) invalid(k, "no such key", k);
    const defaultTimeZone = parseTimeZone(
      spec.timeZone ?? defaults.defaultTimeZone ?? "America/New_York",
      "timeZone",
    );
    const color = defaults.defaultColor;
    const make = (w: WindowSpec, path: string) =>
      BounceWindow.from({
        ...(color === undefined ? {} : { default: color }),
        ...w,
        moratoria: [...(w.moratoria ?? []), ...(spec.moratoria ?? [])],
        freezes: [...(w.freezes ?? []), ...(spec.freezes ?? [])],
      }, { defaultTimeZone, path });
    const named = new Map<string, BounceWindow>();
    for (const [name, w] of Object.entries(spec.windows ?? {})) {
      named.set(name, make(w, `windows.${name}`));
    }
    const resolve = (w: string | WindowSpec, path: string): BounceWindow => {
      if (typeof w === "string") {
        return named.get(w) ??
          invalid(path, `one of the windows (${[...named.keys()].join(", ")})`, w);
      }
      return make(w, path);
    };
    const fallback = spec.default === undefined
      ? BounceWindow.original(defaultTimeZone, color)
      : resolve(spec.default, "default");
    const rules = (spec.rules ?? []).map((r, i): Rule => ({
      match: compileDeviceMatch(r?.match, `rules[${i}].match`),
      window: resolve(r.window, `rules[${i}].window`),
    }));
    return new BouncePolicy(rules, fallback, source);
  }

  /**
   * Reads a bounce file (path from the argument, else `BOUNCE_FILE`); with
   * neither, the built-in policy reproduces the original's default window.
   *
   * @param path The file to read.
   * @param defaults The settings' zone and colour for what the file leaves out.
   * @returns The policy.
   * @throws {TriggerError} `SETTINGS_INVALID` for unreadable or invalid files.
   */
  static async load(path?: string, defaults?: BounceDefaults): Promise<BouncePolicy> {
    const file = path ?? Deno.env.get("BOUNCE_FILE");
    if (!file) return BouncePolicy.from({});
    let text: string;
    try {
      text = await Deno.readTextFile(file);
    } catch (e) {
      throw new TriggerError(
        "SETTINGS_INVALID",
        `Cannot read bounce file "${file}": ${(e as Error).message}`,
        {
          cause: e,
        },
      );
    }
    let spec: BounceFileSpec;
    try {
      spec = JSON.parse(text);
    } catch (e) {
      throw new TriggerError(
        "SETTINGS_INVALID",
        `Cannot parse bounce file "${file}": ${(e as Error).message}`,
        {
          cause: e,
        },
      );
    }
    return BouncePolicy.from(spec, file, defaults);
  }

  /**
   * The window of a device: the first rule that matches, else the default.
   *
   * @param device The device's inventory fields.
   * @returns Its window.
   */
  windowFor(device: BounceDevice): BounceWindow {
    for (const rule of this.#rules) {
      if (rule.match(device)) return rule.window;
    }
    return this.#default;
  }
}

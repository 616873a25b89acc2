/**
 * `DeviceLookupError`: a device name that matched no device, or several.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";

/**
 * The error of a name lookup that found no device, or several: carries the
 * candidate names.
 *
 * @example An ambiguous name
 * ```ts
 * import { DeviceLookupError, NetDevices } from "@trigger/trigger/netdevices";
 * import { deepStrictEqual, throws } from "node:assert/strict";
 *
 * const nd = NetDevices.fromRecords([{ nodeName: "r1.nyc.example.net" }, { nodeName: "r1.lon.example.net" }]);
 * throws(() => nd.find("r1"), (e) => {
 *   deepStrictEqual((e as DeviceLookupError).candidates, ["r1.lon.example.net", "r1.nyc.example.net"]);
 *   return e instanceof DeviceLookupError && e.ambiguous && e.code === "DEVICE_NOT_FOUND";
 * });
 * ```
 */
export class DeviceLookupError extends TriggerError {
  /** Candidate device keys, best first. */
  readonly candidates: readonly string[];
  /** Whether the name matched several devices (rather than none). */
  readonly ambiguous: boolean;

  /**
   * Creates the error.
   *
   * @param name The name looked up.
   * @param candidates Candidate device keys.
   * @param ambiguous Whether several devices matched.
   */
  constructor(name: string, candidates: readonly string[], ambiguous: boolean) {
    const list = candidates.map((c) => `"${c}"`).join(", ");
    super(
      "DEVICE_NOT_FOUND",
      ambiguous
        ? `Cannot choose device "${name}": it matches ${list}`
        : `Cannot find device "${name}"${list ? `; did you mean ${list}?` : ""}`,
      { host: name },
    );
    this.name = "DeviceLookupError";
    this.candidates = candidates;
    this.ambiguous = ambiguous;
  }
}

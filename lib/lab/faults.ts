/**
 * Faults a lab device can be told to show, so that clients can be tested
 * against the failures real networks produce, and the `--faults` spec that
 * assigns them from the command line.
 *
 * @module
 */

/** Misbehaviour of one emulated device. Every field is off by default. */
export interface LabFaults {
  /** The device rejects the lab's password (SSH and Telnet). */
  wrongPassword?: boolean;
  /** The connection is cut after this many bytes were sent to the client. */
  disconnectAfterBytes?: number;
  /**
   * `"connect"`: accept TCP and never say anything; `"login"`: log in, then
   * never print a prompt or answer.
   */
  hang?: "connect" | "login";
  /** Output is sent at this many bytes per second. */
  slowOutput?: number;
  /**
   * Random bytes (control characters, high bytes, escapes) before the first
   * prompt; or, given as text, exactly these characters (a test's stray escape).
   */
  garbage?: boolean | string;
  /** Nothing listens on the device's ports (connection refused). */
  refused?: boolean;
  /** The paging command is accepted but paging stays on. */
  stickyPager?: boolean;
  /** SSH offers only legacy algorithms (group14-sha1, aes128-cbc, hmac-sha1, ssh-rsa). */
  legacyAlgorithms?: boolean;
  /**
   * NETCONF `load-configuration`/`edit-config`/`commit` answer an `rpc-error`;
   * CLI configuration lines answer the platform's invalid-input error.
   */
  rejectConfig?: boolean;
  /**
   * Configuration lines containing this text are acknowledged like any
   * other but never stored (a device that silently drops what it does not
   * support): a load reads back different from what was sent.
   */
  ignoreConfig?: string;
  /**
   * The connection drops while configuration is being pushed (third config
   * line, or NETCONF load); `"once"`: only the first time on this device (the
   * line comes back, later sessions work).
   */
  disconnectMidPush?: boolean | "once";
  /**
   * The device stops answering (the connection stays open) at the third
   * configuration line; `"once"`: only the first time on this device.
   */
  hangMidPush?: boolean | "once";
  /**
   * Junos: while a `commit confirmed` waits for its confirmation, new SSH
   * connections are refused (as when the commit cut the management path);
   * they are accepted again once it is confirmed or rolled back.
   */
  refuseAfterCommit?: boolean;
}

const struck = new WeakMap<object, Set<string>>();

/**
 * Whether a mid-push fault (`disconnectMidPush`, `hangMidPush`) strikes this
 * push: always for `true`, the first time per device for `"once"`.
 *
 * @param device The emulated device (the identity the `"once"` state is kept for).
 * @param faults Its faults.
 * @param fault Which fault (default `disconnectMidPush`).
 * @returns True when it strikes now.
 */
export function midPushDrop(
  device: object,
  faults: LabFaults,
  fault: "disconnectMidPush" | "hangMidPush" = "disconnectMidPush",
): boolean {
  const mode = faults[fault];
  if (mode === true) return true;
  const seen = struck.get(device) ?? new Set<string>();
  if (mode !== "once" || seen.has(fault)) return false;
  struck.set(device, seen.add(fault));
  return true;
}

/** The fault names, as accepted by {@linkcode parseFaultSpec}. */
export const FAULT_NAMES: readonly (keyof LabFaults)[] = [
  "wrongPassword",
  "disconnectAfterBytes",
  "hang",
  "slowOutput",
  "garbage",
  "refused",
  "stickyPager",
  "legacyAlgorithms",
  "rejectConfig",
  "ignoreConfig",
  "disconnectMidPush",
  "hangMidPush",
  "refuseAfterCommit",
];

/** One entry of a fault spec: a fault for `count` devices. */
export interface FaultAssignment {
  /** The faults. */
  faults: LabFaults;
  /** How many devices get them. */
  count: number;
}

/**
 * Parses `name[=value][@count],...`, e.g. `wrongPassword,slowOutput=200@3,hang=login`.
 *
 * @throws {RangeError} on an unknown name or a bad value
 */
export function parseFaultSpec(spec: string): FaultAssignment[] {
  const out: FaultAssignment[] = [];
  for (const part of spec.split(",").map((s) => s.trim()).filter((s) => s !== "")) {
    const m = /^([A-Za-z]+)(?:=([^@]+))?(?:@(\d+))?$/.exec(part);
    if (m === null) {
      throw new RangeError(`Cannot parse fault "${part}": expected name[=value][@count]`);
    }
    const name = m[1]! as keyof LabFaults;
    if (!FAULT_NAMES.includes(name)) {
      throw new RangeError(
        `Cannot use fault "${name}": known faults are ${FAULT_NAMES.join(", ")}`,
      );
    }
    const value = m[2];
    const count = m[3] === undefined ? 1 : Number(m[3]);
    const faults: LabFaults = {};
    if (name === "disconnectAfterBytes" || name === "slowOutput") {
      const n = Number(value ?? (name === "slowOutput" ? "200" : "512"));
      if (!Number.isInteger(n) || n <= 0) {
        throw new RangeError(`Cannot use fault "${name}": value must be a positive integer`);
      }
      faults[name] = n;
    } else if ((name === "disconnectMidPush" || name === "hangMidPush") && value !== undefined) {
      if (value !== "once") {
        throw new RangeError(`Cannot use fault "${name}": value must be "once"`);
      }
      faults[name] = "once";
    } else if (name === "ignoreConfig") {
      if (value === undefined || value === "") {
        throw new RangeError(`Cannot use fault "ignoreConfig": give the text of the lines to drop`);
      }
      faults.ignoreConfig = value;
    } else if (name === "hang") {
      if (value !== undefined && value !== "connect" && value !== "login") {
        throw new RangeError(`Cannot use fault "hang": value must be "connect" or "login"`);
      }
      faults.hang = value === "login" ? "login" : "connect";
    } else {
      faults[name] = true;
    }
    out.push({ faults, count });
  }
  return out;
}

/** Random bytes of the kind a noisy line or a confused terminal server produces. */
export function garbageBytes(length = 64): Uint8Array {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  bytes[0] = 0x1b;
  bytes[1] = 0x5b;
  bytes[2] = 0x3f;
  return bytes;
}

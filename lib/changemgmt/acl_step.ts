/**
 * The steps of loading ACLs on one device, and the error that names the
 * step a load failed at.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";

/** A step of an ACL load, in the order they run. */
export type AclLoadStep =
  | "read"
  | "convert"
  | "connect"
  | "backup"
  | "push"
  | "commit"
  | "probe"
  | "verify"
  | "confirm"
  | "save"
  | "restore";

/** What became of the previous lists after a failed IOS-like load. */
export interface AclRestore {
  /** True when the previous lists were written back and read back identical. */
  ok: boolean;
  /** For people: what was restored, or why it could not be. */
  message: string;
}

/**
 * What a device holds after a load: the new lists (verified), the previous
 * ones (never changed, put back and read back, or rolled back by the
 * device), or an unknown state (the restore failed, or the run was
 * abandoned mid-change).
 */
export type AclDeviceState = "new" | "previous" | "unknown";

/** An ACL load that failed at a step (the cause's code is kept). */
export class AclLoadError extends TriggerError {
  /** Where it failed. */
  readonly step: AclLoadStep;
  /** IOS-like: the attempt to put the previous lists back, when one was made. */
  restore?: AclRestore;
  /** What the device holds, when the failure knows better than its step. */
  left?: AclDeviceState;

  /**
   * Wraps a failure.
   *
   * @param step The step.
   * @param host The device.
   * @param message What happened.
   * @param cause The underlying error.
   */
  constructor(step: AclLoadStep, host: string, message: string, cause?: unknown) {
    const code = cause instanceof TriggerError ? cause.code : "JOB_FAILED";
    super(code, message, cause === undefined ? { host } : { host, cause });
    this.name = "AclLoadError";
    this.step = step;
  }
}

/**
 * Runs one step; any failure becomes an {@linkcode AclLoadError} naming it.
 *
 * @param step The step.
 * @param host The device.
 * @param fn The work.
 * @returns What the work returned.
 * @throws {AclLoadError} When the work fails.
 */
export async function runAclStep<T>(
  step: AclLoadStep,
  host: string,
  fn: () => Promise<T> | T,
): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AclLoadError) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new AclLoadError(step, host, `${host}: ${step} failed: ${why}`, e);
  }
}

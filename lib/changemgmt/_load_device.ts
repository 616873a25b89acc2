/**
 * One device's ACL load inside a run (private): the signals that bound it,
 * the moment it starts to change (backup file, change record, queue entries
 * in progress: all durable first), and the state it is left in.
 *
 * Three ways a load can be stopped:
 * - the run stops cleanly (first Ctrl-C): before the first change the load
 *   ends at once, nothing changed; after it, the load runs to its end (new
 *   lists verified, or the previous ones put back and read back);
 * - the device's time limit: the load is aborted and, past the first change,
 *   the previous lists are put back (with their own time limit);
 * - the run is abandoned (second Ctrl-C): everything is aborted; a device
 *   that had begun changing is left in an unknown state, and says so.
 *
 * @module
 */
import { cancelledError, TriggerError } from "../errors.ts";
import { onAbort } from "../_util/abort.ts";
import type { Acl } from "../acl/acl.ts";
import type { QueueEntry } from "../acl/db/store.ts";
import { deviceTarget, openPlannedNetconf, planConnection } from "../session/plan.ts";
import type { SessionOptions } from "../session/types.ts";
import { hostKeyOptionsOf } from "../transport/host_key_policy.ts";
import type { AclLoadTarget, PlannedLoad } from "./acl_plan.ts";
import { aclDeviceKind, renderAcl, type RenderedAcl } from "./acl_platforms.ts";
import { pushAclsCli } from "./acl_push_ios.ts";
import { pushAclsNetconf } from "./acl_push_junos.ts";
import { type AclDeviceState, AclLoadError, type AclLoadStep } from "./acl_step.ts";
import type { AclComparison } from "./acl_verify.ts";
import type { LoadTracker } from "./_load_tracker.ts";
import type { LoadAclsOptions } from "./load_acl.ts";

/** The options a device load reads. */
export type DeviceLoadOptions = LoadAclsOptions;

/** The run around one device. */
export interface DeviceRun {
  /** The run's id (names configuration sessions). */
  id: string;
  /** Aborted when the run stops cleanly. */
  stop: AbortSignal;
  /** Aborted when the run is abandoned. */
  abandon: AbortSignal;
  /** Records and queue. */
  tracker: LoadTracker;
}

/** What became of one device (the run adds the window colour). */
export interface DeviceOutcome {
  status: "done" | "failed" | "cancelled";
  message: string;
  step?: AclLoadStep;
  verified: { acl: string; terms: number }[];
  left: AclDeviceState;
  backup?: string;
  restore?: { ok: boolean; message: string };
  /** The entries to settle (the planned ones, or those created for a load by name). */
  entries: QueueEntry[];
  /** Whether the entries were marked in progress (then they must be settled). */
  marked: boolean;
}

/** Renders every ACL of a load for its device. */
export function renderLoad(
  load: PlannedLoad<AclLoadTarget>,
  acls: ReadonlyMap<string, Acl>,
): RenderedAcl[] {
  const d = load.device;
  const kind = aclDeviceKind(d);
  return load.acls.map((name) => {
    try {
      return renderAcl(acls.get(name)!, name, kind);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new AclLoadError(
        "convert",
        d.nodeName,
        `${d.nodeName}: convert failed for ${name}: ${why}`,
        e,
      );
    }
  });
}

/**
 * Loads one device; never throws (every failure is an outcome).
 *
 * @param load The planned load.
 * @param rendered Its ACLs in the device's format.
 * @param options Credentials, limits, host keys.
 * @param run The run's signals and tracker.
 * @returns The outcome.
 */
export async function loadDevice(
  load: PlannedLoad<AclLoadTarget>,
  rendered: readonly RenderedAcl[],
  options: DeviceLoadOptions,
  run: DeviceRun,
): Promise<DeviceOutcome> {
  const d = load.device;
  const host = d.nodeName;
  const limit = options.timeoutMs ?? 300_000;
  const restoreLimit = options.restoreTimeoutMs ?? 60_000;
  const work = new AbortController();
  const restore = new AbortController();
  let changing = false;
  let backup: string | undefined;
  let entries = load.entries;
  let marked = false;
  let stepNow: AclLoadStep = "connect";
  const timer = setTimeout(() => {
    work.abort(
      new TriggerError("TIMEOUT", `${host}: cannot finish loading within ${limit} ms`, { host }),
    );
  }, limit);
  let restoreTimer: ReturnType<typeof setTimeout> | undefined;
  const onStop = () => {
    if (!changing) work.abort(cancelled(host, "stopped before any change"));
  };
  const onAbandon = () => {
    const why = cancelled(host, `abandoned during ${stepNow}`);
    work.abort(why);
    restore.abort(why);
  };
  using _stop = onAbort(run.stop, onStop);
  using _abandon = onAbort(run.abandon, onAbandon);
  const onStep = async (step: AclLoadStep) => {
    stepNow = step;
    if (step === "restore") {
      restoreTimer = setTimeout(() => {
        restore.abort(
          new TriggerError("TIMEOUT", `${host}: cannot restore within ${restoreLimit} ms`, {
            host,
          }),
        );
      }, restoreLimit);
    }
    // once the device is changing, a broken log must not stop it halfway
    await run.tracker.step(host, step).catch((e) => {
      if (!changing) throw e;
    });
  };
  const beforeChange = async (previous: readonly string[]) => {
    if (run.stop.aborted) throw cancelled(host, "stopped before any change");
    try {
      const begun = await run.tracker.beginChange(
        host,
        d.platform ?? d.vendor ?? "unknown",
        rendered.map((a, i) => ({ name: a.name, text: previous[i] ?? "" })),
        {
          marked: (list) => {
            marked = list.length > 0;
            if (marked) entries = list;
          },
          commit: () => {
            if (run.stop.aborted) throw cancelled(host, "stopped before any change");
            work.signal.throwIfAborted();
            // committed: a clean stop from now on lets this load finish
            changing = true;
          },
        },
      );
      backup = begun.backup;
    } catch (e) {
      changing = false;
      throw e;
    }
  };
  const base = { entries, verified: [] as { acl: string; terms: number }[] };
  try {
    const comparisons = await push(load, rendered, options, {
      session: `trg-${run.id}`,
      work: work.signal,
      restore: restore.signal,
      onStep,
      beforeChange,
    });
    const verified = comparisons.map((c, i) => ({ acl: load.acls[i]!, terms: c.terms }));
    const note = verified.map((v) => `${v.acl} (${v.terms} terms)`).join(", ");
    return {
      ...base,
      entries,
      marked,
      status: "done",
      message: `verified ${note}`,
      verified,
      left: "new",
      ...(backup ? { backup } : {}),
    };
  } catch (e) {
    const error = e instanceof AclLoadError
      ? e
      : new AclLoadError(stepNow, host, `${host}: ${e instanceof Error ? e.message : e}`, e);
    const left: AclDeviceState = !changing
      ? "previous"
      : error.left ?? (error.restore?.ok ? "previous" : "unknown");
    const notStarted = !changing && error.code === "CANCELLED";
    return {
      ...base,
      entries,
      marked,
      status: notStarted ? "cancelled" : "failed",
      step: error.step,
      message: notStarted ? `${host}: ${error.message.replace(/^[^:]*: /, "")}` : error.message,
      left,
      ...(backup ? { backup } : {}),
      ...(error.restore ? { restore: error.restore } : {}),
    };
  } finally {
    clearTimeout(timer);
    clearTimeout(restoreTimer);
  }
}

/** The one CANCELLED error: "r1: loading (stopped before any change) was cancelled". */
function cancelled(host: string, why: string): TriggerError {
  return cancelledError(undefined, `${host}: loading (${why})`, host);
}

interface PushHooks {
  session: string;
  work: AbortSignal;
  restore: AbortSignal;
  onStep: (step: AclLoadStep) => Promise<void>;
  beforeChange: (previous: readonly string[]) => Promise<void>;
}

async function push(
  load: PlannedLoad<AclLoadTarget>,
  rendered: readonly RenderedAcl[],
  options: DeviceLoadOptions,
  hooks: PushHooks,
): Promise<AclComparison[]> {
  const d = load.device;
  const host = d.nodeName;
  const kind = aclDeviceKind(d);
  await hooks.onStep("connect");
  // the one connection plan every verb uses (ports, SSH then Telnet, SSH options)
  const target = deviceTarget(d);
  const credentials = await options.credentials(d);
  const session: SessionOptions = {
    credentials,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    commandTimeoutMs: options.commandTimeoutMs ?? 60_000,
    ...(options.policy ? { policy: options.policy } : {}),
    ...hostKeyOptionsOf(options),
  };
  if (kind.load === "netconf") {
    const plan = planConnection(target, session.policy ? { policy: session.policy } : {});
    return await pushAclsNetconf(host, rendered, {
      confirmMinutes: options.confirmMinutes ?? 2,
      comment: `load-acl ${load.acls.join(", ")} by ${options.user ?? "load-acl"}`,
      onStep: (s) => s === "connect" ? undefined : hooks.onStep(s),
      beforeChange: hooks.beforeChange,
      signal: hooks.work,
      full: options.fullCommit?.(d) ?? false,
      connect: () => openPlannedNetconf(plan, { ...session, signal: hooks.work }),
    });
  }
  return await pushAclsCli(target, rendered, {
    save: options.save ?? true,
    sessionName: hooks.session,
    onStep: (s) => s === "connect" ? undefined : hooks.onStep(s),
    beforeChange: hooks.beforeChange,
    session: { ...session, signal: hooks.work },
    restoreSession: { ...session, signal: hooks.restore },
  });
}

/**
 * `loadAcls`: pushes planned ACL loads to devices in parallel, each one
 * verified by reading the ACL back and comparing it semantically, and
 * settles the load queue: an entry is marked done only after its ACL was
 * verified on its device; a failure leaves it pending with the reason.
 *
 * Per platform: IOS-like devices get the list replaced in configuration
 * mode over a CLI session ({@linkcode pushAclsCli}); Junos devices get a
 * `load replace` and a confirmed commit over NETCONF, confirmed only after a
 * new session answered and the filter read back matches
 * ({@linkcode pushAclsNetconf}).
 *
 * @module
 */
import type { Acl } from "../acl/acl.ts";
import { readAcls } from "./acl_files.ts";
import type { LoadInProgress, LoadQueue } from "../acl/db/load_queue.ts";
import { commitConfigurationRpc, loadConfigurationRpc } from "../netconf/rpc.ts";
import type { BounceStatus } from "./status.ts";
import type { AclLoadPlan, AclLoadTarget, PlannedLoad } from "./acl_plan.ts";
import { type AclDeviceKind, aclDeviceKind, type RenderedAcl } from "./acl_platforms.ts";
import { replaceLines } from "./acl_methods.ts";
import {
  type AclDeviceState,
  AclLoadError,
  type AclLoadStep,
  type AclRestore,
} from "./acl_step.ts";
import type { ChangeRecorder } from "./change_log.ts";
import { type DeviceOutcome, type DeviceRun, loadDevice, renderLoad } from "./_load_device.ts";
import { schedule } from "./_load_scheduler.ts";
import { LoadTracker } from "./_load_tracker.ts";
import type { AccessPolicy, SessionCredentials } from "../session/types.ts";
import type { HostKeyOptions } from "../transport/host_key_policy.ts";
import { onAbort } from "../_util/abort.ts";

export * from "./acl_plan.ts";
export { readAclFile } from "./acl_files.ts";
export * from "./bulk.ts";
export * from "./acl_step.ts";
export * from "./acl_verify.ts";
export * from "./acl_backup.ts";
export {
  type AclDeviceKind,
  aclDeviceKind,
  type AclPushMethod,
  extractJunosFilter,
} from "./acl_platforms.ts";

/** Options of {@linkcode loadAcls}. */
export interface LoadAclsOptions extends HostKeyOptions {
  /** The directory of ACL files (`acl.<name>` or `<name>`). */
  aclDir: string;
  /** Credentials for a device (e.g. from a `CredentialStore` by realm). */
  credentials: (device: AclLoadTarget) => Promise<SessionCredentials>;
  /**
   * Milliseconds one device may take; past it the load is aborted and the
   * previous lists put back. @default {300000}
   */
  timeoutMs?: number;
  /**
   * IOS-like: extra milliseconds after a failure or the time limit to put
   * the previous lists back. @default {60000}
   */
  restoreTimeoutMs?: number;
  /** Milliseconds allowed for the TCP connect. @default {10000} */
  connectTimeoutMs?: number;
  /** Milliseconds without output before a command times out. @default {60000} */
  commandTimeoutMs?: number;
  /** Junos: minutes before an unconfirmed commit rolls back. @default {2} */
  confirmMinutes?: number;
  /** IOS-like: save the configuration after verification. @default {true} */
  save?: boolean;
  /** Who loads (queue notes, commit comments, records). @default {"load-acl"} */
  user?: string;
  /** The site's connection policy (ports, Telnet fallback, SSH options). */
  policy?: AccessPolicy;
  /** Junos: whether a device's commits are full (the settings' `juniperFullCommitFields`). */
  fullCommit?: (device: AclLoadTarget) => boolean;
  /** The queue whose entries are settled; none: the queue is not touched. */
  queue?: LoadQueue | undefined;
  /** Show what would be done; no device is contacted, nothing is written. @default {false} */
  dryRun?: boolean;
  /** Devices loaded at once. @default {10} */
  maxConns?: number;
  /**
   * Stops the run cleanly (the first Ctrl-C): no device starts any more; a
   * device that has not changed yet stops at once; one that is changing
   * runs to its end (the new lists verified, or the previous ones put back
   * and read back).
   */
  signal?: AbortSignal;
  /**
   * Abandons the devices in flight (a second Ctrl-C): their loads are
   * aborted, and a device that had begun changing is reported as left in
   * an unknown state.
   */
  abandon?: AbortSignal;
  /** Progress: a device starts a step, or finishes. */
  onEvent?: (event: AclLoadEvent) => void;
  /**
   * Change records: a `step` record as each device step starts, a `change`
   * record (naming the backup) before the first change, a `result` record
   * per device; each is written before the load moves on.
   */
  log?: ChangeRecorder;
  /** Where backups go (one file per device and load); none: no backup files. */
  backupDir?: string;
  /** The run's id (in records, queue notes and backup names). @default {a random id} */
  run?: string;
  /** Milliseconds allowed for each queue call. @default {10000} */
  storeTimeoutMs?: number;
  /**
   * The redundancy group of a device: devices of one group are loaded one
   * after the other, the next only once the previous one was verified.
   * @default {no groups}
   */
  redundancyGroup?: (device: AclLoadTarget) => string | undefined;
}

/** Progress of a run. */
export type AclLoadEvent =
  | { kind: "step"; device: string; step: AclLoadStep }
  | { kind: "result"; result: AclLoadResult };

/** What happened on one device. */
export interface AclLoadResult {
  /** The device name. */
  device: string;
  /** The ACLs concerned. */
  acls: string[];
  /**
   * Loaded and verified, failed, held back (window, bulk, platform, pair),
   * not started because the run was stopped, or (dry run) planned.
   */
  status: "done" | "failed" | "skipped" | "cancelled" | "planned";
  /** Where a failure happened. */
  step?: AclLoadStep;
  /** For people. */
  message: string;
  /** ACLs verified on the device, with their term counts. */
  verified: { acl: string; terms: number }[];
  /** The window colour at planning time (`null` for skipped bulk work shown per ACL). */
  window: BounceStatus | null;
  /** Dry run: the configuration lines (IOS-like) or NETCONF operations (Junos). */
  payload?: string;
  /** IOS-like failure after the first change: whether the previous lists were put back. */
  restore?: AclRestore;
  /** What the device holds now (absent when it was never contacted). */
  left?: AclDeviceState;
  /** The backup of what the device held before, when one was written. */
  backup?: string;
  /** The queue or the change log could not be updated for this device: why. */
  recordError?: string;
  /** The interrupted load this one repaired (or tried to). */
  repaired?: LoadInProgress;
}

/** The payload a dry run shows for one device. */
function dryRunPayload(
  rendered: readonly RenderedAcl[],
  kind: AclDeviceKind,
  minutes: number,
  full: boolean,
): string {
  if (kind.load === "cli") {
    const lines = replaceLines(rendered, rendered.map((r) => r.definition));
    if (kind.method === "sequence") {
      return [
        "! edited in place by sequence number (no moment without the list): the new entries",
        "! go in before the old ones, then the old ones are removed; numbers depend on the device",
        ...lines.filter((l) => !/^no\s/.test(l)),
      ].join("\n");
    }
    if (kind.method === "session" && kind.session) {
      return [kind.session.enter.replaceAll("{name}", "trg-RUN"), ...lines, kind.session.commit]
        .join("\n");
    }
    return lines.join("\n");
  }
  return [
    "<lock-configuration/>",
    ...rendered.map((r) => loadConfigurationRpc(r.payload, { action: "replace" })),
    commitConfigurationRpc({ full, confirmed: true, confirmTimeout: minutes }),
    "(new session) <get-software-information/>, read back, then <commit-configuration/>",
  ].join("\n");
}

/**
 * Loads the planned ACLs: every device in parallel (up to `maxConns`, one
 * at a time per redundancy group), each verified before its queue entries
 * are marked done. Skipped work from the plan is reported as `skipped` and
 * its entries stay pending. Each device ends in a known state (the new lists
 * verified, or the previous ones in place), unless the run is abandoned.
 *
 * @param plan The plan from {@linkcode planAclLoads}.
 * @param options ACL directory, credentials, queue, limits, dry run, progress.
 * @returns One result per device (skipped work included), in completion order.
 * @throws {TriggerError} `INVALID_ARGUMENT` / `ACL_SYNTAX` when an ACL file is
 *   missing or does not parse (before any device is contacted).
 *
 * @example Load an ACL on a lab router and see it verified
 * ```ts
 * import { AclAssociations, LoadQueue, SqliteAclStore } from "@trigger/trigger/acl/db";
 * import { BouncePolicy, loadAcls, planAclLoads } from "@trigger/trigger/changemgmt";
 * import { labInventory, startLab } from "@trigger/trigger/lab";
 * import { NetDevice } from "@trigger/trigger/netdevices";
 * import { strictEqual } from "node:assert/strict";
 *
 * await using lab = await startLab({ devices: [{ platform: "cisco_ios", name: "r1" }], telnet: false });
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/acl.edge`, "ip access-list extended edge\n permit tcp any any eq 443\n deny ip any any\n");
 * const inventory = labInventory(lab).map((r) => new NetDevice(r));
 * const store = SqliteAclStore.open(":memory:");
 * const associations = new AclAssociations(store);
 * await associations.add("r1", "edge");
 * const queue = new LoadQueue(associations);
 * await queue.inject("edge", inventory, { user: "alice" });
 * const plan = await planAclLoads({
 *   inventory, associations, acls: ["edge"], policy: BouncePolicy.from({ default: { green: "0-23" } }),
 * });
 * const { username, password, enablePassword } = lab.credentials;
 * const [result] = await loadAcls(plan, {
 *   aclDir: dir, queue, hostKeyPolicy: "off",
 *   credentials: () => Promise.resolve({ username, password, enablePassword }),
 * });
 * strictEqual(result?.status, "done");
 * strictEqual(result?.left, "new");
 * strictEqual((await queue.pending()).length, 0);
 * await store.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadAcls(
  plan: AclLoadPlan<AclLoadTarget>,
  options: LoadAclsOptions,
): Promise<AclLoadResult[]> {
  const acls = await readAcls(plan, options.aclDir);
  const results: AclLoadResult[] = [];
  const emit = (result: AclLoadResult) => {
    results.push(result);
    options.onEvent?.({ kind: "result", result });
  };
  const stopCtl = new AbortController();
  const never = new AbortController().signal;
  const abandon = options.abandon ?? never;
  const runId = options.run ?? crypto.randomUUID().slice(0, 8);
  const tracker = new LoadTracker({
    log: options.dryRun ? undefined : options.log,
    queue: options.dryRun ? undefined : options.queue,
    backupDir: options.dryRun ? undefined : options.backupDir,
    user: options.user ?? "load-acl",
    run: runId,
    storeTimeoutMs: options.storeTimeoutMs ?? 10_000,
    onStep: (device, step) => options.onEvent?.({ kind: "step", device, step }),
  });
  const stop = (reason: unknown) => {
    if (!stopCtl.signal.aborted) stopCtl.abort(reason);
  };
  using _outer = onAbort(options.signal, () => stop(options.signal?.reason));
  const skippedResult = (load: PlannedLoad<AclLoadTarget>, message: string): AclLoadResult => ({
    device: load.device.nodeName,
    acls: load.acls,
    status: "skipped",
    message,
    verified: [],
    window: load.window.status,
  });
  try {
    const ran = new WeakSet<AclLoadResult>();
    const work = async (load: PlannedLoad<AclLoadTarget>): Promise<AclLoadResult> => {
      const r = await runOne(load, acls, options, {
        id: runId,
        stop: stopCtl.signal,
        abandon,
        tracker,
      });
      ran.add(r);
      if (tracker.broken) stop(tracker.broken);
      return r;
    };
    const stopped = Promise.withResolvers<void>();
    using _stopWatch = onAbort(stopCtl.signal, () => stopped.resolve());
    const stopping = stopped.promise;
    for await (
      const r of schedule(plan.loads, work, {
        maxConns: options.maxConns ?? 10,
        group: (l) => options.redundancyGroup?.(l.device),
        succeeded: (r) =>
          r.status === "done" || (options.dryRun === true && r.status === "planned"),
        held: (l, first) =>
          skippedResult(
            l,
            `${l.device.nodeName}: held back: its redundancy partner ${first.device.nodeName} ` +
              "was not verified, so both are never changed at once",
          ),
        notStarted: (l) => ({
          ...skippedResult(l, `${l.device.nodeName}: not started: ${stopReason(stopCtl.signal)}`),
          status: "cancelled" as const,
        }),
        stopped: () => stopCtl.signal.aborted,
        stopping,
      })
    ) {
      // held back and never started: recorded here (a device that ran recorded its own result)
      if (!ran.has(r)) {
        await tracker.record({
          event: "result",
          device: r.device,
          acls: r.acls,
          result: r.status,
          message: r.message,
        }).catch(() => {});
      }
      emit(r);
    }
  } finally {
    for (const acl of acls.values()) acl[Symbol.dispose]();
  }
  for (const s of plan.skipped) {
    emit({
      device: s.device,
      acls: s.acls,
      status: "skipped",
      message: s.message,
      verified: [],
      window: null,
    });
  }
  return results;
}

function stopReason(signal: AbortSignal): string {
  const r = signal.reason;
  return r instanceof Error ? r.message : "the run was stopped";
}

/** One device, start to end: render, load (or dry run), settle and record. */
async function runOne(
  load: PlannedLoad<AclLoadTarget>,
  acls: ReadonlyMap<string, Acl>,
  options: LoadAclsOptions,
  run: DeviceRun,
): Promise<AclLoadResult> {
  const d = load.device;
  const base = {
    device: d.nodeName,
    acls: load.acls,
    verified: [],
    window: load.window.status,
    ...(load.repair ? { repaired: load.repair } : {}),
  };
  let rendered: RenderedAcl[];
  try {
    await run.tracker.step(d.nodeName, "convert");
    rendered = renderLoad(load, acls);
  } catch (e) {
    const error = e instanceof AclLoadError
      ? e
      : new AclLoadError("convert", d.nodeName, String(e), e);
    const result: AclLoadResult = {
      ...base,
      status: "failed",
      step: error.step,
      message: error.message,
      left: "previous",
    };
    const problem = await run.tracker.settle(load.entries, result, error.message);
    return problem ? { ...result, recordError: problem } : result;
  }
  if (options.dryRun) {
    const payload = dryRunPayload(
      rendered,
      aclDeviceKind(d),
      options.confirmMinutes ?? 2,
      options.fullCommit?.(d) ?? false,
    );
    return { ...base, status: "planned", message: `would load ${load.acls.join(", ")}`, payload };
  }
  const outcome: DeviceOutcome = await loadDevice(load, rendered, options, run);
  const fixing = load.repair
    ? `repairing the load run ${load.repair.run} left in progress at ${load.repair.since}: `
    : "";
  const result: AclLoadResult = {
    ...base,
    status: outcome.status,
    message: fixing + outcome.message,
    verified: outcome.verified,
    left: outcome.left,
    ...(outcome.step && outcome.status !== "done" ? { step: outcome.step } : {}),
    ...(outcome.backup ? { backup: outcome.backup } : {}),
    ...(outcome.restore ? { restore: outcome.restore } : {}),
  };
  const note = outcome.left === "unknown"
    ? `STATE UNKNOWN: ${outcome.message}${outcome.backup ? `; backup ${outcome.backup}` : ""}`
    : outcome.message;
  // a load stopped before any change leaves its entries as they were
  const entries = outcome.status === "cancelled" && !outcome.marked ? [] : outcome.entries;
  const problem = await run.tracker.settle(entries, result, note);
  return problem ? { ...result, recordError: problem } : result;
}

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
import { TriggerError } from "../errors.ts";
import { deadline } from "../_util/abort.ts";
import type { Acl } from "../acl/acl.ts";
import { readAcls } from "./acl_files.ts";
import type { LoadQueue } from "../acl/db/load_queue.ts";
import { runPool } from "../commando/pool.ts";
import { commitConfigurationRpc, loadConfigurationRpc } from "../netconf/rpc.ts";
import { deviceTarget, openPlannedNetconf, planConnection } from "../session/plan.ts";
import type { AccessPolicy, SessionCredentials, SessionOptions } from "../session/types.ts";
import { type HostKeyOptions, hostKeyOptionsOf } from "../transport/host_key_policy.ts";
import type { BounceStatus } from "./status.ts";
import type { AclLoadPlan, AclLoadTarget, PlannedLoad } from "./acl_plan.ts";
import { aclDeviceKind, renderAcl, type RenderedAcl } from "./acl_platforms.ts";
import { cliLines, pushAclsCli } from "./acl_push_ios.ts";
import { pushAclsNetconf } from "./acl_push_junos.ts";
import { AclLoadError, type AclLoadStep, type AclRestore } from "./acl_step.ts";
import type { AclComparison } from "./acl_verify.ts";

export * from "./acl_plan.ts";
export { readAclFile } from "./acl_files.ts";
export * from "./bulk.ts";
export * from "./acl_step.ts";
export * from "./acl_verify.ts";
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
  /** The queue whose entries are settled; none: the queue is not touched. */
  queue?: LoadQueue | undefined;
  /** Show what would be done; no device is contacted, nothing is written. @default {false} */
  dryRun?: boolean;
  /** Devices loaded at once. @default {10} */
  maxConns?: number;
  /** Milliseconds one device may take (a load past it is aborted). @default {300000} */
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
  /** Who loads (queue notes, commit comments). @default {"load-acl"} */
  user?: string;
  /** The site's connection policy (ports, Telnet fallback, SSH options). */
  policy?: AccessPolicy;
  /** Junos: whether a device's commits are full (the settings' `juniperFullCommitFields`). */
  fullCommit?: (device: AclLoadTarget) => boolean;
  /** Cancels the run. */
  signal?: AbortSignal;
  /** Progress: a device starts a step, or finishes. */
  onEvent?: (event: AclLoadEvent) => void;
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
  /** Loaded and verified, failed, held back, or (dry run) planned. */
  status: "done" | "failed" | "skipped" | "planned";
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
}

/** The payload a dry run shows for one device. */
function dryRunPayload(
  rendered: readonly RenderedAcl[],
  netconf: boolean,
  minutes: number,
  full: boolean,
): string {
  if (!netconf) return cliLines(rendered).join("\n");
  return [
    "<lock-configuration/>",
    ...rendered.map((r) => loadConfigurationRpc(r.payload, { action: "replace" })),
    commitConfigurationRpc({ full, confirmed: true, confirmTimeout: minutes }),
    "(new session) <get-software-information/>, read back, then <commit-configuration/>",
  ].join("\n");
}

/**
 * Loads the planned ACLs: every device in parallel (up to `maxConns`), each
 * verified before its queue entries are marked done. Skipped work from the
 * plan is reported as `skipped` and its entries stay pending.
 *
 * @param plan The plan from {@linkcode planAclLoads}.
 * @param options ACL directory, credentials, queue, limits, dry run, progress.
 * @returns One result per device (skipped work included), loads first.
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
  const limit = options.timeoutMs ?? 300_000;
  const results: AclLoadResult[] = [];
  const emit = (result: AclLoadResult) => {
    results.push(result);
    options.onEvent?.({ kind: "result", result });
  };
  try {
    const outcomes = runPool(
      plan.loads,
      (load, ctx) =>
        withTimeLimit(
          load.device.nodeName,
          limit,
          ctx.signal,
          (work) =>
            loadOne(load, acls, options, { work, restore: ctx.signal }, () => ctx.connected()),
        ),
      {
        name: (l) => l.device.nodeName,
        maxConns: options.maxConns ?? 10,
        // the pool's limit leaves time to restore after the load's own limit
        timeoutMs: limit + (options.restoreTimeoutMs ?? 60_000),
        retries: 0,
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    for await (const o of outcomes) {
      const load = o.item;
      const window = load.window.status;
      if (o.ok) {
        emit({ ...o.value, window });
        continue;
      }
      const step = o.error instanceof AclLoadError ? o.error.step : undefined;
      const restore = o.error instanceof AclLoadError ? o.error.restore : undefined;
      const result: AclLoadResult = {
        device: load.device.nodeName,
        acls: load.acls,
        status: "failed",
        message: o.error.message,
        verified: [],
        window,
        ...(step ? { step } : {}),
        ...(restore ? { restore } : {}),
      };
      await settle(options, load, [], `${o.error.message}`);
      emit(result);
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

/**
 * Runs `fn` with a signal that fires after `ms` (or with `outer`), the
 * reason a `TIMEOUT` error naming the device.
 */
async function withTimeLimit<T>(
  host: string,
  ms: number,
  outer: AbortSignal,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  return await fn(
    deadline(
      outer,
      ms,
      () => new TriggerError("TIMEOUT", `${host}: cannot finish loading within ${ms} ms`, { host }),
    ),
  );
}

/** Marks entries: verified ACLs done, the others failed (still pending) with the reason. */
async function settle(
  options: LoadAclsOptions,
  load: PlannedLoad<AclLoadTarget>,
  verified: readonly { acl: string; terms: number }[],
  reason: string,
): Promise<void> {
  if (!options.queue || options.dryRun) return;
  const who = options.user ?? "load-acl";
  for (const e of load.entries) {
    const ok = verified.find((v) => v.acl === e.acl);
    if (ok) await options.queue.complete(e.id, `verified: ${ok.terms} terms (by ${who})`);
    else await options.queue.failed(e.id, reason);
  }
}

async function loadOne(
  load: PlannedLoad<AclLoadTarget>,
  acls: ReadonlyMap<string, Acl>,
  options: LoadAclsOptions,
  signals: { work: AbortSignal; restore: AbortSignal },
  connected: () => void,
): Promise<Omit<AclLoadResult, "window">> {
  const signal = signals.work;
  const d = load.device;
  const host = d.nodeName;
  const onStep = (step: AclLoadStep) => options.onEvent?.({ kind: "step", device: host, step });
  const kind = aclDeviceKind(d);
  onStep("convert");
  const rendered = load.acls.map((name) => {
    try {
      return renderAcl(acls.get(name)!, name, kind);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new AclLoadError("convert", host, `${host}: convert failed for ${name}: ${why}`, e);
    }
  });
  const minutes = options.confirmMinutes ?? 2;
  const base = { device: host, acls: load.acls, verified: [] };
  const full = options.fullCommit?.(d) ?? false;
  if (options.dryRun) {
    const payload = dryRunPayload(rendered, kind.load === "netconf", minutes, full);
    return { ...base, status: "planned", message: `would load ${load.acls.join(", ")}`, payload };
  }
  const target = deviceTarget(d);
  const credentials = await options.credentials(d);
  const session: SessionOptions = {
    credentials,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    commandTimeoutMs: options.commandTimeoutMs ?? 60_000,
    ...(options.policy ? { policy: options.policy } : {}),
    ...hostKeyOptionsOf(options),
  };
  let comparisons: AclComparison[];
  if (kind.load === "netconf") {
    const plan = planConnection(target, session.policy ? { policy: session.policy } : {});
    comparisons = await pushAclsNetconf(host, rendered, {
      confirmMinutes: minutes,
      comment: `load-acl ${load.acls.join(", ")} by ${options.user ?? "load-acl"}`,
      onStep,
      onConnected: connected,
      signal,
      full,
      connect: () => openPlannedNetconf(plan, { ...session, signal }),
    });
  } else {
    comparisons = await pushAclsCli(
      target,
      rendered,
      {
        save: options.save ?? true,
        onStep,
        onConnected: connected,
        session: { ...session, signal },
        restoreSession: { ...session, signal: signals.restore },
      },
    );
  }
  const verified = comparisons.flatMap((c, i) =>
    c.equal ? [{ acl: load.acls[i]!, terms: c.terms }] : []
  );
  const bad = comparisons.flatMap((c, i) => c.equal ? [] : [`${load.acls[i]}: ${c.difference}`]);
  const reason = `${host}: verify failed: ${bad.join("; ")}`;
  await settle(options, load, verified, reason);
  if (bad.length) {
    return { ...base, verified, status: "failed", step: "verify", message: reason };
  }
  const note = verified.map((v) => `${v.acl} (${v.terms} terms)`).join(", ");
  return { ...base, verified, status: "done", message: `verified ${note}` };
}

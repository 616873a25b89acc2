/**
 * One `load-acl` run, start to end: the change log first, the store proven
 * writable, the plan (selection, windows, bulk, held ACLs), the change hooks
 * (on-call, ticket), the confirmation, the loads with the live board (or one
 * line per step), the report, the notification and the exit status.
 *
 * @module
 */
import { err, out, UsageError } from "../_io.ts";
import { defaultSettings, type Settings } from "../../lib/settings/mod.ts";
import { NetDevices } from "../../lib/netdevices/mod.ts";
import { openSettingsStore } from "../_store.ts";
import { terminalCredentialPrompt } from "../_secret_input.ts";
import { type HostKeyOpts, hostKeysFrom } from "../_context.ts";
import {
  accessPolicy,
  deviceCredentials,
  fullCommitRule,
  loadAutoAclRules,
  loadBouncePolicy,
} from "../../lib/resources/mod.ts";
import { interrupts } from "../_interrupt.ts";
import { deliver } from "../_notify.ts";
import { AclAssociations, LoadQueue } from "../../lib/acl/db/mod.ts";
import { TriggerError } from "../../lib/errors.ts";
import {
  type AclLoadPlan,
  type AclLoadResult,
  type AclLoadTarget,
  approveChange,
  autoloadHolds,
  type ChangeApproval,
  ChangeLog,
  loadAcls,
  loadChangeHooks,
  loadSummaryMessage,
  operatorLogin,
  planAclLoads,
  redundancyGroup,
} from "../../lib/changemgmt/mod.ts";
import { withDeadline } from "../../lib/changemgmt/_load_tracker.ts";
import { recordWarnings, resultTable, summaryLine, unknownWarnings } from "./_load_acl_report.ts";
import { loadSelection } from "./_load_acl_select.ts";
import { changeHooksPath, closeStore, openStore } from "./_load_acl_store.ts";
import { LoadBoard, stepLines } from "./_load_board.ts";

/** The flags of a run, parsed. */
export interface LoadAclRun {
  fromQueue: boolean;
  escalation: boolean;
  auto: boolean;
  bouncy: boolean;
  bulkPercent: number;
  bulkThreshold: number;
  forceBulk: boolean;
  allowWindow: boolean;
  aclDir?: string | undefined;
  db?: string | undefined;
  redis?: string | boolean | undefined;
  storeMs: number;
  bounceFile?: string | undefined;
  maxConns?: number | undefined;
  timeoutMs: number;
  confirmMinutes: number;
  hostKeys: HostKeyOpts;
  save: boolean;
  dryRun: boolean;
  yes: boolean;
  json: boolean;
  log?: string | undefined;
  backupDir?: string | undefined;
  notify?: boolean | undefined;
  cm: boolean;
  file?: string | undefined;
  fileText?: string | undefined;
  exclude: string[];
  match: string[];
  pairField?: string | undefined;
  pairPattern?: string | undefined;
}

/** Runs `load-acl`; sets `Deno.exitCode`. */
export async function runLoadAcl(names: string[], o: LoadAclRun): Promise<void> {
  const settings = defaultSettings();
  // the change log comes first: a log that cannot be written stops the run before any change
  const log = o.dryRun
    ? undefined
    : await ChangeLog.open(o.log ?? `${settings.prefix}/load_acl.log`, { verb: "load-acl" });
  const user = log?.user ?? operatorLogin();
  try {
    await planAndLoad(names, o, settings, log, user);
  } finally {
    await log?.close();
  }
}

async function planAndLoad(
  names: string[],
  o: LoadAclRun,
  settings: Settings,
  log: ChangeLog | undefined,
  user: string,
): Promise<void> {
  const devices = await NetDevices.load();
  const selection = loadSelection({ ...o, queue: o.fromQueue }, names, devices);
  const acls = names.length ? names : selection.acls;
  if (!o.fromQueue && acls.length === 0) {
    throw new UsageError("Name at least one ACL (or list them in -f FILE), or use --queue");
  }
  const group = redundancyGroup({
    field: o.pairField ?? settings.redundancyGroupField,
    pattern: o.pairPattern ?? settings.redundancyGroupPattern,
  });
  const store = await openStore(o, settings, o.storeMs);
  try {
    // a locked or silent store stops the run here, before anything changes
    if (log) await withDeadline(store.checkWritable(), o.storeMs + 1000, "The ACL store");
    const associations = new AclAssociations(store, await loadAutoAclRules(settings));
    const held = o.auto
      ? autoloadHolds(
        { blacklist: settings.autoloadBlacklist, threshold: settings.autoloadFilterThresh },
        await withDeadline(
          store.entries({ state: "pending", manual: false }),
          o.storeMs,
          "Reading the queue",
        ),
      )
      : undefined;
    const plan = await withDeadline(
      planAclLoads({
        inventory: devices.all() as unknown as AclLoadTarget[],
        associations,
        policy: await loadBouncePolicy(settings, o.bounceFile),
        acls,
        fromQueue: o.fromQueue,
        escalation: o.escalation,
        bouncy: o.bouncy,
        bulkPercent: o.bulkPercent,
        bulkThreshold: o.bulkThreshold,
        forceBulk: o.forceBulk,
        allowWindow: o.allowWindow,
        select: selection.select,
        ...(held ? { held } : {}),
      }),
      o.storeMs * 3,
      "Reading the ACL store",
    );
    await log?.record({
      event: "plan",
      ...(o.auto ? { auto: true } : {}),
      loads: plan.loads.map((l) => ({ device: l.device.nodeName, acls: l.acls })),
      skipped: plan.skipped.map((s) => ({ device: s.device, acls: s.acls, reason: s.reason })),
    });
    if (plan.loads.length === 0) {
      // nothing to load: the skipped work is the whole report
      const none = { results: skippedResults(plan), exitCode: undefined, signal: undefined };
      return await finish(none, o, settings, log, user, {});
    }
    const approval = await approve(plan, o, settings, log, user);
    const tty = Deno.stdin.isTerminal() && Deno.stderr.isTerminal();
    if (!o.dryRun && !o.yes && plan.loads.length > 0 && !confirm(plan, tty)) {
      await log?.record({ event: "end", cancelled: "not confirmed" });
      err("LOAD CANCELLED");
      Deno.exitCode = 1;
      return;
    }
    const run = await load(plan, o, settings, { associations, log, user, approval, group });
    await finish(run, o, settings, log, user, approval);
  } catch (e) {
    await log?.record({ event: "abort", error: e instanceof Error ? e.message : String(e) })
      .catch(() => {});
    const code = e instanceof TriggerError ? e.code : undefined;
    if (code === "QUEUE_ERROR" || code === "TIMEOUT" || code === "CHANGE_REFUSED") {
      err(`trigger load-acl: ${(e as Error).message}: nothing was loaded [${code}]`);
      Deno.exitCode = 1;
      return;
    }
    throw e;
  } finally {
    await closeStore(store, o.storeMs);
  }
}

/** The results of a plan with nothing to load: its skipped work. */
function skippedResults(plan: AclLoadPlan<AclLoadTarget>): AclLoadResult[] {
  return plan.skipped.map((s) => ({
    device: s.device,
    acls: s.acls,
    status: "skipped" as const,
    message: s.message,
    verified: [],
    window: null,
  }));
}

/**
 * The change hooks' approval (on-call, ticket).
 *
 * @throws {TriggerError} `CHANGE_REFUSED` when a hook refuses.
 */
async function approve(
  plan: AclLoadPlan<AclLoadTarget>,
  o: LoadAclRun,
  settings: Settings,
  log: ChangeLog | undefined,
  user: string,
): Promise<ChangeApproval> {
  const file = changeHooksPath(settings);
  if (!file || !o.cm || o.dryRun) return {};
  const hooks = await loadChangeHooks(file);
  const approval = await approveChange(hooks, {
    verb: "load-acl",
    run: log?.run ?? "",
    user,
    auto: o.auto,
    loads: plan.loads.map((l) => ({
      device: l.device.nodeName,
      acls: l.acls,
      platform: l.device.platform ?? null,
    })),
    skipped: plan.skipped.map((s) => ({ device: s.device, acls: s.acls, reason: s.reason })),
  });
  await log?.record({ event: "approval", ...approval });
  if (approval.ticket) err(`Change ticket ${approval.ticket}`);
  return approval;
}

/** Shows the plan and asks; refuses without a terminal. */
function confirm(plan: AclLoadPlan<AclLoadTarget>, tty: boolean): boolean {
  if (!tty) {
    throw new UsageError("Refusing to load ACLs without --yes (no terminal to confirm on)");
  }
  const acls = [...new Set(plan.loads.flatMap((l) => l.acls))].join(", ");
  for (const s of plan.skipped) err(s.message);
  for (const l of plan.loads) err(`  ${l.device.nodeName.padEnd(32)} ${l.acls.join(" ")}`);
  const answer = prompt(
    `You are about to load ACL ${acls} on ${plan.loads.length} devices. Continue? [y/N]`,
  );
  return /^y(es)?$/i.test(answer?.trim() ?? "");
}

/** What the loads left: the results, and the signal that interrupted them. */
interface Loaded {
  results: AclLoadResult[];
  exitCode: number | undefined;
  signal: string | undefined;
}

async function load(
  plan: AclLoadPlan<AclLoadTarget>,
  o: LoadAclRun,
  settings: Settings,
  ctx: {
    associations: AclAssociations;
    log: ChangeLog | undefined;
    user: string;
    approval: ChangeApproval;
    group: ((d: { nodeName: string }) => string | undefined) | undefined;
  },
): Promise<Loaded> {
  const { associations, log, user, approval, group } = ctx;
  const added: string[] = [];
  const hostKeys = hostKeysFrom(settings, o.hostKeys, added);
  const creds = deviceCredentials(settings, {
    store: await openSettingsStore(settings),
    prompt: terminalCredentialPrompt(),
  });
  const realmOf = (d: AclLoadTarget) => d.realm ?? settings.defaultRealm;
  // one realm after another, before the board, so that terminal prompts never interleave
  if (!o.dryRun) {
    for (const d of new Map(plan.loads.map((l) => [realmOf(l.device), l.device])).values()) {
      await creds(realmOf(d), d).catch(() => {});
    }
  }
  using irq = interrupts(
    "trigger load-acl",
    "devices already changing finish (new ACL verified, or the previous one put back), " +
      "no new device starts",
  );
  const acls = [...new Set(plan.loads.flatMap((l) => l.acls))].join(", ");
  const live = Deno.stderr.isTerminal() && !o.auto;
  const board = live
    ? new LoadBoard({
      write: (t) => Deno.stderr.writeSync(new TextEncoder().encode(t)),
      size: () => {
        try {
          return Deno.consoleSize();
        } catch {
          return { columns: 80, rows: 24 };
        }
      },
    }, {
      title: `load-acl ${acls}${approval.ticket ? ` (${approval.ticket})` : ""}`,
      total: plan.loads.length,
    })
    : undefined;
  board?.start();
  try {
    const results = await loadAcls(plan, {
      aclDir: o.aclDir ?? settings.firewallDir,
      queue: new LoadQueue(associations),
      user,
      maxConns: o.maxConns ?? settings.commandoMaxConns,
      timeoutMs: o.timeoutMs,
      confirmMinutes: o.confirmMinutes,
      save: o.save,
      dryRun: o.dryRun,
      storeTimeoutMs: o.storeMs,
      backupDir: o.backupDir ?? `${settings.prefix}/acl-backups`,
      signal: irq.stop,
      abandon: irq.abandon,
      ...(group ? { redundancyGroup: group } : {}),
      ...(log ? { log, run: log.run } : {}),
      ...hostKeys,
      policy: accessPolicy(settings),
      fullCommit: fullCommitRule(settings),
      credentials: (d) => creds(realmOf(d), d),
      onEvent: board ? (e) => board.onEvent(e) : stepLines(err),
    });
    return { results, exitCode: irq.exitCode, signal: irq.received };
  } finally {
    board?.stop();
    for (const m of added) err(m);
  }
}

async function finish(
  { results, exitCode, signal }: Loaded,
  o: LoadAclRun,
  settings: Settings,
  log: ChangeLog | undefined,
  user: string,
  approval: ChangeApproval,
): Promise<void> {
  if (o.json) out(JSON.stringify(results, null, 2));
  else {
    out(resultTable(results));
    if (o.dryRun) {
      for (const r of results) {
        if (r.payload) out(`\n# ${r.device} (${r.acls.join(", ")})\n${r.payload}`);
      }
    } else out(summaryLine(results));
  }
  for (const line of [...recordWarnings(results), ...unknownWarnings(results)]) err(line);
  await log?.record({
    event: "end",
    summary: summaryLine(results),
    ...(approval.ticket ? { ticket: approval.ticket } : {}),
    ...(signal ? { interrupted: signal } : {}),
  }).catch((e) => err(String(e)));
  const configured = Array.isArray(settings.notifications["handlers"]) &&
    settings.notifications["handlers"].length > 0;
  const notify = o.auto ? configured : o.notify ?? (o.fromQueue && configured);
  if (!o.dryRun && results.length > 0 && notify) {
    const sent = await deliver(
      settings.notifications,
      loadSummaryMessage(results, {
        user,
        host: Deno.hostname(),
        auto: o.auto,
        ...approval,
      }),
      "trigger load-acl",
    );
    if (sent.length) {
      await log?.record({ event: "notification", notification: sent }).catch(() => {});
    }
  }
  const okStatus = o.dryRun ? "planned" : "done";
  // cron: held back or outside the window is not a failure; failed or unknown is
  const bad = (r: AclLoadResult) =>
    r.recordError !== undefined || r.left === "unknown" ||
    (o.auto ? r.status === "failed" : r.status !== okStatus);
  Deno.exitCode = exitCode ?? (results.some(bad) ? 1 : 0);
}

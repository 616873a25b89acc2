/**
 * `trigger load-acl [ACL...] | --queue [--escalation]`: loads ACLs on the
 * devices that carry them (or the pending queue entries), within their
 * green maintenance window, throttling bulk ACLs per site, and verifies each
 * load by reading the ACL back. Queue entries are marked done only when
 * verified.
 *
 * Loading is dangerous: it needs `--yes`, or a "y" at the confirmation on a
 * terminal; without a terminal and without `--yes` it refuses. `--dry-run`
 * shows per device the window and the commands or NETCONF payload.
 *
 * The change log (`--log`, default `<settings prefix>/load_acl.log`; its
 * directory created 0700, the file 0600) is opened first: one that cannot be
 * written stops the run before any device is contacted. Each device step is
 * appended as it happens and flushed to disk: the plan, `step` records, a
 * `change` record (naming the backup file under `--backup-dir`) before the
 * first change, a `result` record, then `end`. The ACL store must take a
 * write before anything changes (a locked SQLite file is waited for at most
 * `--store-timeout` seconds; every later store call has the same deadline).
 *
 * Ctrl-C (or SIGTERM): no new device starts; a device not yet changed stops;
 * a device that is changing finishes (its new ACL verified, or the previous
 * one put back and read back); the summary is printed (exit 130 / 143). A
 * second Ctrl-C abandons the devices in flight and names each as in an
 * UNKNOWN state.
 *
 * `--notify` sends one summary (loaded, failed, skipped, with reasons) to
 * the handlers of the settings' `notifications`; with `--queue` that is the
 * default when handlers are configured (`--no-notify` turns it off). A
 * delivery failure is reported on stderr and in the log, never fails the run.
 *
 * Exit status: 0 when every load was done (or planned, in a dry run), 1 when
 * some failed, were skipped or could not be recorded, or the store was
 * unusable, 2 for bad input or an unwritable log, 130/143 when interrupted.
 *
 * @module
 */
import { Command, Option } from "commander";
import { err, out, UsageError } from "../_io.ts";
import { defaultSettings } from "../../lib/settings/mod.ts";
import { NetDevices } from "../../lib/netdevices/mod.ts";
import type { CredentialStore } from "../../lib/credentials/mod.ts";
import { openSettingsStore } from "../_store.ts";
import { interrupts } from "../_interrupt.ts";
import {
  AclAssociations,
  type AclStore,
  loadAutoAcl,
  LoadQueue,
  RedisAclStore,
  SqliteAclStore,
} from "../../lib/acl/db/mod.ts";
import { TriggerError } from "../../lib/errors.ts";
import {
  type AclLoadPlan,
  type AclLoadResult,
  type AclLoadTarget,
  BouncePolicy,
  ChangeLog,
  loadAcls,
  loadSummaryMessage,
  operatorLogin,
  planAclLoads,
} from "../../lib/changemgmt/mod.ts";
import { withDeadline } from "../../lib/changemgmt/_load_tracker.ts";
import { deliver } from "../_notify.ts";
import { recordWarnings, resultTable, summaryLine, unknownWarnings } from "./_load_acl_report.ts";

interface Opts {
  queue?: boolean;
  escalation?: boolean;
  bouncy?: boolean;
  bulkPercent: string;
  bulkThreshold: string;
  forceBulk?: boolean;
  allowWindow?: boolean;
  aclDir?: string;
  db?: string;
  redis?: string | boolean;
  bounceFile?: string;
  maxConns?: string;
  timeout: string;
  confirmMinutes: string;
  hostKeyPolicy?: "strict" | "accept-new" | "off";
  save: boolean;
  dryRun?: boolean;
  yes?: boolean;
  json?: boolean;
  log?: string;
  backupDir?: string;
  storeTimeout: string;
  notify?: boolean;
}

function int(text: string, name: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`Cannot use --${name} ${text}: expected an integer ${min}-${max}`);
  }
  return n;
}

async function openStore(
  o: Opts,
  dbPath: string,
  redisUrl: string,
  waitMs: number,
): Promise<AclStore> {
  if (o.redis) return await RedisAclStore.open(typeof o.redis === "string" ? o.redis : redisUrl);
  return SqliteAclStore.open(o.db ?? dbPath, { busyTimeoutMs: waitMs });
}

async function loadPolicy(file: string | undefined, fallback: string, zone: string) {
  if (file !== undefined) return await BouncePolicy.load(file);
  try {
    await Deno.stat(fallback);
    return await BouncePolicy.load(fallback);
  } catch (e) {
    if (e instanceof TriggerError) throw e;
    return BouncePolicy.from({ timeZone: zone });
  }
}

/** The autoacl rules: the settings' file when it exists (or AUTOACL_FILE names it), else none. */
async function autoAcl(file: string) {
  if (Deno.env.get("AUTOACL_FILE") === undefined) {
    try {
      await Deno.stat(file);
    } catch {
      return await loadAutoAcl();
    }
  }
  return await loadAutoAcl(file);
}

/** Sends the run's summary; failures go to stderr and the log, never thrown. */
async function sendSummary(
  config: Readonly<Record<string, unknown>>,
  results: readonly AclLoadResult[],
  user: string,
  log: ChangeLog | undefined,
): Promise<void> {
  const sent = await deliver(
    config,
    loadSummaryMessage(results, { user, host: Deno.hostname() }),
    "trigger load-acl",
  );
  if (sent.length === 0) return;
  await log?.record({ event: "notification", notification: sent }).catch(() => {});
}

/** Closes the store, waiting at most `ms` (a stalled Redis must not hang the exit). */
async function closeStore(store: AclStore, ms: number): Promise<void> {
  await withDeadline(store.close(), ms, "Closing the ACL store").catch((e) => err(String(e)));
}

/** Builds the `load-acl` command. */
export function command(): Command {
  return new Command("load-acl")
    .description("Load ACLs on devices: windowed, throttled, verified, logged")
    .argument("[acls...]", "ACL names (files acl.<name> or <name> in the ACL directory)")
    .option("-Q, --queue", "take the work from the pending load queue")
    .option("-e, --escalation", "escalated queue entries only (implies --queue)")
    .option("--bouncy", "load even outside the green maintenance window")
    .option("--bulk-percent <n>", "largest share of a site's carriers of a bulk ACL per run", "25")
    .option("--bulk-threshold <n>", "an ACL on at least this many devices is bulk", "10")
    .option("--force-bulk", "no bulk throttling")
    .option(
      "--allow-window",
      "load also where the list is missing for a moment (platforms with no in-place edit, session or commit)",
    )
    .option("--acl-dir <dir>", "ACL directory (default: settings firewallDir / FIREWALL_DIR)")
    .option("--db <path>", "SQLite association and queue database (default: settings aclDbPath)")
    .option("--redis [url]", "use the Redis store (default URL: settings redisUrl)")
    .option("--store-timeout <seconds>", "longest wait for the ACL store (a lock, Redis)", "10")
    .option("--bounce-file <path>", "bounce file (default: settings bounceFile)")
    .option("--max-conns <n>", "devices loaded at once (default: settings commandoMaxConns)")
    .option("--timeout <seconds>", "time allowed per device", "300")
    .option("--confirm-minutes <n>", "Junos: commit confirmed timeout", "2")
    .addOption(
      new Option("--host-key-policy <policy>", "unknown SSH host keys").choices([
        "strict",
        "accept-new",
        "off",
      ]),
    )
    .option("--no-save", "IOS-like: do not write memory after verification")
    .option("--dry-run", "show what would be done; contact no device")
    .option("-y, --yes", "do not ask for confirmation")
    .option("--json", "print JSON")
    .option("--log <file>", "the change log (default: <settings prefix>/load_acl.log)")
    .option("--backup-dir <dir>", "backups (default: <settings prefix>/acl-backups)")
    .option("--notify", "send a summary to the configured notification handlers")
    .option("--no-notify", "no summary (the default with --queue when handlers are configured)")
    .action((names: string[], o: Opts) => run(names, o));
}

async function run(names: string[], o: Opts): Promise<void> {
  const settings = defaultSettings();
  const fromQueue = o.queue === true || o.escalation === true;
  if (!fromQueue && names.length === 0) {
    throw new UsageError("Name at least one ACL, or use --queue");
  }
  const bulkPercent = int(o.bulkPercent, "bulk-percent", 1, 100);
  const bulkThreshold = int(o.bulkThreshold, "bulk-threshold", 1, 1_000_000);
  const maxConns = o.maxConns === undefined
    ? settings.commandoMaxConns
    : int(o.maxConns, "max-conns", 1, 10_000);
  const timeoutMs = int(o.timeout, "timeout", 1, 86_400) * 1000;
  const confirmMinutes = int(o.confirmMinutes, "confirm-minutes", 1, 60);
  const storeMs = int(o.storeTimeout, "store-timeout", 1, 3600) * 1000;
  // the change log comes first: a log that cannot be written stops the run before any change
  const log = o.dryRun
    ? undefined
    : await ChangeLog.open(o.log ?? `${settings.prefix}/load_acl.log`, { verb: "load-acl" });
  const user = log?.user ?? operatorLogin();
  try {
    const devices = await NetDevices.load();
    const inventory = devices.all() as unknown as AclLoadTarget[];
    const store = await openStore(o, settings.aclDbPath, settings.redisUrl, storeMs);
    try {
      // a locked or silent store stops the run here, before anything changes
      if (log) await withDeadline(store.checkWritable(), storeMs + 1000, "The ACL store");
      const associations = new AclAssociations(store, await autoAcl(settings.autoaclFile));
      const policy = await loadPolicy(
        o.bounceFile,
        settings.bounceFile,
        settings.bounceDefaultTimezone,
      );
      const plan = await withDeadline(
        planAclLoads({
          inventory,
          associations,
          policy,
          acls: names,
          fromQueue,
          escalation: o.escalation === true,
          bouncy: o.bouncy === true,
          bulkPercent,
          bulkThreshold,
          forceBulk: o.forceBulk === true,
          allowWindow: o.allowWindow === true,
        }),
        storeMs * 3,
        "Reading the ACL store",
      );
      await log?.record({
        event: "plan",
        loads: plan.loads.map((l) => ({ device: l.device.nodeName, acls: l.acls })),
        skipped: plan.skipped.map((s) => ({ device: s.device, acls: s.acls, reason: s.reason })),
      });
      const tty = Deno.stdin.isTerminal() && Deno.stderr.isTerminal();
      if (!o.dryRun && !o.yes && plan.loads.length > 0 && !confirm(plan, tty)) {
        await log?.record({ event: "end", cancelled: "not confirmed" });
        err("LOAD CANCELLED");
        Deno.exitCode = 1;
        return;
      }
      const creds = await openSettingsStore(settings);
      using irq = interrupts(
        "trigger load-acl",
        "devices already changing finish (new ACL verified, or the previous one put back), " +
          "no new device starts",
      );
      const results = await loadAcls(plan, {
        aclDir: o.aclDir ?? settings.firewallDir,
        queue: new LoadQueue(associations),
        user,
        maxConns,
        timeoutMs,
        confirmMinutes,
        save: o.save,
        dryRun: o.dryRun === true,
        storeTimeoutMs: storeMs,
        backupDir: o.backupDir ?? `${settings.prefix}/acl-backups`,
        signal: irq.stop,
        abandon: irq.abandon,
        ...(log ? { log, run: log.run } : {}),
        ...(o.hostKeyPolicy ? { hostKeyPolicy: o.hostKeyPolicy } : {}),
        credentials: (d) => credentialsFor(creds, d),
        onEvent: (e) => {
          if (!tty || o.json) return;
          if (e.kind === "step") err(`  ${e.device}: ${e.step}`);
          else err(`${e.result.device}: ${e.result.status.toUpperCase()} ${e.result.message}`);
        },
      });
      report(results, o);
      await log?.record({
        event: "end",
        summary: summaryLine(results),
        ...(irq.received ? { interrupted: irq.received } : {}),
      }).catch((e) => err(String(e)));
      const configured = Array.isArray(settings.notifications["handlers"]) &&
        settings.notifications["handlers"].length > 0;
      if (!o.dryRun && results.length > 0 && (o.notify ?? (fromQueue && configured))) {
        await sendSummary(settings.notifications, results, user, log);
      }
      const okStatus = o.dryRun ? "planned" : "done";
      const clean = results.every((r) => r.status === okStatus && r.recordError === undefined);
      Deno.exitCode = irq.exitCode ?? (clean ? 0 : 1);
    } catch (e) {
      await log?.record({ event: "abort", error: e instanceof Error ? e.message : String(e) })
        .catch(() => {});
      if (e instanceof TriggerError && e.code === "QUEUE_ERROR" || isTimeout(e)) {
        err(`trigger load-acl: ${(e as Error).message}: nothing was loaded`);
        Deno.exitCode = 1;
        return;
      }
      throw e;
    } finally {
      await closeStore(store, storeMs);
    }
  } finally {
    await log?.close();
  }
}

function isTimeout(e: unknown): boolean {
  return e instanceof TriggerError && e.code === "TIMEOUT";
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

async function credentialsFor(creds: CredentialStore, d: AclLoadTarget) {
  const realm = d.realm ?? creds.defaultRealm;
  const c = await creds.get(realm);
  if (!c) {
    throw new TriggerError(
      "CREDENTIALS_MISSING",
      `No credentials for realm "${realm}"; run: trigger tacacsrc set --realm ${realm}`,
      { host: d.nodeName },
    );
  }
  return {
    username: c.username,
    password: c.password,
    ...(c.enablePassword ? { enablePassword: c.enablePassword } : {}),
    ...(c.privateKey ? { privateKeyPath: c.privateKey } : {}),
  };
}

/** The results: JSON, or the table, the dry run's payloads, the summary and the warnings. */
function report(results: readonly AclLoadResult[], o: Opts): void {
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
}

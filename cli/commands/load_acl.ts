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
 * Every result is appended to a log (`--log`, default
 * `<settings prefix>/load_acl.log`): when, who, device, ACLs, result.
 *
 * `--notify` sends one summary (loaded, failed, skipped, with reasons) to
 * the handlers of the settings' `notifications`; with `--queue` that is the
 * default when handlers are configured (`--no-notify` turns it off). A
 * delivery failure is reported on stderr and in the log, never fails the run.
 *
 * Exit status: 0 when every load was done (or planned, in a dry run), 1 when
 * some failed or were skipped, 2 for bad input.
 *
 * @module
 */
import { Command } from "commander";
import { err, out, UsageError } from "../_io.ts";
import { defaultSettings } from "../../lib/settings/mod.ts";
import { NetDevices } from "../../lib/netdevices/mod.ts";
import { openSettingsStore } from "../_store.ts";
import { terminalCredentialPrompt } from "../_secret_input.ts";
import { hostKeyFlags, type HostKeyOpts, hostKeysFrom } from "../_context.ts";
import { AclAssociations, LoadQueue } from "../../lib/acl/db/mod.ts";
import {
  accessPolicy,
  deviceCredentials,
  fullCommitRule,
  loadAutoAclRules,
  loadBouncePolicy,
  openAclStore,
} from "../../lib/resources/mod.ts";
import {
  type AclLoadResult,
  type AclLoadTarget,
  loadAcls,
  loadSummaryMessage,
  planAclLoads,
} from "../../lib/changemgmt/mod.ts";
import { deliver } from "../_notify.ts";

interface Opts extends HostKeyOpts {
  queue?: boolean;
  escalation?: boolean;
  bouncy?: boolean;
  bulkPercent: string;
  bulkThreshold: string;
  forceBulk?: boolean;
  aclDir?: string;
  db?: string;
  redis?: string | boolean;
  bounceFile?: string;
  maxConns?: string;
  timeout: string;
  confirmMinutes: string;
  save: boolean;
  dryRun?: boolean;
  yes?: boolean;
  json?: boolean;
  log?: string;
  notify?: boolean;
}

function int(text: string, name: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`Cannot use --${name} ${text}: expected an integer ${min}-${max}`);
  }
  return n;
}

function table(results: readonly AclLoadResult[]): string {
  const rows = results.map((r) => [
    r.device,
    r.window?.toUpperCase() ?? "-",
    r.status.toUpperCase(),
    r.acls.join(","),
    r.status === "failed" ? `${r.step ?? "?"}: ${r.message}` : r.message,
  ]);
  const head = ["DEVICE", "WINDOW", "RESULT", "ACLS", "DETAIL"];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((r) =>
    r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(width[i]!))).join("  ")
  ).join("\n");
}

async function appendLog(path: string, user: string, results: readonly AclLoadResult[]) {
  const now = new Date().toISOString();
  const lines = results.map((r) =>
    JSON.stringify({
      at: now,
      user,
      device: r.device,
      acls: r.acls,
      result: r.status,
      ...(r.step ? { step: r.step } : {}),
      message: r.message,
    }) + "\n"
  ).join("");
  try {
    await Deno.writeTextFile(path, lines, { append: true, create: true });
  } catch (e) {
    err(`trigger load-acl: cannot write log "${path}": ${e instanceof Error ? e.message : e}`);
  }
}

/** Sends the run's summary; failures go to stderr and the log, never thrown. */
async function sendSummary(
  config: Readonly<Record<string, unknown>>,
  results: readonly AclLoadResult[],
  user: string,
  log: string,
): Promise<void> {
  const sent = await deliver(
    config,
    loadSummaryMessage(results, { user, host: Deno.hostname() }),
    "trigger load-acl",
  );
  if (sent.length === 0) return;
  const line = JSON.stringify({ at: new Date().toISOString(), user, notification: sent });
  await Deno.writeTextFile(log, line + "\n", { append: true, create: true }).catch(() => {});
}

/** Builds the `load-acl` command. */
export function command(): Command {
  const cmd = new Command("load-acl")
    .description("Load ACLs on devices: windowed, throttled, verified, logged")
    .argument("[acls...]", "ACL names (files acl.<name> or <name> in the ACL directory)")
    .option("-Q, --queue", "take the work from the pending load queue")
    .option("-e, --escalation", "escalated queue entries only (implies --queue)")
    .option("--bouncy", "load even outside the green maintenance window")
    .option("--bulk-percent <n>", "largest share of a site's carriers of a bulk ACL per run", "25")
    .option("--bulk-threshold <n>", "an ACL on at least this many devices is bulk", "10")
    .option("--force-bulk", "no bulk throttling")
    .option("--acl-dir <dir>", "ACL directory (default: settings firewallDir / FIREWALL_DIR)")
    .option("--db <path>", "SQLite association and queue database (default: settings aclDbPath)")
    .option("--redis [url]", "use the Redis store (default URL: settings redisUrl)")
    .option("--bounce-file <path>", "bounce file (default: settings bounceFile)")
    .option("--max-conns <n>", "devices loaded at once (default: settings commandoMaxConns)")
    .option("--timeout <seconds>", "time allowed per device", "300")
    .option("--confirm-minutes <n>", "Junos: commit confirmed timeout", "2")
    .option("--no-save", "IOS-like: do not write memory after verification")
    .option("--dry-run", "show what would be done; contact no device")
    .option("-y, --yes", "do not ask for confirmation")
    .option("--json", "print JSON")
    .option("--log <file>", "append results here (default: <settings prefix>/load_acl.log)")
    .option("--notify", "send a summary to the configured notification handlers")
    .option("--no-notify", "no summary (the default with --queue when handlers are configured)");
  return hostKeyFlags(cmd)
    .action(async (names: string[], o: Opts) => {
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
      const user = Deno.env.get("USER") ?? Deno.env.get("LOGNAME") ?? "unknown";
      const devices = await NetDevices.load();
      const inventory = devices.all() as unknown as AclLoadTarget[];
      const added: string[] = [];
      const hostKeys = hostKeysFrom(settings, o, added);
      const store = await openAclStore(settings, {
        backend: o.redis ? "redis" : o.db !== undefined ? "sqlite" : undefined,
        path: o.db,
        redisUrl: typeof o.redis === "string" ? o.redis : undefined,
      });
      try {
        const associations = new AclAssociations(store, await loadAutoAclRules(settings));
        const queue = new LoadQueue(associations);
        const policy = await loadBouncePolicy(settings, o.bounceFile);
        const plan = await planAclLoads({
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
        });
        const tty = Deno.stdin.isTerminal() && Deno.stderr.isTerminal();
        if (!o.dryRun && !o.yes && plan.loads.length > 0) {
          if (!tty) {
            throw new UsageError("Refusing to load ACLs without --yes (no terminal to confirm on)");
          }
          const acls = [...new Set(plan.loads.flatMap((l) => l.acls))].join(", ");
          for (const s of plan.skipped) err(s.message);
          for (const l of plan.loads) err(`  ${l.device.nodeName.padEnd(32)} ${l.acls.join(" ")}`);
          const answer = prompt(
            `You are about to load ACL ${acls} on ${plan.loads.length} devices. Continue? [y/N]`,
          );
          if (!/^y(es)?$/i.test(answer?.trim() ?? "")) {
            err("LOAD CANCELLED");
            Deno.exitCode = 1;
            return;
          }
        }
        const creds = deviceCredentials(settings, {
          store: await openSettingsStore(settings),
          prompt: terminalCredentialPrompt(),
        });
        const realmOf = (d: AclLoadTarget) => d.realm ?? settings.defaultRealm;
        // one realm after another, so that terminal prompts never interleave
        for (const d of new Map(plan.loads.map((l) => [realmOf(l.device), l.device])).values()) {
          await creds(realmOf(d), d).catch(() => {});
        }
        const results = await loadAcls(plan, {
          aclDir: o.aclDir ?? settings.firewallDir,
          queue,
          user,
          maxConns,
          timeoutMs,
          confirmMinutes,
          save: o.save,
          dryRun: o.dryRun === true,
          ...hostKeys,
          policy: accessPolicy(settings),
          fullCommit: fullCommitRule(settings),
          credentials: (d) => creds(realmOf(d), d),
          onEvent: (e) => {
            if (!tty || o.json) return;
            if (e.kind === "step") err(`  ${e.device}: ${e.step}`);
            else err(`${e.result.device}: ${e.result.status.toUpperCase()} ${e.result.message}`);
          },
        });
        const log = o.log ?? `${settings.prefix}/load_acl.log`;
        if (!o.dryRun) await appendLog(log, user, results);
        const configured = Array.isArray(settings.notifications["handlers"]) &&
          settings.notifications["handlers"].length > 0;
        if (!o.dryRun && results.length > 0 && (o.notify ?? (fromQueue && configured))) {
          await sendSummary(settings.notifications, results, user, log);
        }
        for (const m of added) err(m);
        if (o.json) out(JSON.stringify(results, null, 2));
        else {
          out(table(results));
          if (o.dryRun) {
            for (const r of results) {
              if (r.payload) out(`\n# ${r.device} (${r.acls.join(", ")})\n${r.payload}`);
            }
          }
        }
        const okStatus = o.dryRun ? "planned" : "done";
        Deno.exitCode = results.every((r) => r.status === okStatus) ? 0 : 1;
      } finally {
        await store.close();
      }
    });
}

/**
 * `trigger load-acl [ACL...] | --queue [--escalation] | --auto`: loads ACLs
 * on the devices that carry them (or the pending queue entries), within
 * their green maintenance window, throttling bulk ACLs per site, never both
 * devices of a redundancy group at once, and verifies each load by reading
 * the ACL back. Queue entries are marked done only when verified. `-f FILE`
 * (`device [acl...]` per line), `--exclude GLOB|ACL` and `--match key=value`
 * narrow the work.
 *
 * Each platform's profile says how a list is replaced without a moment with
 * no filter: in place by sequence number (IOS), in a configuration session
 * (EOS, NX-OS), by a commit (IOS XR, Junos). Platforms that would leave a
 * window are skipped unless `--allow-window`.
 *
 * The change hooks module of the settings (`changeHooks`) is asked who is on
 * call and for a change ticket before anything changes; it may refuse
 * (`--no-cm` skips it). `--auto` is the cron mode: the queue, without the
 * ACLs of `AUTOLOAD_BLACKLIST` or those queued on `AUTOLOAD_FILTER_THRESH`
 * devices or more, green windows only, no question, the summary through the
 * configured notifications, exit 1 when anything failed.
 *
 * On a terminal a live board shows the devices in flight with their step,
 * the counts, elapsed time and ETA, and the last failures; without one, one
 * line per device step goes to standard error.
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
import { Command } from "commander";
import { readInput, UsageError } from "../_io.ts";
import { collect, hostKeyFlags, type HostKeyOpts } from "../_context.ts";
import { runLoadAcl } from "./_load_acl_run.ts";

interface Opts extends HostKeyOpts {
  queue?: boolean;
  escalation?: boolean;
  auto?: boolean;
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
  save: boolean;
  dryRun?: boolean;
  yes?: boolean;
  json?: boolean;
  log?: string;
  backupDir?: string;
  storeTimeout: string;
  notify?: boolean;
  cm: boolean;
  file?: string;
  exclude: string[];
  match: string[];
  pairField?: string;
  pairPattern?: string;
}

function int(text: string, name: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`Cannot use --${name} ${text}: expected an integer ${min}-${max}`);
  }
  return n;
}

/** Builds the `load-acl` command. */
export function command(): Command {
  const cmd = new Command("load-acl")
    .description("Load ACLs on devices: windowed, throttled, verified, logged")
    .argument("[acls...]", "ACL names (files acl.<name> or <name> in the ACL directory)")
    .option("-Q, --queue", "take the work from the pending load queue")
    .option("-e, --escalation", "escalated queue entries only (implies --queue)")
    .option("--auto", "cron mode: the queue, blacklist and thresholds, notifications, no question")
    .option("-f, --file <path>", "devices to load: one per line, optionally followed by ACLs")
    .option(
      "--exclude <glob|acl>",
      "leave out devices (glob) or ACLs (repeatable, comma list)",
      collect,
      [],
    )
    .option(
      "--match <key=value>",
      "only devices with this inventory field (repeatable)",
      collect,
      [],
    )
    .option("--bouncy", "load even outside the green maintenance window")
    .option("--bulk-percent <n>", "largest share of a site's carriers of a bulk ACL per run", "25")
    .option("--bulk-threshold <n>", "an ACL on at least this many devices is bulk", "10")
    .option("--force-bulk", "no bulk throttling")
    .option(
      "--allow-window",
      "load also where the list is missing for a moment (no in-place edit, session or commit)",
    )
    .option("--pair-field <field>", "inventory field naming redundancy groups (default: settings)")
    .option(
      "--pair-pattern <regex>",
      "device-name regex naming redundancy groups (default: settings)",
    )
    .option("--acl-dir <dir>", "ACL directory (default: settings firewallDir / FIREWALL_DIR)")
    .option("--db <path>", "SQLite association and queue database (default: settings aclDbPath)")
    .option("--redis [url]", "use the Redis store (default URL: settings redisUrl)")
    .option("--store-timeout <seconds>", "longest wait for the ACL store (a lock, Redis)", "10")
    .option("--bounce-file <path>", "bounce file (default: settings bounceFile)")
    .option("--max-conns <n>", "devices loaded at once (default: settings commandoMaxConns)")
    .option("--timeout <seconds>", "time allowed per device", "300")
    .option("--confirm-minutes <n>", "Junos: commit confirmed timeout", "2")
    .option("--no-save", "do not save the configuration after verification")
    .option("--no-cm", "skip the change hooks (on-call, change ticket)")
    .option("--dry-run", "show what would be done; contact no device")
    .option("-y, --yes", "do not ask for confirmation")
    .option("--json", "print JSON")
    .option("--log <file>", "the change log (default: <settings prefix>/load_acl.log)")
    .option("--backup-dir <dir>", "backups (default: <settings prefix>/acl-backups)")
    .option("--notify", "send a summary to the configured notification handlers")
    .option("--no-notify", "no summary (the default with --queue when handlers are configured)");
  return hostKeyFlags(cmd)
    .action(async (names: string[], o: Opts) => {
      const auto = o.auto === true;
      if (auto && (o.bouncy || o.dryRun)) {
        throw new UsageError(
          "Cannot use --auto with --bouncy or --dry-run: cron loads in green windows only",
        );
      }
      await runLoadAcl(names, {
        fromQueue: auto || o.queue === true || o.escalation === true,
        escalation: o.escalation === true,
        auto,
        bouncy: o.bouncy === true,
        bulkPercent: int(o.bulkPercent, "bulk-percent", 1, 100),
        bulkThreshold: int(o.bulkThreshold, "bulk-threshold", 1, 1_000_000),
        forceBulk: o.forceBulk === true,
        allowWindow: o.allowWindow === true,
        aclDir: o.aclDir,
        db: o.db,
        redis: o.redis,
        storeMs: int(o.storeTimeout, "store-timeout", 1, 3600) * 1000,
        bounceFile: o.bounceFile,
        maxConns: o.maxConns === undefined ? undefined : int(o.maxConns, "max-conns", 1, 10_000),
        timeoutMs: int(o.timeout, "timeout", 1, 86_400) * 1000,
        confirmMinutes: int(o.confirmMinutes, "confirm-minutes", 1, 60),
        hostKeys: {
          ...(o.knownHosts === undefined ? {} : { knownHosts: o.knownHosts }),
          ...(o.acceptNewHostkeys === undefined ? {} : { acceptNewHostkeys: o.acceptNewHostkeys }),
          ...(o.hostKeyPolicy === undefined ? {} : { hostKeyPolicy: o.hostKeyPolicy }),
        },
        save: o.save,
        dryRun: o.dryRun === true,
        yes: auto || o.yes === true,
        json: o.json === true,
        log: o.log,
        backupDir: o.backupDir,
        notify: o.notify,
        cm: o.cm,
        file: o.file,
        fileText: o.file === undefined ? undefined : await readInput(o.file),
        exclude: o.exclude,
        match: o.match,
        pairField: o.pairField,
        pairPattern: o.pairPattern,
      });
    });
}

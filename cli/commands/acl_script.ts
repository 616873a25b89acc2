/**
 * `trigger acl-script`: scripted ACL edits (the original's `acl_script`):
 * insert a term built from the command line into ACL files (unless an equal
 * term is there), or remove the terms equal to it; each file is normalised
 * by the engine's own writer, the difference is printed, and the files are
 * written and committed to the ACL directory's Git repository in one commit
 * (`-n` shows the difference and changes nothing).
 *
 * ```
 * trigger acl-script -a EDGE-IN [-a ACL...] --insert|--remove
 *   [-s ADDR]... [-d ADDR]... [--protocol P]... [-p PORT]... [-P PORT]...
 *   [--action permit|deny] [-C COMMENT] [--position N] [--term-name NAME] [-m MESSAGE] [-n]
 * ```
 *
 * Exit status: 0 changed (or would change), 1 nothing to change, 2 bad input.
 *
 * @module
 */
import { Command, Option } from "commander";
import { err, out, UsageError } from "../_io.ts";
import { collect } from "../_context.ts";
import { defaultSettings } from "../../lib/settings/mod.ts";
import {
  aclDiff,
  checkAclRepo,
  commitAclFiles,
  lockAclDir,
  operatorLogin,
  readAclFile,
  scriptAcl,
} from "../../lib/changemgmt/mod.ts";

interface Opts {
  acl: string[];
  insert?: boolean;
  remove?: boolean;
  source: string[];
  destination: string[];
  protocol: string[];
  sourcePort: string[];
  destinationPort: string[];
  action: "permit" | "deny";
  comment?: string;
  position?: string;
  termName?: string;
  message?: string;
  /** False with `-n/--no-changes`. */
  changes: boolean;
  aclDir?: string;
}

async function script(o: Opts): Promise<void> {
  if (o.acl.length === 0) throw new UsageError("Name at least one ACL with -a");
  if (o.insert && o.remove) throw new UsageError("Cannot --insert and --remove at once");
  const term = {
    action: o.action,
    ...(o.protocol.length ? { protocols: o.protocol } : {}),
    ...(o.source.length ? { sources: o.source } : {}),
    ...(o.destination.length ? { destinations: o.destination } : {}),
    ...(o.sourcePort.length ? { sourcePorts: o.sourcePort } : {}),
    ...(o.destinationPort.length ? { destinationPorts: o.destinationPort } : {}),
    ...(o.comment ? { comment: o.comment } : {}),
    ...(o.termName ? { name: o.termName } : {}),
  };
  if (Object.keys(term).length === 1 && o.insert !== false && !o.remove) {
    throw new UsageError("Describe the term: at least one of -s, -d, --protocol, -p, -P");
  }
  const position = o.position === undefined ? undefined : Number(o.position);
  if (position !== undefined && (!Number.isInteger(position) || position < 1)) {
    throw new UsageError(`Cannot use --position ${o.position}: expected a positive integer`);
  }
  const dir = o.aclDir ?? defaultSettings().firewallDir;
  const user = operatorLogin();
  await checkAclRepo(dir);
  await using _lock = await lockAclDir(dir, user);
  const changed = new Map<string, string>();
  for (const name of o.acl) {
    const { path, text } = await readAclFile(dir, name);
    const file = path.slice(dir.length + 1);
    const r = scriptAcl(text, path, {
      mode: o.remove ? "remove" : "insert",
      term,
      ...(position === undefined ? {} : { position }),
    });
    err(r.message);
    if (!r.changed) continue;
    out(await aclDiff(text, r.text, file));
    changed.set(file, r.text);
  }
  if (changed.size === 0) {
    Deno.exitCode = 1;
    return;
  }
  if (!o.changes) return;
  const message = o.message ??
    `acl-script ${o.remove ? "removed" : "inserted"} a term in ${
        [...changed.keys()].join(", ")
      } by ${user}` +
      (o.comment ? `: ${o.comment}` : "");
  const id = await commitAclFiles(dir, changed, message, user);
  out(`Committed ${id}: ${message}`);
}

/** Builds the `acl-script` command. */
export function command(): Command {
  return new Command("acl-script")
    .description("Insert or remove an ACL term from the command line; normalise, diff, Git commit")
    .option("-a, --acl <name>", "an ACL to change (repeatable)", collect, [])
    .option("--insert", "insert the term unless an equal one is there (the default)")
    .option("--remove", "remove the terms equal to the one given")
    .option("-s, --source <addr>", "source address or prefix (repeatable)", collect, [])
    .option("-d, --destination <addr>", "destination address or prefix (repeatable)", collect, [])
    .option("--protocol <p>", "protocol: tcp, udp, icmp, a number (repeatable)", collect, [])
    .option("-p, --source-port <port>", "source port or range a-b (repeatable)", collect, [])
    .option(
      "-P, --destination-port <port>",
      "destination port or range a-b (repeatable)",
      collect,
      [],
    )
    .addOption(
      new Option("--action <action>", "permit or deny").choices(["permit", "deny"]).default(
        "permit",
      ),
    )
    .option("-C, --comment <text>", "a comment on the inserted term")
    .option(
      "--position <n>",
      "insert at this position (default: before a final catch-all, else last)",
    )
    .option("--term-name <name>", "the inserted term's name (Junos)")
    .option("-m, --message <text>", "commit message")
    .option("-n, --no-changes", "show the difference, change nothing")
    .option("--acl-dir <dir>", "ACL directory (default: settings firewallDir / FIREWALL_DIR)")
    .action((o: Opts) => script(o));
}

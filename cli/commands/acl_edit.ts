/**
 * `trigger acl-edit NAME`: edits an ACL file of `FIREWALL_DIR` as the
 * original's `fe` did, with Git instead of RCS. `$VISUAL` / `$EDITOR` (else
 * `vi`) opens a copy; when the editor exits the copy must parse (else the
 * error is shown with file, line and column and, on a terminal, the editor
 * opens again; nothing is saved), it is normalised by the engine's own
 * writer, the difference is shown, and once confirmed (`--yes`) the file is
 * written and committed to the directory's Git repository with the message
 * (`-m`, asked on a terminal, else derived from the comments added). One
 * editor at a time holds the directory's lock.
 *
 * Exit status: 0 saved (or nothing changed), 1 not saved, 2 bad input.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { Command } from "commander";
import { err, out, UsageError } from "../_io.ts";
import { defaultSettings } from "../../lib/settings/mod.ts";
import {
  aclDiff,
  checkAclRepo,
  commitAclFiles,
  lockAclDir,
  normalizeAclText,
  operatorLogin,
} from "../../lib/changemgmt/mod.ts";
import { TriggerError } from "../../lib/errors.ts";

interface Opts {
  aclDir?: string;
  message?: string;
  yes?: boolean;
  create?: boolean;
}

/** The file of an ACL: `acl.NAME` if it exists, else `NAME`, else (new) `acl.NAME`. */
async function fileOf(dir: string, name: string): Promise<{ file: string; exists: boolean }> {
  if (name.includes("/") || name.startsWith(".") || name === "") {
    throw new UsageError(`Cannot edit ACL "${name}": not a plain name`);
  }
  for (const file of [`acl.${name}`, name]) {
    if (await Deno.stat(`${dir}/${file}`).then(() => true, () => false)) {
      return { file, exists: true };
    }
  }
  return { file: `acl.${name}`, exists: false };
}

function interactive(): boolean {
  return Deno.stdin.isTerminal() && Deno.stderr.isTerminal();
}

function ask(question: string): string {
  return prompt(question)?.trim() ?? "";
}

/** The commit message: `-m`, asked, or the comment lines the change added. */
export function messageFor(diff: string, name: string, user: string, given?: string): string {
  if (given) return given;
  const added = diff.split("\n").filter((l) =>
    /^\+\s*(!|remark\b|\/\*|#)/.test(l) && !l.startsWith("+++")
  )
    .map((l) => l.slice(1).trim().replace(/^(!|remark|\/\*|#)\s*/, "").replace(/\s*\*\/$/, ""));
  return added.length ? added.join("; ") : `acl-edit ${name} by ${user}`;
}

/** Runs the editor on the terminal (node:child_process: the single binary has no Deno.Command). */
async function runEditor(path: string): Promise<void> {
  const editor = Deno.env.get("VISUAL") || Deno.env.get("EDITOR") || "vi";
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn("sh", ["-c", `${editor} "$1"`, "editor", path], { stdio: "inherit" });
    child.once("error", reject);
    child.once("exit", (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new UsageError(`The editor (${editor}) exited with status ${code}`);
}

async function edit(name: string, o: Opts): Promise<void> {
  const dir = o.aclDir ?? defaultSettings().firewallDir;
  const user = operatorLogin();
  await checkAclRepo(dir);
  await using _lock = await lockAclDir(dir, user);
  const { file, exists } = await fileOf(dir, name);
  if (!exists) {
    const create = o.create ||
      (interactive() && /^y/i.test(ask(`${dir}/${file} does not exist; create it? [y/N]`)));
    if (!create) throw new UsageError(`No ACL file "${dir}/${file}" (use --create to start one)`);
  }
  const before = exists ? await Deno.readTextFile(`${dir}/${file}`) : "";
  const tmpDir = await Deno.makeTempDir({ prefix: "trigger-acl-edit-" });
  const copy = `${tmpDir}/${file}`;
  try {
    await Deno.writeTextFile(copy, before);
    let after: string;
    for (;;) {
      await runEditor(copy);
      try {
        after = normalizeAclText(await Deno.readTextFile(copy), `${dir}/${file}`);
        break;
      } catch (e) {
        if (!(e instanceof TriggerError) || e.code !== "ACL_SYNTAX") throw e;
        err(e.message);
        if (!interactive() || /^n/i.test(ask("Edit again? [Y/n]"))) {
          err(`Not saved: ${dir}/${file} is unchanged`);
          Deno.exitCode = 1;
          return;
        }
      }
    }
    if (after === before) {
      out("No changes made.");
      return;
    }
    const diff = await aclDiff(before, after, file);
    out(diff);
    if (!o.yes && !(interactive() && /^y/i.test(ask("Save and commit these changes? [y/N]")))) {
      err(
        o.yes || interactive() ? "Not saved" : "Not saved: no terminal to confirm on (use --yes)",
      );
      Deno.exitCode = 1;
      return;
    }
    const given = o.message ?? (interactive() ? ask("Commit message:") : undefined);
    const message = messageFor(diff, name, user, given || undefined);
    const id = await commitAclFiles(dir, new Map([[file, after]]), message, user);
    out(`Committed ${id}: ${message}`);
  } finally {
    await Deno.remove(tmpDir, { recursive: true }).catch(() => {});
  }
}

/** Builds the `acl-edit` command. */
export function command(): Command {
  return new Command("acl-edit")
    .description("Edit an ACL file: $EDITOR, parse check, normalise, diff, Git commit")
    .argument("<name>", "the ACL (file acl.<name> or <name> in the ACL directory)")
    .option("--acl-dir <dir>", "ACL directory (default: settings firewallDir / FIREWALL_DIR)")
    .option("-m, --message <text>", "commit message (default: asked, or the comments added)")
    .option("-y, --yes", "save without asking")
    .option("--create", "start a new ACL file")
    .action((name: string, o: Opts) => edit(name, o));
}

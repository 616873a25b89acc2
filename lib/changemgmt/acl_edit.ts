/**
 * Editing the ACL files of `FIREWALL_DIR` as the original's `fe` and
 * `acl_script` did, with Git instead of RCS: a file is normalised by the
 * engine's own writer (so every edit leaves it in one canonical form), one
 * that does not parse is never saved, terms are inserted or removed by
 * address and port, and each change is committed to the directory's Git
 * repository under the real login, one editor at a time.
 *
 * @module
 */
import { execFile } from "node:child_process";
import { TriggerError } from "../errors.ts";
import { parse } from "../acl/acl.ts";
import { AclSyntaxError } from "../acl/errors.ts";
import type { Term } from "../acl/ir.ts";
import { canonicalTerm } from "./acl_verify.ts";

/**
 * An ACL file's text in the engine's canonical form (its own format).
 *
 * @param text The file's text.
 * @param file Its path, for errors.
 * @returns The normalised text.
 * @throws {TriggerError} `ACL_SYNTAX` with `FILE:LINE:COL: message` when it does not parse.
 *
 * @example Port names and spacing normalised
 * ```ts
 * import { normalizeAclText } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(
 *   normalizeAclText("ip access-list extended E\n  permit udp any any eq domain\n", "acl.E"),
 *   "ip access-list extended E\n permit udp any any eq 53\n",
 * );
 * ```
 */
export function normalizeAclText(text: string, file: string): string {
  try {
    using acl = parse(text);
    return acl.output(acl.defaultFormat);
  } catch (e) {
    if (e instanceof AclSyntaxError) {
      throw new TriggerError("ACL_SYNTAX", `${file}:${e.line}:${e.column}: ${e.message}`, {
        cause: e,
      });
    }
    throw e;
  }
}

/** A term given on the command line (`acl-script`). */
export interface ScriptTerm {
  /** `permit` or `deny`. @default {"permit"} */
  action?: "permit" | "deny";
  /** Protocols (`tcp`, `udp`, `icmp`, numbers). */
  protocols?: readonly string[];
  /** Source prefixes (`192.0.2.0/24`, `192.0.2.1`). */
  sources?: readonly string[];
  /** Destination prefixes. */
  destinations?: readonly string[];
  /** Source ports or ranges (`1024-65535`). */
  sourcePorts?: readonly string[];
  /** Destination ports or ranges (`443`, `8000-8080`). */
  destinationPorts?: readonly string[];
  /** A comment on the term (a `remark` in IOS). */
  comment?: string;
  /** The term's name (Junos). */
  name?: string;
}

/** What {@linkcode scriptAcl} does. */
export interface ScriptChange {
  /** Insert the term (unless the same term is there), or remove every equal term. */
  mode: "insert" | "remove";
  /** The term. */
  term: ScriptTerm;
  /** 1-based position to insert at. @default {before a final match-everything term, else last} */
  position?: number;
}

/** The term as the engine reads it (built as Junos text, parsed, so every value is checked). */
function buildTerm(t: ScriptTerm): Term {
  const list = (key: string, values: readonly string[] | undefined) =>
    values && values.length ? `${key} [ ${values.join(" ")} ]; ` : "";
  const prefix = (v: string) => v.includes("/") ? v : v.includes(":") ? `${v}/128` : `${v}/32`;
  const addr = (key: string, values: readonly string[] | undefined) =>
    values && values.length ? `${key} { ${values.map((v) => `${prefix(v)};`).join(" ")} } ` : "";
  const from = addr("source-address", t.sources) + addr("destination-address", t.destinations) +
    list("protocol", t.protocols) + list("source-port", t.sourcePorts) +
    list("destination-port", t.destinationPorts);
  const comment = t.comment ? `/* ${t.comment.replaceAll("*/", "* /")} */ ` : "";
  const then = (t.action ?? "permit") === "permit" ? "accept" : "discard";
  const text = `filter script { term ${t.name ?? "script"} { ${comment}${
    from ? `from { ${from}} ` : ""
  }then ${then}; } }\n`;
  try {
    using acl = parse(text, { dialect: "junos" });
    return acl.terms[0]!;
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^[^:]*:\d+:\d+: /, "") : String(e);
    throw new TriggerError("INVALID_ARGUMENT", `Cannot build the term: ${why}`, { cause: e });
  }
}

/**
 * Inserts a term into an ACL file's text, or removes the terms equal to it,
 * and writes the result in the file's own format.
 *
 * @param text The file's text.
 * @param file Its path, for errors.
 * @param change Insert or remove, the term, where.
 * @returns The new text, and what changed (`changed: false` when nothing did).
 * @throws {TriggerError} `ACL_SYNTAX` when the file does not parse,
 *   `INVALID_ARGUMENT` for a bad term or position, `ACL_UNSUPPORTED` when the
 *   file's format cannot express the term.
 *
 * @example Insert before the final deny
 * ```ts
 * import { scriptAcl } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * const r = scriptAcl("ip access-list extended E\n permit tcp any any eq 22\n deny ip any any\n", "acl.E", {
 *   mode: "insert",
 *   term: { protocols: ["tcp"], destinations: ["192.0.2.10"], destinationPorts: ["443"] },
 * });
 * strictEqual(r.text, "ip access-list extended E\n permit tcp any any eq 22\n permit tcp any host 192.0.2.10 eq 443\n deny ip any any\n");
 * ```
 */
export function scriptAcl(
  text: string,
  file: string,
  change: ScriptChange,
): { text: string; changed: boolean; message: string } {
  normalizeAclText(text, file);
  using acl = parse(text);
  const term = buildTerm(change.term);
  const key = canonicalTerm(term);
  const terms = [...acl.terms];
  const equal = terms.filter((t) => canonicalTerm(t) === key);
  if (change.mode === "remove") {
    if (equal.length === 0) {
      return { text, changed: false, message: `${file}: no term equal to the one given` };
    }
    acl.terms = terms.filter((t) => canonicalTerm(t) !== key);
    return {
      text: acl.output(acl.defaultFormat),
      changed: true,
      message: `${file}: removed ${equal.length} term${equal.length === 1 ? "" : "s"}`,
    };
  }
  if (equal.length > 0) {
    return { text, changed: false, message: `${file}: the term is already there` };
  }
  const last = terms.at(-1);
  const catchAll = last !== undefined && last.conditions.length === 0;
  const at = change.position === undefined
    ? (catchAll ? terms.length - 1 : terms.length)
    : change.position - 1;
  if (!Number.isInteger(at) || at < 0 || at > terms.length) {
    throw new TriggerError(
      "INVALID_ARGUMENT",
      `Cannot insert at position ${change.position}: ${file} has ${terms.length} terms`,
    );
  }
  terms.splice(at, 0, acl.defaultFormat === "junos" ? term : { ...term, name: null });
  acl.terms = terms;
  if (acl.defaultFormat === "junos") acl.nameTerms();
  return {
    text: acl.output(acl.defaultFormat),
    changed: true,
    message: `${file}: inserted a term at position ${at + 1}`,
  };
}

/** Runs git; its exit code and output (node:child_process: the single binary has no Deno.Command). */
function runGit(
  args: string[],
  cwd?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile("git", args, { cwd, maxBuffer: 256 << 20 }, (e, stdout, stderr) => {
      const code = e === null ? 0 : typeof e.code === "number" ? e.code : -1;
      if (code === -1) {
        reject(new TriggerError("IO_ERROR", `Cannot run git: ${e!.message}`, { cause: e }));
      } else resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Runs git in a directory; its output, or a `TriggerError` with git's words. */
async function git(dir: string, args: string[]): Promise<string> {
  const r = await runGit(["-C", dir, ...args]);
  if (r.code !== 0) {
    throw new TriggerError(
      "IO_ERROR",
      `git ${args[0]} failed in "${dir}": ${(r.stderr || r.stdout).trim()}`,
    );
  }
  return r.stdout;
}

/**
 * Checks that the ACL directory is a Git repository's work tree.
 *
 * @throws {TriggerError} `INVALID_ARGUMENT` saying how to make it one.
 */
export async function checkAclRepo(dir: string): Promise<void> {
  try {
    await git(dir, ["rev-parse", "--is-inside-work-tree"]);
  } catch {
    throw new TriggerError(
      "INVALID_ARGUMENT",
      `Cannot edit ACLs in "${dir}": it is not a Git repository (run: git -C ${dir} init)`,
    );
  }
}

/**
 * The differences between two versions of a file, as `git diff` shows them.
 *
 * @returns The unified diff (`""` when equal).
 */
export async function aclDiff(before: string, after: string, name: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "trigger-acl-diff-" });
  try {
    await Deno.mkdir(`${dir}/a`);
    await Deno.mkdir(`${dir}/b`);
    await Deno.writeTextFile(`${dir}/a/${name}`, before);
    await Deno.writeTextFile(`${dir}/b/${name}`, after);
    // exit 1 means "they differ"
    return (await runGit(["diff", "--no-index", "--no-color", `a/${name}`, `b/${name}`], dir))
      .stdout;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Writes the files and commits them to the directory's repository, as the
 * given login when Git knows no identity.
 *
 * @param dir The ACL directory (a Git work tree).
 * @param files File name (within `dir`) → new text.
 * @param message The commit message.
 * @param login Who changes (the real login).
 * @returns The new commit's short id.
 * @throws {TriggerError} `IO_ERROR` when a file cannot be written or git fails.
 */
export async function commitAclFiles(
  dir: string,
  files: ReadonlyMap<string, string>,
  message: string,
  login: string,
): Promise<string> {
  for (const [name, text] of files) {
    const path = `${dir}/${name}`;
    const tmp = `${path}.tmp-${crypto.randomUUID().slice(0, 8)}`;
    try {
      await Deno.writeTextFile(tmp, text);
      await Deno.rename(tmp, path);
    } catch (e) {
      await Deno.remove(tmp).catch(() => {});
      throw new TriggerError("IO_ERROR", `Cannot write "${path}": ${(e as Error).message}`, {
        cause: e,
      });
    }
  }
  await git(dir, ["add", "--", ...files.keys()]);
  const known = await git(dir, ["config", "user.email"]).then((s) => s.trim() !== "", () => false);
  const identity = known ? [] : [
    "-c",
    `user.name=${login}`,
    "-c",
    `user.email=${login}@${Deno.hostname()}`,
  ];
  await git(dir, [...identity, "commit", "-q", "-m", message, "--", ...files.keys()]);
  return (await git(dir, ["rev-parse", "--short", "HEAD"])).trim();
}

/**
 * Takes the ACL directory's edit lock (one editor at a time, as RCS locks
 * did); a lock left by a process that is gone is taken over.
 *
 * @param dir The ACL directory.
 * @param who Who edits (shown to the next one).
 * @returns The lock; dispose it to release.
 * @throws {TriggerError} `INVALID_ARGUMENT` naming who holds it.
 */
export async function lockAclDir(dir: string, who: string): Promise<AsyncDisposable> {
  const path = `${dir}/.trigger-acl-edit.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const f = await Deno.open(path, { createNew: true, write: true, mode: 0o600 });
      await f.write(new TextEncoder().encode(JSON.stringify({ who, pid: Deno.pid }) + "\n"));
      f.close();
      return { [Symbol.asyncDispose]: () => Deno.remove(path).catch(() => {}) };
    } catch (e) {
      if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
      const held = await Deno.readTextFile(path).then((t) => JSON.parse(t), () => ({}));
      const alive = typeof held.pid === "number" &&
        await Deno.stat(`/proc/${held.pid}`).then(() => true, () => false);
      if (alive) {
        throw new TriggerError(
          "INVALID_ARGUMENT",
          `Cannot edit ACLs in "${dir}": ${held.who ?? "someone"} (pid ${held.pid}) is editing`,
        );
      }
      await Deno.remove(path).catch(() => {});
    }
  }
  throw new TriggerError("INVALID_ARGUMENT", `Cannot take the edit lock "${path}"`);
}

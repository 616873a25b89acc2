/**
 * Writing lists on an IOS-like device the way its platform profile says
 * (`acl.method`), so that no interface is ever left without its filter:
 *
 * - `sequence` (IOS, IOS-XE): each list is edited in place by sequence
 *   number ({@linkcode sequenceEditLines}): the list never disappears and
 *   every packet meets its old verdict or its new one;
 * - `session` (EOS, NX-OS): `no` + the new definition typed in a
 *   configuration session, then committed at once; a session that fails is
 *   abandoned (nothing applied);
 * - `replace`: `no` + the new definition in configuration mode, followed by
 *   the platform's commit when it has one (IOS XR: applied at once);
 *   without a commit, the list is missing between the two lines.
 *
 * The same function writes the new lists and puts the previous ones back.
 *
 * @module
 */
import { parse } from "../acl/parse.ts";
import { TriggerError } from "../errors.ts";
import type { Session } from "../session/session.ts";
import { configure } from "../session/configure.ts";
import type { AclDeviceKind, RenderedAcl } from "./acl_platforms.ts";
import { type SequencedEntry, sequenceEditLines, sequenceMakeRoom } from "./acl_sequence.ts";
import { canonicalTerm } from "./acl_verify.ts";

/** Configuration lines of a text: trimmed, without blanks and `!` comments. */
export function configLines(text: string): string[] {
  return text.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("!"));
}

/** The `no ...` lines that remove a list. */
function removal(a: RenderedAcl): string[] {
  return configLines(a.payload).filter((l) => /^no\s/.test(l));
}

/**
 * The lines that make each list read as wanted with `no` + definition: the
 * list removed, then its wanted text, if it is to exist.
 *
 * @param acls The ACLs.
 * @param wanted Per ACL, its wanted text (`""`: it must not exist).
 * @returns The lines, in order.
 */
export function replaceLines(acls: readonly RenderedAcl[], wanted: readonly string[]): string[] {
  return acls.flatMap((a, i) => [...removal(a), ...configLines(wanted[i] ?? "")]);
}

/** Whether a load with this kind leaves a moment without the list (a window). */
export function leavesWindow(kind: AclDeviceKind, commit: string | null): boolean {
  return kind.load === "cli" && kind.method === "replace" && commit === null;
}

/**
 * Makes every list read as wanted on an open session, with the platform's
 * method (the caller reads the lists back and compares).
 *
 * @param session An open session in its default mode.
 * @param acls The ACLs (names, removal lines).
 * @param wanted Per ACL, the wanted text in the device's syntax (`""`: absent).
 * @param name A name for a configuration session (`session` method).
 * @returns Resolves once the device took every line.
 * @throws {TriggerError} `COMMAND_FAILED` (a line refused), `ACL_INVALID`, the session's errors.
 */
export async function writeLists(
  session: Session,
  acls: readonly RenderedAcl[],
  wanted: readonly string[],
  name: string,
): Promise<void> {
  const kind = session.profile.acl;
  if (kind === null) {
    throw new TriggerError("INVALID_ARGUMENT", `Platform "${session.profile.id}" loads no ACLs`);
  }
  if (kind.method === "session" && kind.session) {
    await inSession(session, kind.session, replaceLines(acls, wanted), name);
    return;
  }
  if (kind.method === "sequence" && kind.sequence) {
    for (const [i, a] of acls.entries()) {
      await sequenceEdit(session, kind.sequence, a, wanted[i] ?? "");
    }
    return;
  }
  await configure(session, replaceLines(acls, wanted));
}

/** The lines typed in a configuration session, committed at once; abandoned on a failure. */
async function inSession(
  session: Session,
  commands: NonNullable<AclDeviceKind["session"]>,
  lines: readonly string[],
  name: string,
): Promise<void> {
  const home = session.mode ?? session.profile.defaultMode;
  const enter = await session.send(commands.enter.replaceAll("{name}", name));
  if (enter.failed || session.mode !== session.profile.management.configMode) {
    throw new TriggerError(
      "COMMAND_FAILED",
      `Cannot open configuration session ${name} on "${session.host}": ${enter.output.trim()}`,
      { host: session.host },
    );
  }
  let committed = false;
  try {
    await session.sendMany([...lines]);
    const commit = await session.send(commands.commit);
    if (commit.failed) {
      throw new TriggerError(
        "COMMAND_FAILED",
        `The device "${session.host}" refused to commit session ${name}: ${commit.output.trim()}`,
        { host: session.host },
      );
    }
    committed = true;
  } finally {
    // nothing of an uncommitted session reaches the running configuration
    if (!committed) await session.send(commands.abort).catch(() => {});
    await session.enterMode(home).catch(() => {});
  }
}

/** One list edited in place by sequence number (or removed, or created). */
async function sequenceEdit(
  session: Session,
  commands: NonNullable<AclDeviceKind["sequence"]>,
  a: RenderedAcl,
  wantedText: string,
): Promise<void> {
  const wanted = entriesOf(wantedText);
  if (wanted === undefined) {
    await configure(session, removal(a));
    return;
  }
  const header = sequenceHeader(a);
  const kind = /standard/.test(header) ? "standard" : "extended";
  const key = (text: string) => entryKey(text, kind);
  const show = commands.show.replaceAll("{name}", a.name);
  let now = await readSequenced(session, show, a.name);
  const edit = {
    name: a.name,
    header,
    exists: now.exists,
    old: now.entries,
    oldRemarks: remarksOf(await session.send(a.readback).then((r) => r.output)),
    wanted,
    key,
    resequence: commands.resequence,
  };
  if (now.exists && now.entries.length > 0) {
    await configure(session, [sequenceMakeRoom(edit)]);
    now = await readSequenced(session, show, a.name);
    edit.old = now.entries;
  }
  await configure(session, sequenceEditLines(edit));
}

/** The line that enters a list's sub-mode (numbered lists too: `ip access-list extended 101`). */
function sequenceHeader(a: RenderedAcl): string {
  const first = configLines(a.payload).find((l) => !/^no\s/.test(l)) ?? "";
  if (/^ip(v6)? access-list /.test(first)) return first;
  const n = Number(a.name);
  const standard = (n >= 1 && n <= 99) || (n >= 1300 && n <= 1999);
  return `ip access-list ${standard ? "standard" : "extended"} ${a.name}`;
}

/** A list's entries from its text (named: the indented lines; numbered: after `access-list N`). */
function entriesOf(text: string): string[] | undefined {
  const lines = configLines(text);
  if (lines.length === 0) return undefined;
  return lines.filter((l) => !/^ip(v6)? access-list /.test(l))
    .map((l) => l.replace(/^access-list \S+\s+/, ""));
}

/** The remarks of a list as the running configuration shows it. */
function remarksOf(text: string): string[] {
  return configLines(text).map((l) => l.replace(/^access-list \S+\s+/, ""))
    .filter((l) => /^remark\b/.test(l)).map((l) => l.replace(/^remark\s?/, ""));
}

/** The identity of an entry: its meaning, so that spellings a device normalises compare equal (not in mod.ts). */
export function entryKey(text: string, kind: "standard" | "extended"): string {
  try {
    using acl = parse(`ip access-list ${kind} K\n ${text}\n`, { dialect: "ios" });
    const term = acl.terms[0];
    if (acl.terms.length === 1 && term) return canonicalTerm(term);
  } catch { /* not something the engine reads: its text decides */ }
  return text.replace(/\s+/g, " ").trim();
}

/** `show ip access-lists NAME`: whether the list exists and its numbered entries. */
async function readSequenced(
  session: Session,
  command: string,
  name: string,
): Promise<{ exists: boolean; entries: SequencedEntry[] }> {
  const r = await session.send(command);
  if (r.failed) {
    throw new TriggerError(
      "COMMAND_FAILED",
      `Cannot read the list "${name}" on "${session.host}": "${command}" answered ${r.output.trim()}`,
      { host: session.host },
    );
  }
  const exists = r.output.split("\n").some((l) =>
    new RegExp(`access list ${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`, "i").test(
      l.trim(),
    )
  );
  const entries: SequencedEntry[] = [];
  for (const line of r.output.split("\n")) {
    const m = /^\s+(\d+)\s+(.*?)(?:\s+\(\d+ matche?s?\))?\s*$/.exec(line);
    if (m && !/^remark\b/.test(m[2]!)) entries.push({ seq: Number(m[1]), text: m[2]! });
  }
  return { exists, entries };
}

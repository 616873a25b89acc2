/**
 * Replacing an access list in place by sequence number, so that traffic is
 * never without a filter: the old entries are renumbered out of the way
 * ({@linkcode sequenceMakeRoom}; their new numbers are read back, since a
 * device may number its remarks too), the new entries go in before them one
 * by one, in order, then the old ones are removed from the last to the first
 * ({@linkcode sequenceEditLines}). At every step each packet meets
 * either its old verdict or its new one: it first meets the new entries
 * loaded so far (a prefix of the new list, so their verdict is the new one),
 * else the old list (whole while entries go in; a prefix of it while entries
 * go out, whose end falls through to the implicit deny, the new list's
 * verdict for a packet no new entry matched).
 *
 * IOS ignores an entry equal to one already in the list, so an old entry
 * that the new list keeps cannot simply be typed again: it is replaced
 * through a temporary twin with the logging flag flipped (same verdict),
 * put where the new entry goes, before the old one is removed. Remarks carry
 * no verdict: the old ones are removed and the new ones written with their
 * numbers once the entries are in place.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";

/** One entry a device shows: its sequence number and text. */
export interface SequencedEntry {
  /** The sequence number. */
  seq: number;
  /** The entry (`permit tcp any any eq 22`). */
  text: string;
}

/** What {@linkcode sequenceEditLines} needs. */
export interface SequenceEdit {
  /** The list's name. */
  name: string;
  /** The line that enters the list's sub-mode (`ip access-list extended NAME`). */
  header: string;
  /** Whether the list exists now. */
  exists: boolean;
  /**
   * Its entries now, with their numbers, in order (no remarks), as read
   * after {@linkcode sequenceMakeRoom}: every number at or above its start.
   */
  old: readonly SequencedEntry[];
  /** Its remarks now (each occurrence), as texts after `remark `. */
  oldRemarks: readonly string[];
  /** The wanted entries, in order, remarks included (`remark text`). */
  wanted: readonly string[];
  /** The identity of an entry as the device sees it (two entries with one key are one). */
  key: (text: string) => string;
  /** The command that renumbers: `{name}`, `{start}`, `{step}`. */
  resequence: string;
}

const STEP = 100;

/** `permit ... log` ↔ `permit ...`: the same verdict, another entry for the device. */
export function toggledLogging(text: string): string {
  return /\slog(?:-input)?$/.test(text) ? text.replace(/\s+log(?:-input)?$/, "") : `${text} log`;
}

function isRemark(text: string): boolean {
  return /^remark\b/.test(text);
}

function resequenceLine(
  edit: Pick<SequenceEdit, "name" | "resequence">,
  start: number,
  step: number,
) {
  return edit.resequence.replaceAll("{name}", edit.name).replaceAll("{start}", String(start))
    .replaceAll("{step}", String(step));
}

/** The first number the old entries move to: above every number the new ones take. */
function roomStart(wanted: readonly string[]): number {
  return STEP * (wanted.filter((t) => !isRemark(t)).length + 1);
}

/**
 * The line that renumbers an existing list's entries above the numbers the
 * wanted entries will take (typed in global configuration mode). It changes
 * no verdict.
 *
 * @param edit The list's name, the wanted entries, the renumbering command.
 * @returns The line.
 */
export function sequenceMakeRoom(
  edit: Pick<SequenceEdit, "name" | "resequence" | "wanted">,
): string {
  return resequenceLine(edit, roomStart(edit.wanted), 10);
}

/**
 * The configuration lines (typed from global configuration mode) that turn
 * a list into the wanted one without a moment without a filter.
 *
 * @param edit The list now, the list wanted, how entries are told apart.
 * @returns The lines, in order.
 * @throws {TriggerError} `ACL_INVALID` when the wanted list repeats an entry
 *   (the device would keep only one), has more than 99 remarks in a row, or
 *   an old entry is numbered below the room made for the new ones.
 *
 * @example Two new entries before the old one, then the old one removed
 * ```ts
 * import { sequenceEditLines, sequenceMakeRoom } from "@trigger/trigger";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const edit = {
 *   name: "E", header: "ip access-list extended E", exists: true,
 *   old: [{ seq: 300, text: "deny ip any any" }], oldRemarks: [],
 *   wanted: ["permit tcp any any eq 22", "deny ip any any log"],
 *   key: (t: string) => t, resequence: "ip access-list resequence {name} {start} {step}",
 * };
 * deepStrictEqual(sequenceMakeRoom(edit), "ip access-list resequence E 300 10");
 * deepStrictEqual(sequenceEditLines(edit), [
 *   "ip access-list extended E",
 *   "100 permit tcp any any eq 22",
 *   "200 deny ip any any log",
 *   "no 300",
 *   "exit",
 *   "ip access-list resequence E 10 10",
 * ]);
 * ```
 */
export function sequenceEditLines(edit: SequenceEdit): string[] {
  const { key, name } = edit;
  const entries = edit.wanted.filter((t) => !isRemark(t));
  const seen = new Map<string, number>();
  entries.forEach((t, i) => {
    const k = key(t);
    const first = seen.get(k);
    if (first !== undefined) {
      throw new TriggerError(
        "ACL_INVALID",
        `Cannot load ${name}: entry ${i + 1} (${t}) repeats entry ${
          first + 1
        }, and the device keeps only one`,
      );
    }
    seen.set(k, i);
  });
  const out: string[] = [];
  if (!edit.exists) {
    out.push(edit.header, ...edit.wanted, "exit");
    return out;
  }
  const base = roomStart(edit.wanted);
  const low = edit.old.find((e) => e.seq < base);
  if (low !== undefined) {
    throw new TriggerError(
      "ACL_INVALID",
      `Cannot edit ${name} in place: entry ${low.seq} (${low.text}) is below ${base}; renumber it first`,
    );
  }
  // the old entries still on the device, by key (first one first), in order
  type Old = { seq: number; text: string; key: string; gone: boolean };
  const old: Old[] = edit.old.map((e) => ({ ...e, key: key(e.text), gone: false }));
  const byKey = new Map<string, Old[]>();
  for (const o of old) {
    const same = byKey.get(o.key);
    if (same) same.push(o);
    else byKey.set(o.key, [o]);
  }
  const present = (k: string) => byKey.get(k)?.find((o) => !o.gone);
  out.push(edit.header);
  const inserted = new Set<string>();
  const drop = (o: Old) => {
    out.push(`no ${o.seq}`);
    o.gone = true;
  };
  entries.forEach((text, i) => {
    const seq = STEP * (i + 1);
    const k = key(text);
    const twin = present(k);
    if (twin === undefined) {
      out.push(`${seq} ${text}`);
      inserted.add(k);
      return;
    }
    const flipped = toggledLogging(text);
    const fk = key(flipped);
    const flippedOld = present(fk);
    if (inserted.has(fk) || (flippedOld && flippedOld.seq < twin.seq)) {
      // the old twin is shadowed (by a new entry, or by an earlier old one): it decides nothing
      drop(twin);
      out.push(`${seq} ${text}`);
    } else {
      // a later old entry equal to the flipped twin is shadowed by the twin: it decides nothing
      if (flippedOld) drop(flippedOld);
      out.push(`${seq - STEP / 2} ${flipped}`);
      drop(twin);
      out.push(`${seq} ${text}`, `no ${seq - STEP / 2}`);
    }
    inserted.add(k);
  });
  for (const o of [...old].reverse()) if (!o.gone) drop(o);
  for (const r of edit.oldRemarks) out.push(`no remark ${r}`);
  out.push(...remarkLines(edit.wanted, name));
  out.push("exit", resequenceLine(edit, 10, 10));
  return out;
}

/** The wanted remarks with numbers between their neighbouring entries. */
function remarkLines(wanted: readonly string[], name: string): string[] {
  const out: string[] = [];
  let before = 0;
  let run: string[] = [];
  const flush = (next: number | undefined) => {
    if (run.length >= STEP) {
      throw new TriggerError(
        "ACL_INVALID",
        `Cannot load ${name}: more than ${STEP - 1} remarks in a row`,
      );
    }
    // before the next entry (just under its number), or after the last one
    const start = next === undefined ? STEP * before + 1 : STEP * next - run.length;
    run.forEach((r, j) => out.push(`${start + j} ${r}`));
    run = [];
  };
  for (const t of wanted) {
    if (isRemark(t)) run.push(t);
    else {
      flush(before + 1);
      before++;
    }
  }
  flush(undefined);
  return out;
}

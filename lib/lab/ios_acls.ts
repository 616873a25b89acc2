/**
 * IOS access lists as an emulated IOS device keeps them: named and numbered
 * lists of entries with sequence numbers, edited the ways IOS allows
 * (`ip access-list extended NAME` and `[SEQ] permit ...` / `no SEQ` /
 * `no permit ...` / `[SEQ] remark ...` / `no remark ...` in its sub-mode,
 * `access-list N ...` and `no access-list N` in global configuration,
 * `ip access-list resequence NAME START STEP`), shown as IOS shows them
 * (`show ip access-lists [NAME]` with sequence numbers and without remarks;
 * the running configuration without sequence numbers, with remarks).
 *
 * As on IOS, an entry equal to one already in the list is ignored, a
 * sequence number already in use is refused, and an entry without a number
 * goes 10 after the last one.
 *
 * @module
 */

/** One entry: its sequence number and text (`permit tcp any any eq 22`, `remark web`). */
interface Entry {
  seq: number;
  text: string;
}

/** One list. */
interface List {
  name: string;
  kind: "standard" | "extended";
  numbered: boolean;
  entries: Entry[];
}

/** What happened to a line: not an ACL line, or consumed (with an error to print). */
export type AclLineOutcome = undefined | { error?: string };

const HEADER = /^ip access-list (standard|extended) (\S+)$/;
const NUMBERED = /^access-list (\d+) (.+)$/;
const ENTRY = /^(?:(\d+) +)?((?:permit|deny|remark)\b.*)$/;

function norm(text: string): string {
  return text.trim().replace(/\s+/g, " ");
}

function numberedKind(n: number): "standard" | "extended" {
  return (n >= 1 && n <= 99) || (n >= 1300 && n <= 1999) ? "standard" : "extended";
}

/** The access lists of one emulated IOS device. */
export class IosAcls {
  readonly #lists = new Map<string, List>();
  /** The list each session's sub-mode edits. */
  readonly #editing = new Map<number, string>();

  /**
   * Takes the access lists out of a configuration text (the platform's
   * sample configuration): they are kept here from now on.
   *
   * @param text Running-configuration text.
   * @returns The text without its access-list statements.
   */
  adopt(text: string): string {
    const out: string[] = [];
    let open: List | undefined;
    for (const line of text.split("\n")) {
      const t = line.trimEnd();
      if (open && /^\s+\S/.test(t)) {
        this.#add(open, undefined, norm(t));
        continue;
      }
      open = undefined;
      const h = HEADER.exec(norm(t));
      if (h) {
        open = this.#list(h[2]!, h[1] as List["kind"]);
        continue;
      }
      const n = NUMBERED.exec(norm(t));
      if (n) {
        this.#add(this.#list(n[1]!, numberedKind(Number(n[1]))), undefined, n[2]!);
        continue;
      }
      out.push(line);
    }
    return out.join("\n");
  }

  /**
   * Applies a configuration line if it concerns access lists.
   *
   * @param session The session typing it.
   * @param line The line.
   * @param where The mode it was typed in and whether it opened a sub-mode.
   * @returns `undefined` when the line is not about access lists.
   */
  apply(session: number, line: string, where: { mode: string; opens: boolean }): AclLineOutcome {
    const text = norm(line);
    if (where.mode === "config" || where.opens) this.#editing.delete(session);
    const header = HEADER.exec(text);
    if (header && where.opens) {
      this.#editing.set(session, this.#list(header[2]!, header[1] as List["kind"]).name);
      return {};
    }
    const editing = this.#editing.get(session);
    if (editing !== undefined && !where.opens && where.mode !== "config") {
      return this.#subMode(this.#lists.get(editing), text);
    }
    let m = /^no ip access-list (?:standard|extended) (\S+)$/.exec(text) ??
      /^no access-list (\d+)$/.exec(text);
    if (m) {
      this.#lists.delete(m[1]!);
      return {};
    }
    m = /^ip access-list resequence (\S+) (\d+) (\d+)$/.exec(text);
    if (m) {
      const list = this.#lists.get(m[1]!);
      if (!list) return { error: `% Access list ${m[1]} does not exist\n` };
      list.entries.forEach((e, i) => e.seq = Number(m![2]) + i * Number(m![3]));
      return {};
    }
    m = NUMBERED.exec(text);
    if (m) {
      this.#add(this.#list(m[1]!, numberedKind(Number(m[1]))), undefined, m[2]!);
      return {};
    }
    return undefined;
  }

  /** A line typed in a list's sub-mode. */
  #subMode(list: List | undefined, text: string): AclLineOutcome {
    if (!list) return { error: "% Access list was removed\n" };
    let m = /^no (\d+)$/.exec(text);
    if (m) {
      list.entries = list.entries.filter((e) => e.seq !== Number(m![1]));
      return {};
    }
    m = /^no ((?:permit|deny|remark)\b.*)$/.exec(text);
    if (m) {
      const at = list.entries.findIndex((e) => e.text === m![1]);
      if (at >= 0) list.entries.splice(at, 1);
      return {};
    }
    m = ENTRY.exec(text);
    if (m) return this.#add(list, m[1] === undefined ? undefined : Number(m[1]), m[2]!);
    return { error: "% Invalid input detected at '^' marker.\n" };
  }

  #list(name: string, kind: List["kind"]): List {
    let list = this.#lists.get(name);
    if (!list) {
      list = { name, kind, numbered: /^\d+$/.test(name), entries: [] };
      this.#lists.set(name, list);
    }
    return list;
  }

  #add(list: List, seq: number | undefined, text: string): AclLineOutcome {
    const t = norm(text);
    if (!t.startsWith("remark") && list.entries.some((e) => e.text === t)) return {};
    if (seq !== undefined && list.entries.some((e) => e.seq === seq)) {
      return { error: "% Duplicate sequence number\n" };
    }
    const last = list.entries.at(-1)?.seq ?? 0;
    list.entries.push({ seq: seq ?? last + 10, text: t });
    list.entries.sort((a, b) => a.seq - b.seq);
    return {};
  }

  /** `show ip access-lists [NAME]`: entries with sequence numbers, no remarks. */
  show(name?: string): string {
    const lists = name ? [this.#lists.get(name)].filter((l) => l !== undefined) : [
      ...this.#lists.values(),
    ];
    return lists.map((l) => {
      const kind = l.kind === "standard" ? "Standard" : "Extended";
      const entries = l.entries.filter((e) => !e.text.startsWith("remark"))
        .map((e) => `    ${e.seq} ${e.text}\n`).join("");
      return `${kind} IP access list ${l.name}\n${entries}`;
    }).join("");
  }

  /** The lists as running-configuration text (no sequence numbers), or `""`. */
  runningText(): string {
    return [...this.#lists.values()].map((l) =>
      l.numbered
        ? l.entries.map((e) => `access-list ${l.name} ${e.text}\n`).join("")
        : `ip access-list ${l.kind} ${l.name}\n${l.entries.map((e) => ` ${e.text}\n`).join("")}`
    ).join("") + (this.#lists.size ? "!\n" : "");
  }

  /** Forgets a session's sub-mode (it ended). */
  sessionClosed(session: number): void {
    this.#editing.delete(session);
  }
}

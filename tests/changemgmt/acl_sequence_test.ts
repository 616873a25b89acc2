/**
 * The in-place sequence edit never leaves a packet without its old or its
 * new verdict, whatever the lists: checked against a model of an IOS list
 * (entries with numbers, equal entries ignored, numbers in use refused,
 * implicit deny) after every line, for random old and new lists that share
 * entries, differ only by logging, carry remarks, or are empty.
 */
import { deepStrictEqual, ok, throws } from "node:assert/strict";
import fc from "fast-check";
import {
  type SequenceEdit,
  sequenceEditLines,
  sequenceMakeRoom,
  toggledLogging,
} from "../../lib/changemgmt/acl_sequence.ts";

const PACKETS = [0, 1, 2, 3, 4, 5, 6, 7];

interface Row {
  seq: number;
  text: string;
}

/** `permit m13 log`: permits packets whose bit is set in 13, logged. */
function verdict(list: readonly string[], packet: number): "permit" | "deny" {
  for (const t of list) {
    const m = /^(permit|deny) m(\d+)/.exec(t);
    if (m && (Number(m[2]) >> packet) & 1) return m[1] as "permit" | "deny";
  }
  return "deny";
}

/** A device list fed the lines one by one; `check` runs after each. */
function run(start: Row[], lines: string[], check: (rows: Row[], line: string) => void): Row[] {
  let rows = start.map((r) => ({ ...r }));
  let inList = false;
  const add = (seq: number, text: string) => {
    ok(!rows.some((r) => r.seq === seq), `duplicate sequence number ${seq} (${text})`);
    ok(
      text.startsWith("remark") || !rows.some((r) => r.text === text),
      `ignored as a duplicate: ${text}`,
    );
    rows.push({ seq, text });
    rows.sort((a, b) => a.seq - b.seq);
  };
  for (const line of lines) {
    let m: RegExpExecArray | null;
    if ((m = /^ip access-list resequence E (\d+) (\d+)$/.exec(line))) {
      rows = rows.map((r, i) => ({ seq: Number(m![1]) + i * Number(m![2]), text: r.text }));
    } else if (line === "ip access-list extended E") inList = true;
    else if (line === "exit") inList = false;
    else if (inList && (m = /^no (\d+)$/.exec(line))) {
      const n = rows.length;
      rows = rows.filter((r) => r.seq !== Number(m![1]));
      ok(rows.length === n - 1, `no entry ${m[1]}`);
    } else if (inList && (m = /^no (remark .*)$/.exec(line))) {
      const at = rows.findIndex((r) => r.text === m![1]);
      ok(at >= 0, `no ${m[1]}`);
      rows.splice(at, 1);
    } else if (inList && (m = /^(\d+) (.*)$/.exec(line))) add(Number(m[1]), m[2]!);
    else if (inList) add((rows.at(-1)?.seq ?? 0) + 10, line);
    else throw new Error(`unexpected line ${line}`);
    check(rows, line);
  }
  return rows;
}

const entry = fc.tuple(
  fc.constantFrom("permit", "deny"),
  fc.integer({ min: 1, max: 255 }),
  fc.boolean(),
).map(([a, m, log]) => `${a} m${m}${log ? " log" : ""}`);
const remark = fc.integer({ min: 0, max: 3 }).map((n) => `remark r${n}`);
const list = fc.array(fc.oneof({ weight: 4, arbitrary: entry }, { weight: 1, arbitrary: remark }), {
  maxLength: 9,
});

Deno.test("sequenceEditLines: every packet keeps its old or its new verdict at every line", () => {
  fc.assert(
    fc.property(list, list, fc.boolean(), (oldList, wantedRaw, exists) => {
      // a device holds each entry once; a wanted list repeating an entry is refused (tested below)
      const old = [...new Set(oldList)];
      const wanted = wantedRaw.filter((t, i) =>
        t.startsWith("remark") || wantedRaw.indexOf(t) === i
      );
      const present = exists ? old : [];
      let start = present.map((text, i) => ({ seq: 10 * (i + 1), text }));
      const edit: SequenceEdit = {
        name: "E",
        header: "ip access-list extended E",
        exists: exists && present.length > 0,
        old: [],
        oldRemarks: present.filter((t) => t.startsWith("remark")).map((t) => t.slice(7)),
        wanted,
        key: (t) => t,
        resequence: "ip access-list resequence {name} {start} {step}",
      };
      const before = PACKETS.map((p) => verdict(present, p));
      const after = PACKETS.map((p) => verdict(wanted, p));
      if (edit.exists) {
        // make room, then read the numbers back as the device shows them (no remarks)
        start = run(start, [sequenceMakeRoom(edit)], () => {});
        edit.old = start.filter((r) => !r.text.startsWith("remark"));
      }
      const lines = sequenceEditLines(edit);
      const end = run(start, lines, (rows, line) => {
        const now = PACKETS.map((p) => verdict(rows.map((r) => r.text), p));
        PACKETS.forEach((p) => {
          if (now[p] !== before[p] && now[p] !== after[p]) {
            throw new Error(
              `after "${line}" packet ${p} is ${now[p]} (old ${before[p]}, new ${after[p]})`,
            );
          }
        });
      });
      deepStrictEqual(end.map((r) => r.text), wanted);
    }),
    { numRuns: 3000 },
  );
});

Deno.test("sequenceEditLines: an old entry the new list keeps goes through a twin with logging flipped", () => {
  const lines = sequenceEditLines({
    name: "E",
    header: "ip access-list extended E",
    exists: true,
    old: [{ seq: 400, text: "permit m3" }, { seq: 410, text: "deny m255" }],
    oldRemarks: ["old"],
    wanted: ["remark new", "permit m4", "permit m3", "deny m255"],
    key: (t) => t,
    resequence: "ip access-list resequence {name} {start} {step}",
  });
  deepStrictEqual(lines, [
    "ip access-list extended E",
    "100 permit m4",
    "150 permit m3 log",
    "no 400",
    "200 permit m3",
    "no 150",
    "250 deny m255 log",
    "no 410",
    "300 deny m255",
    "no 250",
    "no remark old",
    "99 remark new",
    "exit",
    "ip access-list resequence E 10 10",
  ]);
  deepStrictEqual(toggledLogging("deny ip any any log"), "deny ip any any");
  deepStrictEqual(toggledLogging("deny ip any any log-input"), "deny ip any any");
});

Deno.test("sequenceEditLines: a wanted list that repeats an entry is refused before anything is sent", () => {
  throws(
    () =>
      sequenceEditLines({
        name: "E",
        header: "ip access-list extended E",
        exists: true,
        old: [],
        oldRemarks: [],
        wanted: ["permit m1", "deny m2", "permit m1"],
        key: (t) => t,
        resequence: "ip access-list resequence {name} {start} {step}",
      }),
    /entry 3 \(permit m1\) repeats entry 1/,
  );
});

/**
 * The engine's flow-line reader (`checkFlowFile`, `acl_flows_*`) reads
 * exactly the lines the JavaScript fast reader reads, into the same flows:
 * every line it checks gets the verdict, term and missing fields that
 * `FlowScanner.scan` + `acl_check` give, and every line it defers is one the
 * JavaScript reader leaves to `JSON.parse` + `encodeFlow` too.
 */
import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import { FLOW_SIZE } from "../../lib/acl/flow.ts";
import { compileChecker, releaseChecker } from "../../lib/acl/_check.ts";
import {
  ANSWER_NUMBERED,
  checkFlowFile,
  FLOW_DEFERRED,
  FLOW_NO_FILTER,
  writeFlowAnswers,
} from "../../lib/acl/_flow_engine.ts";
import { TriggerError } from "../../lib/errors.ts";
import { FlowScanner } from "../../lib/acl/_flow_scan.ts";
import { checkEncoded } from "../../lib/acl/_wasm.ts";
import { line } from "./_flow_lines.ts";

const ACL = [
  "access-list 101 deny tcp any host 10.0.0.1 eq 22",
  "access-list 101 permit tcp 10.0.0.0 0.255.255.255 any range 1000 2000",
  "access-list 101 permit udp any any eq 53",
  "access-list 101 permit icmp any any echo",
  "access-list 101 deny ip 192.168.0.0 0.0.255.255 any",
  "access-list 101 permit tcp any any eq 443",
  "access-list 101 permit ip any any dscp ef",
  "",
].join("\n");

const enc = new TextEncoder();

/** Each line's expected record, as the JavaScript reader and `acl_check` give it. */
function expected(
  lines: readonly string[],
  handle: number,
  gen: number,
): ([number, number, number] | "deferred")[] {
  const scanner = new FlowScanner();
  const out: ([number, number, number] | "deferred")[] = [];
  for (const l of lines) {
    const bytes = enc.encode(l);
    const flow = new Uint8Array(FLOW_SIZE);
    if (!scanner.scan(bytes, 0, bytes.length, flow, 0)) {
      out.push("deferred");
      continue;
    }
    const v = new Uint8Array(1);
    const i = new Int32Array(1);
    const m = new Uint16Array(1);
    checkEncoded(handle, gen, flow, v, i, m);
    out.push([v[0]!, i[0]!, m[0]!]);
  }
  return out;
}

Deno.test("checkFlowFile() reads and checks the lines the JavaScript reader reads, and defers the rest", () => {
  const owner = {};
  const c = compileChecker(owner, null, { text: ACL, dialect: "ios", index: 0, only: true }, () => {
    throw new RangeError("not decoded");
  });
  try {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof({ weight: 9, arbitrary: line }, { weight: 1, arbitrary: fc.constant("  ") }),
          {
            minLength: 1,
            maxLength: 40,
          },
        ),
        fc.boolean(),
        (ls, crlf) => {
          const data = enc.encode(ls.join(crlf ? "\r\n" : "\n"));
          const { words, count } = checkFlowFile(data, c.handle);
          const nonBlank = ls.map((l, k) => [l, k + 1] as const).filter(([l]) => l.trim() !== "");
          strictEqual(count, nonBlank.length);
          const want = expected(nonBlank.map(([l]) => l.trim()), c.handle, c.gen);
          for (let k = 0; k < count; k++) {
            strictEqual(words[3 * k], nonBlank[k]![1], "line number");
            const status = words[3 * k + 1]!;
            const got = (status & 7) === FLOW_DEFERRED
              ? "deferred"
              : [status & 7, words[3 * k + 2]! | 0, status >>> 16];
            deepStrictEqual(got, want[k], nonBlank[k]![0]);
            if (got === "deferred") {
              // the record points at the line's text
              const s = words[3 * k + 2]!;
              strictEqual(data[s], enc.encode(nonBlank[k]![0].trimStart())[0]);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  } finally {
    releaseChecker(owner, c);
  }
});

Deno.test("checkFlowFile() answers IPv4 lines with no filter when there is none", () => {
  const data = enc.encode('{"src":"10.0.0.1","dst":"10.0.0.2","protocol":"tcp","dport":22}\n');
  const { words, count } = checkFlowFile(data, -1);
  strictEqual(count, 1);
  strictEqual(words[1]! & 7, FLOW_NO_FILTER);
});

Deno.test("writeFlowAnswers() writes each line's prefix, number and answer in order, across chunks", () => {
  const answers = [": PERMITTED by term #1 at line 1\n", "", '{"error":"é"}\n'].map((a) =>
    enc.encode(a)
  );
  // more lines than one engine call writes (16,384), answers in every order
  const n = 40_000;
  const codes = new Uint32Array(2 * n);
  let want = "";
  for (let k = 0; k < n; k++) {
    const line = k * 7 + 1;
    const id = (k * 13) % 3;
    const numbered = k % 5 !== 0;
    codes[2 * k] = line;
    codes[2 * k + 1] = id | (numbered ? ANSWER_NUMBERED : 0);
    want += (numbered ? `f é.jsonl:${line}` : "") + new TextDecoder().decode(answers[id]);
  }
  const chunks: Uint8Array[] = [];
  writeFlowAnswers("f é.jsonl:", answers, codes, (b) => chunks.push(b.slice()));
  strictEqual(chunks.length, 3);
  strictEqual(chunks.map((c) => new TextDecoder().decode(c)).join(""), want);
  const bad = new Uint32Array([1, 3]);
  throws(
    () => writeFlowAnswers("f:", answers, bad, () => {}),
    (e: unknown) =>
      e instanceof TriggerError && e.code === "WASM_FAILED" && /names no answer/.test(e.message),
  );
});

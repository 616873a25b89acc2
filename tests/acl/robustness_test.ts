/**
 * Robustness: random and mutated text never crashes, traps (wasm
 * `unreachable`) or hangs the engine: each call returns a result or a typed
 * error ({@linkcode AclSyntaxError}, {@linkcode AclUnsupportedError}).
 */
import { ok } from "node:assert/strict";
import { fileURLToPath as fromFileUrl } from "node:url";
import fc from "fast-check";
import {
  type Acl,
  ACL_FORMATS,
  AclSyntaxError,
  AclUnsupportedError,
  convert,
  parseAll,
} from "../../lib/acl/mod.ts";
import { flow, iosAcl, junosAcl } from "./_gen.ts";

const LIMIT_MS = 2000;

/** Runs `fn`; anything but a result or an expected error fails the property. */
function survives(fn: () => unknown, what: string): void {
  const t0 = performance.now();
  try {
    fn();
  } catch (e) {
    if (!(e instanceof AclSyntaxError || e instanceof AclUnsupportedError)) {
      throw new Error(`${what}: unexpected ${String(e)}`, { cause: e });
    }
  }
  const ms = performance.now() - t0;
  ok(ms < LIMIT_MS, `${what} took ${ms.toFixed(0)} ms`);
}

function exercise(text: string): void {
  let acls: Acl[] = [];
  survives(() => {
    acls = parseAll(text);
  }, "parseAll");
  for (const acl of acls) {
    for (const format of ACL_FORMATS) survives(() => acl.output(format), `output ${format}`);
    survives(
      () => acl.checkAll([{ src: "10.1.2.3", dst: "192.0.2.1", protocol: "tcp", dport: 22 }]),
      "check",
    );
    acl[Symbol.dispose]();
  }
  for (const format of ACL_FORMATS) survives(() => convert(text, format), `convert ${format}`);
}

const TOKENS = [
  "access-list",
  "100",
  "permit",
  "deny",
  "ip",
  "tcp",
  "udp",
  "icmp",
  "any",
  "host",
  "eq",
  "neq",
  "range",
  "established",
  "log",
  "remark",
  "!",
  "no",
  "extended",
  "standard",
  "ipv6",
  "filter",
  "term",
  "from",
  "then",
  "{",
  "}",
  ";",
  "[",
  "]",
  "/*",
  "*/",
  "#",
  '"',
  "accept",
  "discard",
  "reject",
  "tcp-reset",
  "next",
  "except",
  "inactive:",
  "firewall",
  "replace:",
  "family",
  "inet6",
  "10.0.0.0/8",
  "2001:db8::/32",
  "0.0.0.255",
  "65536",
  "-1",
  "4294967296",
  "\n",
  " ",
  "\t",
  "\r\n",
  "\u0000",
  "é",
  "💥",
  "policer",
  "if-exceeding",
  "bandwidth-limit",
  "1m",
  "source-address",
];

const corpus = (() => {
  const root = fromFileUrl(new URL("./golden/", import.meta.url));
  const texts: string[] = [];
  for (const d of ["ios", "junos", "errors"]) {
    for (const e of Deno.readDirSync(`${root}${d}`)) {
      if (e.name.endsWith(".acl")) texts.push(Deno.readTextFileSync(`${root}${d}/${e.name}`));
    }
  }
  return texts;
})();

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), len: fc.nat(40) }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    token: fc.constantFrom(...TOKENS),
  }),
  fc.record({
    kind: fc.constant("noise" as const),
    at: fc.nat(),
    text: fc.string({ maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant("dup" as const), at: fc.nat(), len: fc.nat(200) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(text: string, ms: Mutation[]): string {
  let t = text;
  for (const m of ms) {
    const at = t.length ? m.at % (t.length + 1) : 0;
    if (m.kind === "delete") t = t.slice(0, at) + t.slice(at + m.len);
    else if (m.kind === "insert") t = `${t.slice(0, at)} ${m.token} ${t.slice(at)}`;
    else if (m.kind === "noise") t = t.slice(0, at) + m.text + t.slice(at);
    else t = t.slice(0, at) + t.slice(at, at + m.len) + t.slice(at);
  }
  return t;
}

Deno.test("robustness: random strings never trap", () => {
  fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), exercise), {
    numRuns: 300,
  });
});

Deno.test("robustness: random token soups never trap", () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }),
      (ts) => exercise(ts.join(" ")),
    ),
    { numRuns: 400 },
  );
});

Deno.test("robustness: mutated golden inputs never trap", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...corpus),
      fc.array(mutation, { minLength: 1, maxLength: 6 }),
      (text, ms) => exercise(mutate(text, ms)),
    ),
    { numRuns: 500 },
  );
});

Deno.test("robustness: mutated generated ACLs, checked with random flows", () => {
  fc.assert(
    fc.property(
      fc.oneof(iosAcl, junosAcl),
      fc.array(mutation, { maxLength: 3 }),
      fc.array(flow, { maxLength: 10 }),
      (text, ms, flows) => {
        let acls: Acl[] = [];
        survives(() => {
          acls = parseAll(mutate(text, ms));
        }, "parseAll");
        for (const a of acls) {
          const r = a.checkAll(flows);
          ok(r.length === flows.length);
          a[Symbol.dispose]();
        }
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("robustness: pathological sizes", async (t) => {
  const cases: [string, string][] = [
    ["deep braces", `filter f ${"{ ".repeat(5000)}${"} ".repeat(5000)}`],
    ["unclosed braces", `filter f ${"{ term t ".repeat(3000)}`],
    ["long comment", `!${"!".repeat(200_000)}\naccess-list 100 deny ip any any\n`],
    ["long line", `access-list 100 permit tcp any any eq ${"9".repeat(100_000)}\n`],
    ["many errors", "access-list 100 frobnicate\n".repeat(20_000)],
    ["open block comment", `filter f { /* ${"x ".repeat(50_000)}`],
    ["empty", ""],
    ["only whitespace", " \n\t\r\n ".repeat(1000)],
  ];
  for (const [name, text] of cases) await t.step(name, () => exercise(text));
});

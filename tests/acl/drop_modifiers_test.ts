/**
 * Converting terms whose non-decision modifiers the target cannot carry
 * (Junos `count`, `log`, `sample`, `policer`, ... to IOS-like formats): refused
 * by default; with `dropModifiers` (`aclconv --drop-modifiers`) written without
 * them, every dropped modifier named per term, and every flow decided as by
 * the source. The CLI's `aclconv --drop-modifiers` is tested in `cli_test.ts`.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import fc from "fast-check";
import {
  type AclFormat,
  AclUnsupportedError,
  convert,
  type Diagnostic,
  parse,
} from "../../lib/acl/mod.ts";
import { flow, junosAcl } from "./_gen.ts";

const MODIFIERS = [
  "count c1;",
  "log;",
  "syslog;",
  "sample;",
  "port-mirror;",
  "policer p1;",
  "forwarding-class fc1;",
  "loss-priority high;",
];

/** A random Junos filter whose terms carry random modifiers. */
const withModifiers = fc.tuple(
  junosAcl,
  fc.array(fc.subarray(MODIFIERS), { minLength: 10, maxLength: 10 }),
).map(([text, mods]) => {
  let i = 0;
  return text.replace(/then (?:\{ )?(accept|discard|reject);(?: syslog; \})?/g, (_m, action) => {
    const extra = mods[i++ % mods.length]!;
    return `then { ${action}; ${extra.join(" ")} }`;
  });
});

const TARGETS: AclFormat[] = ["iosxr", "ios-named", "eos"];

Deno.test("convert() with dropModifiers decides every flow as the source (random filters and flows)", () => {
  let dropped = 0;
  fc.assert(
    fc.property(
      withModifiers,
      fc.constantFrom(...TARGETS),
      fc.array(flow, { minLength: 10, maxLength: 30 }),
      (text, to, flows) => {
        using source = parse(text);
        const warnings: Diagnostic[] = [];
        const out = convert(text, to, { dropModifiers: true, onWarning: (d) => warnings.push(d) });
        using converted = parse(out);
        deepStrictEqual(
          converted.checkAll(flows).map((r) => r.permitted),
          source.checkAll(flows).map((r) => r.permitted),
          `${to} changes answers:\n${text}\n${out}`,
        );
        ok(warnings.every((d) => d.code === "ACL021" && d.term !== null), JSON.stringify(warnings));
        dropped += warnings.length;
      },
    ),
    { numRuns: 150 },
  );
  ok(dropped > 100, `only ${dropped} modifiers were dropped`);
});

Deno.test("convert() refuses a modifier the target cannot carry unless dropModifiers", () => {
  const text =
    "filter f {\n  term a {\n    from { protocol tcp; }\n    then { accept; log; sample; }\n  }\n" +
    "  term b {\n    then { discard; count c2; policer p; }\n  }\n}\n";
  try {
    convert(text, "iosxr");
    ok(false, "expected a refusal");
  } catch (e) {
    ok(e instanceof AclUnsupportedError);
    deepStrictEqual(
      e.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.term]),
      [["ACL023", "a"], ["ACL023", "a"], ["ACL023", "b"]],
    );
  }
  const warnings: Diagnostic[] = [];
  const out = convert(text, "iosxr", { dropModifiers: true, onWarning: (d) => warnings.push(d) });
  strictEqual(out, "ipv4 access-list f\n 10 permit tcp any any\n 20 deny ipv4 any any\n");
  deepStrictEqual(warnings.map((d) => [d.term, d.message, d.span.line]), [
    ["a", "modifier 'log' is dropped by iosxr output", 2],
    ["a", "modifier 'sample' is dropped by iosxr output", 2],
    ["b", "counter 'c2' is dropped by iosxr output", 6],
    ["b", "modifier 'policer' is dropped by iosxr output", 6],
  ]);
});

/**
 * Property: for random ACLs (IOS and Junos text) and random flows, the check
 * on the original equals the check on every conversion that succeeds, after
 * parsing the converted text again.
 */
import { deepStrictEqual, ok } from "node:assert/strict";
import fc from "fast-check";
import {
  type Acl,
  type AclFormat,
  AclUnsupportedError,
  convert,
  type Flow,
  parse,
  parseAll,
} from "../../lib/acl/mod.ts";
import { flow, iosAcl, junosAcl } from "./_gen.ts";

/** Formats whose output our parser reads back. */
const FORMATS: AclFormat[] = ["junos", "ios", "ios-named", "iosxr", "eos", "brocade"];

function verdicts(acl: Acl, flows: Flow[]): (boolean | null)[] {
  return acl.checkAll(flows).map((r) => r.permitted);
}

function sameAnswers(original: Acl, flows: Flow[], via: string): number {
  const expected = verdicts(original, flows);
  let converted = 0;
  for (const format of FORMATS) {
    let text: string;
    try {
      text = format === "junos"
        ? original.output(format, { name: original.name ?? "f" })
        : original.output(format, format === "ios" || format === "brocade" ? { name: "150" } : {});
    } catch (e) {
      if (e instanceof AclUnsupportedError) continue; // the format cannot say it: fine
      throw e;
    }
    converted++;
    const again = parseAll(text);
    ok(again.length === 1, `${via} → ${format}: ${again.length} ACLs`);
    deepStrictEqual(
      verdicts(again[0]!, flows),
      expected,
      `${via} → ${format} changes answers:\n${text}`,
    );
  }
  return converted;
}

Deno.test("property: IOS text → every format → parse again: same answers", () => {
  let converted = 0;
  fc.assert(
    fc.property(iosAcl, fc.array(flow, { minLength: 5, maxLength: 20 }), (text, flows) => {
      using acl = parse(text);
      acl.nameTerms();
      converted += sameAnswers(acl, flows, "ios");
    }),
    { numRuns: 150 },
  );
  ok(converted > 150 * 3, `only ${converted} conversions succeeded`);
});

Deno.test("property: Junos text → every format → parse again: same answers", () => {
  let converted = 0;
  fc.assert(
    fc.property(junosAcl, fc.array(flow, { minLength: 5, maxLength: 20 }), (text, flows) => {
      using acl = parse(text);
      converted += sameAnswers(acl, flows, "junos");
    }),
    { numRuns: 150 },
  );
  ok(converted > 150 * 3, `only ${converted} conversions succeeded`);
});

Deno.test("property: convert() equals parse().output() for every format", () => {
  fc.assert(
    fc.property(fc.oneof(iosAcl, junosAcl), fc.constantFrom(...FORMATS), (text, format) => {
      let a: string | Error;
      let b: string | Error;
      try {
        a = convert(text, format, { name: "150" });
      } catch (e) {
        a = e as Error;
      }
      try {
        b = parse(text).output(format, { name: "150" });
      } catch (e) {
        b = e as Error;
      }
      if (typeof a === "string" || typeof b === "string") deepStrictEqual(a, b);
      else deepStrictEqual([a.name, a.message], [b.name, b.message]);
    }),
    { numRuns: 200 },
  );
});

Deno.test("property: checkAll() equals check() one by one", () => {
  fc.assert(
    fc.property(fc.oneof(iosAcl, junosAcl), fc.array(flow, { maxLength: 30 }), (text, flows) => {
      using acl = parse(text);
      deepStrictEqual(acl.checkAll(flows), flows.map((f) => acl.check(f)));
    }),
    { numRuns: 100 },
  );
});

/**
 * Property: a conversion decides every flow like its source. Random ACLs
 * (`_acl_model.ts`: IPv4 and IPv6, hosts and nested prefixes, port ranges
 * with `eq`/`lt`/`gt`/`range`, ICMP types and codes, `log`) written as IOS
 * (numbered, named, `ipv6 access-list`) or Junos (`family inet`/`inet6`) are
 * converted to every output format (`ACL_FORMATS`, so a dialect's writer is
 * covered as soon as it is registered), read back (in the format's own input
 * dialect where the engine has one), converted again to Junos
 * and IOS named (IOS → Junos → IOS, Junos → EOS → Junos, ...), read back;
 * every text must decide the flows at the edges of each rule's ranges, and
 * random ones, as the source does. A conversion the target cannot express
 * (`AclUnsupportedError`) is skipped and counted. The source text itself is
 * held to the rules it was written from (`decide`: first match, implicit deny).
 * ICMP types are written as numbers or by their IOS / Junos names (ICMPv6's
 * in IPv6 lists).
 *
 * `ACL_PEERS_RUNS` sets the number of ACLs per property (default 150),
 * `ACL_PEERS_SEED` fast-check's seed (default: random; printed in the test
 * names, and fast-check's failure report gives the seed and path to replay).
 */
import { deepStrictEqual, ok } from "node:assert/strict";
import fc from "fast-check";
import {
  type Acl,
  ACL_DIALECTS,
  ACL_FORMATS,
  type AclDialect,
  type AclFormat,
  AclUnsupportedError,
  type Flow,
  parseAll,
} from "../../lib/acl/mod.ts";
import {
  addrText,
  decide,
  edgeFlows,
  iosText,
  junosText,
  type Model,
  model,
} from "./_acl_model.ts";

const RUNS = Number(Deno.env.get("ACL_PEERS_RUNS") || 150);
const SEED = Number(Deno.env.get("ACL_PEERS_SEED") || Math.floor(Math.random() * 2 ** 31));

/** The input dialect that reads a format's output, once the engine has it (else `auto`). */
function dialectOf(format: AclFormat): AclDialect {
  const want = format === "ios-named" || format === "brocade" ? "ios" : format;
  return ACL_DIALECTS.find((d) => d === want) ?? "auto";
}

/** The one ACL a text holds. */
function only(text: string, what: string, format: AclFormat | null = null): Acl {
  const acls = parseAll(text, { dialect: format === null ? "auto" : dialectOf(format) });
  ok(acls.length === 1, `${what}: ${acls.length} ACLs in\n${text}`);
  return acls[0]!;
}

function verdicts(acl: Acl, flows: Flow[]): (boolean | null)[] {
  return acl.checkAll(flows).map((r) => r.permitted);
}

/** Writes `acl` in `format`, or `null` when the format cannot express it. */
function write(acl: Acl, format: AclFormat): string | null {
  try {
    // numbered formats need a number; Junos needs term names
    const name = format === "ios" || format === "brocade" ? "150" : undefined;
    if (format === "junos") acl.nameTerms();
    return acl.output(format, name === undefined ? {} : { name });
  } catch (e) {
    if (e instanceof AclUnsupportedError) return null;
    throw e;
  }
}

const randomFlow = (v: 4 | 6): fc.Arbitrary<Flow> =>
  fc.record({
    src: fc.bigInt({ min: 0n, max: (1n << (v === 4 ? 32n : 128n)) - 1n }),
    dst: fc.bigInt({ min: 0n, max: (1n << (v === 4 ? 32n : 128n)) - 1n }),
    protocol: fc.constantFrom(6, 17, v === 4 ? 1 : 58, 47),
    sport: fc.integer({ min: 0, max: 65535 }),
    dport: fc.integer({ min: 0, max: 65535 }),
    icmpType: fc.nat(255),
    icmpCode: fc.nat(15),
  }).map((r) => {
    const f: Flow = { src: addrText(v, r.src), dst: addrText(v, r.dst), protocol: r.protocol };
    if (r.protocol === 6 || r.protocol === 17) Object.assign(f, { sport: r.sport, dport: r.dport });
    // every field its protocol has (decide()'s premise): a flow without the
    // code a rule tests is undetermined (`null`), not a miss
    if (r.protocol === 1 || r.protocol === 58) {
      Object.assign(f, { icmpType: r.icmpType, icmpCode: r.icmpCode });
    }
    return f;
  });

const withFlows = model.chain((m) =>
  fc.tuple(fc.constant(m), fc.array(randomFlow(m.v), { maxLength: 10 }), fc.boolean())
);

/** Conversions done per first format, and refused ones (`AclUnsupportedError`). */
type Counts = Record<string, { done: number; refused: number }>;

/** Source → every format → Junos and IOS named: every text decides like the source. */
function sameEverywhere(source: Acl, flows: Flow[], via: string, counts: Counts): void {
  const expected = verdicts(source, flows);
  for (const first of ACL_FORMATS) {
    const c = counts[first] ??= { done: 0, refused: 0 };
    const text = write(source, first);
    if (text === null) {
      c.refused++;
      continue;
    }
    c.done++;
    const a = only(text, `${via} → ${first}`, first);
    deepStrictEqual(verdicts(a, flows), expected, `${via} → ${first} changes answers:\n${text}`);
    for (const second of ["junos", "ios-named"] as const) {
      const again = write(a, second);
      if (again === null) continue;
      deepStrictEqual(
        verdicts(only(again, `${via} → ${first} → ${second}`, second), flows),
        expected,
        `${via} → ${first} → ${second} changes answers:\n${text}\n---\n${again}`,
      );
    }
  }
}

function checkCounts(counts: Counts, v6: boolean): void {
  for (const f of ACL_FORMATS) {
    // numbered IOS and Brocade have no IPv6 form: refused, never wrong
    if (!v6 || (f !== "ios" && f !== "brocade")) {
      ok((counts[f]?.done ?? 0) > 0, `no conversion to ${f} succeeded: ${JSON.stringify(counts)}`);
    }
  }
}

for (const [source, text] of [["IOS", iosText], ["Junos", junosText]] as const) {
  Deno.test(`property: ${source} → every format → Junos / IOS named decides every edge flow like the source (seed ${SEED})`, () => {
    const counts: Record<4 | 6, Counts> = { 4: {}, 6: {} };
    fc.assert(
      fc.property(withFlows, ([m, random, numbered]: [Model, Flow[], boolean]) => {
        const src = source === "IOS" ? (text as typeof iosText)(m, numbered) : junosText(m);
        const acl = only(src, source);
        sameEverywhere(acl, [...edgeFlows(m), ...random], `${source}\n${src}\n`, counts[m.v]);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    checkCounts(counts[4], false);
    checkCounts(counts[6], true);
  });
}

for (const [source, text] of [["IOS", iosText], ["Junos", junosText]] as const) {
  Deno.test(`property: ${source} text is read as its rules say (first match decides) on every edge flow (seed ${SEED})`, () => {
    fc.assert(
      fc.property(withFlows, ([m, random, numbered]: [Model, Flow[], boolean]) => {
        const src = source === "IOS" ? (text as typeof iosText)(m, numbered) : junosText(m);
        const flows = [...edgeFlows(m), ...random];
        const results = only(src, source).checkAll(flows);
        flows.forEach((f, i) => {
          const want = decide(m, f);
          deepStrictEqual(
            [results[i]!.permitted, results[i]!.index],
            [want.permitted, want.rule],
            `${source} decides ${JSON.stringify(f)} unlike rule ${want.rule}:\n${src}`,
          );
        });
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
}

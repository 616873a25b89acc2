/**
 * Differential test against Google's Capirca (Debian `python3-capirca`,
 * listed in `.ci/packages.txt`): seeded random policies (`capirca_peer.py`)
 * are rendered by Capirca's generators (juniper, juniperevo ingress and
 * egress, srxlo, cisco, brocade, arista, ciscoxr and cisconx as inet / inet6 /
 * mixed, their object-group forms, cisco numbered, ciscoasa named and
 * numbered); our engine parses each rendering in the target's
 * dialect and with `auto` (every target: an accepted auto reading must decide
 * like the dialect; a text several dialects write alike and read differently
 * must be refused as ambiguous, ACL009, and is counted) and checks the
 * flows (at the edges of every term's ranges, then random ones); every
 * verdict and deciding term must equal Capirca's `aclcheck` on the policy.
 * Protocol names Capirca writes that the vendor lacks (`TARGETS`) must be
 * refused, and are then read as numbers. A disagreement is shrunk to the
 * smallest policy and shown with the seed that reproduces it.
 *
 * Environment: `ACL_PEERS_SEED` (default: a random seed, printed in the test
 * name), `ACL_PEERS_POLICIES` (default 200), `ACL_PEERS_FLOWS` (per policy,
 * default 24).
 */
import { deepStrictEqual, fail } from "node:assert/strict";
import { AclSyntaxError, parseAll } from "../../lib/acl/mod.ts";
import {
  CAPIRCA_MISSING,
  CapircaPeer,
  hasCapirca,
  numberProtocols,
  ourVerdicts,
  type PeerCase,
  type ProtocolNumbers,
  readDialect,
} from "./_capirca_peer.ts";
import { type Disagreement, minimise } from "./_minimise.ts";

/**
 * Protocol names Capirca writes for a target that the vendor's CLI does not
 * have (so neither does the vendor's name table in `acl-wasm/src/tables/`,
 * which follows the vendor's command reference). A rendering holding one is
 * refused for exactly those names (any other error fails), then read with the
 * names written as their numbers, where every verdict must equal aclcheck's.
 * Once the engine reads a listed name in a rendering, the test fails so that
 * the name is taken off the list.
 */
interface Unnamed extends ProtocolNumbers {
  reason: string;
}

/** A Capirca target (capirca_peer.py TARGETS): our dialect for it, and the names it lacks. */
interface Target {
  /** Used once the engine registers it (ACL_DIALECTS); `auto` until then. */
  dialect: string;
  unnamed: Unnamed | null;
  /** Whether the deciding term is compared (default true; brocade writes no term remarks). */
  terms?: boolean;
}

const AH = 51, GRE = 47, OSPF = 89, PIM = 103, VRRP = 112;

const ASA_UNNAMED: Unnamed = {
  v4: { vrrp: VRRP },
  v6: { vrrp: VRRP },
  reason: "Capirca writes 'vrrp'; ASA's protocol literals (ASA configuration guide, " +
    "'Addresses, Protocols, and Ports') are ah, eigrp, esp, gre, icmp, icmp6, igmp, igrp, " +
    "ipinip, ipsec, nos, ospf, pcp, pim, pptp, snp, tcp, udp: no vrrp",
};

const TARGETS: Record<string, Target> = {
  "juniper": { dialect: "junos", unnamed: null },
  "juniperevo": { dialect: "junos", unnamed: null },
  "juniperevo-egress": { dialect: "junos", unnamed: null },
  "srxlo": { dialect: "junos", unnamed: null },
  "cisco": { dialect: "ios", unnamed: null },
  "arista": {
    dialect: "eos",
    unnamed: {
      v4: {},
      v6: { gre: GRE },
      reason: "Capirca writes 'gre' in 'ipv6 access-list'; EOS's IPv6 protocol names " +
        "(acl-names' table from the EOS manual) have no gre",
    },
  },
  "ciscoxr": {
    dialect: "iosxr",
    unnamed: {
      v4: {},
      v6: { ah: AH, pim: PIM, vrrp: VRRP },
      reason: "Capirca writes 'ah', 'pim' and 'vrrp' in 'ipv6 access-list'; IOS-XR's IPv6 " +
        "protocol names (acl-names' table) are ahp, esp, gre, icmp, ospf, pcp, sctp, tcp, udp",
    },
  },
  "cisconx": {
    dialect: "nxos",
    unnamed: {
      v4: { ah: AH, vrrp: VRRP },
      v6: { ah: AH, gre: GRE, ospf: OSPF, pim: PIM, vrrp: VRRP },
      reason: "Capirca writes 'ah' and 'vrrp' (and in IPv6 lists 'gre', 'ospf', 'pim'); " +
        "NX-OS names IPv4 protocols ahp, eigrp, esp, gre, icmp, igmp, nos, ospf, pcp, pim, " +
        "tcp, udp and IPv6 ones ahp, esp, icmp, pcp, sctp, tcp, udp (acl-names' table; " +
        "Batfish's NX-OS grammar, written from device configurations, takes the same IPv4 names)",
    },
  },
  "cisco-numbered": { dialect: "ios", unnamed: null },
  "brocade": { dialect: "ios", unnamed: null, terms: false },
  "cisco-object-group": { dialect: "ios", unnamed: null },
  "arista-object-group": { dialect: "eos", unnamed: null },
  "ciscoxr-object-group": { dialect: "iosxr", unnamed: null },
  "cisconx-object-group": { dialect: "nxos", unnamed: null },
  "ciscoasa": { dialect: "asa", unnamed: ASA_UNNAMED },
  "ciscoasa-numbered": {
    dialect: "asa",
    unnamed: ASA_UNNAMED,
  },
};

const envInt = (name: string, fallback: number): number => {
  const v = Deno.env.get(name);
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be an integer: ${v}`);
  return n;
};

const SEED = envInt("ACL_PEERS_SEED", Math.floor(Math.random() * 2 ** 31));
const POLICIES = envInt("ACL_PEERS_POLICIES", 200);
const FLOWS = envInt("ACL_PEERS_FLOWS", 24);
const present = await hasCapirca();

interface Outcome {
  renderings: number;
  flows: number;
  /** Renderings refused for the names the vendor lacks (then read with numbers). */
  expected: number;
  /** Renderings holding listed names that the engine read anyway, with the names. */
  readAnyway: [number, string[]][];
  refused: [number, string][];
  /**
   * Read with `auto`: renderings the engine refused as ambiguous (`ACL009`: the
   * dialects that write such text read it differently; the user names one).
   */
  ambiguous: number;
  /** Case index and flow index of each disagreement. */
  wrong: [number, number][];
}

/**
 * The first error that is not an unknown protocol among `names`, or `null`
 * (the engine's stop after 1,000 errors counts as one of them: a rendering
 * can hold more lines of such names).
 */
function otherError(e: unknown, names: Set<string>): string | null {
  if (!(e instanceof AclSyntaxError)) return (e as Error).message.split("\n")[0]!;
  const other = e.diagnostics.find((d) => {
    if (d.severity !== "error" || d.message.startsWith("too many errors")) return false;
    const m = /^unknown protocol '([^']+)'$/.exec(d.message);
    return m === null || !names.has(m[1]!.toLowerCase());
  });
  return other ? `${other.message} at line ${other.span.line}, column ${other.span.column}` : null;
}

/** The text our engine reads: Capirca's, with the names the vendor lacks as numbers. */
function readable(text: string, unnamed: Unnamed | null): string {
  return unnamed ? numberProtocols(text, unnamed).text : text;
}

function compare(
  cases: PeerCase[],
  target: string,
  options: { terms: boolean; target: Target },
): Outcome {
  const { terms, target: { dialect, unnamed } } = options;
  const out: Outcome = {
    renderings: 0,
    flows: 0,
    expected: 0,
    readAnyway: [],
    refused: [],
    ambiguous: 0,
    wrong: [],
  };
  cases.forEach((c, ci) => {
    let text = c.renderings[target];
    if (typeof text !== "string") return;
    out.renderings++;
    const numbered = unnamed ? numberProtocols(text, unnamed) : null;
    // (under auto, another dialect may take the names: only the verdicts count)
    if (numbered?.replaced.size && dialect === "auto") text = numbered.text;
    else if (numbered?.replaced.size) {
      try {
        parseAll(text, { dialect: readDialect(dialect) });
        out.readAnyway.push([ci, [...numbered.replaced]]);
      } catch (e) {
        const other = otherError(e, numbered.replaced);
        if (other !== null) {
          out.refused.push([ci, other]);
          return;
        }
        out.expected++;
      }
      text = numbered.text;
    }
    let verdicts;
    try {
      verdicts = ourVerdicts(text, c.flows, { dialect });
    } catch (e) {
      if (
        dialect === "auto" && e instanceof AclSyntaxError &&
        e.diagnostics.some((d) => d.code === "ACL009")
      ) out.ambiguous++;
      else out.refused.push([ci, (e as Error).message.split("\n")[0]!]);
      return;
    }
    const wrong = verdicts.flatMap((v, fi) => {
      const a = c.answers[fi]!;
      return v.permitted !== (a.action === "accept") || (terms && v.term !== a.term) ? [fi] : [];
    });
    out.flows += verdicts.length;
    out.wrong.push(...wrong.map((fi): [number, number] => [ci, fi]));
  });
  return out;
}

function report(seed: number, d: Disagreement, more: number): string {
  return [
    `${d.target} disagrees with aclcheck (seed ${seed}; reproduce with ACL_PEERS_SEED=${seed}` +
    ` ACL_PEERS_POLICIES=${POLICIES} ACL_PEERS_FLOWS=${FLOWS}); ${more} more like it`,
    `flow: ${JSON.stringify(d.flow)}`,
    `ours: ${d.ours} (term ${d.term}); aclcheck: ${d.theirs ?? "no match"} (term ${d.theirsTerm})`,
    `smallest policy:\n${d.source}`,
    `Capirca's ${d.target} rendering:\n${d.rendering}`,
  ].join("\n");
}

Deno.test({
  name: present
    ? `capirca: our verdicts on Capirca's renderings equal aclcheck (seed ${SEED}, ${POLICIES} policies)`
    : `capirca: differential test (${CAPIRCA_MISSING})`,
  ignore: !present,
  fn: async (t) => {
    await using peer = new CapircaPeer();
    const { cases } = await peer.generate(SEED, POLICIES, FLOWS);
    deepStrictEqual(cases.length, POLICIES);

    const reads = Object.entries(TARGETS).flatMap(([target, spec]): [string, Target][] => [
      [target, spec],
      [target, { ...spec, dialect: "auto" }],
    ]);
    for (const [target, spec] of reads) {
      const { dialect, unnamed } = spec;
      // Junos keeps the term names, the IOS family remarks them (but brocade)
      const terms = spec.terms ?? true;
      const o = compare(cases, target, { terms, target: spec });
      const rewrite = (text: string) => readable(text, unnamed);
      const name = `${target} read as ${readDialect(dialect)}: ${o.renderings} renderings, ` +
        `${o.flows} flows` +
        (unnamed && dialect !== "auto"
          ? ` (${o.expected} refused for names the vendor lacks: ${unnamed.reason})`
          : "") +
        (dialect === "auto" ? `, ${o.ambiguous} refused as ambiguous (ACL009)` : "");
      await t.step(name, async () => {
        if (o.readAnyway.length) {
          const [ci, names] = o.readAnyway[0]!;
          fail(
            `${target}: the engine reads ${names.join(", ")} now (policy ${ci}, seed ${SEED}): ` +
              `take them off the target's list (${unnamed?.reason})`,
          );
        }
        if (o.refused.length) {
          const [ci, why] = o.refused[0]!;
          const c = cases[ci]!;
          const d = await minimise(peer, c.policy, c.flows[0]!, target, {
            kind: "refused",
            dialect,
            rewrite,
          });
          fail(
            `${target}: ${o.refused.length} renderings refused, the first: ${why}\n` +
              report(SEED, d, o.refused.length - 1),
          );
        }
        if (o.wrong.length) {
          const [ci, fi] = o.wrong[0]!;
          const c = cases[ci]!;
          const d = await minimise(peer, c.policy, c.flows[fi]!, target, {
            terms,
            dialect,
            rewrite,
          });
          fail(report(SEED, d, o.wrong.length - 1));
        }
      });
    }
  },
});

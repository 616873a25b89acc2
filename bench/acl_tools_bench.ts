/**
 * ACL tools benchmarks: optimize a generated 2,000-term IOS ACL (most entries
 * shadowed by early broad ones) and a 10,000-entry rule base (mostly distinct
 * entries, one in ten mergeable); search the first with findAccess.
 *
 * ```sh
 * deno bench -A bench/acl_tools_bench.ts
 * ```
 */
import { parse } from "../lib/acl/mod.ts";
import { findAccess, optimize } from "../lib/acl/tools/mod.ts";
import { iosRulesText, iosText } from "./_gen_acl.ts";

const acl = parse(iosText(2000, 7));
const rules = parse(iosRulesText(10_000));
rules.terms; // decoded once, outside the timing

Deno.bench("optimize a 2k-term IOS ACL", () => {
  using out = optimize(acl).acl;
  if (out.terms.length === 0) throw new Error("nothing left");
});

Deno.bench("optimize a 10k-entry IOS rule base", () => {
  using out = optimize(rules).acl;
  if (out.terms.length === 0) throw new Error("nothing left");
});

Deno.bench("findAccess on a 2k-term IOS ACL (source /16, dport 443)", () => {
  findAccess(acl, { sources: ["10.1.0.0/16"], destinationPorts: [[443, 443]] });
});

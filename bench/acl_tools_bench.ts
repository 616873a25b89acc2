/**
 * ACL tools benchmarks: optimize a generated 2,000-term IOS ACL; search it
 * with findAccess.
 *
 * ```sh
 * deno bench -A bench/acl_tools_bench.ts
 * ```
 */
import { parse } from "../lib/acl/mod.ts";
import { findAccess, optimize } from "../lib/acl/tools/mod.ts";
import { iosText } from "./_gen_acl.ts";

const acl = parse(iosText(2000, 7));

Deno.bench("optimize a 2k-term IOS ACL", () => {
  using out = optimize(acl).acl;
  if (out.terms.length === 0) throw new Error("nothing left");
});

Deno.bench("findAccess on a 2k-term IOS ACL (source /16, dport 443)", () => {
  findAccess(acl, { sources: ["10.1.0.0/16"], destinationPorts: [[443, 443]] });
});

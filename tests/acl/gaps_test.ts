/**
 * Engine gaps, through the wasm module: IOS-XR and Capirca/EOS inputs, inputs
 * that used to trap (deep Junos nesting, thousands of errors on one line),
 * numbered standard output, full range expansion, several ports after `eq`.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import {
  AclSyntaxError,
  AclUnsupportedError,
  convert,
  parse,
  parseAll,
} from "../../lib/acl/mod.ts";

Deno.test("gaps: IOS-XR output parses back (ipv4 header and protocol, sequence numbers)", () => {
  const text =
    "ip access-list extended E\n permit ip any any\n permit tcp any host 1.2.3.4 eq 443\n";
  const xr = convert(text, "iosxr");
  ok(xr.includes(" 10 permit ipv4 any any\n"), xr);
  using acl = parse(xr);
  deepStrictEqual(acl.terms.map((t) => t.seq), [10, 20]);
  strictEqual(convert(xr, "iosxr"), xr);
  strictEqual(
    convert(xr, "ios-named"),
    "ip access-list extended E\n 10 permit ip any any\n 20 permit tcp any host 1.2.3.4 eq 443\n",
  );
});

Deno.test("gaps: Capirca `exit` lines and EOS `ip access-list NAME` blocks", () => {
  const text =
    "no ip access-list extended A\nip access-list extended A\n permit tcp any any eq 22\nexit\n\nip access-list B\n 10 permit udp any any eq 53\nexit\n";
  const acls = parseAll(text);
  deepStrictEqual(acls.map((a) => [a.name, a.terms.length]), [["A", 1], ["B", 1]]);
  for (const a of acls) a[Symbol.dispose]();
});

Deno.test("gaps: deeply nested Junos and huge error lines give diagnostics, not traps", () => {
  const deep = "filter f { term t { " + "term t { ".repeat(3000);
  throws(
    () => convert(deep, "junos"),
    (e) => e instanceof AclSyntaxError && /nested deeper/.test(e.message),
  );
  const lists = "filter f { term t { from " + "{ x ".repeat(20000);
  throws(() => convert(lists, "junos"), AclSyntaxError);
  const huge = "access-list 101 permit tcp any any " + "eq 1 ".repeat(10000) + "\n";
  throws(() => convert(huge, "junos"), AclSyntaxError);
  throws(
    () => convert("access-list 101 frob\n".repeat(5000), "junos"),
    (e) =>
      e instanceof AclSyntaxError && e.diagnostics.length === 1001 &&
      /too many errors/.test(e.diagnostics[1000]!.message),
  );
});

Deno.test("gaps: numbered standard output (name 1) errors instead of dropping conditions", () => {
  const junos =
    "filter 1 { term t { from { protocol tcp; destination-port 80; } then accept; } }\n";
  throws(
    () => convert(junos, "ios"),
    (e) =>
      e instanceof AclUnsupportedError && /standard ios access list/.test(e.message) &&
      /"t"/.test(e.message),
  );
  strictEqual(
    convert(
      "filter 1 { term u { from { source-address { 10.0.0.0/8; } } then accept; } }\n",
      "ios",
    ),
    "access-list 1 permit 10.0.0.0 0.255.255.255\n",
  );
});

Deno.test("gaps: protocol ranges expand to every value", () => {
  const out = convert(
    "filter f { term t { from { protocol 1-255; } then accept; } }\n",
    "ios-named",
  );
  strictEqual(out.split("\n").length - 1, 256);
});

Deno.test("gaps: IOS-XE `eq P1 P2 ...`", () => {
  using acl = parse("ip access-list extended E\n permit tcp any host 1.2.3.4 eq www 443\n");
  deepStrictEqual(acl.terms[0]!.conditions.find((c) => c.key === "destination-port")?.values, [[
    80,
    80,
  ], [
    443,
    443,
  ]]);
  strictEqual(
    acl.check({ src: "1.1.1.1", dst: "1.2.3.4", protocol: "tcp", dport: 443 }).permitted,
    true,
  );
  strictEqual(
    acl.check({ src: "1.1.1.1", dst: "1.2.3.4", protocol: "tcp", dport: 81 }).permitted,
    false,
  );
});

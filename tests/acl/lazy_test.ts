/**
 * Lazily decoded ACLs: `parse()`/`parseAll()` decode the IR only when it is read; checks and
 * output before that must equal those after it (ABI.md §3, `acl_parse` with `lazy`/`index`).
 */
import { deepStrictEqual as assertEquals, throws as assertThrows } from "node:assert/strict";
import { Acl, parse, parseAll } from "../../lib/acl/mod.ts";

const IOS = "access-list 101 remark web\naccess-list 101 permit tcp any host 192.0.2.10 eq 443\n" +
  "access-list 101 deny udp 10.0.0.0 0.255.255.255 any eq 53 log\naccess-list 101 permit ip any any\n";
const JUNOS =
  "firewall {\n  filter a {\n    term t1 { from { protocol tcp; destination-port 22; } then accept; }\n" +
  "  }\n  filter b {\n    term u1 { from { protocol tcp; destination-port 22; } then discard; }\n" +
  "    term u2 { then accept; }\n  }\n}\n";
const FLOWS = [
  { src: "198.51.100.7", dst: "192.0.2.10", protocol: "tcp" as const, dport: 443 },
  { src: "10.1.2.3", dst: "192.0.2.1", protocol: "udp" as const, dport: 53 },
  { src: "10.1.2.3", dst: "192.0.2.1", protocol: "tcp" as const, dport: 22 },
];

Deno.test("lazy parse: checks and output before decoding equal those after", () => {
  for (const format of ["junos", "ios", "ios-named", "iosxr", "eos"] as const) {
    const lazy = parse(IOS);
    const eager = new Acl(JSON.parse(JSON.stringify(parse(IOS))));
    assertEquals(lazy.checkBatch(new Uint8Array(0)).verdicts.length, 0);
    const opts = format === "ios" ? {} : { name: "WEB" };
    assertEquals(lazy.output(format, opts), eager.output(format, opts));
    assertEquals(lazy.checkAll(FLOWS), eager.checkAll(FLOWS));
    assertEquals(lazy.toJSON(), eager.toJSON());
  }
});

Deno.test("lazy parse: heads, renames and replace before decoding", () => {
  const acl = parse("no access-list 101\n" + IOS);
  assertEquals([acl.name, acl.source, acl.replace, acl.family], ["101", "ios", true, null]);
  acl.name = "150";
  assertEquals(
    acl.output("ios", { replace: false }).startsWith("access-list 150 remark web\n"),
    true,
  );
  assertEquals(acl.output("ios").startsWith("no access-list 150\n"), true);
  const stripped = parse(IOS).stripComments();
  assertEquals(stripped.comments.length + stripped.terms[0]!.comments.length, 0);
  assertEquals(stripped.output("ios").includes("remark"), false);
});

Deno.test("lazy parseAll: each ACL checks and decodes its own filter", () => {
  const [a, b] = parseAll(JUNOS);
  const flow = FLOWS[2]!;
  assertEquals(a!.check(flow).permitted, true);
  assertEquals(b!.check(flow), { permitted: false, term: "u1", index: 0, line: 6 });
  assertEquals(b!.output("junos").startsWith("filter b {"), true);
  assertEquals(b!.terms.map((t) => t.name), ["u1", "u2"]);
  assertEquals(a!.terms.map((t) => t.name), ["t1"]);
  assertThrows(() => parse(JUNOS), RangeError);
});

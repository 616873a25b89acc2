/**
 * Trigger's own ACL tests (inventory §5.1, §5.2) reproduced against our
 * engine, plus the Trigger bugs we fix (§4.7, §6.3).
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import {
  Acl,
  type AclIr,
  AclSyntaxError,
  AclUnsupportedError,
  type Condition,
  convert,
  parse,
  type Span,
  type Term,
} from "../../lib/acl/mod.ts";

const SPAN: Span = { line: 1, column: 1, start: 0, end: 0 };

function term(
  name: string | null,
  kind: Term["action"]["kind"],
  conditions: Condition[],
  modifiers: Term["modifiers"] = {},
): Term {
  return {
    name,
    seq: null,
    inactive: false,
    action: { kind, code: null, target: null },
    conditions,
    modifiers,
    comments: [],
    span: SPAN,
  };
}

function acl(name: string | null, terms: Term[], source: AclIr["source"] = "junos"): Acl {
  return new Acl({
    name,
    source,
    family: null,
    replace: false,
    interfaceSpecific: false,
    receiveAcl: false,
    comments: [],
    trailingComments: [],
    policers: [],
    terms,
    span: SPAN,
  });
}

/** Trigger's CheckOutput fixture: `p99` (protocol 99) and `windows`. */
function outputFixture(count: boolean): Acl {
  return acl("100j", [
    term("p99", "accept", [{ key: "protocol", except: false, values: [[99, 99]], span: SPAN }], {
      count: count ? "p99" : null,
    }),
    term("windows", "reject", [
      { key: "protocol", except: false, values: [[6, 6]], span: SPAN },
      { key: "source-address", except: false, values: [{ prefix: "192.0.2.0/24" }], span: SPAN },
      { key: "destination-port", except: false, values: [[135, 138], [445, 445]], span: SPAN },
    ], { syslog: true }),
  ]);
}

Deno.test("Trigger CheckOutput: exact texts per format", async (t) => {
  await t.step("junos", () => {
    strictEqual(
      outputFixture(true).output("junos"),
      `filter 100j {
    term p99 {
        from {
            protocol 99;
        }
        then {
            accept;
            count p99;
        }
    }
    term windows {
        from {
            source-address {
                192.0.2.0/24;
            }
            protocol tcp;
            destination-port [ 135-138 445 ];
        }
        then {
            reject;
            syslog;
        }
    }
}
`,
    );
  });
  await t.step("ios numbered", () => {
    strictEqual(
      outputFixture(false).output("ios", { name: "100" }),
      `access-list 100 permit 99 any any
access-list 100 deny tcp 192.0.2.0 0.0.0.255 any range 135 138 log
access-list 100 deny tcp 192.0.2.0 0.0.0.255 any eq 445 log
`,
    );
  });
  await t.step("ios named", () => {
    strictEqual(
      outputFixture(false).output("ios-named", { name: "BLAHBLAH" }),
      `ip access-list extended BLAHBLAH
 permit 99 any any
 deny tcp 192.0.2.0 0.0.0.255 any range 135 138 log
 deny tcp 192.0.2.0 0.0.0.255 any eq 445 log
`,
    );
  });
  await t.step("ios-xr numbers unnamed terms 10, 20, 30", () => {
    const a = outputFixture(false);
    a.terms = a.terms.map((x) => ({ ...x, name: null }));
    strictEqual(
      a.output("iosxr", { name: "BLAHBLAH" }),
      `ipv4 access-list BLAHBLAH
 10 permit 99 any any
 20 deny tcp 192.0.2.0 0.0.0.255 any range 135 138 log
 30 deny tcp 192.0.2.0 0.0.0.255 any eq 445 log
`,
    );
  });
  await t.step("junos without an ACL name is refused", () => {
    throws(() => acl(null, [term("a", "accept", [])]).output("junos"), AclUnsupportedError);
  });
  await t.step("numbered IOS refuses names outside 100-199 and 2000-2699", () => {
    for (const bad of ["blah", "500", "1", "131dj"]) {
      throws(() => outputFixture(false).output("ios", { name: bad }), AclUnsupportedError, bad);
    }
  });
});

const IOS_MATCHES = [
  "tcp 192.0.2.0 0.0.0.255 any gt 65530",
  "udp any host 192.0.2.99 eq 80",
  "16 any host 192.0.2.99",
  "tcp any host 192.0.2.99 range 1 4 established",
  "icmp any any 13 37",
  "icmp any any unreachable",
  "icmp any any echo-reply",
  "tcp 192.0.2.96 0.0.0.31 any eq 80",
  "ip any any",
];

Deno.test("Trigger CheckIOSParseAndOutput", async (t) => {
  await t.step("nine representative clauses round-trip as a numbered ACL", () => {
    const text = IOS_MATCHES.map((m) => `access-list 100 permit ${m}\n`).join("");
    const a = parse(text);
    strictEqual(a.source, "ios");
    strictEqual(a.terms.length, 9);
    strictEqual(a.output("ios"), text);
  });
  await t.step("log before the ICMP type moves after it", () => {
    const a = parse("access-list 100 permit icmp any any log echo");
    strictEqual(a.output("ios"), "access-list 100 permit icmp any any echo log\n");
  });
  await t.step("the nine clauses round-trip as a named ACL", () => {
    const text = `ip access-list extended foo\n${
      IOS_MATCHES.map((m) => ` permit ${m}\n`).join("")
    }`;
    const a = parse(text);
    strictEqual(a.source, "ios-named");
    strictEqual(a.output(), text);
  });
  await t.step("remarks round-trip in named ACLs", () => {
    const text = "ip access-list extended foo\n permit nos any any\n remark Need more NOS!\n" +
      " permit nos any any\n";
    const a = parse(text);
    strictEqual(a.terms[1]?.comments[0]?.text, "Need more NOS!");
    strictEqual(a.terms[1]?.comments[0]?.style, "remark");
    strictEqual(a.output("ios-named"), text);
  });
  await t.step("comments, blank lines and end are accepted; comments are kept in place", () => {
    const a = parse("\n! comment\n\naccess-list 100 permit udp any any log ! ok\nend\n");
    strictEqual(a.terms.length, 1);
    const out = a.output("ios");
    ok(out.includes("! comment\n"), out);
    ok(out.includes("access-list 100 permit udp any any log\n"), out);
    ok(out.indexOf("! comment") < out.indexOf("access-list"), "comment order is preserved");
  });
  await t.step("no access-list discards the lines before it", () => {
    const a = parse(
      "access-list 100 permit udp any any\nno access-list 100\naccess-list 100 permit tcp any any\n",
    );
    strictEqual(a.replace, true);
    // Trigger's output_ios() default (replace=False)
    strictEqual(a.output("ios", { replace: false }), "access-list 100 permit tcp any any\n");
    // ours keeps the input's replace by default
    strictEqual(a.output("ios"), "no access-list 100\naccess-list 100 permit tcp any any\n");
  });
  await t.step("a trailing semicolon is a syntax error with its position", () => {
    throws(
      () => parse("access-list 145 permit tcp any any;\naccess-list 145 deny ip any any"),
      (e: unknown) => e instanceof AclSyntaxError && e.line === 1 && e.column > 30,
    );
  });
  await t.step("service names become numbers; a 0.0.0.0 wildcard becomes host", () => {
    strictEqual(
      parse("access-list 100 permit tcp any any eq ftp-data").output("ios"),
      "access-list 100 permit tcp any any eq 20\n",
    );
    strictEqual(
      parse("access-list 100 permit ip any 192.0.2.99 0.0.0.0").output("ios"),
      "access-list 100 permit ip any host 192.0.2.99\n",
    );
  });
  await t.step("a 200-character !!! comment parses", () => {
    const a = parse(`!${"!".repeat(200)}\naccess-list 100 deny ip any any`);
    strictEqual(a.terms.length, 1);
  });
});

Deno.test("Trigger CheckMiscJunOS", async (t) => {
  await t.step("firewall { replace: } parses", () => {
    const a = parse(
      "\nfirewall {\nreplace:\n    filter blah {\n        term foo { \n            then {\n" +
        "                accept;\n            }\n        }\n    }\n}",
    );
    strictEqual(a.name, "blah");
    strictEqual(a.replace, true);
  });
  await t.step("is-fragment and tcp-established round-trip", () => {
    const x = "filter x {\n    term y {\n        from {\n            is-fragment;\n" +
      "            tcp-established;\n        }\n        then {\n            accept;\n        }\n" +
      "    }\n}\n";
    strictEqual(parse(x).output("junos"), x);
  });
  await t.step("inactive terms round-trip and are refused by IOS", () => {
    const x =
      "filter 100 {\n    term t1 {\n        then {\n            reject;\n        }\n    }\n" +
      "    inactive: term t2 {\n        then {\n            accept;\n        }\n    }\n" +
      "    term t3 {\n        then {\n            accept;\n        }\n    }\n}\n";
    const a = parse(x);
    strictEqual(a.terms[1]?.inactive, true);
    strictEqual(a.output("junos"), x);
    throws(() => a.output("ios"), AclUnsupportedError);
  });
  await t.step("10/8 expands to 10.0.0.0/8", () => {
    const a = parse("filter x { term y { from { address { 10/8; } } } }");
    const c = a.terms[0]?.conditions[0];
    strictEqual(c?.key, "address");
    deepStrictEqual(c?.values, [{ prefix: "10.0.0.0/8" }]);
  });
  await t.step("a then with only a counter accepts", () => {
    const a = parse("filter x { term y { then { count z; } } }");
    strictEqual(a.terms[0]?.action.kind, "accept");
    strictEqual(a.terms[0]?.modifiers.count, "z");
  });
  await t.step("nameTerms() names only unnamed terms", () => {
    const a = acl("f", [
      term(null, "accept", []),
      term(null, "accept", []),
      term("foo", "accept", []),
    ]);
    a.nameTerms();
    deepStrictEqual(a.terms.map((x) => x.name), ["T1", "T2", "foo"]);
  });
  await t.step("nameTerms() counts unnamed terms only and skips taken names", () => {
    const a = acl("f", [
      term("T1", "accept", []),
      term(null, "accept", []),
      term("x", "accept", []),
      term(null, "accept", []),
    ]);
    a.nameTerms();
    deepStrictEqual(a.terms.map((x) => x.name), ["T1", "T2", "x", "T3"]);
  });
  await t.step("protocol ranges and ICMP type lists parse", () => {
    const a = parse(
      "filter 115j {\n term ICMP {\n  from {\n   protocol tcp-17;\n" +
        "   icmp-type [ echo-reply 10-11 ];\n  }\n  then {\n   accept;\n   count ICMP;\n  }\n }\n}",
    );
    const conds = a.terms[0]!.conditions;
    deepStrictEqual(conds.find((c) => c.key === "protocol")?.values, [[6, 17]]);
    deepStrictEqual(conds.find((c) => c.key === "icmp-type")?.values, [[0, 0], [10, 11]]);
  });
  await t.step("double-quoted names round-trip", () => {
    const x =
      'filter test {\n    term "awkward term name" {\n        then {\n            accept;\n' +
      '            count "awkward term name";\n        }\n    }\n}\n';
    const a = parse(x);
    strictEqual(a.terms[0]?.name, "awkward term name");
    strictEqual(a.output("junos"), x);
  });
  await t.step("replace wraps an empty filter", () => {
    strictEqual(
      acl("test", []).output("junos", { replace: true }),
      "firewall {\nreplace:\n    filter test {\n    }\n}\n",
    );
  });
  await t.step("next term parses", () => {
    strictEqual(
      parse("filter f { term t { then { next term; } } }").terms[0]?.action.kind,
      "next-term",
    );
  });
  await t.step("a policers-only firewall block round-trips", () => {
    const x = "firewall {\nreplace:\n    policer test {\n        if-exceeding {\n" +
      "            bandwidth-limit 32000;\n            burst-size-limit 32000;\n        }\n" +
      "        then {\n            discard;\n        }\n    }\n}\n";
    const a = parse(x);
    strictEqual(a.policers.length, 1);
    strictEqual(a.policers[0]?.ifExceeding.bandwidthLimit, 32000);
    strictEqual(a.output("junos", { replace: true }), x);
  });
});

Deno.test("Trigger CheckMiscIOS", async (t) => {
  await t.step("ICMP type 8 prints as echo and echo parses back", () => {
    const y = "access-list 100 permit icmp 172.16.0.0 0.15.255.255 any echo\n";
    strictEqual(
      parse("access-list 100 permit icmp 172.16.0.0 0.15.255.255 any 8").output("ios"),
      y,
    );
    strictEqual(parse(y).output("ios"), y);
  });
  await t.step("several ICMP types give one line each", () => {
    const a = acl("100", [term(null, "accept", [
      { key: "protocol", except: false, values: [[1, 1]], span: SPAN },
      {
        key: "icmp-type",
        except: false,
        values: [[1, 1], [111, 111], [112, 112], [113, 113]],
        span: SPAN,
      },
    ])], "ios");
    strictEqual(
      a.output("ios"),
      [1, 111, 112, 113].map((n) => `access-list 100 permit icmp any any ${n}\n`).join(""),
    );
  });
  await t.step("counters are dropped silently for IOS", () => {
    const a = acl("100", [term(null, "accept", [], { count: "xyz" })], "ios");
    strictEqual(a.output("ios"), "access-list 100 permit ip any any\n");
  });
});

Deno.test("Trigger bugs fixed (§4.7, §6.3)", async (t) => {
  await t.step("reject tcp-reset parses and round-trips", () => {
    const a = parse("filter f { term t { then { reject tcp-reset; } } }");
    deepStrictEqual(a.terms[0]?.action, { kind: "reject", code: "tcp-reset", target: null });
    ok(a.output("junos").includes("reject tcp-reset;"));
  });
  await t.step("family inet6 parses", () => {
    const a = parse(
      "firewall { family inet6 { filter v6 { term t { from { source-address { 2001:db8::/32; } } then accept; } } } }",
    );
    strictEqual(a.family, "inet6");
  });
  await t.step("IOS echo-request is ICMP type 8", () => {
    const a = parse("access-list 100 permit icmp any any echo-request");
    deepStrictEqual(a.terms[0]?.conditions.find((c) => c.key === "icmp-type")?.values, [[8, 8]]);
  });
  await t.step("log-input parses and prints back", () => {
    const a = parse("access-list 100 permit tcp any any eq 22 log-input");
    strictEqual(a.terms[0]?.modifiers.logInput, true);
    strictEqual(a.output("ios"), "access-list 100 permit tcp any any eq 22 log-input\n");
  });
  await t.step("standard ACLs parse", () => {
    const a = parse("access-list 10 permit host 192.0.2.1\naccess-list 10 deny any\n");
    strictEqual(a.source, "ios-standard");
    strictEqual(a.terms.length, 2);
    strictEqual(a.check({ src: "192.0.2.1", dst: "10.0.0.1" }).permitted, true);
    strictEqual(a.check({ src: "192.0.2.2", dst: "10.0.0.1" }).permitted, false);
  });
  await t.step("sequence numbers parse and survive to IOS-XR", () => {
    const a = parse(
      "ip access-list extended S\n 15 permit tcp any any eq 22\n 25 deny ip any any\n",
    );
    deepStrictEqual(a.terms.map((x) => x.seq), [15, 25]);
    ok(a.output("iosxr").includes(" 15 permit tcp any any eq 22\n"));
  });
  await t.step("upper-case keywords parse", () => {
    const a = parse("ACCESS-LIST 101 PERMIT TCP ANY ANY EQ 22\n");
    strictEqual(a.output("ios"), "access-list 101 permit tcp any any eq 22\n");
  });
  await t.step("several filters in one firewall block are all returned", async () => {
    const { parseAll } = await import("../../lib/acl/mod.ts");
    const acls = parseAll(
      "firewall {\nreplace:\n filter a { term t { then accept; } }\n filter b { term t { then accept; } }\n}\n",
    );
    deepStrictEqual(acls.map((a) => a.name), ["a", "b"]);
    throws(
      () => parse("filter a { term t { then accept; } }\nfilter b { term t { then accept; } }\n"),
      RangeError,
    );
  });
});

Deno.test("§5.2: a 104-line numbered ACL reproduces byte for byte", async () => {
  const text = await Deno.readTextFile(new URL("./fixtures/acl_115.acl", import.meta.url));
  const a = parse(text);
  strictEqual(a.name, "115");
  strictEqual(a.terms.length, 103);
  strictEqual(a.output("ios", { replace: true }), text);
  strictEqual(convert(text, "ios", { replace: true }), text);
  // the other formats convert, and converting back gives the same entries
  const named = a.output("ios-named");
  strictEqual(parse(named).output("ios", { name: "115", replace: true }), text);
  const junos = a.nameTerms().output("junos");
  strictEqual(parse(junos).output("ios", { name: "115", replace: true }), text);
  ok(a.output("iosxr").split("\n").filter((l) => /^ \d+ /.test(l)).length === 103);
});

Deno.test("§3.4: check on the 104-line fixture as Trigger's check_access example", async () => {
  const text = await Deno.readTextFile(new URL("./fixtures/acl_115.acl", import.meta.url));
  using a = parse(text);
  const yes = a.check({ src: "221.188.1.1", dst: "10.1.1.1", protocol: "tcp", dport: 22 });
  strictEqual(yes.permitted, true);
  strictEqual(
    text.split("\n")[yes.line! - 1],
    "access-list 115 permit tcp 221.188.0.0 0.0.255.255 any",
  );
  const no = a.check({ src: "1.2.3.4", dst: "10.1.1.1", protocol: "udp", dport: 53 });
  strictEqual(no.permitted, false);
  strictEqual(text.split("\n")[no.line! - 1], "access-list 115 deny ip any any");
});

/**
 * Flow fields beyond the 5-tuple (TCP flags, ICMP type/code, DSCP, fragment,
 * packet length) through the library and `trigger check-access`, the names a
 * flow may use (the engine's tables, ICMPv6 in IPv6 flows), and the fields an
 * undetermined answer names.
 */
import { deepStrictEqual, match, strictEqual, throws } from "node:assert/strict";
import { fileURLToPath as fromFileUrl } from "node:url";
import { encodeFlow, type Flow, FLOW_SIZE } from "../../lib/acl/flow.ts";
import { parse } from "../../lib/acl/acl.ts";
import { flowTables } from "../../lib/acl/_tables.ts";

const MAIN = fromFileUrl(new URL("../../cli/main.ts", import.meta.url));

function enc(flow: Flow): Uint8Array {
  const b = new Uint8Array(FLOW_SIZE).fill(0xee);
  encodeFlow(flow, b, 0);
  return b;
}

async function checkAccess(args: string[], stdin: string): Promise<[number, string, string]> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "check-access", ...args],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(stdin));
  await w.close();
  const r = await child.output();
  const dec = new TextDecoder();
  return [r.code, dec.decode(r.stdout), dec.decode(r.stderr)];
}

Deno.test("encodeFlow() writes dscp, packet length and the fragment field (bytes 10..16)", () => {
  const b = enc({
    src: "10.0.0.1",
    dst: "10.0.0.2",
    dscp: "ef",
    packetLength: 1500,
    fragment: { offset: 185, more: true, dontFragment: false },
  });
  deepStrictEqual([...b.subarray(10, 16)], [1 | 2 | 4, 46, 1500 & 0xff, 1500 >> 8, 185, 0x20]);
  deepStrictEqual([
    ...enc({ src: "10.0.0.1", dst: "10.0.0.2", fragment: "first" }).subarray(10, 16),
  ], [
    2,
    0,
    0,
    0,
    0,
    0x20,
  ]);
  deepStrictEqual([...enc({ src: "10.0.0.1", dst: "10.0.0.2" }).subarray(10, 16)], [
    0,
    0,
    0,
    0,
    0,
    0,
  ]);
  throws(
    () => enc({ src: "10.0.0.1", dst: "10.0.0.2", dscp: 64 }),
    /dscp: 64 is not an integer in 0\.\.63/,
  );
  throws(
    () => enc({ src: "10.0.0.1", dst: "10.0.0.2", dscp: "gold" }),
    /dscp: unknown name "gold"/,
  );
  throws(
    () => enc({ src: "10.0.0.1", dst: "10.0.0.2", fragment: { offset: 9000 } }),
    /fragment: offset 9000 is not an integer in 0\.\.8191/,
  );
});

Deno.test("encodeFlow() reads ICMP names by the flow's family", () => {
  const v4 = enc({ src: "10.0.0.1", dst: "10.0.0.2", protocol: "icmp", icmpType: "echo-request" });
  deepStrictEqual([v4[2], v4[8]], [1, 8]);
  const v6 = enc({
    src: "2001:db8::1",
    dst: "2001:db8::2",
    protocol: "icmp",
    icmpType: "echo-request",
  });
  deepStrictEqual([v6[2], v6[8]], [58, 128], "an IPv6 flow's icmp is ICMPv6, echo-request 128");
  const nd = enc({
    src: "2001:db8::1",
    dst: "2001:db8::2",
    protocol: "icmp6",
    icmpType: "neighbor-solicit",
  });
  strictEqual(nd[8], 135);
  const pu = enc({
    src: "10.0.0.1",
    dst: "10.0.0.2",
    protocol: "icmp",
    icmpType: "port-unreachable",
  });
  deepStrictEqual(
    [pu[1]! & (8 | 16), pu[8], pu[9]],
    [8 | 16, 3, 3],
    "a name that fixes a code sets it",
  );
});

Deno.test("encodeFlow() reads port names vendors agree on, and asks for the number otherwise", () => {
  strictEqual(enc({ src: "10.0.0.1", dst: "10.0.0.2", protocol: "udp", dport: "dnsix" })[6], 195);
  const ldaps = enc({ src: "10.0.0.1", dst: "10.0.0.2", protocol: "tcp", dport: "ldaps" });
  strictEqual(ldaps[6]! | (ldaps[7]! << 8), 636);
  throws(
    () => enc({ src: "10.0.0.1", dst: "10.0.0.2", protocol: "udp", dport: "kerberos" }),
    /Cannot read flow dport: "kerberos" is 88 on eos but 750 on asa, ios, iosxr, nxos; give the number/,
  );
  throws(
    () => enc({ src: "10.0.0.1", dst: "10.0.0.2", protocol: "udp", dport: "radius" }),
    /"radius" is 1645 on .* but 1812 on/,
  );
});

Deno.test("Acl.check() decides by the flow's fields and names the missing ones", () => {
  const acl = parse(
    "ip access-list extended Q\n permit tcp any any match-all +syn -ack\n deny ip any any fragments\n" +
      " permit udp any any dscp ef\n deny ip any any\n",
  );
  const base = { src: "10.0.0.1", dst: "10.0.0.2" } as const;
  strictEqual(acl.check({ ...base, protocol: "tcp", tcpFlags: "syn" }).line, 2);
  strictEqual(acl.check({ ...base, protocol: "tcp", tcpFlags: "syn,ack" }).permitted, false);
  strictEqual(acl.check({ ...base, protocol: "udp", fragment: { offset: 100 } }).line, 3);
  strictEqual(
    acl.check({ ...base, protocol: "udp", fragment: "first", dscp: "ef" }).permitted,
    true,
  );
  deepStrictEqual(acl.check({ ...base, protocol: "udp" }), {
    permitted: null,
    term: null,
    index: 2,
    line: 4,
    missing: ["dscp"],
  });
  const j = parse(
    "filter f { term a { from { packet-length 0-100; } then accept; } term b { then discard; } }",
  );
  deepStrictEqual(j.check(base).missing, ["packetLength"]);
  strictEqual(j.check({ ...base, packetLength: 64 }).permitted, true);
  strictEqual(j.check({ ...base, packetLength: 1500 }).permitted, false);
});

Deno.test("an ICMP flow without the code a term tests is undetermined, with or without a type match", () => {
  // the property tests' counterexample (seed 1393564696): a rule on type 1 code 3, a flow of type 1
  const acl = parse(
    "ip access-list extended EDGE\n permit udp host 192.0.2.11 eq 65534 198.51.100.224 0.0.0.31 eq 53\n" +
      " permit icmp any any 1 3\n",
  );
  const flow = { src: "0.0.0.0", dst: "0.0.0.0", protocol: 1, icmpType: 1 } as const;
  deepStrictEqual(acl.check(flow), {
    permitted: null,
    term: null,
    index: 1,
    line: 3,
    missing: ["icmpCode"],
  });
  strictEqual(acl.check({ ...flow, icmpCode: 3 }).line, 3);
  strictEqual(acl.check({ ...flow, icmpCode: 4 }).permitted, false);
  // another type cannot match whatever its code: decided without it
  deepStrictEqual(acl.check({ ...flow, icmpType: 2 }).permitted, false);
});

Deno.test("check-access accepts every protocol name the engine reads", async () => {
  const rows = flowTables().engineProtocols;
  // every name an IOS reader accepts (IPv4 list), and every Junos inet6 next-header name
  const ios: string[] = [];
  for (const [name, v4] of rows) {
    if (!v4) continue;
    try {
      parse(`access-list 101 permit ${name} any any\n`, { dialect: "ios" });
      ios.push(name);
    } catch {
      // a name only other vendors' readers use (e.g. Junos 'hop-by-hop')
    }
  }
  const junos6 = rows.filter(([, , v6]) => v6).map(([n]) => n).filter((name) => {
    try {
      parse(
        `firewall { family inet6 { filter f { term a { from { next-header ${name}; } then accept; } } } }`,
      );
      return true;
    } catch {
      return false;
    }
  });
  for (const n of ["eigrp", "ipinip", "pcp", "ahp", "gre", "vrrp"]) {
    strictEqual(ios.includes(n), true, `${n} is read by the ios reader`);
  }
  for (const n of ["icmp6", "hop-by-hop", "no-next-header"]) {
    strictEqual(junos6.includes(n), true, n);
  }
  for (
    const [list, acl, src, dst] of [
      [
        ios,
        ios.map((n) => `access-list 101 permit ${n} any any\n`).join("") +
        "access-list 101 deny ip any any\n",
        "10.0.0.1",
        "10.0.0.2",
      ],
      [
        junos6,
        `firewall { family inet6 { filter f { ${
          junos6.map((n, i) => `term t${i} { from { next-header ${n}; } then accept; }`).join(" ")
        } term z { then discard; } } } }`,
        "2001:db8::1",
        "2001:db8::2",
      ],
    ] as const
  ) {
    const flows = list.map((p) => JSON.stringify({ src, dst, protocol: p })).join("\n") + "\n";
    const dir = await Deno.makeTempDir({ prefix: "acl-names-" });
    try {
      await Deno.writeTextFile(`${dir}/flows.jsonl`, flows);
      const [code, stdout, stderr] = await checkAccess(
        ["--json", "--flows", `${dir}/flows.jsonl`, "-"],
        acl,
      );
      strictEqual(code, 0, stderr);
      const results = stdout.trim().split("\n").map((l) => JSON.parse(l) as { permitted: boolean });
      strictEqual(results.length, list.length);
      results.forEach((r, i) => {
        strictEqual(r.permitted, true, `${list[i]}: ${JSON.stringify(r)}`);
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  }
});

Deno.test("check-access takes the flow fields as options and names what is missing", async () => {
  const acl = "ip access-list extended Q\n permit tcp any any ack\n permit udp any any dscp ef\n" +
    " deny ip any any fragments\n deny ip any any\n";
  let [code, out] = await checkAccess([
    "-",
    "10.0.0.1",
    "10.0.0.2",
    "tcp",
    "80",
    "--tcp-flags",
    "ack",
  ], acl);
  strictEqual(code, 0);
  match(out, /^PERMITTED by term #1 at line 2\n/);
  [code, out] = await checkAccess(["-", "10.0.0.1", "10.0.0.2", "udp", "53"], acl);
  strictEqual(code, 3);
  match(
    out,
    /^UNDETERMINED: term #2 at line 3 may match \(it tests dscp, which the query does not give\)/,
  );
  [code, out] = await checkAccess([
    "-",
    "10.0.0.1",
    "10.0.0.2",
    "udp",
    "53",
    "--dscp",
    "cs1",
    "--fragment",
    "185",
  ], acl);
  strictEqual(code, 1);
  match(out, /^DENIED by term #3 at line 4\n/);
  [code, out] = await checkAccess([
    "--json",
    "-",
    "10.0.0.1",
    "10.0.0.2",
    "udp",
    "53",
    "--dscp",
    "0",
    "--fragment",
    "first",
  ], acl);
  strictEqual(code, 1);
  strictEqual(JSON.parse(out).line, 5);
  const v6 = "ipv6 access-list V6\n permit icmp any any echo-request\n deny ipv6 any any\n";
  [code, out] = await checkAccess(["-", "2001:db8::1", "2001:db8::2", "icmp", "echo-request"], v6);
  strictEqual(code, 0, out);
  [code, out] = await checkAccess(["-", "2001:db8::1", "2001:db8::2", "icmp", "8"], v6);
  strictEqual(code, 1, "ICMPv6 type 8 is not an echo request");
  const [bad, , err] = await checkAccess([
    "-",
    "10.0.0.1",
    "10.0.0.2",
    "udp",
    "53",
    "--fragment",
    "x",
  ], acl);
  strictEqual(bad, 2);
  match(err, /Bad --fragment "x": expected none, first or OFFSET\[\+\]/);
});

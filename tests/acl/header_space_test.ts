/**
 * Header-space analysis through the public API: region checks agree with
 * the per-flow checker on random flows inside the region (fast-check),
 * comparisons across dialects, unreachable terms; and the `acl-diff` verb
 * (exit codes, `--json` read back with JSON.parse, golden differences).
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { fileURLToPath as fromFileUrl } from "node:url";
import fc from "fast-check";
import {
  checkRegion,
  compareAcls,
  type ExamplePacket,
  type Flow,
  parse,
  unreachableTerms,
} from "../../lib/acl/mod.ts";

const MAIN = fromFileUrl(new URL("../../cli/main.ts", import.meta.url));
const DIR = fromFileUrl(new URL("./acl_diff/", import.meta.url));

const ACL = `access-list 150 deny tcp any host 10.9.0.1 eq 443
access-list 150 permit tcp 10.1.0.0 0.0.255.255 any eq 443
access-list 150 deny udp any 10.9.0.0 0.0.0.255 eq 53
access-list 150 permit udp 10.0.0.0 0.255.255.255 any range 50 60
access-list 150 permit tcp any any established
access-list 150 permit icmp any any echo
`;

const FLAG_NAMES = ["fin", "syn", "rst", "psh", "ack", "urg"];

/** The checker's flow for an example packet. */
function flowOf(e: ExamplePacket): Flow {
  const f: Flow = { src: e.src, dst: e.dst, protocol: e.protocol };
  if (e.sport !== undefined) f.sport = e.sport;
  if (e.dport !== undefined) f.dport = e.dport;
  if (e.icmpType !== undefined) f.icmpType = e.icmpType;
  if (e.icmpCode !== undefined) f.icmpCode = e.icmpCode;
  if (e.tcpFlags !== undefined) f.tcpFlags = FLAG_NAMES.filter((_, i) => e.tcpFlags! >> i & 1);
  return f;
}

function v4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

Deno.test("checkRegion() parts agree with check() on random flows of the region", () => {
  using acl = parse(ACL);
  fc.assert(
    fc.property(
      fc.constantFrom("tcp", "udp", "icmp"),
      fc.constantFrom(8, 16, 24),
      fc.integer({ min: 0, max: 0xffff }),
      fc.array(
        fc.tuple(
          fc.integer({ min: 0, max: 0xffff }),
          fc.integer({ min: 0, max: 0xffffff }),
          fc.integer({ min: 40, max: 600 }),
        ),
        { minLength: 5, maxLength: 20 },
      ),
      (protocol, len, net, samples) => {
        const base = (0x0a000000 | (net << 8)) >>> 0;
        const prefix = `${
          v4(base & (len === 8 ? 0xff000000 : len === 16 ? 0xffff0000 : 0xffffff00))
        }/${len}`;
        const r = checkRegion(acl, { src: prefix, dst: "10.9.0.0/16", protocol });
        ok(r.parts.length > 0);
        for (const p of r.parts) {
          // each part's example is decided by that part's term
          const e = p.example;
          const c = acl.check(flowOf(e));
          strictEqual(c.permitted, p.permitted);
          strictEqual(c.index ?? -1, p.term);
        }
        const verdicts = new Set(r.parts.map((p) => p.permitted));
        strictEqual(
          r.permitted,
          verdicts.size === 2 ? "part" : verdicts.has(true) ? "all" : "none",
        );
        // random flows of the region: the checker's verdict is one of the parts'
        for (const [host, dst, port] of samples) {
          const hostBits = len === 8 ? host * 256 : len === 16 ? host : host & 255;
          const src = v4(
            ((base & (len === 8 ? 0xff000000 : len === 16 ? 0xffff0000 : 0xffffff00)) |
              (hostBits & (2 ** (32 - len) - 1))) >>> 0,
          );
          const flow = {
            src,
            dst: v4((0x0a090000 | (dst & 0xffff)) >>> 0),
            protocol,
            ...(protocol === "icmp" ? { icmpType: 8 } : { sport: 40000, dport: port }),
          };
          const c = acl.check(flow);
          ok(
            r.parts.some((p) => p.term === (c.index ?? -1) && p.permitted === c.permitted),
            JSON.stringify({ flow, c }),
          );
        }
      },
    ),
    { seed: 1313, numRuns: 60 },
  );
});

Deno.test("compareAcls() finds an IOS ACL and its Junos conversion equivalent, and a change", () => {
  using a = parse(ACL);
  using b = parse(a.output("junos"));
  deepStrictEqual(compareAcls(a, b), { equivalent: true, differences: [], truncated: false });
  const c = compareAcls({ text: ACL }, {
    text: ACL.replace("deny udp any 10.9.0.0", "permit udp any 10.9.0.0"),
  });
  strictEqual(c.equivalent, false);
  deepStrictEqual(c.differences.map((d) => [d.old, d.new]), [[{ term: 2, permitted: false }, {
    term: 2,
    permitted: true,
  }]]);
  deepStrictEqual(c.differences[0]!.boxes, [{
    dport: [[53, 53]],
    dst: ["10.9.0.0/24"],
    protocol: [[17, 17]],
  }]);
});

Deno.test("unreachableTerms() names the shadowing terms", () => {
  using acl = parse(
    "access-list 150 permit tcp any any\naccess-list 150 deny tcp host 10.0.0.1 any eq 22\naccess-list 150 permit udp any any eq 53\naccess-list 150 deny udp any any eq 53\n",
  );
  deepStrictEqual(unreachableTerms(acl), [{ term: 1, shadowedBy: [0] }, {
    term: 3,
    shadowedBy: [2],
  }]);
});

async function trigger(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: r.code, stdout: dec.decode(r.stdout), stderr: dec.decode(r.stderr) };
}

Deno.test("trigger acl-diff: golden differences across dialects, exit codes, --json", async () => {
  const old = `${DIR}edge_old.acl`;
  const neu = `${DIR}edge_new.junos`;
  const r = await trigger(["acl-diff", "--json", old, neu]);
  strictEqual(r.code, 1, r.stderr);
  const got = JSON.parse(r.stdout);
  const golden = `${DIR}edge.diff.json`;
  if (Deno.env.get("UPDATE_GOLDEN")) {
    await Deno.writeTextFile(golden, JSON.stringify(got, null, 2) + "\n");
  }
  deepStrictEqual(got, JSON.parse(await Deno.readTextFile(golden)));
  const same = await trigger(["acl-diff", old, old]);
  strictEqual(same.code, 0);
  ok(same.stdout.includes("decide every packet alike"));
  const bad = await trigger(["acl-diff", old, `${DIR}missing.acl`]);
  strictEqual(bad.code, 2);
});

Deno.test("trigger acl-diff: files of several filters are compared filter by filter, paired by name and family", async () => {
  // Junos family inet + inet6 filters named alike against IOS ip + ipv6 lists and one more list
  const old = `${DIR}mixed_old.junos`;
  const neu = `${DIR}mixed_new.acl`;
  const r = await trigger(["acl-diff", old, neu]);
  strictEqual(r.code, 1, r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  deepStrictEqual(lines.filter((l) => l.startsWith("filter ")), [
    `filter "edge": decides every packet alike`,
    `filter "edge" (IPv6):`,
    `filter "mgmt": only in ${neu}`,
  ]);
  ok(r.stdout.includes("old: permitted by term ping6 (line 28); new: denied by the implicit deny"));
  ok(r.stdout.includes("IPv6 icmpType 128 protocol 58"));

  const j = await trigger(["acl-diff", "--json", old, neu]);
  strictEqual(j.code, 1, j.stderr);
  const got = JSON.parse(j.stdout);
  strictEqual(got.equivalent, false);
  deepStrictEqual(
    got.filters.map((
      f: Record<string, unknown>,
    ) => [f.name, f.family, f.only ?? f.comparison !== undefined]),
    [["edge", 4, true], ["edge", 6, true], ["mgmt", 4, "new"]],
  );
  strictEqual(got.filters[0].comparison.equivalent, true);
  deepStrictEqual(got.filters[1].comparison.differences[0].old, {
    term: 1,
    permitted: true,
    name: "ping6",
    line: 28,
  });

  // --name: only that name's filters, each with its own index in the text
  const v4only = await trigger(["acl-diff", "--name", "mgmt", neu, neu]);
  strictEqual(v4only.code, 0, v4only.stderr);
  strictEqual(v4only.stdout, `filter "mgmt": decides every packet alike\n`);
  const edge = await trigger(["acl-diff", "--json", "--name", "edge", old, neu]);
  deepStrictEqual(JSON.parse(edge.stdout).filters.map((f: { family: number }) => f.family), [4, 6]);
  const none = await trigger(["acl-diff", "--name", "nope", old, neu]);
  strictEqual(none.code, 2);
  match(none.stderr, /Neither file holds a filter named "nope" \(filters: "edge", "mgmt"\)/);

  // the same file against itself: every pair alike, exit 0
  const same = await trigger(["acl-diff", old, old]);
  strictEqual(same.code, 0, same.stderr);
  strictEqual(
    same.stdout,
    `filter "edge": decides every packet alike\nfilter "edge" (IPv6): decides every packet alike\n`,
  );
});

Deno.test("trigger check-access with a network: part, ADD THIS TERM inserted and re-checked", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "acl-region-" });
  try {
    const cases: [string, string, string][] = [
      ["ios", "acl.ios", ACL],
      [
        "junos",
        "acl.junos",
        "filter EDGE {\n    term block {\n        from {\n            destination-address 10.9.0.1/32;\n            protocol tcp;\n            destination-port 443;\n        }\n        then discard;\n    }\n    term net {\n        from {\n            source-address 10.1.0.0/16;\n            protocol tcp;\n            destination-port 443;\n        }\n        then accept;\n    }\n}\n",
      ],
    ];
    for (const [name, file, text] of cases) {
      await t.step(name, async () => {
        const path = `${dir}/${file}`;
        await Deno.writeTextFile(path, text);
        const r = await trigger([
          "check-access",
          "--json",
          path,
          "10.1.0.0/16",
          "any",
          "tcp",
          "443",
        ]);
        strictEqual(r.code, 4, r.stderr);
        const got = JSON.parse(r.stdout);
        strictEqual(got.permitted, "part");
        deepStrictEqual(
          got.parts.map((p: { term: number; permitted: boolean }) => [p.term, p.permitted]),
          [[0, false], [1, true]],
        );
        strictEqual(got.parts[0].example.dst, "10.9.0.1");
        strictEqual(got.addTerm.before, 0);
        // insert the suggested term before the line it names, and check again: all permitted
        const lines = text.split("\n");
        lines.splice(got.addTerm.line - 1, 0, ...got.addTerm.text);
        await Deno.writeTextFile(path, lines.join("\n"));
        const again = await trigger([
          "check-access",
          "--json",
          path,
          "10.1.0.0/16",
          "any",
          "tcp",
          "443",
        ]);
        strictEqual(again.code, 0, again.stdout + again.stderr);
        strictEqual(JSON.parse(again.stdout).permitted, "all");
        strictEqual(JSON.parse(again.stdout).addTerm, null);
      });
    }
    const none = await trigger([
      "check-access",
      `${dir}/acl.ios`,
      "any",
      "10.5.0.0/16",
      "udp",
      "161",
    ]);
    strictEqual(none.code, 1);
    ok(none.stdout.startsWith("DENIED for all"), none.stdout);
    ok(none.stdout.includes("ADD THIS TERM at the end of the ACL:"), none.stdout);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("check-syntax --lint and optimizer --report name unreachable terms", async () => {
  const dir = await Deno.makeTempDir({ prefix: "acl-lint-" });
  try {
    const path = `${dir}/a.acl`;
    await Deno.writeTextFile(
      path,
      "access-list 150 permit tcp any any\naccess-list 150 deny tcp host 10.0.0.1 any eq 22\naccess-list 150 permit udp any any\n",
    );
    const lint = await trigger(["check-syntax", "--lint", path]);
    strictEqual(lint.code, 0);
    ok(
      lint.stdout.includes(
        `${path}:2:1: warning: this entry is unreachable: every packet it matches is decided by line 1`,
      ),
      lint.stdout,
    );
    const js = await trigger(["check-syntax", "--lint", "--json", path]);
    deepStrictEqual(JSON.parse(js.stdout).files[0].unreachable, [
      { term: 1, name: null, line: 2, acl: "150", shadowedBy: [{ term: 0, name: null, line: 1 }] },
    ]);
    const opt = await trigger(["optimizer", "--report", path]);
    strictEqual(opt.code, 0, opt.stderr);
    ok(opt.stderr.includes(`${path}:2:1: warning: this entry is unreachable`), opt.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

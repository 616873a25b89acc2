/**
 * Header-space analysis through the public API: region checks agree with
 * the per-flow checker on random flows inside the region (fast-check),
 * comparisons across dialects, unreachable terms; and the `acl-diff` verb
 * (exit codes, `--json` read back with JSON.parse, golden differences).
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { fileURLToPath as fromFileUrl } from "node:url";
import fc from "npm:fast-check@3";
import { checkRegion, compareAcls, parse, unreachableTerms } from "../../lib/acl/mod.ts";

const MAIN = fromFileUrl(new URL("../../cli/main.ts", import.meta.url));
const DIR = fromFileUrl(new URL("./acl_diff/", import.meta.url));

const ACL = `access-list 150 deny tcp any host 10.9.0.1 eq 443
access-list 150 permit tcp 10.1.0.0 0.0.255.255 any eq 443
access-list 150 deny udp any 10.9.0.0 0.0.0.255 eq 53
access-list 150 permit udp 10.0.0.0 0.255.255.255 any range 50 60
access-list 150 permit tcp any any established
access-list 150 permit icmp any any echo
`;

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
          const c = acl.check({
            src: e.src,
            dst: e.dst,
            protocol: e.protocol,
            sport: e.sport,
            dport: e.dport,
            icmpType: e.icmpType,
            icmpCode: e.icmpCode,
          });
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

/**
 * Cross-check with Google's capirca (Debian `python3-capirca`): render one
 * policy (`tests/acl/capirca/`) to Cisco, Juniper and Arista with capirca's
 * `aclgen`, parse each output with our engine, and check that a set of flows
 * gets the same answer from all three, from capirca's own `aclcheck`, and
 * from the expectation written here from the policy.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { fileURLToPath as fromFileUrl } from "node:url";
import { type AclDialect, AclSyntaxError, type Flow, parse } from "../../lib/acl/mod.ts";
import { CAPIRCA_MISSING, hasCapirca } from "../acl_peers/_capirca_peer.ts";

const HERE = fromFileUrl(new URL("./capirca/", import.meta.url));
const PYTHON = "/usr/bin/python3";

/** Flow, and the answer the policy gives (`true` accept, `false` deny or reject). */
const CASES: [Flow, boolean, string][] = [
  [
    { src: "203.0.113.5", dst: "198.51.100.10", protocol: "tcp", sport: 40000, dport: 80 },
    false,
    "deny-bad-guys",
  ],
  [
    { src: "203.0.113.200", dst: "198.51.100.10", protocol: "tcp", sport: 40000, dport: 80 },
    true,
    "allow-web",
  ],
  [
    { src: "8.8.8.8", dst: "198.51.100.11", protocol: "tcp", sport: 40000, dport: 443 },
    true,
    "allow-web",
  ],
  [
    { src: "8.8.8.8", dst: "198.51.100.11", protocol: "tcp", sport: 40000, dport: 22 },
    false,
    "default-deny",
  ],
  [
    { src: "8.8.8.8", dst: "198.51.100.53", protocol: "udp", sport: 40000, dport: 53 },
    true,
    "allow-dns",
  ],
  [
    { src: "192.168.5.5", dst: "198.51.100.53", protocol: "tcp", sport: 40000, dport: 53 },
    true,
    "allow-dns",
  ],
  [
    { src: "8.8.8.8", dst: "198.51.100.53", protocol: "udp", sport: 40000, dport: 54 },
    false,
    "default-deny",
  ],
  [
    { src: "192.0.2.7", dst: "198.51.100.99", protocol: "tcp", sport: 40000, dport: 22 },
    true,
    "allow-ssh-from-mgmt",
  ],
  [
    { src: "192.0.3.7", dst: "198.51.100.99", protocol: "tcp", sport: 40000, dport: 22 },
    false,
    "default-deny",
  ],
  [
    { src: "10.66.1.1", dst: "192.0.2.1", protocol: "udp", sport: 123, dport: 123 },
    false,
    "reject-lab-ntp",
  ],
  [
    { src: "10.1.1.1", dst: "192.0.2.1", protocol: "udp", sport: 123, dport: 123 },
    true,
    "allow-ntp-internal",
  ],
  [
    { src: "172.31.255.255", dst: "192.0.2.1", protocol: "udp", sport: 123, dport: 123 },
    true,
    "allow-ntp-internal",
  ],
  [
    { src: "172.32.0.1", dst: "192.0.2.1", protocol: "udp", sport: 123, dport: 123 },
    false,
    "default-deny",
  ],
  [
    { src: "8.8.8.8", dst: "10.1.2.3", protocol: "tcp", sport: 40000, dport: 50000 },
    true,
    "allow-return-traffic",
  ],
  [
    { src: "8.8.8.8", dst: "10.1.2.3", protocol: "tcp", sport: 80, dport: 50000 },
    false,
    "default-deny",
  ],
  [
    { src: "8.8.8.8", dst: "172.20.0.9", protocol: "udp", sport: 1024, dport: 9 },
    true,
    "allow-return-traffic",
  ],
  [
    { src: "8.8.8.8", dst: "11.0.0.1", protocol: "udp", sport: 1024, dport: 9 },
    false,
    "default-deny",
  ],
  [{ src: "8.8.8.8", dst: "198.51.100.10", protocol: "gre" }, false, "default-deny"],
  // ports Capirca writes by name: Cisco's kerberos (750), radius (1645) and dnsix (195), Arista's
  // kerberos (88) and radius (1812); each rendering must be read with its vendor's names
  [
    { src: "8.8.8.8", dst: "198.51.100.10", protocol: "udp", sport: 1000, dport: 88 },
    true,
    "allow-named-services",
  ],
  [
    { src: "8.8.8.8", dst: "198.51.100.10", protocol: "udp", sport: 1000, dport: 750 },
    true,
    "allow-named-services",
  ],
  [
    { src: "8.8.8.8", dst: "198.51.100.10", protocol: "udp", sport: 1000, dport: 1645 },
    true,
    "allow-named-services",
  ],
  [
    { src: "8.8.8.8", dst: "198.51.100.10", protocol: "udp", sport: 1000, dport: 1812 },
    true,
    "allow-named-services",
  ],
  [
    { src: "8.8.8.8", dst: "198.51.100.10", protocol: "udp", sport: 1000, dport: 195 },
    true,
    "allow-named-services",
  ],
  [
    { src: "8.8.8.8", dst: "198.51.100.10", protocol: "udp", sport: 1000, dport: 496 },
    true,
    "allow-named-services",
  ],
  [
    { src: "8.8.8.8", dst: "198.51.100.10", protocol: "tcp", sport: 1000, dport: 636 },
    true,
    "allow-named-services",
  ],
  [
    { src: "8.8.8.8", dst: "198.51.100.10", protocol: "tcp", sport: 1000, dport: 2049 },
    true,
    "allow-named-services",
  ],
  [
    { src: "8.8.8.8", dst: "198.51.100.10", protocol: "udp", sport: 1000, dport: 90 },
    false,
    "default-deny",
  ],
  [
    { src: "8.8.8.8", dst: "198.51.100.10", protocol: "udp", sport: 1000, dport: 1646 },
    false,
    "default-deny",
  ],
  [
    { src: "8.8.8.8", dst: "198.51.100.10", protocol: "udp", sport: 1000, dport: 1813 },
    false,
    "default-deny",
  ],
];

/** ICMP flows: aclcheck ignores ICMP types, so only our expectation applies. */
const ICMP_CASES: [Flow, boolean][] = [
  [{ src: "8.8.8.8", dst: "198.51.100.10", protocol: "icmp", icmpType: "echo-request" }, true],
  [{ src: "8.8.8.8", dst: "198.51.100.10", protocol: "icmp", icmpType: 0 }, true],
  [{ src: "8.8.8.8", dst: "198.51.100.10", protocol: "icmp", icmpType: 3, icmpCode: 3 }, false],
  [{ src: "203.0.113.1", dst: "198.51.100.10", protocol: "icmp", icmpType: 8 }, false],
];

const present = await hasCapirca();

Deno.test({
  name: "capirca: cisco, juniper and arista renderings agree with aclcheck and the policy" +
    (present ? "" : ` (${CAPIRCA_MISSING})`),
  ignore: !present,
  fn: async (t) => {
    const out = await Deno.makeTempDir({ prefix: "acl-capirca-" });
    try {
      const flows = CASES.map(([f]) => f);
      const child = new Deno.Command(PYTHON, {
        args: [`${HERE}capirca_check.py`, HERE, out],
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const w = child.stdin.getWriter();
      await w.write(new TextEncoder().encode(JSON.stringify(flows)));
      await w.close();
      const r = await child.output();
      strictEqual(r.success, true, new TextDecoder().decode(r.stderr));
      const answers = JSON.parse(new TextDecoder().decode(r.stdout)) as {
        action: string | null;
        term: string | null;
      }[];

      await t.step("aclcheck agrees with the expectation written from the policy", () => {
        deepStrictEqual(
          answers.map((a) => [a.action === "accept", a.term ?? "default-deny"]),
          CASES.map(([, permitted, term]) => [permitted, term]),
        );
      });

      const files: [string, string, AclDialect][] = [
        ["cisco", "edge.acl", "ios"],
        ["juniper", "edge.jcl", "junos"],
        ["arista", "edge.eacl", "eos"],
      ];
      await t.step(
        "auto refuses the arista file: EOS and NX-OS write it alike, read 'kerberos' apart",
        async () => {
          const text = await Deno.readTextFile(`${out}/edge.eacl`);
          try {
            parse(text)[Symbol.dispose]();
            ok(false, "auto read the arista file");
          } catch (e) {
            ok(e instanceof AclSyntaxError, String(e));
            const d = e.diagnostics[0]!;
            strictEqual(d.code, "ACL009");
            ok(/\b(kerberos|radius)\b/.test(d.excerpt), d.excerpt);
            strictEqual(d.hint, "name the dialect: eos or nxos");
          }
        },
      );
      const verdicts: Record<string, (boolean | null)[]> = {};
      for (const [platform, file, dialect] of files) {
        await t.step(`${platform}: our engine parses capirca's output and agrees`, async () => {
          const text = await Deno.readTextFile(`${out}/${file}`);
          using acl = parse(text, { dialect });
          strictEqual(acl.name, "EDGE-IN");
          ok(acl.terms.length >= 9, `${platform}: ${acl.terms.length} terms`);
          const results = acl.checkAll(flows);
          verdicts[platform] = results.map((x) => x.permitted);
          deepStrictEqual(
            verdicts[platform],
            CASES.map(([, permitted]) => permitted),
            `${platform} disagrees with the policy`,
          );
          if (platform === "juniper") {
            // named terms: the deciding term is the policy's term
            deepStrictEqual(
              results.map((x) => x.term ?? "default-deny"),
              CASES.map(([, , term]) => term),
            );
          }
          deepStrictEqual(
            acl.checkAll(ICMP_CASES.map(([f]) => f)).map((x) => x.permitted),
            ICMP_CASES.map(([, p]) => p),
            `${platform}: ICMP answers`,
          );
        });
      }
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});

/**
 * `trigger find-access` and `trigger optimizer` run as a user runs them:
 * `deno run -A cli/main.ts <verb> ...` in a subprocess.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { fileURLToPath as fromFileUrl } from "node:url";
import { join } from "node:path";

const MAIN = fromFileUrl(new URL("../../cli/main.ts", import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function trigger(args: string[], stdin?: string): Promise<Run> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const r = await child.output();
  const dec = new TextDecoder();
  return { code: r.code, stdout: dec.decode(r.stdout), stderr: dec.decode(r.stderr) };
}

const ACL = "ip access-list extended EDGE\n" +
  " remark web\n" +
  " permit tcp 10.0.0.0 0.0.0.127 any eq 80\n" +
  " permit tcp 10.0.0.128 0.0.0.127 any eq 80\n" +
  " deny tcp host 10.0.0.9 any eq 80\n" +
  " permit udp any host 192.0.2.1 eq 53\n" +
  " deny ip any any\n";

Deno.test("cli find-access and optimizer", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "acl-tools-cli-" });
  try {
    const file = join(dir, "edge.acl");
    await Deno.writeTextFile(file, ACL);
    const bad = join(dir, "bad.acl");
    await Deno.writeTextFile(bad, "access-list 101 permit tcp any any eq\n");

    await t.step("find-access: terms and their text, exit 0", async () => {
      const r = await trigger(["find-access", "-s", "10.0.0.9", "--dport", "80", file]);
      strictEqual(r.code, 0, r.stderr);
      strictEqual(
        r.stdout,
        `${file}: term #1 (line 3): accept\n     permit tcp 10.0.0.0 0.0.0.127 any eq 80\n` +
          `${file}: term #3 (line 5): reject\n     deny tcp host 10.0.0.9 any eq 80\n` +
          `${file}: term #5 (line 7): reject\n     deny ip any any\n`,
      );
    });
    await t.step("find-access --json --exact, several files", async () => {
      const r = await trigger([
        "find-access",
        "--json",
        "--exact",
        "-d",
        "192.0.2.1",
        "-p",
        "udp",
        "--dport",
        "domain",
        file,
        "-",
      ], ACL);
      strictEqual(r.code, 0, r.stderr);
      deepStrictEqual(JSON.parse(r.stdout), [
        { file, term: null, index: 3, line: 6, action: "accept" },
        { file, term: null, index: 4, line: 7, action: "reject" },
        { file: "<stdin>", term: null, index: 3, line: 6, action: "accept" },
        { file: "<stdin>", term: null, index: 4, line: 7, action: "reject" },
      ]);
    });
    await t.step("find-access: nothing found exits 1; bad input exits 2", async () => {
      const none = await trigger(["find-access", "-S", "-s", "172.16.0.0/12", file]);
      strictEqual(none.code, 1, none.stderr);
      strictEqual(none.stdout, "");
      const syntax = await trigger(["find-access", "-s", "10.0.0.1", file, bad]);
      strictEqual(syntax.code, 2);
      strictEqual(syntax.stdout, "", "nothing printed before the error");
      match(syntax.stderr, /bad\.acl:1:/);
      const noQuery = await trigger(["find-access", file]);
      strictEqual(noQuery.code, 2);
      const badPort = await trigger(["find-access", "--dport", "99999", file]);
      strictEqual(badPort.code, 2);
      match(badPort.stderr, /Bad destination port "99999"/);
    });
    await t.step("optimizer: same dialect on stdout, summary on stderr", async () => {
      const r = await trigger(["optimizer", file]);
      strictEqual(r.code, 0, r.stderr);
      strictEqual(
        r.stdout,
        "ip access-list extended EDGE\n remark web\n permit tcp 10.0.0.0 0.0.0.255 any eq 80\n" +
          " permit udp any host 192.0.2.1 eq 53\n",
      );
      deepStrictEqual(r.stderr.trimEnd().split("\n"), [
        "5 terms → 2 terms",
        "removed term #3 (line 5): shadowed by term #1 (line 3)",
        "removed term #5 (line 7): repeats the implicit deny at the end",
        "merged term #2 (line 4) into term #1 (line 3) (source-address)",
      ]);
    });
    await t.step("optimizer -o OUT --format junos --json-report", async () => {
      const out = join(dir, "edge.junos");
      const r = await trigger([
        "optimizer",
        file,
        "-o",
        out,
        "--format",
        "junos",
        "--json-report",
        "--keep-denies",
      ]);
      strictEqual(r.code, 0, r.stderr);
      strictEqual(r.stdout, "");
      const report = JSON.parse(r.stderr);
      deepStrictEqual([report.before, report.after, report.removed.length], [5, 3, 1]);
      const text = await Deno.readTextFile(out);
      match(text, /^filter EDGE \{\n/);
      match(text, /10\.0\.0\.0\/24;/);
      ok(text.includes("discard;") || text.includes("reject;"));
    });
    await t.step("optimizer: a syntax error writes nothing and exits 2", async () => {
      const out = join(dir, "never.acl");
      const r = await trigger(["optimizer", bad, "-o", out]);
      strictEqual(r.code, 2);
      match(r.stderr, /bad\.acl:1:/);
      strictEqual(await Deno.stat(out).then(() => true, () => false), false);
      const missing = await trigger(["optimizer", join(dir, "missing.acl")]);
      strictEqual(missing.code, 2);
      match(missing.stderr, /Cannot read/);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli optimizer: big inputs get a clear error and short quotes (issue 12 item 14)", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "acl-tools-big-" });
  try {
    // 50 MB as in the issue: 679k numbered IOS lines; and one 52 MB line.
    const big = join(dir, "big.acl");
    const line = "access-list 150 permit tcp 10.1.2.0 0.0.0.255 host 192.0.2.77 eq 443 log\n";
    await Deno.writeTextFile(big, line.repeat(679_000));
    const long = join(dir, "long.acl");
    await Deno.writeTextFile(
      long,
      `ip access-list extended X\n permit tcp any any eq 80 ${"x".repeat(52_000_000)}\n`,
    );

    await t.step(
      "a 50 MB file is refused before parsing, naming the limit and the flag",
      async () => {
        const r = await trigger(["optimizer", big]);
        strictEqual(r.code, 2);
        strictEqual(r.stdout, "");
        match(r.stderr, /Cannot optimize .*big\.acl: its 49\.6 MB are over the limit of 10 MB/);
        // the memory it would take, as measured (bench/README.md)
        match(r.stderr, /up to about 16 bytes per byte of input: 160 MB at 10 MB/);
        match(r.stderr, /raise it with --max-input-mb \[INPUT_TOO_LARGE\]\n$/);
      },
    );

    await t.step("standard input is measured too; --max-input-mb sets the limit", async () => {
      const r = await trigger(["optimizer", "--max-input-mb", "0.001", "-"], line.repeat(20));
      strictEqual(r.code, 2);
      match(r.stderr, /<stdin>: its 0\.0 MB are over the limit of 0\.001 MB/);
      const ok2 = await trigger(["optimizer", "--max-input-mb", "1", "-"], line.repeat(20));
      strictEqual(ok2.code, 0, ok2.stderr);
      const bad = await trigger(["optimizer", "--max-input-mb", "lots", "-"], line);
      strictEqual(bad.code, 2);
      match(bad.stderr, /Invalid --max-input-mb "lots": expected a positive number/);
    });

    await t.step("an error on a 52 MB line quotes a short excerpt", async () => {
      const r = await trigger(["optimizer", "--max-input-mb", "100", long]);
      strictEqual(r.code, 2);
      strictEqual(r.stdout, "");
      ok(r.stderr.length < 400, `${r.stderr.length} bytes on stderr`);
      match(r.stderr, /long\.acl:2:27: unexpected 'x{48}\.\.\.': expected a port/);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli optimizer: a file of several filters is optimized filter by filter (--name: one)", async () => {
  const text =
    "ip access-list extended A\n permit tcp any any eq 22\n permit tcp host 10.0.0.1 any eq 22\n" +
    "ipv6 access-list B\n permit tcp any any eq 443\n permit tcp any any eq 443\n";
  const r = await trigger(["optimizer", "-"], text);
  strictEqual(r.code, 0, r.stderr);
  strictEqual(
    r.stdout,
    "ip access-list extended A\n permit tcp any any eq 22\nipv6 access-list B\n permit tcp any any eq 443\n",
  );
  deepStrictEqual(r.stderr.split("\n").filter((l) => l.startsWith("filter ")), [
    `filter "A":`,
    `filter "B":`,
  ]);
  match(
    r.stderr,
    /filter "B":\n2 terms → 1 term\nremoved term #2 \(line 6\): shadowed by term #1 \(line 5\)/,
  );

  const j = await trigger(["optimizer", "--json-report", "-"], text);
  const report = JSON.parse(j.stderr);
  deepStrictEqual(
    report.filters.map((f: { name: string; report: { before: number; after: number } }) => [
      f.name,
      f.report.before,
      f.report.after,
    ]),
    [["A", 2, 1], ["B", 2, 1]],
  );

  const b = await trigger(["optimizer", "--name", "B", "--format", "junos", "-"], text);
  strictEqual(b.code, 0, b.stderr);
  match(b.stdout, /family inet6 \{\n\s+filter B \{/);
  ok(!b.stdout.includes("filter A"));
  const none = await trigger(["optimizer", "--name", "Z", "-"], text);
  strictEqual(none.code, 2);
  match(none.stderr, /holds no filter named "Z" \(filters: "A", "B"\)/);
});

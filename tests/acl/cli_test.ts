/**
 * The ACL verbs run as a user runs them: `deno run -A cli/main.ts <verb> ...`
 * in a subprocess, checking stdout, stderr and the exit code.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { fileURLToPath as fromFileUrl } from "node:url";

const MAIN = fromFileUrl(new URL("../../cli/main.ts", import.meta.url));
const FIXTURE = fromFileUrl(new URL("./fixtures/acl_115.acl", import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function trigger(args: string[], stdin?: string, cwd?: string): Promise<Run> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    ...(cwd ? { cwd } : {}),
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

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "acl-cli-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const IOS =
  "access-list 101 permit tcp any host 192.0.2.10 eq 22\naccess-list 101 deny ip any any\n";
const JUNOS = "filter edge {\n    term ssh {\n        from {\n            protocol tcp;\n" +
  "            destination-port 22;\n        }\n        then accept;\n    }\n" +
  "    term lists {\n        from {\n            source-prefix-list {\n                partners;\n" +
  "            }\n        }\n        then accept;\n    }\n}\n";

Deno.test("cli aclconv", async (t) => {
  await t.step("--to junos from stdin", async () => {
    const r = await trigger(["aclconv", "--to", "junos"], IOS);
    strictEqual(r.code, 0, r.stderr);
    match(r.stdout, /^filter 101 \{\n/);
    match(r.stdout, /destination-port 22;/);
    strictEqual(r.stderr, "");
  });
  await t.step("Trigger's -j: replace wrapper, name 101j, terms T1.. counted", async () => {
    const r = await trigger(["aclconv", "-j", "-"], "access-list 100 deny ip any any\n");
    strictEqual(r.code, 0, r.stderr);
    match(r.stdout, /^firewall \{\nreplace:\n {4}filter 100j \{\n {8}term T1 \{/);
    match(r.stdout, /reject;\n\s+count T1;/);
  });
  await t.step("Trigger's -o: named IOS with suffix and no-line", async () => {
    const r = await trigger(["aclconv", "-o", FIXTURE]);
    strictEqual(r.code, 0, r.stderr);
    const lines = r.stdout.split("\n");
    deepStrictEqual(lines.slice(0, 3), [
      "no ip access-list extended 115o",
      "ip access-list extended 115o",
      " permit tcp any any established",
    ]);
  });
  await t.step("Trigger's -x: IOS-XR numbered 10, 20, ...", async () => {
    const r = await trigger(["aclconv", "-x", FIXTURE]);
    strictEqual(r.code, 0, r.stderr);
    match(r.stdout, /\n 10 permit tcp any any established\n 20 /);
  });
  await t.step("--to ios with --name and --replace", async () => {
    const r = await trigger(["aclconv", "--to", "ios", "--name", "150", "--replace"], IOS);
    strictEqual(r.code, 0, r.stderr);
    strictEqual(
      r.stdout,
      "no access-list 150\naccess-list 150 permit tcp any host 192.0.2.10 eq 22\naccess-list 150 deny ip any any\n",
    );
  });
  await t.step("--output writes the file atomically", async () => {
    await withDir(async (dir) => {
      const out = `${dir}/out.txt`;
      const r = await trigger(["aclconv", "--to", "eos", "--output", out], IOS);
      strictEqual(r.code, 0, r.stderr);
      strictEqual(r.stdout, "");
      match(await Deno.readTextFile(out), /permit tcp any host 192.0.2.10 eq 22/);
      deepStrictEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["out.txt"]);
    });
  });
  await t.step("unknown format: one line, exit 2", async () => {
    const r = await trigger(["aclconv", "--to", "cisco-pix"], IOS);
    strictEqual(r.code, 2);
    strictEqual(r.stdout, "");
    strictEqual(r.stderr.trim().split("\n").length, 1, r.stderr);
    match(r.stderr, /Unknown format "cisco-pix"/);
  });
  await t.step("missing format: exit 2", async () => {
    const r = await trigger(["aclconv"], IOS);
    strictEqual(r.code, 2);
    match(r.stderr, /Missing output format/);
  });
  await t.step("unreadable file: one line, exit 2", async () => {
    const r = await trigger(["aclconv", "--to", "junos", "/nonexistent/acl.txt"]);
    strictEqual(r.code, 2);
    strictEqual(r.stderr.trim().split("\n").length, 1, r.stderr);
    match(r.stderr, /Cannot read "\/nonexistent\/acl.txt"/);
  });
  await t.step("syntax error: FILE:LINE:COLUMN, exit 2, no output file", async () => {
    await withDir(async (dir) => {
      await Deno.writeTextFile(
        `${dir}/bad.acl`,
        "access-list 100 permit ip any any\naccess-list 100 frob\n",
      );
      const out = `${dir}/out.txt`;
      const r = await trigger(["aclconv", "--to", "junos", "--output", out, `${dir}/bad.acl`]);
      strictEqual(r.code, 2);
      strictEqual(r.stderr.trim().split("\n").length, 1, r.stderr);
      match(r.stderr, new RegExp(`${dir}/bad\\.acl:2:\\d+: `));
      deepStrictEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["bad.acl"]);
    });
  });
  await t.step("unsupported construct: lists it, exit 2, no output file", async () => {
    await withDir(async (dir) => {
      const out = `${dir}/out.txt`;
      const r = await trigger(["aclconv", "--to", "ios", "--name", "150", "--output", out], JUNOS);
      strictEqual(r.code, 2);
      strictEqual(r.stderr.trim().split("\n").length, 1, r.stderr);
      match(r.stderr, /lists/);
      match(r.stderr, /ACL_UNSUPPORTED/);
      deepStrictEqual([...Deno.readDirSync(dir)], []);
    });
  });
});

Deno.test("cli check-access", async (t) => {
  await t.step("permitted: exit 0, names the term and line", async () => {
    const r = await trigger(["check-access", FIXTURE, "221.188.1.1", "10.1.1.1", "tcp", "22"]);
    strictEqual(r.code, 0, r.stderr);
    match(
      r.stdout,
      /^PERMITTED by term #\d+ at line \d+\n {2}access-list 115 permit tcp 221\.188\.0\.0 0\.0\.255\.255 any\n$/,
    );
  });
  await t.step("denied: exit 1; a numeric 4th argument is a tcp port", async () => {
    const r = await trigger(["check-access", FIXTURE, "1.2.3.4", "10.1.1.1", "53"]);
    strictEqual(r.code, 1, r.stderr);
    match(r.stdout, /^DENIED by term #103 at line 104\n {2}access-list 115 deny ip any any\n$/);
  });
  await t.step("implicit deny and --json", async () => {
    const r = await trigger(
      ["check-access", "--json", "-", "10.0.0.1", "192.0.2.10", "tcp", "80"],
      IOS.split("\n")[0],
    );
    strictEqual(r.code, 1, r.stderr);
    deepStrictEqual(JSON.parse(r.stdout), {
      permitted: false,
      term: null,
      index: null,
      line: null,
    });
  });
  await t.step("junos term names", async () => {
    const r = await trigger(
      ["check-access", "--json", "-", "10.0.0.1", "192.0.2.10", "tcp", "22"],
      JUNOS,
    );
    strictEqual(r.code, 0, r.stderr);
    deepStrictEqual(JSON.parse(r.stdout), { permitted: true, term: "ssh", index: 0, line: 2 });
  });
  await t.step("undetermined: exit 3", async () => {
    const r = await trigger(["check-access", "-", "10.0.0.1", "192.0.2.10", "udp", "53"], JUNOS);
    strictEqual(r.code, 3, r.stderr);
    match(r.stdout, /^UNDETERMINED: term "lists" at line 9 may match/);
  });
  await t.step("'any' is refused with a clear message", async () => {
    const r = await trigger(["check-access", FIXTURE, "any", "10.1.1.1"]);
    strictEqual(r.code, 2);
    match(r.stderr, /SRC must be one address/);
  });
  await t.step("--flows: one JSON line per flow", async () => {
    await withDir(async (dir) => {
      await Deno.writeTextFile(
        `${dir}/flows.jsonl`,
        [
          { src: "10.0.0.1", dst: "192.0.2.10", protocol: "tcp", sport: 4000, dport: 22 },
          { src: "10.0.0.1", dst: "192.0.2.10", protocol: "udp", dport: 53 },
          { src: "10.0.0.1", dst: "192.0.2.11", protocol: 6, dport: 22, tcpFlags: "syn" },
        ].map((f) => JSON.stringify(f)).join("\n") + "\n\n",
      );
      await Deno.writeTextFile(`${dir}/acl.txt`, IOS);
      const r = await trigger([
        "check-access",
        "--json",
        "--flows",
        `${dir}/flows.jsonl`,
        `${dir}/acl.txt`,
      ]);
      strictEqual(r.code, 0, r.stderr);
      deepStrictEqual(r.stdout.trim().split("\n").map((l) => JSON.parse(l)), [
        { permitted: true, term: null, line: 1 },
        { permitted: false, term: null, line: 2 },
        { permitted: false, term: null, line: 2 },
      ]);
    });
  });
  await t.step("--flows: a bad line is named", async () => {
    await withDir(async (dir) => {
      await Deno.writeTextFile(
        `${dir}/flows.jsonl`,
        '{"src":"10.0.0.1","dst":"192.0.2.10"}\n{"src":"10.0.0.1","dst":"192.0.2.10","dport":70000}\n',
      );
      const r = await trigger(["check-access", "--flows", `${dir}/flows.jsonl`, "-"], IOS);
      strictEqual(r.code, 2);
      match(r.stderr, /flows\.jsonl:2: .*dport/);
    });
  });
});

Deno.test("cli check-syntax", async (t) => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/good.acl`, IOS);
    await Deno.writeTextFile(`${dir}/junos.acl`, JUNOS);
    await Deno.writeTextFile(
      `${dir}/bad.acl`,
      "access-list 100 permit ip any any\naccess-list 100 frob ip any any\naccess-list 100 permit tcp any any eq 99999\n",
    );
    await t.step("all good: exit 0", async () => {
      const r = await trigger(["check-syntax", `${dir}/good.acl`, `${dir}/junos.acl`]);
      strictEqual(r.code, 0, r.stderr);
      strictEqual(
        r.stdout,
        `${dir}/good.acl: OK (2 terms, ios)\n${dir}/junos.acl: OK (2 terms, junos)\n`,
      );
    });
    await t.step("every error of a bad file, exit 1", async () => {
      const r = await trigger([
        "check-syntax",
        `${dir}/good.acl`,
        `${dir}/bad.acl`,
        `${dir}/missing.acl`,
      ]);
      strictEqual(r.code, 1);
      const lines = r.stdout.trim().split("\n");
      strictEqual(lines[0], `${dir}/good.acl: OK (2 terms, ios)`);
      ok(lines.some((l) => l.startsWith(`${dir}/bad.acl:2:`)), r.stdout);
      ok(lines.some((l) => l.startsWith(`${dir}/bad.acl:3:`)), r.stdout);
      match(lines.at(-1)!, new RegExp(`^${dir}/missing\\.acl: cannot read: `));
    });
  });
});

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
  await t.step(
    "'any' is answered for the whole region (tests/acl/header_space_test.ts)",
    async () => {
      const r = await trigger(["check-access", FIXTURE, "any", "10.1.1.1"]);
      strictEqual(r.code, 4, r.stderr);
      match(
        r.stdout,
        /^PERMITTED for part of any -> 10\.1\.1\.1\n {2}permitted by line 3, e\.g\. /,
      );
    },
  );
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
  await t.step("--flows: each bad line gets its own answer, the others are answered", async () => {
    await withDir(async (dir) => {
      await Deno.writeTextFile(
        `${dir}/flows.jsonl`,
        [
          '{"src":"10.0.0.1","dst":"192.0.2.10","protocol":"tcp","dport":22}',
          '{"src":"10.0.0.1","dst":"192.0.2.10","dport":70000}',
          "not json",
          "",
          '{"src":"10.0.0.1","dst":"192.0.2.10","prot":6}',
          "[1, 2]",
          '{"src":"10.0.0.1","dst":"2001:db8::1"}',
          '{"src":"10.0.0.1","dst":"192.0.2.10","protocol":"udp","dport":"domain"}',
        ].join("\n") + "\n",
      );
      const json = await trigger(
        ["check-access", "--json", "--flows", `${dir}/flows.jsonl`, "-"],
        IOS,
      );
      strictEqual(json.code, 2, json.stderr);
      const file = `${dir}/flows.jsonl`;
      const answers = json.stdout.trim().split("\n").map((l) => JSON.parse(l));
      strictEqual(answers.length, 7);
      deepStrictEqual(answers[0], { permitted: true, term: null, line: 1 });
      deepStrictEqual(answers[6], { permitted: false, term: null, line: 2 });
      const errors = answers.slice(1, 6).map((a) => a.error);
      ok(errors.every((e) => e.code === "INVALID_ARGUMENT"), JSON.stringify(errors));
      deepStrictEqual(errors.map((e) => [e.file, e.line]), [
        [file, 2],
        [file, 3],
        [file, 5],
        [file, 6],
        [file, 7],
      ]);
      match(errors[0].message, /dport: 70000 is not an integer in 0\.\.65535/);
      match(errors[1].message, /^not JSON/);
      match(errors[2].message, /unknown flow field "prot"/);
      match(errors[3].message, /expected a JSON object/);
      match(errors[4].message, /src is IPv4 but dst is IPv6/);
      match(json.stderr, /5 flow lines were not answered/);

      const text = await trigger(["check-access", "--flows", file, "-"], IOS);
      strictEqual(text.code, 2, text.stderr);
      const lines = text.stdout.trim().split("\n");
      strictEqual(lines.length, 7);
      strictEqual(lines[0], `${file}:1: PERMITTED by term #1 at line 1`);
      match(lines[1]!, new RegExp(`^${file}:2: error: .*dport`));
      match(lines[2]!, new RegExp(`^${file}:3: error: not JSON`));
      strictEqual(lines[6], `${file}:8: DENIED by term #2 at line 2`);
    });
  });
});

const MIXED = fromFileUrl(new URL("./fixtures/capirca_mixed/", import.meta.url));

Deno.test("cli check-access on files with several filters (Capirca's mixed output)", async (t) => {
  for (
    const [file, v4, v6] of [
      ["mixed.jcl", "edge-mixed4", "edge-mixed6"],
      ["mixed.acl", "edge-mixed", "ipv6-edge-mixed"],
    ] as const
  ) {
    await t.step(`${file}: each family is answered by its own filter, which is named`, async () => {
      const a = await trigger(
        ["check-access", "--json", MIXED + file, "10.1.2.3", "192.0.2.10", "tcp", "443"],
      );
      strictEqual(a.code, 0, a.stderr);
      strictEqual(JSON.parse(a.stdout).filter, v4);
      const b = await trigger([
        "check-access",
        MIXED + file,
        "2001:db8:1::5",
        "2001:db8::99",
        "tcp",
        "22",
      ]);
      strictEqual(b.code, 0, b.stderr);
      match(b.stdout, new RegExp(`^PERMITTED by term .* at line \\d+ of filter "${v6}"\n`));
      const c = await trigger([
        "check-access",
        MIXED + file,
        "2001:db8:2::5",
        "2001:db8::99",
        "tcp",
        "22",
      ]);
      strictEqual(c.code, 1, c.stderr);
      match(c.stdout, new RegExp(`^DENIED by term .* of filter "${v6}"\n`));
    });
    await t.step(`${file}: --flows answers each flow from its family's filter`, async () => {
      const flows = [
        { src: "10.1.2.3", dst: "192.0.2.10", protocol: "tcp", dport: 443 },
        { src: "2001:db8::1", dst: "2001:db8::10", protocol: "tcp", dport: 443 },
        { src: "10.1.2.3", dst: "192.0.2.11", protocol: "tcp", dport: 22 },
        { src: "2001:db8:5::1", dst: "2001:db8::10", protocol: "tcp", dport: 22 },
      ].map((f) => JSON.stringify(f)).join("\n");
      const r = await trigger(["check-access", "--json", "--flows", "-", MIXED + file], flows);
      strictEqual(r.code, 0, r.stderr);
      deepStrictEqual(
        r.stdout.trim().split("\n").map((l) => JSON.parse(l)).map((a) => [a.permitted, a.filter]),
        [[true, v4], [true, v6], [true, v4], [false, v6]],
      );
    });
  }
  await t.step("two filters of one family: asks for --name, which chooses", async () => {
    const two = "firewall {\n  family inet {\n    filter a { term t { then accept; } }\n" +
      "    filter b { term t { then discard; } }\n  }\n}\n";
    const r = await trigger(["check-access", "-", "10.0.0.1", "10.0.0.2"], two);
    strictEqual(r.code, 2);
    match(r.stderr, /holds 2 filters for IPv4 flows \("a", "b"\): choose one with --name/);
    const a = await trigger(["check-access", "--name", "b", "-", "10.0.0.1", "10.0.0.2"], two);
    strictEqual(a.code, 1, a.stderr);
    match(a.stdout, /^DENIED by term "t" at line 4 of filter "b"\n/);
    const none = await trigger(["check-access", "--name", "c", "-", "10.0.0.1", "10.0.0.2"], two);
    strictEqual(none.code, 2);
    match(none.stderr, /holds no filter named "c" \(filters: "a", "b"\)/);
    const v6 = await trigger(["check-access", "-", "2001:db8::1", "2001:db8::2"], two);
    strictEqual(v6.code, 2);
    match(v6.stderr, /holds no filter for IPv6 flows/);
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
    await t.step("- reads standard input", async () => {
      const r = await trigger(["check-syntax", "-"], JUNOS);
      strictEqual(r.code, 0, r.stderr);
      strictEqual(r.stdout, "<stdin>: OK (2 terms, junos)\n");
    });
    await t.step(
      "--json: one document, per-file results and diagnostics with line and column",
      async () => {
        const r = await trigger(
          [
            "check-syntax",
            "--json",
            `${dir}/good.acl`,
            "-",
            `${dir}/bad.acl`,
            `${dir}/missing.acl`,
          ],
          JUNOS,
        );
        strictEqual(r.code, 1, r.stderr);
        const doc = JSON.parse(r.stdout);
        strictEqual(doc.ok, false);
        deepStrictEqual(doc.files.map((f: { file: string; ok: boolean }) => [f.file, f.ok]), [
          [`${dir}/good.acl`, true],
          ["<stdin>", true],
          [`${dir}/bad.acl`, false],
          [`${dir}/missing.acl`, false],
        ]);
        deepStrictEqual(doc.files[1].filters, [
          { name: "edge", source: "junos", family: null, terms: 2 },
        ]);
        strictEqual(doc.files[0].terms, 2);
        const bad = doc.files[2].diagnostics;
        deepStrictEqual(bad.map((d: { line: number }) => d.line), [2, 3]);
        ok(
          bad.every((d: { column: number; severity: string; code: string }) =>
            d.column > 0 && d.severity === "error" && /^ACL0/.test(d.code)
          ),
        );
        match(doc.files[3].error, /^cannot read: /);
      },
    );
  });
});

Deno.test("aclconv --drop-modifiers names every dropped modifier per term on standard error", async () => {
  const text = "filter edge {\n  term ssh {\n    from { protocol tcp; destination-port 22; }\n" +
    "    then { count ssh; log; accept; }\n  }\n  term rest {\n    then { syslog; discard; }\n  }\n}\n";
  const refused = await trigger(["aclconv", "--to", "iosxr"], text);
  strictEqual(refused.code, 2);
  strictEqual(refused.stdout, "");
  match(refused.stderr, /modifier 'log' cannot be expressed in iosxr output in term "ssh"/);
  match(refused.stderr, /to convert without them, add --drop-modifiers \[ACL_UNSUPPORTED\]/);
  const r = await trigger(["aclconv", "--to", "iosxr", "--drop-modifiers"], text);
  strictEqual(r.code, 0, r.stderr);
  strictEqual(
    r.stdout,
    "ipv4 access-list edge\n 10 permit tcp any any eq 22\n 20 deny ipv4 any any log\n",
  );
  deepStrictEqual(r.stderr.trim().split("\n"), [
    `<stdin>:2:3: warning: counter 'ssh' is dropped by iosxr output (term "ssh")`,
    `<stdin>:2:3: warning: modifier 'log' is dropped by iosxr output (term "ssh")`,
  ]);
  const style = await trigger(["aclconv", "-x", "--drop-modifiers"], text);
  strictEqual(style.code, 0, style.stderr);
  match(style.stdout, /^no ipv4 access-list edgex\nipv4 access-list edgex\n/);
});

/**
 * `aclconv --to` and `check-syntax` on inputs large enough to be read in many
 * steps (the engine's streaming conversion and check): the output is the
 * library's whole conversion byte for byte, an error in a late line is
 * reported with its file, line and column before anything is written (to
 * standard output or to the `--output` file), and several inputs still go out
 * all or nothing.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { fileURLToPath as fromFileUrl } from "node:url";
import { convertBytes } from "../../lib/acl/parse.ts";
import { convertTrigger, type Drop, triggerChunksOptions } from "../../cli/commands/aclconv.ts";
import { convertChunks } from "../../lib/acl/convert_chunks.ts";
import type { Diagnostic } from "../../lib/acl/ir.ts";

const MAIN = fromFileUrl(new URL("../../cli/main.ts", import.meta.url));

interface Run {
  code: number;
  stdout: Uint8Array;
  stderr: string;
}

async function trigger(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: r.code, stdout: r.stdout, stderr: new TextDecoder().decode(r.stderr) };
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "acl-stream-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** ~1.5 MB: numbered, named and IPv6 lists (read in several 256 KiB steps). */
function big(n: number): string {
  let s = "! generated\n";
  for (let i = 0; i < n; i++) {
    s += `access-list 120 permit tcp host 10.0.${i >> 8 & 255}.${i & 255} any eq ${i % 1000 + 1}\n`;
  }
  s += "ip access-list extended WEB\n";
  for (let i = 0; i < n; i++) s += ` permit udp any 192.0.2.0 0.0.0.255 range ${i % 900} 1000\n`;
  s += "ipv6 access-list WEB6\n";
  for (let i = 0; i < n; i++) {
    s += ` deny tcp 2001:db8:${(i % 65536).toString(16)}::/48 any eq 22\n`;
  }
  return s;
}

const TEXT = big(12_000);
const LATE = TEXT + "access-list 150 permit tcp any any eq 70000\n";
const LATE_LINE = LATE.split("\n").length - 1;

Deno.test("cli aclconv --to streams a large input: output equals the whole conversion", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/big.acl`, TEXT);
    const want = convertBytes(new TextEncoder().encode(TEXT), "junos");
    const r = await trigger(["aclconv", "--to", "junos", `${dir}/big.acl`]);
    strictEqual(r.code, 0, r.stderr);
    ok(r.stdout.length > 4_000_000);
    deepStrictEqual(r.stdout, want);
    const o = await trigger([
      "aclconv",
      "--to",
      "junos",
      "--output",
      `${dir}/out.txt`,
      `${dir}/big.acl`,
    ]);
    strictEqual(o.code, 0, o.stderr);
    deepStrictEqual(await Deno.readFile(`${dir}/out.txt`), want);
    deepStrictEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), ["big.acl", "out.txt"]);
  });
});

Deno.test("cli aclconv --to: an error in the last line is reported and nothing is written", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/late.acl`, LATE);
    const r = await trigger(["aclconv", "--to", "junos", `${dir}/late.acl`]);
    strictEqual(r.code, 2);
    strictEqual(r.stdout.length, 0, "nothing on standard output");
    match(r.stderr, new RegExp(`^trigger aclconv: ${dir}/late\\.acl:${LATE_LINE}:39: `));
    strictEqual(r.stderr.trim().split("\n").length, 1, r.stderr);
    const o = await trigger([
      "aclconv",
      "--to",
      "junos",
      "--output",
      `${dir}/out.txt`,
      `${dir}/late.acl`,
    ]);
    strictEqual(o.code, 2);
    match(o.stderr, new RegExp(`^trigger aclconv: ${dir}/late\\.acl:${LATE_LINE}:39: `));
    deepStrictEqual(
      [...Deno.readDirSync(dir)].map((e) => e.name),
      ["late.acl"],
      "no output, no temporary",
    );
  });
});

Deno.test("cli aclconv --to with several inputs: all or nothing, on standard output too", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/a.acl`, TEXT);
    await Deno.writeTextFile(`${dir}/late.acl`, LATE);
    const r = await trigger(["aclconv", "--to", "iosxr", `${dir}/a.acl`, `${dir}/late.acl`]);
    strictEqual(r.code, 2);
    strictEqual(r.stdout.length, 0);
    match(r.stderr, new RegExp(`^trigger aclconv: ${dir}/late\\.acl:${LATE_LINE}:`));
    const o = await trigger([
      "aclconv",
      "--to",
      "iosxr",
      "--output",
      `${dir}/o`,
      `${dir}/a.acl`,
      `${dir}/late.acl`,
    ]);
    strictEqual(o.code, 2);
    deepStrictEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), ["a.acl", "late.acl"]);
    const two = await trigger(["aclconv", "--to", "iosxr", `${dir}/a.acl`, `${dir}/a.acl`]);
    strictEqual(two.code, 0, two.stderr);
    const one = convertBytes(new TextEncoder().encode(TEXT), "iosxr");
    deepStrictEqual(two.stdout, new Uint8Array([...one, ...one]));
  });
});

Deno.test("cli aclconv --to reads the text once, and twice where the engine must start again", async () => {
  // object groups (converted whole) before a large text: the engine says so at its first run;
  // a late NX-OS `statistics per-entry` changes a head already written: said at the end
  const groups = await Deno.readTextFile(
    new URL("./golden/ios/object_groups.acl", import.meta.url),
  );
  let stats = "ip access-list M\n";
  for (let i = 1; i <= 40_000; i++) {
    stats += ` ${i * 10} permit tcp host 10.0.${i >> 8 & 255}.${i & 255} any eq 22\n`;
  }
  stats += " statistics per-entry\n";
  await withDir(async (dir) => {
    const tmp = `${dir}/tmp`;
    await Deno.mkdir(tmp);
    const cases: [string, string, string[]][] = [
      ["plain.acl", TEXT, []],
      ["groups.acl", groups + TEXT, []],
      ["stats.acl", stats, ["--from", "nxos"]],
    ];
    for (const [name, text, from] of cases) {
      await Deno.writeTextFile(`${dir}/${name}`, text);
      for (const to of ["junos", "nxos"]) {
        const want = convertBytes(new TextEncoder().encode(text), to as "junos" | "nxos", {
          from: (from[1] ?? "auto") as "auto" | "nxos",
        });
        const r = await trigger(["aclconv", "--to", to, ...from, `${dir}/${name}`], {
          TMPDIR: tmp,
        });
        strictEqual(r.code, 0, r.stderr);
        deepStrictEqual(r.stdout, want, `${name} to ${to}, standard output`);
        const o = await trigger([
          "aclconv",
          "--to",
          to,
          ...from,
          "--output",
          `${dir}/out.txt`,
          `${dir}/${name}`,
        ]);
        strictEqual(o.code, 0, o.stderr);
        deepStrictEqual(await Deno.readFile(`${dir}/out.txt`), want, `${name} to ${to}, --output`);
      }
    }
    deepStrictEqual([...Deno.readDirSync(tmp)], [], "no temporary file left");
    ok([...Deno.readDirSync(dir)].every((e) => !e.name.startsWith(".")), "no hidden temporary");
  });
});

Deno.test("cli check-syntax on a large input and on one that is not UTF-8", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/big.acl`, TEXT);
    await Deno.writeTextFile(`${dir}/late.acl`, LATE);
    // a Latin-1 remark: read as text with the byte replaced, as before
    const latin = new Uint8Array([
      ...new TextEncoder().encode("access-list 101 remark caf"),
      0xe9,
      ...new TextEncoder().encode("\naccess-list 101 permit ip any any\n"),
    ]);
    await Deno.writeFile(`${dir}/latin.acl`, latin);
    const r = await trigger(["check-syntax", `${dir}/big.acl`, `${dir}/latin.acl`]);
    strictEqual(r.code, 0, r.stderr);
    strictEqual(
      new TextDecoder().decode(r.stdout),
      `${dir}/big.acl: OK (3 filters, 36000 terms, ios, ios-named, ipv6)\n${dir}/latin.acl: OK (1 term, ios)\n`,
    );
    const bad = await trigger(["check-syntax", `${dir}/late.acl`]);
    strictEqual(bad.code, 1);
    match(new TextDecoder().decode(bad.stdout), new RegExp(`^${dir}/late\\.acl:${LATE_LINE}:39: `));
  });
});

Deno.test("cli aclconv -j/-x/-o: a one-filter file streams, as Trigger's route writes it", async () => {
  const drop: Drop = { dropModifiers: false, onWarning: () => {} };
  const one = "access-list 120 remark big\n" +
    TEXT.split("\n").filter((l) => l.startsWith("access-list 120 ")).join("\n") + "\n";
  const two = "ip access-list extended A\n permit tcp any any eq 22\n" +
    "ip access-list extended B\n deny ip any any\n";
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/one.acl`, one);
    await Deno.writeTextFile(`${dir}/two.acl`, two);
    // a Latin-1 remark: not UTF-8, read with the byte replaced (Trigger's route)
    await Deno.writeFile(
      `${dir}/latin.acl`,
      new Uint8Array([
        ...new TextEncoder().encode("access-list 101 remark caf"),
        0xe9,
        ...new TextEncoder().encode("\naccess-list 101 permit ip any any\n"),
      ]),
    );
    for (const [flag, format] of [["-j", "junos"], ["-x", "iosxr"], ["-o", "ios-named"]] as const) {
      for (const f of ["one", "two", "latin"]) {
        const path = `${dir}/${f}.acl`;
        const text = new TextDecoder().decode(await Deno.readFile(path));
        const want = convertTrigger(text, format, "auto", undefined, drop);
        const r = await trigger(["aclconv", flag, path]);
        strictEqual(r.code, 0, r.stderr);
        deepStrictEqual(r.stdout, want, `${flag} ${f}`);
      }
    }
    const late = await trigger([
      "aclconv",
      "-j",
      "--output",
      `${dir}/o`,
      `${dir}/one.acl`,
      `${dir}/late.acl`,
    ]);
    strictEqual(late.code, 2);
  });
});

Deno.test("triggerChunksOptions() + convertChunks() equal convertTrigger() on every one-filter golden input", async () => {
  const root = fromFileUrl(new URL("./golden/", import.meta.url));
  let streamed = 0;
  for await (const d of Deno.readDir(root)) {
    if (!d.isDirectory) continue;
    for await (const f of Deno.readDir(`${root}${d.name}`)) {
      if (!f.name.endsWith(".acl")) continue;
      const bytes = await Deno.readFile(`${root}${d.name}/${f.name}`);
      const text = new TextDecoder().decode(bytes);
      for (const format of ["junos", "iosxr", "ios-named", "ios"] as const) {
        const run = (f: (drop: Drop) => Uint8Array) => {
          const warnings: Diagnostic[] = [];
          try {
            const out = f({ dropModifiers: false, onWarning: (w) => warnings.push(w) });
            return { out: new TextDecoder().decode(out), warnings };
          } catch (e) {
            return { error: String(e) };
          }
        };
        let opts;
        try {
          opts = triggerChunksOptions(bytes, format, "auto", undefined);
        } catch {
          continue; // a syntax error: both routes report it (tests/acl/aclconv_trigger_test.ts)
        }
        if (opts === undefined) continue;
        streamed++;
        const want = run((drop) => convertTrigger(text, format, "auto", undefined, drop));
        const got = run((drop) => {
          const parts = Array.from(
            convertChunks(bytes, format, { ...opts, ...drop }),
            (p) => p.slice(),
          );
          return new Uint8Array(parts.flatMap((p) => [...p]));
        });
        deepStrictEqual(got, want, `${d.name}/${f.name} ${format}`);
      }
    }
  }
  ok(streamed > 100, `${streamed} conversions compared`);
});

/**
 * Header-space analysis speed: `compareAcls` on two 10,000-term ACLs in the
 * engine (text in, comparison out: parsing both included), and `trigger
 * acl-diff` whole process (start-up, reading, parsing, comparing, printing).
 *
 * ```sh
 * deno run -A bench/acl_analysis.ts [TERMS]
 * ```
 *
 * Pairs: a generated IOS ACL (`bench/_gen_acl.ts`) against its Junos
 * conversion (equivalent), and against a copy with the actions of 10 of its
 * first 100 lines flipped (the generator's ACL has an `ip any any` line within
 * its first few hundred, after which every line is unreachable). A third row
 * gives the engine's parse of both texts alone (lazy `parse`), which the
 * comparison includes.
 *
 * @module
 */
// deno-lint-ignore-file no-console -- a benchmark script prints its table
import { fileURLToPath as fromFileUrl } from "node:url";
import { convert, parse } from "../lib/acl/acl.ts";
import { compareAcls } from "../lib/acl/header_space.ts";
import { iosText } from "./_gen_acl.ts";

const terms = Number(Deno.args[0] ?? 10_000);
const ios = iosText(terms);
const junos = convert(ios, "junos");
const lines = ios.split("\n");
for (let i = 0; i < 10; i++) {
  const k = 5 + i * 10;
  lines[k] = lines[k]!.includes(" permit ")
    ? lines[k]!.replace(" permit ", " deny ")
    : lines[k]!.replace(" deny ", " permit ");
}
const flipped = lines.join("\n");

function best(fn: () => void, runs = 5): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

const MAIN = fromFileUrl(new URL("../cli/main.ts", import.meta.url));
const dir = await Deno.makeTempDir({ prefix: "acl-analysis-" });
try {
  const files = { ios: `${dir}/a.acl`, junos: `${dir}/b.junos`, flipped: `${dir}/c.acl` };
  await Deno.writeTextFile(files.ios, ios);
  await Deno.writeTextFile(files.junos, junos);
  await Deno.writeTextFile(files.flipped, flipped);
  const rows: string[] = [];
  for (
    const [what, other, file] of [
      ["IOS vs its Junos conversion", junos, files.junos],
      ["IOS vs 10 actions flipped", flipped, files.flipped],
    ] as const
  ) {
    let result = "";
    const engine = best(() => {
      const r = compareAcls({ text: ios, dialect: "ios" }, { text: other });
      result = r.equivalent ? "equivalent" : `${r.differences.length} differences`;
    });
    const whole = await (async () => {
      let min = Infinity;
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        await new Deno.Command(Deno.execPath(), {
          args: ["run", "-A", MAIN, "acl-diff", files.ios, file],
          stdout: "null",
          stderr: "null",
        }).output();
        min = Math.min(min, performance.now() - t);
      }
      return min;
    })();
    rows.push(
      `| ${what} | ${terms} | ${result} | ${engine.toFixed(1)} ms | ${whole.toFixed(0)} ms |`,
    );
  }
  const parseOnly = best(() => {
    parse(ios, { dialect: "ios" })[Symbol.dispose]();
    parse(junos)[Symbol.dispose]();
  });
  rows.push(`| parse both texts only | ${terms} | | ${parseOnly.toFixed(1)} ms | |`);
  console.log("| pair | terms | result | engine (best of 5) | whole process (best of 3) |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const r of rows) console.log(r);
} finally {
  await Deno.remove(dir, { recursive: true });
}

/**
 * Ctrl-C (a real SIGINT) or SIGTERM while `--output` is being written: the
 * temporary file is removed at once, the target is left as it was (absent,
 * or its old contents), and the exit status is 130 or 143. Before, the
 * temporary file stayed until the next write into that directory.
 */
import { ok, strictEqual } from "node:assert/strict";
import { TriggerChild } from "./_child.ts";
import { iosText } from "../../bench/_gen_acl.ts";

/** The hidden temporary files of the one output writer in `dir`. */
function temps(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.includes(".trigger-"));
}

async function interruptedConversion(signal: "SIGINT" | "SIGTERM", old: string | null) {
  const dir = await Deno.makeTempDir();
  try {
    // ~60 MB of Junos to write: the write lasts long enough to be caught in the middle
    await Deno.writeTextFile(`${dir}/big.acl`, iosText(400_000, 3));
    const target = `${dir}/out.jcl`;
    if (old !== null) await Deno.writeTextFile(target, old);
    await using child = TriggerChild.spawn({ HOME: dir }, [
      "aclconv",
      "--to",
      "junos",
      `${dir}/big.acl`,
      "--output",
      target,
    ]);
    await child.until("the temporary output file", () => temps(dir).length > 0, 120_000);
    child.kill(signal);
    const r = await child.done();
    strictEqual(temps(dir).length, 0, `left behind: ${temps(dir).join(", ")}`);
    strictEqual(r.code, signal === "SIGINT" ? 130 : 143, r.err);
    ok(r.err.includes(`Interrupted by ${signal}`), r.err);
    ok(r.err.includes("not written"), r.err);
    if (old === null) {
      ok(
        !temps(dir).includes("out.jcl") &&
          ![...Deno.readDirSync(dir)].some((e) => e.name === "out.jcl"),
      );
    } else {
      strictEqual(await Deno.readTextFile(target), old);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("aclconv --output: Ctrl-C mid-write removes the temporary file, writes nothing, exits 130", async () => {
  await interruptedConversion("SIGINT", null);
});

Deno.test("aclconv --output: SIGTERM mid-write keeps the old file as it was, no temporary left, exits 143", async () => {
  await interruptedConversion(
    "SIGTERM",
    "filter OLD {\n    term T1 {\n        then accept;\n    }\n}\n",
  );
});

import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import fc from "fast-check";
import {
  OutputDir,
  removeStaleTemps,
  safeFileName,
  writeFileAtomic,
} from "../../lib/_util/output_files.ts";
import { isTriggerError } from "../../lib/errors.ts";

Deno.test("safeFileName() is one-to-one, never leaves the directory, never hides, stays short", () => {
  fc.assert(
    fc.property(
      fc.string({ unit: "binary", maxLength: 300 }),
      fc.string({ maxLength: 300 }),
      (a, b) => {
        const fa = safeFileName(a);
        ok(!fa.includes("/") && !fa.includes("\\") && !fa.includes("\0"), fa);
        ok(!fa.startsWith("."), fa);
        ok(new TextEncoder().encode(fa).length <= 200, fa);
        if (a !== b) ok(fa !== safeFileName(b), `${JSON.stringify(a)} and ${JSON.stringify(b)}`);
      },
    ),
    { numRuns: 1000 },
  );
  strictEqual(safeFileName("r1.nyc.example.net"), "r1.nyc.example.net.txt");
  strictEqual(safeFileName(".."), "%2E..txt");
  strictEqual(safeFileName("a%2Fb"), "a%252Fb.txt");
  strictEqual(safeFileName("core 1"), "core%201.txt");
});

Deno.test("writeFileAtomic() removes temporary files of dead processes only, and keeps a file's mode", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const child = new Deno.Command("true").spawn();
    await child.status;
    const dead = `.r1.txt.trigger-${child.pid}-00112233aabb.tmp`;
    const alive = `.r2.txt.trigger-${Deno.pid}-00112233aabb.tmp`;
    const other = `.r3.txt.tmp-not-ours`;
    for (const f of [dead, alive, other]) await Deno.writeTextFile(`${dir}/${f}`, "partial");
    await Deno.writeTextFile(`${dir}/acl.txt`, "old");
    await Deno.chmod(`${dir}/acl.txt`, 0o640);
    await writeFileAtomic(`${dir}/acl.txt`, "new");
    strictEqual(await Deno.readTextFile(`${dir}/acl.txt`), "new");
    strictEqual((await Deno.stat(`${dir}/acl.txt`)).mode! & 0o777, 0o640);
    deepStrictEqual(
      [...Deno.readDirSync(dir)].map((e) => e.name).sort(),
      [alive, other, "acl.txt"].sort(),
    );
    strictEqual(await removeStaleTemps(dir), 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("OutputDir writes 0600 whatever the umask, refuses nothing inside and fails per file", async () => {
  const dir = await Deno.makeTempDir();
  const umask = Deno.umask(0o000);
  try {
    const out = await OutputDir.open(`${dir}/x/out`);
    strictEqual((await Deno.stat(`${dir}/x/out`)).mode! & 0o777, 0o700);
    const f = await out.write("../../etc/passwd", "nope");
    strictEqual(f, `${out.path}/%2E.%2F..%2Fetc%2Fpasswd.txt`);
    strictEqual((await Deno.stat(f)).mode! & 0o777, 0o600);
    await Deno.mkdir(out.fileFor("busy"));
    await rejects(
      out.write("busy", "x"),
      (e) => isTriggerError(e, "IO_ERROR") && e.host === "busy",
    );
    strictEqual([...Deno.readDirSync(out.path)].length, 2, "no temporary file left");
    await Deno.writeTextFile(`${dir}/file`, "");
    await rejects(OutputDir.open(`${dir}/file`), (e) => isTriggerError(e, "IO_ERROR"));
  } finally {
    Deno.umask(umask);
    await Deno.remove(dir, { recursive: true });
  }
});

/**
 * `HeldOutput` (cli/_held_output.ts): output withheld until it is whole, in
 * memory and past its limit in an unlinked temporary file; rewinding forgets
 * the bytes after a point in either place, and nothing is left in the
 * temporary directory.
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { HeldOutput } from "../../cli/_held_output.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

async function released(held: HeldOutput): Promise<string> {
  const parts: Uint8Array[] = [];
  await held.release((p) => parts.push(p.slice()));
  return parts.map((p) => new TextDecoder().decode(p)).join("");
}

/** The files this process holds open that were unlinked under `dir` (Linux's /proc). */
function openUnlinked(dir: string): string[] {
  return [...Deno.readDirSync("/proc/self/fd")].flatMap((e) => {
    try {
      const target = Deno.readLinkSync(`/proc/self/fd/${e.name}`);
      return target.startsWith(dir) && target.endsWith(" (deleted)") ? [target] : [];
    } catch {
      return [];
    }
  });
}

/** Runs `fn` with TMPDIR pointing at a fresh folder, and returns what is left in it. */
async function inTempDir(fn: (dir: string) => Promise<void>): Promise<string[]> {
  const dir = await Deno.makeTempDir({ prefix: "held-" });
  const before = Deno.env.get("TMPDIR");
  Deno.env.set("TMPDIR", dir);
  try {
    await fn(dir);
    return [...Deno.readDirSync(dir)].map((e) => e.name);
  } finally {
    if (before === undefined) Deno.env.delete("TMPDIR");
    else Deno.env.set("TMPDIR", before);
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("HeldOutput holds pieces in memory and rewinds to a point", async () => {
  using held = new HeldOutput();
  const view = bytes("abc");
  await held.add(view);
  view.set(bytes("xyz")); // a reused view: the copy held is unchanged
  await held.add(bytes("def"));
  strictEqual(held.size, 6);
  await held.rewind(4);
  await held.add(bytes("-"));
  strictEqual(held.spilled, false);
  strictEqual(await released(held), "abcd-");
});

Deno.test("HeldOutput past its memory limit goes to an unlinked temporary file", async () => {
  let text = "";
  const left = await inTempDir(async (dir) => {
    using held = new HeldOutput({ memoryBytes: 10 });
    await held.add(bytes("0123456789"));
    strictEqual(held.spilled, false);
    await held.add(bytes("abcdef"));
    strictEqual(held.spilled, true);
    if (Deno.build.os === "linux") strictEqual(openUnlinked(dir).length, 2, "written and read");
    await held.add(bytes("ghij"));
    const mark = held.size;
    await held.add(bytes("void"));
    await held.rewind(mark);
    await held.add(bytes("!"));
    await held.rewind(3);
    await held.add(bytes("3456789abcdefghij!"));
    text = await released(held);
  });
  strictEqual(text, "0123456789abcdefghij!");
  deepStrictEqual(left, [], "the temporary file is unlinked once made");
});

Deno.test("HeldOutput release() reads a large spilled output back whole", async () => {
  const piece = new Uint8Array(300_000).map((_, i) => i % 251);
  const left = await inTempDir(async () => {
    using held = new HeldOutput({ memoryBytes: 1 << 20 });
    for (let i = 0; i < 10; i++) await held.add(piece);
    strictEqual(held.spilled, true);
    let n = 0;
    let same = true;
    await held.release((p) => {
      for (let k = 0; k < p.length; k++) same &&= p[k] === (n + k) % 300_000 % 251;
      n += p.length;
    });
    strictEqual(n, 3_000_000);
    strictEqual(same, true);
  });
  deepStrictEqual(left, []);
});

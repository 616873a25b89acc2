/**
 * The `Deno` shim of the single binary (`cli/_deno_shim.ts`): it covers every
 * `Deno.*` name that code in `lib/` and `cli/` uses, and each function behaves
 * like the real one (run side by side under Deno).
 */
import { deepStrictEqual, ok, rejects, strictEqual, throws } from "node:assert/strict";
import { join } from "node:path";
import { createDenoShim, SHIMMED, SHIMMED_TYPES } from "../../cli/_deno_shim.ts";

const shim = createDenoShim();
const ROOT = new URL("../../", import.meta.url);
const DENO_NAME = /Deno\.[a-zA-Z]+(\.[a-zA-Z]+)?/g;

/** `Deno.*` names used in `lib/` and `cli/`, split into code lines and doc-comment lines. */
async function denoNamesInSource(): Promise<{ code: Map<string, string>; doc: Set<string> }> {
  const code = new Map<string, string>();
  const doc = new Set<string>();
  const walk = async (dir: URL): Promise<void> => {
    for await (const e of Deno.readDir(dir)) {
      const url = new URL(e.name + (e.isDirectory ? "/" : ""), dir);
      if (e.isDirectory) await walk(url);
      else if (e.name.endsWith(".ts") && !url.pathname.endsWith("cli/_deno_shim.ts")) {
        const lines = (await Deno.readTextFile(url)).split("\n");
        lines.forEach((line, i) => {
          const comment = /^\s*(\*|\/\/|\/\*)/.test(line);
          for (const m of line.matchAll(DENO_NAME)) {
            const name = m[0].slice("Deno.".length);
            if (comment) doc.add(name);
            else if (!code.has(name)) {
              code.set(name, `${url.pathname.slice(ROOT.pathname.length)}:${i + 1}`);
            }
          }
        });
      }
    }
  };
  await walk(new URL("lib/", ROOT));
  await walk(new URL("cli/", ROOT));
  return { code, doc };
}

Deno.test("shim: covers every Deno API used by code in lib/ and cli/", async () => {
  const { code } = await denoNamesInSource();
  ok(code.has("readTextFile") && code.has("exitCode"), "the scan found the usual names");
  const missing = [...code].filter(([name]) =>
    !SHIMMED.includes(name) && !SHIMMED_TYPES.includes(name)
  ).map(([name, where]) => `Deno.${name} (first at ${where})`);
  deepStrictEqual(
    missing,
    [],
    `The single binary (bun) has no Deno global: add these to cli/_deno_shim.ts and SHIMMED`,
  );
});

Deno.test("shim: every listed name exists on the shim object", () => {
  for (const name of SHIMMED) {
    let value: unknown = shim;
    for (const part of name.split(".")) {
      ok(typeof value === "object" && value !== null && part in value, `Deno.${name} missing`);
      value = (value as Record<string, unknown>)[part];
    }
    ok(value !== undefined, `Deno.${name} is undefined`);
  }
  // Names seen only in doc comments run under `deno test --doc`, never in the binary.
});

async function withDirs(fn: (real: string, fake: string) => Promise<void>): Promise<void> {
  const real = await Deno.makeTempDir({ prefix: "shim-real-" });
  const fake = await Deno.makeTempDir({ prefix: "shim-fake-" });
  try {
    await fn(real, fake);
  } finally {
    await Deno.remove(real, { recursive: true });
    await Deno.remove(fake, { recursive: true });
  }
}

function errorShape(e: unknown): { name: string; code: unknown } {
  return { name: (e as Error).name, code: (e as { code?: unknown }).code };
}

async function caught(p: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}

Deno.test("shim: text and byte files with write options match Deno", async () => {
  await withDirs(async (r, f) => {
    for (const [d, api] of [[r, Deno], [f, shim]] as const) {
      await api.writeTextFile(join(d, "a"), "one\n");
      await api.writeTextFile(join(d, "a"), "two\n", { append: true });
      await api.writeTextFile(join(d, "m"), "x", { mode: 0o600 });
      await api.writeFile(join(d, "b"), new Uint8Array([1, 2, 3]));
      api.writeTextFileSync(join(d, "s"), "sync");
      await Deno.chmod(join(d, "s"), 0o644);
      api.writeTextFileSync(join(d, "s"), "sync2", { mode: 0o640 });
    }
    for (const name of ["a", "m", "s"]) {
      strictEqual(await shim.readTextFile(join(f, name)), await Deno.readTextFile(join(r, name)));
      strictEqual(shim.readTextFileSync(join(f, name)), Deno.readTextFileSync(join(r, name)));
      strictEqual((await shim.stat(join(f, name))).mode, (await Deno.stat(join(r, name))).mode);
    }
    const bytes = await shim.readFile(join(f, "b"));
    deepStrictEqual(bytes, await Deno.readFile(join(r, "b")));
    strictEqual(Object.getPrototypeOf(bytes), Uint8Array.prototype);

    const exists = [
      await caught(Deno.writeTextFile(join(r, "a"), "", { createNew: true })),
      await caught(shim.writeTextFile(join(f, "a"), "", { createNew: true })),
    ];
    deepStrictEqual(errorShape(exists[1]), errorShape(exists[0]));
    ok(exists[1] instanceof shim.errors.AlreadyExists);
    const absent = [
      await caught(Deno.writeTextFile(join(r, "no"), "", { create: false })),
      await caught(shim.writeTextFile(join(f, "no"), "", { create: false })),
    ];
    deepStrictEqual(errorShape(absent[1]), errorShape(absent[0]));
    ok(absent[1] instanceof shim.errors.NotFound);
    const missing = [
      await caught(() => Deno.readTextFileSync(join(r, "none"))),
      await caught(() => shim.readTextFileSync(join(f, "none"))),
    ];
    deepStrictEqual(errorShape(missing[1]), errorShape(missing[0]));
    ok(missing[1] instanceof shim.errors.NotFound);
  });
});

Deno.test("shim: stat, lstat, mkdir, readDir, rename, chmod, link, remove match Deno", async () => {
  await withDirs(async (r, f) => {
    for (const [d, api] of [[r, Deno], [f, shim]] as const) {
      await api.mkdir(join(d, "x/y/z"), { recursive: true, mode: 0o700 });
      api.mkdirSync(join(d, "w"));
      await api.writeTextFile(join(d, "x/file"), "12345");
      await api.rename(join(d, "x/file"), join(d, "x/moved"));
      await Deno.symlink("x/moved", join(d, "ln")); // relative: same size in both folders
      await api.chmod(join(d, "x/moved"), 0o640);
      await api.link(join(d, "x/moved"), join(d, "x/hard"));
    }
    const pick = (i: Deno.FileInfo | ReturnType<typeof shim.statSync>) => ({
      isFile: i.isFile,
      isDirectory: i.isDirectory,
      isSymlink: i.isSymlink,
      size: i.isDirectory ? 0 : i.size,
      mode: i.mode,
      nlink: i.isDirectory ? 0 : i.nlink,
    });
    for (const p of ["x", "x/y/z", "w", "x/moved", "ln"]) {
      deepStrictEqual(pick(await shim.stat(join(f, p))), pick(await Deno.stat(join(r, p))), p);
      deepStrictEqual(pick(await shim.lstat(join(f, p))), pick(await Deno.lstat(join(r, p))), p);
      deepStrictEqual(pick(shim.lstatSync(join(f, p))), pick(Deno.lstatSync(join(r, p))), p);
    }
    ok((await shim.stat(join(f, "x/moved"))).mtime instanceof Date);
    const entries = async (it: AsyncIterable<{ name: string; isFile: boolean }>) =>
      (await Array.fromAsync(it)).map((e) => `${e.name}:${e.isFile}`).sort();
    deepStrictEqual(
      await entries(shim.readDir(join(f, "x"))),
      await entries(Deno.readDir(join(r, "x"))),
    );
    const linkExists = [
      await caught(Deno.link(join(r, "x/moved"), join(r, "x/hard"))),
      await caught(shim.link(join(f, "x/moved"), join(f, "x/hard"))),
    ];
    deepStrictEqual(errorShape(linkExists[1]), errorShape(linkExists[0]));
    const notEmpty = [
      await caught(Deno.remove(join(r, "x"))),
      await caught(shim.remove(join(f, "x"))),
    ];
    deepStrictEqual(errorShape(notEmpty[1]), errorShape(notEmpty[0]));
    await shim.remove(join(f, "w"));
    shim.removeSync(join(f, "x/hard"));
    await shim.remove(join(f, "x"), { recursive: true });
    shim.removeSync(join(f, "ln"));
    deepStrictEqual(await Array.fromAsync(shim.readDir(f)), []);
    const gone = [
      await caught(Deno.remove(join(r, "none"))),
      await caught(shim.remove(join(f, "none"))),
    ];
    deepStrictEqual(errorShape(gone[1]), errorShape(gone[0]));
  });
});

Deno.test("shim: makeTempDir and makeTempFile honour prefix, suffix, dir and private modes", async () => {
  await withDirs(async (_r, f) => {
    const dir = await shim.makeTempDir({ prefix: "p-", suffix: "-s", dir: f });
    ok(/\/p-[0-9a-f]+-s$/.test(dir), dir);
    strictEqual((await Deno.stat(dir)).mode! & 0o777, 0o700);
    const sync = shim.makeTempDirSync({ dir: f });
    ok((await Deno.stat(sync)).isDirectory);
    const file = await shim.makeTempFile({ dir: f, suffix: ".json" });
    ok(file.endsWith(".json"));
    strictEqual((await Deno.stat(file)).mode! & 0o777, 0o600);
    strictEqual(await Deno.readTextFile(file), "");
    const fileSync = shim.makeTempFileSync({ dir: f, prefix: "q" });
    ok((await Deno.stat(fileSync)).isFile);
    const inTmp = await shim.makeTempDir();
    await Deno.remove(inTmp);
    ok(inTmp.startsWith(Deno.env.get("TMPDIR") ?? "/tmp"), inTmp);
  });
});

Deno.test("shim: open gives an FsFile that reads, writes, syncs, stats, locks and disposes", async () => {
  await withDirs(async (_r, f) => {
    const path = join(f, "data");
    const w = await shim.open(path, { write: true, createNew: true, mode: 0o600 });
    let off = 0;
    const data = new TextEncoder().encode("hello file");
    while (off < data.length) off += await w.write(data.subarray(off));
    await w.sync();
    await w.syncData();
    strictEqual((await w.stat()).size, data.length);
    await w.lock(true);
    await w.unlock();
    w.close();
    throws(() => w.close(), shim.errors.BadResource);
    strictEqual((await Deno.stat(path)).mode! & 0o777, 0o600);
    await rejects(shim.open(path, { write: true, createNew: true }), shim.errors.AlreadyExists);
    await rejects(shim.open(join(f, "none")), shim.errors.NotFound);
    {
      using r = await shim.open(path);
      const buf = new Uint8Array(5);
      strictEqual(await r.read(buf), 5);
      strictEqual(new TextDecoder().decode(buf), "hello");
      strictEqual(await r.read(new Uint8Array(100)), 5);
      strictEqual(await r.read(new Uint8Array(100)), null);
      strictEqual(r.isTerminal(), false);
    }
    const a = await shim.open(path, { append: true });
    await a.write(new TextEncoder().encode("!"));
    a.close();
    strictEqual(await new Response((await shim.open(path)).readable).text(), "hello file!");
    const t = await shim.open(path, { write: true, truncate: true });
    await new Response("streamed").body!.pipeTo(t.writable);
    strictEqual(await Deno.readTextFile(path), "streamed");
    const dir = await shim.open(f, { read: true });
    await dir.sync();
    dir.close();
  });
});

Deno.test("shim: connect gives a TcpConn; refused and aborted connections fail like Deno", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const served = (async () => {
    for await (const c of listener) {
      await c.write(new TextEncoder().encode("SSH-2.0-test\r\n"));
      const buf = new Uint8Array(16);
      const n = await c.read(buf);
      if (n !== null) await c.write(buf.subarray(0, n));
      c.close();
    }
  })();
  try {
    const { port } = listener.addr;
    const conn = await shim.connect({ hostname: "127.0.0.1", port });
    strictEqual(conn.remoteAddr.port, port);
    const buf = new Uint8Array(4);
    strictEqual(await conn.read(buf), 4);
    strictEqual(new TextDecoder().decode(buf), "SSH-");
    const rest = new Uint8Array(64);
    strictEqual(
      new TextDecoder().decode(rest.subarray(0, (await conn.read(rest))!)),
      "2.0-test\r\n",
    );
    strictEqual(await conn.write(new TextEncoder().encode("ping")), 4);
    const echo = new Uint8Array(8);
    strictEqual(new TextDecoder().decode(echo.subarray(0, (await conn.read(echo))!)), "ping");
    strictEqual(await conn.read(echo), null);
    conn.close();

    const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const closedPort = probe.addr.port;
    probe.close();
    const refused = [
      await caught(Deno.connect({ hostname: "127.0.0.1", port: closedPort })),
      await caught(shim.connect({ hostname: "127.0.0.1", port: closedPort })),
    ];
    strictEqual(errorShape(refused[1]).name, errorShape(refused[0]).name);
    ok(refused[1] instanceof shim.errors.ConnectionRefused);
    const aborted = AbortSignal.abort(new Error("stop"));
    await rejects(shim.connect({ hostname: "127.0.0.1", port, signal: aborted }), /stop/);
  } finally {
    listener.close();
    await served.catch(() => {});
  }
});

Deno.test("shim: env, build, cwd, hostname, inspect and customInspect match Deno", () => {
  strictEqual(shim.hostname(), Deno.hostname());
  const key = `TRIGGER_SHIM_TEST_${crypto.randomUUID().slice(0, 8)}`;
  shim.env.set(key, "v=1");
  strictEqual(Deno.env.get(key), "v=1");
  strictEqual(shim.env.get(key), "v=1");
  strictEqual(shim.env.has(key), true);
  strictEqual(shim.env.toObject()[key], "v=1");
  shim.env.delete(key);
  strictEqual(Deno.env.get(key), undefined);
  strictEqual(shim.env.get(key), undefined);
  deepStrictEqual(
    { os: shim.build.os, arch: shim.build.arch, target: shim.build.target },
    { os: Deno.build.os, arch: Deno.build.arch, target: Deno.build.target },
  );
  strictEqual(shim.cwd(), Deno.cwd());
  strictEqual(shim.customInspect, Symbol.for("Deno.customInspect"));
  strictEqual(shim.inspect({ a: [1, 2], b: "x" }), "{ a: [ 1, 2 ], b: 'x' }");
  const secretish = { [Symbol.for("nodejs.util.inspect.custom")]: () => "***" };
  strictEqual(shim.inspect({ pw: secretish }), "{ pw: *** }");
  strictEqual(shim.stdin.isTerminal(), Deno.stdin.isTerminal());
  strictEqual(shim.stdout.isTerminal(), Deno.stdout.isTerminal());
});

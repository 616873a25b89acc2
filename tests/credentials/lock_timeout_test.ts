import { ok, strictEqual } from "node:assert/strict";
import { CredentialStore } from "../../lib/credentials/credential_store.ts";
import { ROOT, tacacsrc, tempDir } from "./_helpers.ts";

const HOLDER = new URL("./_hold_lock.ts", import.meta.url).pathname;

/** Starts a process that holds the store's lock until the returned handle is disposed. */
async function holdLock(store: string): Promise<AsyncDisposable> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", HOLDER, store],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("locked")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("lock holder ended early");
    text += value;
  }
  return {
    async [Symbol.asyncDispose]() {
      child.kill("SIGKILL");
      await reader.cancel();
      await child.status;
    },
  };
}

Deno.test("trigger tacacsrc set: a lock held by a hung process fails after the bounded wait", async () => {
  await using dir = await tempDir();
  const store = `${dir.path}/s.json`;
  const keyFile = `${dir.path}/s.key`;
  const opts = ["--store", store, "--keyfile", keyFile];
  strictEqual(
    (await tacacsrc(["set", "--username", "u", "--password-stdin", ...opts], { stdin: "pw1\n" }))
      .code,
    0,
  );
  {
    await using _holder = await holdLock(store);
    // The default wait is 10 s; the CLI process exits right after the error.
    const started = Date.now();
    const r = await tacacsrc(
      ["set", "--realm", "fw1", "--username", "v", "--password-stdin", ...opts],
      { stdin: "pw2\n", env: { TACACSRC_LOCK_TIMEOUT_MS: "1500" } },
    );
    const took = Date.now() - started;
    ok(r.code !== 0, r.stdout);
    ok(
      r.stderr.includes(
        `Cannot lock "${store}.lock": held by another process for 1.5 s`,
      ),
      r.stderr,
    );
    ok(r.stderr.includes("[TIMEOUT]"), r.stderr);
    ok(took >= 1_500 && took < 20_000, `took ${took} ms`);
    // Reading needs no lock.
    const list = await tacacsrc(["list", ...opts]);
    strictEqual(list.code, 0, list.stderr);
  }
  // Once the holder is gone, writes work again and nothing was lost.
  const s = await CredentialStore.open({ path: store, keyFile });
  await s.set("fw1", { username: "v", password: "pw2" });
  strictEqual((await s.list()).map((e) => e.realm).join(), "default,fw1");
});

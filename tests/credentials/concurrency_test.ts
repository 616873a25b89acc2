import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { CredentialStore } from "../../lib/credentials/credential_store.ts";
import { createKeyFile } from "../../lib/credentials/key_file.ts";
import { run, tempDir } from "./_helpers.ts";

const WORKER = new URL("./_set_worker.ts", import.meta.url).pathname;

Deno.test("CredentialStore: concurrent writer processes lose nothing", async () => {
  await using dir = await tempDir();
  const path = `${dir.path}/store.json`;
  const keyFile = `${dir.path}/store.key`;
  const workers = 6;
  const each = 4;
  // The first writers race to create the key file too: all must agree on one key.
  const startAt = String(Date.now() + 1500);
  const results = await Promise.all(
    Array.from(
      { length: workers },
      (_, w) =>
        run(Deno.execPath(), ["run", "-A", WORKER, path, keyFile, `w${w}`, String(each), startAt]),
    ),
  );
  for (const r of results) strictEqual(r.code, 0, r.stderr);
  const store = await CredentialStore.open({ path, keyFile });
  const realms = (await store.list()).map((s) => s.realm);
  const expected = Array.from(
    { length: workers },
    (_, w) => Array.from({ length: each }, (_, i) => `w${w}-${i}`),
  ).flat().sort();
  deepStrictEqual(realms, expected);
  strictEqual((await store.get("w3-2"))?.password.reveal(), "w3-pw-2");
  // No temporary files are left behind.
  const names = [];
  for await (const e of Deno.readDir(dir.path)) names.push(e.name);
  deepStrictEqual(names.sort(), [
    "store.json",
    "store.json.lock",
    "store.key",
    "store.key.generation",
  ]);
});

Deno.test("CredentialStore: concurrent writers in one process lose nothing", async () => {
  await using dir = await tempDir();
  const path = `${dir.path}/store.json`;
  const keyFile = `${dir.path}/store.key`;
  await createKeyFile(keyFile);
  const stores = await Promise.all(
    Array.from({ length: 5 }, () => CredentialStore.open({ path, keyFile })),
  );
  await Promise.all(
    Array.from(
      { length: 30 },
      (_, i) =>
        stores[i % stores.length]!.set(`r${String(i).padStart(2, "0")}`, {
          username: `u${i}`,
          password: `p${i}`,
        }),
    ),
  );
  const list = await stores[0]!.list();
  strictEqual(list.length, 30);
  strictEqual((await stores[4]!.get("r17"))?.username, "u17");
  await Promise.all(stores.map((s, i) => s.remove(`r0${i}`)));
  strictEqual((await stores[1]!.list()).length, 25);
});

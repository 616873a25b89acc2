/**
 * The store file itself as untrusted: refused when group or others can read
 * it (as the key file is), and an older copy put back in place is noticed
 * (a generation in the authenticated header, the last one seen recorded
 * beside the key file).
 */
import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { Buffer } from "node:buffer";
import { CredentialStore } from "../../lib/credentials/credential_store.ts";
import { readKeyFile } from "../../lib/credentials/key_file.ts";
import { isTriggerError } from "../../lib/errors.ts";
import { tempDir } from "./_helpers.ts";

Deno.test("CredentialStore refuses a store file group or others can access, with the chmod fix", async (t) => {
  await using dir = await tempDir();
  const path = `${dir.path}/store.json`;
  const keyFile = `${dir.path}/store.key`;
  const store = await CredentialStore.open({ path, keyFile });
  await store.set("default", { username: "u", password: "pw" });
  for (const loose of [0o644, 0o640, 0o604]) {
    await t.step(`mode ${loose.toString(8)}`, async () => {
      await Deno.chmod(path, loose);
      const fix = new RegExp(`credential store "${path}".*mode 0${loose.toString(8)}.*chmod 600`);
      await rejects(
        CredentialStore.open({ path, keyFile }),
        (e) => isTriggerError(e, "KEYFILE_INSECURE") && fix.test(e.message),
      );
      await rejects(store.get("default"), (e) => isTriggerError(e, "KEYFILE_INSECURE"));
    });
  }
  await Deno.chmod(path, 0o600);
  strictEqual((await store.get("default"))?.username, "u");
});

Deno.test("CredentialStore warns when an older copy of the store is put back, until it is written again", async () => {
  await using dir = await tempDir();
  const path = `${dir.path}/store.json`;
  const keyFile = `${dir.path}/store.key`;
  const store = await CredentialStore.open({ path, keyFile });
  await store.set("a", { username: "u", password: "pw-a" });
  const old = await Deno.readTextFile(path);
  await store.set("b", { username: "u", password: "pw-b" });
  await store.set("c", { username: "u", password: "pw-c" });
  strictEqual(JSON.parse(await Deno.readTextFile(path)).generation, 3);
  deepStrictEqual(JSON.parse(await Deno.readTextFile(`${keyFile}.generation`)), { [path]: 3 });
  strictEqual((await Deno.stat(`${keyFile}.generation`)).mode! & 0o777, 0o600);

  // a backup restored over the current store: readable, and said to be older
  await Deno.writeTextFile(path, old, { mode: 0o600 });
  const heard: string[] = [];
  const again = await CredentialStore.open({ path, keyFile, onWarning: (m) => heard.push(m) });
  strictEqual(heard.length, 1);
  ok(/older copy \(generation 1, generation 3 was seen here/.test(heard[0]!), heard[0]);
  deepStrictEqual(again.warnings, heard);
  deepStrictEqual((await again.list()).map((r) => r.realm), ["a"]);
  strictEqual(heard.length, 1, "each warning once");

  // writing with it makes it current: later than anything seen
  await again.set("d", { username: "u", password: "pw-d" });
  strictEqual(JSON.parse(await Deno.readTextFile(path)).generation, 4);
  const fresh = await CredentialStore.open({ path, keyFile });
  deepStrictEqual(fresh.warnings, []);
});

Deno.test("CredentialStore: the generation is authenticated; a version 1 file (no generation) is read and upgraded", async () => {
  await using dir = await tempDir();
  const path = `${dir.path}/store.json`;
  const keyFile = `${dir.path}/store.key`;
  const store = await CredentialStore.open({ path, keyFile });
  await store.set("a", { username: "u", password: "pw-a" });
  const env = JSON.parse(await Deno.readTextFile(path));
  env.generation = 99;
  await Deno.writeTextFile(path, JSON.stringify(env));
  await rejects(
    CredentialStore.open({ path, keyFile }),
    (e) => isTriggerError(e, "CREDENTIALS_INVALID"),
  );

  // a version 1 file, sealed by hand as the previous release wrote it
  const raw = await readKeyFile(keyFile);
  const key = await crypto.subtle.importKey(
    "raw",
    raw as Uint8Array<ArrayBuffer>,
    "AES-GCM",
    false,
    ["encrypt"],
  );
  const nonce = crypto.getRandomValues(new Uint8Array(12));
  const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");
  const header = {
    format: "trigger-credentials",
    version: 1,
    cipher: "AES-256-GCM",
    kdf: { name: "keyfile" },
    nonce: b64(nonce),
  };
  const aad = new TextEncoder().encode(
    JSON.stringify([header.format, 1, header.cipher, { name: "keyfile" }, header.nonce]),
  );
  const payload = new TextEncoder().encode(JSON.stringify({
    realms: { old: { username: "v1", password: "pw-v1", updatedAt: "2025-01-01T00:00:00.000Z" } },
  }));
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv: nonce, additionalData: aad },
    key,
    payload,
  );
  await Deno.writeTextFile(
    path,
    JSON.stringify({ ...header, ciphertext: b64(new Uint8Array(ct)) }),
    { mode: 0o600 },
  );
  const v1 = await CredentialStore.open({ path, keyFile, generationFile: null });
  strictEqual((await v1.get("old"))?.password.reveal(), "pw-v1");
  await v1.set("new", { username: "v2", password: "pw-v2" });
  const upgraded = JSON.parse(await Deno.readTextFile(path));
  strictEqual(upgraded.version, 2);
  strictEqual(upgraded.generation, 1);
});

Deno.test("trigger tacacsrc list warns about an older copy of the store and refuses a readable one", async () => {
  await using dir = await tempDir();
  const path = `${dir.path}/store.json`;
  const keyFile = `${dir.path}/store.key`;
  const store = await CredentialStore.open({ path, keyFile });
  await store.set("default", { username: "u", password: "pw-1" });
  const old = await Deno.readTextFile(path);
  await store.set("lab", { username: "u", password: "pw-2" });
  await Deno.writeTextFile(path, old, { mode: 0o600 });
  const main = new URL("../../cli/main.ts", import.meta.url).pathname;
  const run = async () => {
    const r = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", main, "tacacsrc", "list"],
      env: { TACACSRC: path, TACACSRC_KEYFILE: keyFile, TRIGGER_SETTINGS: `${dir.path}/s.json` },
      stdin: "null",
    }).output();
    return { code: r.code, err: new TextDecoder().decode(r.stderr) };
  };
  await Deno.writeTextFile(`${dir.path}/s.json`, "{}");
  const rolled = await run();
  strictEqual(rolled.code, 0, rolled.err);
  ok(/warning: Credential store ".*" is an older copy/.test(rolled.err), rolled.err);
  await Deno.chmod(path, 0o644);
  const loose = await run();
  strictEqual(loose.code, 2, loose.err);
  ok(loose.err.includes(`chmod 600 "${path}"`), loose.err);
});

import { LegacyStoreError } from "../../lib/credentials/errors.ts";
import { deepStrictEqual, notStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { CredentialStore } from "../../lib/credentials/credential_store.ts";
import { DEFAULT_SCRYPT_PARAMS } from "../../lib/credentials/key_source.ts";
import { createKeyFile, readKeyFile } from "../../lib/credentials/key_file.ts";
import { Secret } from "../../lib/credentials/secret.ts";
import { type ErrorCode, isTriggerError } from "../../lib/errors.ts";
import { FAST_SCRYPT, tempDir } from "./_helpers.ts";

const mode = async (p: string) => (await Deno.stat(p)).mode! & 0o777;
const code = (c: ErrorCode, text?: RegExp) => (e: unknown) =>
  isTriggerError(e, c) && (text === undefined || text.test((e as Error).message));

async function keyStore(dir: string) {
  return await CredentialStore.open({ path: `${dir}/store.json`, keyFile: `${dir}/store.key` });
}

Deno.test("CredentialStore: set, get, list, remove round trip with every field", async () => {
  await using dir = await tempDir();
  const store = await keyStore(dir.path);
  deepStrictEqual(await store.list(), []);
  strictEqual(await store.get(), undefined);
  await store.set("default", { username: "alice", password: "pw one" });
  await store.set("fw1.example.net", {
    username: "bob",
    password: new Secret("pw two "),
    enablePassword: "en",
    privateKey: "/keys/id_ed25519",
    privateKeyPassphrase: "kp",
  });
  const a = await store.get();
  strictEqual(a?.username, "alice");
  strictEqual(a?.password.reveal(), "pw one");
  strictEqual(a?.enablePassword, undefined);
  const b = await store.get("fw1.example.net");
  strictEqual(
    b?.password.reveal(),
    "pw two ",
    "trailing spaces survive (the legacy format lost them)",
  );
  strictEqual(b?.enablePassword?.reveal(), "en");
  strictEqual(b?.privateKey, "/keys/id_ed25519");
  strictEqual(b?.privateKeyPassphrase?.reveal(), "kp");
  const list = await store.list();
  deepStrictEqual(list.map((s) => [s.realm, s.username, s.hasEnablePassword]), [
    ["default", "alice", false],
    ["fw1.example.net", "bob", true],
  ]);
  strictEqual(list[1]?.privateKey, "/keys/id_ed25519");
  ok(!JSON.stringify(list).includes("pw "));
  // A second store instance sees the same data (every read goes to the file).
  strictEqual((await (await keyStore(dir.path)).get("fw1.example.net"))?.username, "bob");
  strictEqual(await store.remove("default"), true);
  strictEqual(await store.remove("default"), false);
  deepStrictEqual((await store.list()).map((s) => s.realm), ["fw1.example.net"]);
});

Deno.test("CredentialStore: first set creates the key file 0600 and the store 0600, nothing before", async () => {
  await using dir = await tempDir();
  const store = await keyStore(dir.path);
  await rejects(Deno.stat(`${dir.path}/store.key`), Deno.errors.NotFound);
  await rejects(Deno.stat(`${dir.path}/store.json`), Deno.errors.NotFound);
  await store.set("r", { username: "u", password: "p" });
  strictEqual(await mode(`${dir.path}/store.key`), 0o600);
  strictEqual(await mode(`${dir.path}/store.json`), 0o600);
  strictEqual((await Deno.readFile(`${dir.path}/store.key`)).length, 32);
  const text = await Deno.readTextFile(`${dir.path}/store.json`);
  ok(!text.includes('"u"') && !text.includes('"p"'), "payload is encrypted");
  const env = JSON.parse(text);
  deepStrictEqual([env.format, env.version, env.cipher, env.kdf, env.generation], [
    "trigger-credentials",
    2,
    "AES-256-GCM",
    { name: "keyfile" },
    1,
  ]);
});

Deno.test("CredentialStore: a key file group or others can access is refused with the chmod fix", async (t) => {
  await using dir = await tempDir();
  const keyFile = `${dir.path}/store.key`;
  await createKeyFile(keyFile);
  for (const loose of [0o644, 0o640, 0o604, 0o620, 0o601]) {
    await t.step(`mode ${loose.toString(8)}`, async () => {
      await Deno.chmod(keyFile, loose);
      const octal = `0${loose.toString(8)}`;
      const expected = new RegExp(`"${keyFile}".*mode ${octal}.*chmod 600 "${keyFile}"`);
      await rejects(
        CredentialStore.open({ path: `${dir.path}/s.json`, keyFile }),
        code("KEYFILE_INSECURE", expected),
      );
    });
  }
  await Deno.chmod(keyFile, 0o600);
  await (await CredentialStore.open({ path: `${dir.path}/s.json`, keyFile })).set("r", {
    username: "u",
    password: "p",
  });
  await Deno.chmod(keyFile, 0o640);
  await rejects(
    CredentialStore.open({ path: `${dir.path}/s.json`, keyFile }),
    code("KEYFILE_INSECURE"),
  );
});

Deno.test("CredentialStore: key files in hex are accepted, other contents refused", async () => {
  await using dir = await tempDir();
  const hex = `${dir.path}/hex.key`;
  await Deno.writeTextFile(hex, "ab".repeat(32) + "\n", { mode: 0o600 });
  strictEqual((await readKeyFile(hex))[0], 0xab);
  const junk = `${dir.path}/junk.key`;
  await Deno.writeTextFile(junk, "too short", { mode: 0o600 });
  await rejects(readKeyFile(junk), code("CREDENTIALS_INVALID", /expected 32 bytes/));
});

Deno.test("CredentialStore: wrong key file, missing key file, wrong key kind", async () => {
  await using dir = await tempDir();
  const store = await keyStore(dir.path);
  await store.set("r", { username: "u", password: "p" });
  await createKeyFile(`${dir.path}/other.key`);
  await rejects(
    CredentialStore.open({ path: `${dir.path}/store.json`, keyFile: `${dir.path}/other.key` }),
    code(
      "CREDENTIALS_INVALID",
      /^Cannot decrypt ".*": wrong key or passphrase, or the file was modified$/,
    ),
  );
  await rejects(
    CredentialStore.open({ path: `${dir.path}/store.json`, keyFile: `${dir.path}/none.key` }),
    code("CREDENTIALS_MISSING", /key file ".*none.key" not found/),
  );
  await rejects(
    CredentialStore.open({ path: `${dir.path}/store.json`, passphrase: "x" }),
    code("CREDENTIALS_INVALID", /protected by a key file/),
  );
});

Deno.test("CredentialStore: passphrase stores, wrong passphrase, params in the header", async () => {
  await using dir = await tempDir();
  const path = `${dir.path}/p.json`;
  const store = await CredentialStore.open({
    path,
    passphrase: "right",
    scryptParams: FAST_SCRYPT,
  });
  await store.set("r", { username: "u", password: "p" });
  const env = JSON.parse(await Deno.readTextFile(path));
  strictEqual(env.kdf.name, "scrypt");
  deepStrictEqual([env.kdf.N, env.kdf.r, env.kdf.p], [1024, 8, 1]);
  strictEqual(typeof env.kdf.salt, "string");
  await rejects(
    CredentialStore.open({ path, passphrase: "wrong" }),
    code("CREDENTIALS_INVALID", /wrong key or passphrase/),
  );
  await rejects(
    CredentialStore.open({ path, keyFile: `${dir.path}/k` }),
    code("CREDENTIALS_INVALID", /protected by a passphrase/),
  );
  const again = await CredentialStore.open({ path, passphrase: new Secret("right") });
  strictEqual((await again.get("r"))?.password.reveal(), "p");
  await again.set("r2", { username: "u2", password: "p2" });
  strictEqual(JSON.parse(await Deno.readTextFile(path)).kdf.salt, env.kdf.salt, "salt kept");
});

Deno.test("CredentialStore: production scrypt defaults are strong", async () => {
  deepStrictEqual({ ...DEFAULT_SCRYPT_PARAMS }, { N: 2 ** 17, r: 8, p: 1 });
  await using dir = await tempDir();
  const path = `${dir.path}/p.json`;
  const store = await CredentialStore.open({ path, passphrase: "pp" });
  await store.set("r", { username: "u", password: "p" });
  strictEqual(JSON.parse(await Deno.readTextFile(path)).kdf.N, 131072);
  strictEqual(
    (await (await CredentialStore.open({ path, passphrase: "pp" })).get("r"))?.username,
    "u",
  );
});

Deno.test("CredentialStore: tampering anywhere is detected", async (t) => {
  await using dir = await tempDir();
  const path = `${dir.path}/store.json`;
  const fresh = async () => {
    await Deno.remove(path).catch(() => {});
    await (await keyStore(dir.path)).set("r", { username: "u", password: "p" });
    return JSON.parse(await Deno.readTextFile(path));
  };
  const open = () => keyStore(dir.path);
  const flip = (b64: string, at: number) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    bytes[at]! ^= 0x01;
    return btoa(String.fromCharCode(...bytes));
  };
  const modified = /wrong key or passphrase, or the file was modified/;
  const cases: Array<[string, (env: Record<string, unknown>) => void, RegExp]> = [
    ["ciphertext byte", (e) => e.ciphertext = flip(e.ciphertext as string, 3), modified],
    [
      "tag byte",
      (e) => e.ciphertext = flip(e.ciphertext as string, atob(e.ciphertext as string).length - 1),
      modified,
    ],
    ["nonce (AAD)", (e) => e.nonce = flip(e.nonce as string, 0), modified],
    [
      "kdf extra field",
      (e) => e.kdf = { name: "keyfile", extra: 1 },
      /unexpected kdf field "extra"/,
    ],
    [
      "kdf switched to scrypt",
      (e) => e.kdf = { name: "scrypt", salt: btoa("0123456789abcdef"), N: 1024, r: 8, p: 1 },
      /protected by a passphrase/,
    ],
  ];
  for (const [name, mutate, expected] of cases) {
    await t.step(name, async () => {
      const env = await fresh();
      mutate(env);
      await Deno.writeTextFile(path, JSON.stringify(env));
      await rejects(open(), code("CREDENTIALS_INVALID", expected));
    });
  }
  await t.step("header fields the reader checks", async () => {
    for (
      const [field, value, why] of [
        ["version", 3, /unsupported format version 3/],
        ["generation", -1, /bad generation/],
        ["cipher", "AES-128-GCM", /unsupported cipher/],
        ["format", "other", /not a Trigger credential store/],
        ["nonce", "AAAA", /bad nonce/],
        ["comment", "hi", /unexpected field "comment"/],
      ] as const
    ) {
      const env = await fresh();
      env[field] = value;
      await Deno.writeTextFile(path, JSON.stringify(env));
      await rejects(open(), code("CREDENTIALS_INVALID", why));
    }
  });
  await t.step("truncated file", async () => {
    await fresh();
    const text = await Deno.readTextFile(path);
    for (const cut of [0, 10, Math.floor(text.length / 2), text.length - 5]) {
      await Deno.writeTextFile(path, text.slice(0, cut));
      await rejects(open(), code("CREDENTIALS_INVALID"));
    }
  });
  await t.step("a legacy .tacacsrc in its place is named", async () => {
    await Deno.writeTextFile(path, "# Saved by trigger.tacacsrc\n\naol_uname_ = xc732xCvl5M=\n");
    await rejects(open(), (e) => e instanceof LegacyStoreError && e.legacyFile === path);
  });
});

Deno.test("CredentialStore: AAD binds the scrypt header (salt and costs)", async () => {
  await using dir = await tempDir();
  const path = `${dir.path}/p.json`;
  await (await CredentialStore.open({ path, passphrase: "pp", scryptParams: FAST_SCRYPT })).set(
    "r",
    {
      username: "u",
      password: "p",
    },
  );
  const env = JSON.parse(await Deno.readTextFile(path));
  for (const change of [{ N: 2048 }, { r: 4 }, { salt: btoa("0123456789abcdef") }]) {
    await Deno.writeTextFile(path, JSON.stringify({ ...env, kdf: { ...env.kdf, ...change } }));
    await rejects(CredentialStore.open({ path, passphrase: "pp" }), code("CREDENTIALS_INVALID"));
  }
  await Deno.writeTextFile(path, JSON.stringify({ ...env, kdf: { ...env.kdf, N: 2 ** 30 } }));
  await rejects(
    CredentialStore.open({ path, passphrase: "pp" }),
    code("CREDENTIALS_INVALID", /bad scrypt/),
  );
});

Deno.test("CredentialStore: every write uses a fresh nonce", async () => {
  await using dir = await tempDir();
  const store = await keyStore(dir.path);
  const nonces = new Set<string>();
  for (let i = 0; i < 5; i++) {
    await store.set("r", { username: "u", password: "p" });
    nonces.add(JSON.parse(await Deno.readTextFile(`${dir.path}/store.json`)).nonce);
  }
  strictEqual(nonces.size, 5);
});

Deno.test("CredentialStore.rekey(): key file to passphrase to a new key file", async () => {
  await using dir = await tempDir();
  const path = `${dir.path}/store.json`;
  const store = await keyStore(dir.path);
  await store.set("a", { username: "ua", password: "pa", enablePassword: "ea" });
  await store.set("b", { username: "ub", password: "pb" });
  const before = await Deno.readTextFile(path);
  await store.rekey({ passphrase: "new", scryptParams: FAST_SCRYPT });
  notStrictEqual(await Deno.readTextFile(path), before);
  await rejects(keyStore(dir.path), code("CREDENTIALS_INVALID", /protected by a passphrase/));
  const byPass = await CredentialStore.open({ path, passphrase: "new" });
  strictEqual((await byPass.get("a"))?.enablePassword?.reveal(), "ea");
  // The same instance now writes with the new key.
  await store.set("c", { username: "uc", password: "pc" });
  strictEqual((await byPass.get("c"))?.username, "uc");
  const newKey = `${dir.path}/new.key`;
  await byPass.rekey({ keyFile: newKey });
  strictEqual(await mode(newKey), 0o600);
  const byKey = await CredentialStore.open({ path, keyFile: newKey });
  deepStrictEqual((await byKey.list()).map((s) => s.realm), ["a", "b", "c"]);
  await rejects(keyStore(dir.path), code("CREDENTIALS_INVALID", /wrong key or passphrase/));
  const empty = await CredentialStore.open({ path: `${dir.path}/none.json`, keyFile: newKey });
  await rejects(empty.rekey({ keyFile: `${dir.path}/x.key` }), code("CREDENTIALS_MISSING"));
});

Deno.test("CredentialStore: options are validated", async () => {
  await using dir = await tempDir();
  await rejects(
    CredentialStore.open({ path: `${dir.path}/s`, keyFile: `${dir.path}/k`, passphrase: "x" }),
    TypeError,
  );
  await rejects(CredentialStore.open({ path: `${dir.path}/s`, passphrase: "" }), TypeError);
  await rejects(
    CredentialStore.open({
      path: `${dir.path}/s`,
      passphrase: "x",
      scryptParams: { N: 1000, r: 8, p: 1 },
    }),
    RangeError,
  );
  const store = await CredentialStore.open({
    path: `${dir.path}/s`,
    keyFile: `${dir.path}/k`,
    defaultRealm: "aol",
  });
  strictEqual(store.defaultRealm, "aol");
  await store.set(store.defaultRealm, { username: "u", password: "p" });
  strictEqual((await store.get())?.realm, "aol");
  await rejects(store.set("r", { username: "u", password: "" }), code("INVALID_ARGUMENT"));
  await store.set("keyonly", { username: "u", password: "", privateKey: "/k" });
  strictEqual((await store.get("keyonly"))?.password.reveal(), "");
});

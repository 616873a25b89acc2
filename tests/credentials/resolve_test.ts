import { ok, rejects, strictEqual } from "node:assert/strict";
import { CredentialStore } from "../../lib/credentials/credential_store.ts";
import { resolveCredentials } from "../../lib/credentials/resolve.ts";
import { isTriggerError } from "../../lib/errors.ts";
import { tempDir } from "./_helpers.ts";

async function open(dir: string) {
  return await CredentialStore.open({ path: `${dir}/c.json`, keyFile: `${dir}/c.key` });
}

Deno.test("resolveCredentials() returns stored credentials without prompting", async () => {
  await using dir = await tempDir();
  const store = await open(dir.path);
  await store.set("core", { username: "ops", password: "pw" });
  let asked = 0;
  const creds = await resolveCredentials("core", {
    store,
    prompt: () => {
      asked++;
      return Promise.resolve(undefined);
    },
  });
  strictEqual(creds.username, "ops");
  strictEqual(asked, 0);
});

Deno.test("resolveCredentials() without a prompt names the realm and the store, and no CLI verb", async () => {
  await using dir = await tempDir();
  const store = await open(dir.path);
  await rejects(resolveCredentials("fw9", { store }), (e) => {
    ok(isTriggerError(e, "CREDENTIALS_MISSING"));
    ok(
      (e as Error).message.includes(
        `No credentials for realm "fw9" (nor for realm "default") in "${dir.path}/c.json"`,
      ),
    );
    ok(!(e as Error).message.includes("trigger "), (e as Error).message);
    strictEqual((e as { realm?: string }).realm, "fw9");
    return true;
  });
});

Deno.test("resolveCredentials() asks the prompt once and saves the answer", async () => {
  await using dir = await tempDir();
  const store = await open(dir.path);
  const realms: string[] = [];
  const prompt = ({ realm }: { realm: string }) => {
    realms.push(realm);
    return Promise.resolve({ username: "jane", password: "pw", enablePassword: "en" });
  };
  const creds = await resolveCredentials("edge", { store, prompt });
  strictEqual(creds.enablePassword?.reveal(), "en");
  strictEqual((await (await open(dir.path)).get("edge"))?.username, "jane");
  await resolveCredentials("edge", { store, prompt });
  strictEqual(realms.join(), "edge");
});

Deno.test("resolveCredentials() with save: false keeps the answer in memory only", async () => {
  await using dir = await tempDir();
  const store = await open(dir.path);
  const prompt = () => Promise.resolve({ username: "tmp", password: "pw" });
  strictEqual((await resolveCredentials("x", { store, prompt, save: false })).username, "tmp");
  strictEqual(await store.get("x"), undefined);
});

Deno.test("resolveCredentials() treats a declined prompt as missing and validates answers", async () => {
  await using dir = await tempDir();
  const store = await open(dir.path);
  await rejects(
    resolveCredentials("x", { store, prompt: () => Promise.resolve(undefined) }),
    (e) => isTriggerError(e, "CREDENTIALS_MISSING"),
  );
  await rejects(
    resolveCredentials("x", {
      store,
      prompt: () => Promise.resolve({ username: "u", password: "" }),
    }),
    (e) => isTriggerError(e, "INVALID_ARGUMENT"),
  );
});

Deno.test("resolveCredentials(): a realm without credentials falls back to the default realm", async () => {
  await using dir = await tempDir();
  const store = await open(dir.path);
  strictEqual(store.defaultRealm, "default");
  await store.set("default", { username: "ops", password: "shared" });
  await store.set("fw1", { username: "fwadmin", password: "own" });
  const notes: string[] = [];
  const onFallback = (realm: string, used: string) => notes.push(`${realm}->${used}`);
  let asked = 0;
  const prompt = () => {
    asked++;
    return Promise.resolve({ username: "x", password: "y" });
  };
  // Its own entry wins; a realm without one gets the default's, with a note; nothing is asked.
  strictEqual((await resolveCredentials("fw1", { store, prompt, onFallback })).username, "fwadmin");
  const shared = await resolveCredentials("fw2", { store, prompt, onFallback });
  strictEqual(shared.realm, "default");
  strictEqual(shared.password.reveal(), "shared");
  strictEqual(notes.join(), "fw2->default");
  strictEqual(asked, 0);
  strictEqual(await store.get("fw2"), undefined, "the fallback is not copied into the realm");
  // Another fallback realm, or none.
  await store.set("lab", { username: "labuser", password: "l" });
  strictEqual(
    (await resolveCredentials("fw2", { store, fallbackRealm: "lab" })).username,
    "labuser",
  );
  strictEqual(
    (await resolveCredentials("fw2", { store, prompt, fallbackRealm: null })).username,
    "x",
  );
  strictEqual(asked, 1);
  strictEqual(
    (await store.get("fw2"))?.username,
    "x",
    "the answer is saved under the device realm",
  );
});

Deno.test("resolveCredentials(): with neither realm stored, asks for the device's realm", async () => {
  await using dir = await tempDir();
  const store = await open(dir.path);
  const asked: string[] = [];
  const prompt = ({ realm }: { realm: string }) => {
    asked.push(realm);
    return Promise.resolve({ username: "u", password: "p" });
  };
  strictEqual((await resolveCredentials("fw3", { store, prompt })).realm, "fw3");
  strictEqual(asked.join(), "fw3");
  strictEqual(await store.get("default"), undefined);
});

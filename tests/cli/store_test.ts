/** The CLI opens the credential store as the settings say: key file, passphrase, or a clear refusal. */
import { rejects, strictEqual } from "node:assert/strict";
import { openSettingsStore, type StorePassphraseSource } from "../../cli/_store.ts";
import { loadSettings } from "../../lib/settings/mod.ts";
import { TriggerError } from "../../lib/errors.ts";
import { labDir, trigger } from "./_lab_dir.ts";

function asker(answer: string, asked: string[] = []): StorePassphraseSource {
  return {
    canAsk: () => true,
    ask: (message) => {
      asked.push(message);
      return Promise.resolve(answer);
    },
  };
}

const NOBODY: StorePassphraseSource = {
  canAsk: () => false,
  ask: () => Promise.reject(new Error("must not ask")),
};

function settingsFor(dir: string, extra: Record<string, string> = {}) {
  return loadSettings({
    env: {
      HOME: dir,
      TACACSRC: `${dir}/creds.json`,
      TACACSRC_KEYFILE: `${dir}/creds.key`,
      ...extra,
    },
  });
}

Deno.test("openSettingsStore: the key file by default, without asking anything", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const store = await openSettingsStore(settingsFor(dir), NOBODY);
    strictEqual(store.keySource, "keyfile");
    strictEqual(store.path, `${dir}/creds.json`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openSettingsStore: TACACSRC_USE_PASSPHRASE asks the passphrase, and a wrong one is refused", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const settings = settingsFor(dir, { TACACSRC_USE_PASSPHRASE: "1" });
    const asked: string[] = [];
    const store = await openSettingsStore(settings, asker("correct horse", asked));
    strictEqual(store.keySource, "passphrase");
    await store.set("default", { username: "ann", password: "pw" });
    strictEqual(asked.length, 1);
    strictEqual(asked[0]!.includes(`${dir}/creds.json`), true, asked[0]);
    const again = await openSettingsStore(settings, asker("correct horse"));
    strictEqual((await again.get("default"))?.username, "ann");
    await rejects(
      openSettingsStore(settings, asker("wrong")),
      (e) => e instanceof TriggerError && e.code === "CREDENTIALS_INVALID",
    );
    await rejects(
      openSettingsStore(settings, NOBODY),
      (e) =>
        e instanceof TriggerError && e.code === "CREDENTIALS_MISSING" &&
        /TACACSRC_USE_PASSPHRASE/.test(e.message),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openSettingsStore: USE_GPG_AUTH is refused by name, not ignored", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await rejects(
      openSettingsStore(settingsFor(dir, { USE_GPG_AUTH: "1" }), NOBODY),
      (e) =>
        e instanceof TriggerError && e.code === "SETTINGS_INVALID" &&
        /USE_GPG_AUTH/.test(e.message),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("trigger run-cmds with TACACSRC_USE_PASSPHRASE and no terminal: a clear error, no device touched", async () => {
  await using l = await labDir({ devices: 1, vendors: ["cisco_ios"] });
  const r = await trigger({ ...l.env, TACACSRC_USE_PASSPHRASE: "1" }, [
    "run-cmds",
    "-c",
    "show clock",
    "ios-cisco-001",
  ]);
  strictEqual(r.code, 2, `${r.err}\n${r.out}`);
  strictEqual(/uses a passphrase \(TACACSRC_USE_PASSPHRASE\)/.test(r.err), true, r.err);
});

/**
 * One source of truth: the store path, key file and default realm come from
 * the settings (with TACACSRC, TACACSRC_KEYFILE, DEFAULT_REALM overrides) for
 * the library, `trigger tacacsrc` and (through the same functions) the fleet
 * verbs; a legacy `.tacacsrc` at the original's path is named, never written.
 */
import { hintFor } from "../../cli/_hints.ts";
import { ok, rejects, strictEqual } from "node:assert/strict";
import { CredentialStore } from "../../lib/credentials/credential_store.ts";
import { defaultKeyFilePath, defaultStorePath } from "../../lib/credentials/defaults.ts";
import { resolveCredentials } from "../../lib/credentials/resolve.ts";
import { isTriggerError } from "../../lib/errors.ts";
import { loadSettings } from "../../lib/settings/mod.ts";
import { tacacsrc, tempDir } from "./_helpers.ts";

const LEGACY =
  "# Saved by trigger.tacacsrc\n\naol_uname_ = xc732xCvl5M=\naol_pwd_ = uJ6J2YMUhao=\n";

/** The subprocesses get another HOME: keep Deno's module cache. */
const DENO_DIR = Deno.env.get("DENO_DIR") ??
  `${Deno.env.get("XDG_CACHE_HOME") ?? `${Deno.env.get("HOME")}/.cache`}/deno`;

/** An environment with its own home and config folder, and nothing inherited that matters. */
function homeEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    HOME: home,
    XDG_CONFIG_HOME: `${home}/.config`,
    DENO_DIR: DENO_DIR,
    TACACSRC: `${home}/.tacacsrc.json`,
    TACACSRC_KEYFILE: `${home}/.tacacsrc.key`,
    DEFAULT_REALM: "default",
    ...extra,
  };
}

Deno.test("credentials: the settings give the store path, key file and default realm", async () => {
  await using dir = await tempDir();
  const home = dir.path;
  const plain = loadSettings({ env: { HOME: home } });
  strictEqual(defaultStorePath(plain), `${home}/.tacacsrc.json`);
  strictEqual(defaultKeyFilePath(plain), `${home}/.tacacsrc.key`);
  const settings = loadSettings({
    env: { HOME: home, TACACSRC: `${home}/t.json`, TACACSRC_KEYFILE: `${home}/t.key` },
  });
  await Deno.writeTextFile(
    `${home}/settings.json`,
    JSON.stringify({ defaultRealm: "corp", tacacsrc: "~/file.json" }),
  );
  const fromFile = loadSettings({ path: `${home}/settings.json`, env: { HOME: home } });
  strictEqual(fromFile.tacacsrc, `${home}/file.json`);

  const store = await CredentialStore.open({ settings });
  strictEqual(store.path, `${home}/t.json`);
  strictEqual(store.defaultRealm, "default");
  await store.set(store.defaultRealm, { username: "u", password: "p" });
  const key = await Deno.stat(`${home}/t.key`);
  strictEqual(key.mode! & 0o777, 0o600);
  const corp = await CredentialStore.open({
    settings: fromFile,
    path: `${home}/t.json`,
    keyFile: `${home}/t.key`,
  });
  strictEqual(corp.defaultRealm, "corp");
  strictEqual(corp.legacyFile, undefined);
});

Deno.test("trigger tacacsrc: settings file and DEFAULT_REALM decide where and under which realm", async () => {
  await using dir = await tempDir();
  const home = dir.path;
  await Deno.writeTextFile(
    `${home}/settings.json`,
    JSON.stringify({ tacacsrc: "creds/store.json", tacacsrcKeyfile: "creds/store.key" }),
  );
  // No TACACSRC / TACACSRC_KEYFILE here: the settings file decides.
  const env = {
    HOME: home,
    XDG_CONFIG_HOME: `${home}/.config`,
    TRIGGER_SETTINGS: `${home}/settings.json`,
    DEFAULT_REALM: "corp",
    DENO_DIR,
  };
  const set = await tacacsrc(["set", "--username", "ann", "--password-stdin"], {
    stdin: "pw-ann\n",
    env,
  });
  strictEqual(set.code, 0, set.stderr);
  ok(set.stdout.includes(`realm "corp" (user ann) in ${home}/creds/store.json`), set.stdout);
  const settings = loadSettings({ path: `${home}/settings.json`, env: { HOME: home } });
  const store = await CredentialStore.open({ settings, defaultRealm: "corp" });
  strictEqual(store.path, `${home}/creds/store.json`);
  strictEqual((await store.get())?.password.reveal(), "pw-ann");
});

Deno.test("a legacy ~/.tacacsrc is named with the import command and never overwritten", async (t) => {
  await using dir = await tempDir();
  const home = dir.path;
  const legacy = `${home}/.tacacsrc`;
  await Deno.writeTextFile(legacy, LEGACY, { mode: 0o600 });
  const env = homeEnv(home);

  await t.step("library: the store knows of it; a missing realm's error names it", async () => {
    const store = await CredentialStore.open({ settings: loadSettings({ env }) });
    strictEqual(store.legacyFile, legacy);
    await rejects(resolveCredentials("core", { store }), (e) => {
      ok(isTriggerError(e, "CREDENTIALS_MISSING"));
      ok(e.message.includes(`the legacy file ${legacy} can be imported`), e.message);
      ok(
        hintFor(e, loadSettings({ env })).includes(
          `trigger tacacsrc import-legacy ${legacy} --keyfile`,
        ),
      );
      return true;
    });
  });

  await t.step("trigger tacacsrc list and set name it; set writes the new store only", async () => {
    const list = await tacacsrc(["list"], { env });
    strictEqual(list.code, 0, list.stderr);
    ok(list.stderr.includes(`legacy .tacacsrc exists at ${legacy} (left untouched)`), list.stderr);
    ok(list.stderr.includes(`trigger tacacsrc import-legacy ${legacy}`), list.stderr);
    const set = await tacacsrc(["set", "--username", "u", "--password-stdin"], {
      stdin: "pw\n",
      env,
    });
    strictEqual(set.code, 0, set.stderr);
    ok(set.stderr.includes("import-legacy"), set.stderr);
    strictEqual(await Deno.readTextFile(legacy), LEGACY);
    // Once the store exists the note is gone.
    const again = await tacacsrc(["list"], { env });
    ok(!again.stderr.includes("legacy"), again.stderr);
  });

  await t.step(
    "TACACSRC naming the legacy file: refused with the import hint, untouched",
    async () => {
      const set = await tacacsrc(["set", "--username", "u", "--password-stdin"], {
        stdin: "pw\n",
        env: { ...env, TACACSRC: legacy },
      });
      ok(set.code !== 0, set.stdout);
      ok(/legacy \.tacacsrc.*import-legacy/.test(set.stderr), set.stderr);
      strictEqual(await Deno.readTextFile(legacy), LEGACY);
    },
  );
});

Deno.test("trigger tacacsrc import-legacy: notes that the original's 'aol' realm is not the default", async () => {
  await using dir = await tempDir();
  const home = dir.path;
  const legacy = `${home}/.tacacsrc`;
  await Deno.writeTextFile(legacy, LEGACY, { mode: 0o600 });
  await Deno.writeTextFile(`${home}/tackf`, "pizza rules the planet\n");
  const r = await tacacsrc(
    ["import-legacy", legacy, "--keyfile", `${home}/tackf`, "--login", "jschmoe"],
    { env: homeEnv(home) },
  );
  strictEqual(r.code, 0, r.stderr);
  ok(r.stdout.includes(`Imported realm "aol" (user jschmoe)`), r.stdout);
  ok(r.stderr.includes("set DEFAULT_REALM=aol"), r.stderr);
  const store = await CredentialStore.open({ settings: loadSettings({ env: homeEnv(home) }) });
  strictEqual((await store.get("aol"))?.password.reveal(), "abc123");
});

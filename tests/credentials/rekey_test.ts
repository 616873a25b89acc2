import { match, ok, strictEqual } from "node:assert/strict";
import { CredentialStore } from "../../lib/credentials/credential_store.ts";
import { labDir, trigger } from "../cli/_lab_dir.ts";
import { type Run, tacacsrc, tempDir } from "./_helpers.ts";

const PW = "rekey-Secret-1";

/** An environment with nothing inherited but PATH and the Deno cache: settings come from HOME. */
function freshEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    HOME: home,
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    DENO_DIR: Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME")}/.cache/deno`,
    NO_COLOR: "1",
    ...extra,
  };
}

function fresh(args: string[], env: Record<string, string>, stdin?: string): Promise<Run> {
  return tacacsrc(args, { env, clearEnv: true, ...(stdin ? { stdin } : {}) });
}

async function settingsOf(home: string): Promise<Record<string, unknown>> {
  return JSON.parse(await Deno.readTextFile(`${home}/.config/trigger/settings.json`));
}

Deno.test("trigger tacacsrc rekey --new-keyfile: the settings name the new key, so every verb still decrypts", async () => {
  await using l = await labDir({ devices: 1, vendors: ["cisco_ios"] });
  await using h = await tempDir();
  const home = h.path;
  // The lab's store and key, named by the settings file (not by the environment).
  await Deno.mkdir(`${home}/.config/trigger`, { recursive: true });
  await Deno.writeTextFile(
    `${home}/.config/trigger/settings.json`,
    JSON.stringify({
      tacacsrc: l.env.TACACSRC,
      tacacsrcKeyfile: l.env.TACACSRC_KEYFILE,
      netdevicesSource: l.env.NETDEVICES_SOURCE,
      defaultRealm: "lab",
    }),
  );
  const env = freshEnv(home, { TRIGGER_KNOWN_HOSTS: l.knownHosts });
  const newKey = `${home}/keys/new.key`;
  await Deno.mkdir(`${home}/keys`);
  const r = await fresh(["rekey", "--new-keyfile", newKey], env);
  strictEqual(r.code, 0, r.stderr);
  match(
    r.stdout,
    new RegExp(`Set "tacacsrcKeyfile": "${newKey}" in ${home}/.config/trigger/settings.json`),
  );
  match(r.stdout, /Every trigger verb now opens the store with the new key/);
  const s = await settingsOf(home);
  strictEqual(s.tacacsrcKeyfile, newKey);
  strictEqual(s.netdevicesSource, l.env.NETDEVICES_SOURCE, "other settings are kept");
  strictEqual((await Deno.stat(newKey)).mode! & 0o777, 0o600);
  // tacacsrc itself and a fleet verb, with no flags: both read the new key through the settings.
  const list = await fresh(["list"], env);
  strictEqual(list.code, 0, list.stderr);
  match(list.stdout, /^lab\s+/m);
  const run = await trigger(env, ["run-cmds", "-c", "show clock", "--json", "ios-cisco-001"]);
  strictEqual(run.code, 0, run.err);
  ok(JSON.parse(run.out).results["ios-cisco-001"]);
});

Deno.test("trigger tacacsrc rekey refuses when the environment names the key, and gives the command", async () => {
  await using h = await tempDir();
  const home = h.path;
  const oldKey = `${home}/old.key`;
  const newKey = `${home}/new.key`;
  const env = freshEnv(home, { TACACSRC_KEYFILE: oldKey });
  const set = await fresh(["set", "--username", "ops", "--password-stdin"], env, `${PW}\n`);
  strictEqual(set.code, 0, set.stderr);
  const r = await fresh(["rekey", "--new-keyfile", newKey], env);
  strictEqual(r.code, 2, r.stdout);
  match(r.stderr, /every verb reads the store's key from the environment/);
  match(r.stderr, /TACACSRC_KEYFILE=.*old\.key/);
  match(r.stderr, /nothing was changed/);
  const line = r.stderr.split("\n").find((x) => x.trim().startsWith("env -u"))?.trim();
  strictEqual(
    line,
    `env -u TACACSRC_KEYFILE trigger tacacsrc --keyfile ${oldKey} rekey --new-keyfile ${newKey}`,
  );
  // Nothing changed: the old key still opens the store, no new key, no settings file.
  const store = await CredentialStore.open({ path: `${home}/.tacacsrc.json`, keyFile: oldKey });
  strictEqual((await store.get())?.password.reveal(), PW);
  strictEqual(await Deno.stat(newKey).then(() => true, () => false), false);
  // The command it gives works, as given (the environment without TACACSRC_KEYFILE).
  const args = line!.split(" ").slice(5);
  const again = await fresh(args, freshEnv(home));
  strictEqual(again.code, 0, again.stderr);
  strictEqual((await settingsOf(home)).tacacsrcKeyfile, newKey);
  const list = await fresh(["list"], freshEnv(home));
  strictEqual(list.code, 0, list.stderr);
});

Deno.test("trigger tacacsrc rekey --passphrase-stdin turns tacacsrcUsePassphrase on in the settings", async () => {
  await using h = await tempDir();
  const home = h.path;
  const env = freshEnv(home);
  strictEqual(
    (await fresh(["set", "--username", "ops", "--password-stdin"], env, `${PW}\n`)).code,
    0,
  );
  const r = await fresh(["rekey", "--passphrase-stdin"], env, "a long pass phrase\n");
  strictEqual(r.code, 0, r.stderr);
  strictEqual((await settingsOf(home)).tacacsrcUsePassphrase, true);
  // No flag: the settings say passphrase, the passphrase comes from stdin.
  const list = await fresh(["list", "--json"], env, "a long pass phrase\n");
  strictEqual(list.code, 0, list.stderr);
  strictEqual(JSON.parse(list.stdout)[0].username, "ops");
  // And back to a key file: the passphrase setting is turned off again.
  const back = await fresh(
    ["rekey", "--current-passphrase-stdin", "--new-keyfile", `${home}/k2`],
    env,
    "a long pass phrase\n",
  );
  strictEqual(back.code, 0, back.stderr);
  const s = await settingsOf(home);
  strictEqual(s.tacacsrcUsePassphrase, false);
  strictEqual(s.tacacsrcKeyfile, `${home}/k2`);
  strictEqual((await fresh(["list"], env)).code, 0);
});

Deno.test("trigger tacacsrc rekey: a broken settings file stops it before the store changes", async () => {
  await using h = await tempDir();
  const home = h.path;
  const env = freshEnv(home);
  strictEqual(
    (await fresh(["set", "--username", "ops", "--password-stdin"], env, `${PW}\n`)).code,
    0,
  );
  await Deno.mkdir(`${home}/.config/trigger`, { recursive: true });
  await Deno.writeTextFile(`${home}/.config/trigger/settings.json`, "{ not json");
  const r = await fresh(["rekey", "--new-keyfile", `${home}/new.key`], env);
  strictEqual(r.code, 2);
  match(r.stderr, /settings file ".*settings\.json"/);
  const store = await CredentialStore.open({
    path: `${home}/.tacacsrc.json`,
    keyFile: `${home}/.tacacsrc.key`,
  });
  strictEqual((await store.get())?.username, "ops");
});

Deno.test("trigger tacacsrc import-legacy: a file with no realm is an error, not 'Imported 0 realm(s)'", async () => {
  await using h = await tempDir();
  const home = h.path;
  await Deno.writeTextFile(`${home}/tackf`, "key text\n");
  await Deno.writeTextFile(`${home}/GARBAGE`, "this is not\na tacacsrc file\n\u0000\u0001\n");
  const r = await fresh(
    ["import-legacy", `${home}/GARBAGE`, "--keyfile", `${home}/tackf`, "--login", "ops"],
    freshEnv(home),
  );
  strictEqual(r.code, 2, r.stdout);
  match(r.stderr, /Cannot import ".*GARBAGE": no realm in it.*nothing was imported/);
  ok(!r.stdout.includes("Imported 0"), r.stdout);
  strictEqual(await Deno.stat(`${home}/.tacacsrc.json`).then(() => true, () => false), false);
});

import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { CredentialStore } from "../../lib/credentials/credential_store.ts";
import { type Run, run, tacacsrc, tempDir } from "./_helpers.ts";

const PW = "Sup3r-secret pw";
const EN = "en-able-9";

function noSecrets(r: Run, ...secrets: string[]): void {
  for (const s of secrets) {
    ok(!r.stdout.includes(s) && !r.stderr.includes(s), `secret printed:\n${r.stdout}\n${r.stderr}`);
  }
}

function storeArgs(dir: string): string[] {
  return ["--store", `${dir}/s.json`, "--keyfile", `${dir}/s.key`];
}

Deno.test("trigger tacacsrc set --password-stdin, list, list --json, remove", async () => {
  await using dir = await tempDir();
  const s = storeArgs(dir.path);
  const set = await tacacsrc(["set", "--username", "alice", "--password-stdin", ...s], {
    stdin: `${PW}\n${EN}\n`,
  });
  strictEqual(set.code, 0, set.stderr);
  ok(set.stdout.includes(`Created key file ${dir.path}/s.key (mode 0600)`), set.stdout);
  ok(set.stdout.includes(`Saved credentials for realm "default" (user alice)`), set.stdout);
  const key = await Deno.stat(`${dir.path}/s.key`);
  strictEqual(key.mode! & 0o777, 0o600);
  // Store options before the subcommand work too; a realm with a key and no enable password.
  const set2 = await tacacsrc(
    [
      ...s,
      "set",
      "--realm",
      "fw1",
      "--username",
      "bob",
      "--password-stdin",
      "--private-key",
      "id_rsa",
    ],
    { stdin: "pw-bob\r\n" },
  );
  strictEqual(set2.code, 0, set2.stderr);
  ok(set2.stderr.includes("warning: private key"), set2.stderr);
  const store = await CredentialStore.open({
    path: `${dir.path}/s.json`,
    keyFile: `${dir.path}/s.key`,
  });
  const alice = await store.get("default");
  strictEqual(alice?.password.reveal(), PW);
  strictEqual(alice?.enablePassword?.reveal(), EN);
  const bob = await store.get("fw1");
  strictEqual(bob?.password.reveal(), "pw-bob", "CRLF is dropped");
  strictEqual(bob?.enablePassword, undefined);
  strictEqual(bob?.privateKey, `${Deno.cwd()}/id_rsa`);

  const list = await tacacsrc(["list", ...s]);
  strictEqual(list.code, 0, list.stderr);
  const lines = list.stdout.trim().split("\n");
  deepStrictEqual(lines.map((l) => l.split(/\s+/).slice(0, 3).join(" ")), [
    "REALM USERNAME ENABLE",
    "default alice yes",
    "fw1 bob no",
  ]);
  const json = await tacacsrc(["list", "--json", ...s]);
  const parsed = JSON.parse(json.stdout);
  deepStrictEqual(parsed.map((e: { realm: string }) => e.realm), ["default", "fw1"]);
  noSecrets(json, PW, EN, "pw-bob");
  noSecrets(list, PW, EN, "pw-bob");
  noSecrets(set, PW, EN);

  const missing = await tacacsrc(["remove", "--realm", "nope", ...s]);
  strictEqual(missing.code, 2);
  ok(
    missing.stderr.includes(`No credentials for realm "nope"`) &&
      missing.stderr.includes("[CREDENTIALS_MISSING]"),
  );
  const removed = await tacacsrc(["remove", "--realm", "fw1", ...s]);
  strictEqual(removed.code, 0, removed.stderr);
  deepStrictEqual((await store.list()).map((e) => e.realm), ["default"]);
});

Deno.test("trigger tacacsrc set: no TTY and no --password-stdin, bad stdin, bad realm", async () => {
  await using dir = await tempDir();
  const s = storeArgs(dir.path);
  const noTty = await tacacsrc(["set", "--username", "u", ...s], { stdin: "" });
  strictEqual(noTty.code, 2);
  strictEqual(
    noTty.stderr.trim(),
    "trigger tacacsrc: No password given: use --password-stdin (standard input is not a terminal, so it cannot be asked)",
  );
  const empty = await tacacsrc(["set", "--username", "u", "--password-stdin", ...s], {
    stdin: "\n",
  });
  strictEqual(empty.code, 2);
  ok(empty.stderr.includes("The password must not be empty"), empty.stderr);
  const eof = await tacacsrc(["set", "--username", "u", "--password-stdin", ...s], { stdin: "" });
  ok(eof.code === 2 && eof.stderr.includes("Standard input ended before the password"), eof.stderr);
  const needEnable = await tacacsrc(
    ["set", "--username", "u", "--password-stdin", "--enable-password-stdin", ...s],
    { stdin: "pw\n" },
  );
  ok(needEnable.code === 2 && needEnable.stderr.includes("ended before the enable password"));
  const extra = await tacacsrc(["set", "--username", "u", "--password-stdin", ...s], {
    stdin: "pw\nen\nsurprise\n",
  });
  ok(extra.code === 2 && extra.stderr.includes("more lines than expected"), extra.stderr);
  const realm = await tacacsrc([
    "set",
    "--realm",
    "a b",
    "--username",
    "u",
    "--password-stdin",
    ...s,
  ], {
    stdin: `${PW}\n`,
  });
  ok(realm.code === 2 && realm.stderr.includes("[INVALID_ARGUMENT]"), realm.stderr);
  noSecrets(realm, PW);
  const noUser = await tacacsrc(["set", "--password-stdin", ...s], { stdin: "pw\n" });
  strictEqual(noUser.code, 2);
  await Deno.stat(`${dir.path}/s.json`).then(() => ok(false, "nothing may be written"), () => {});
});

Deno.test("trigger tacacsrc: loose key file permissions are refused with the fix", async () => {
  await using dir = await tempDir();
  const s = storeArgs(dir.path);
  strictEqual(
    (await tacacsrc(["set", "--username", "u", "--password-stdin", ...s], { stdin: "pw\n" })).code,
    0,
  );
  await Deno.chmod(`${dir.path}/s.key`, 0o644);
  const r = await tacacsrc(["list", ...s]);
  strictEqual(r.code, 2);
  strictEqual(
    r.stderr.trim(),
    `trigger tacacsrc: Cannot use key file "${dir.path}/s.key": group or others can access it ` +
      `(mode 0644); fix it with: chmod 600 "${dir.path}/s.key" [KEYFILE_INSECURE]`,
  );
});

Deno.test("trigger tacacsrc: TACACSRC and TACACSRC_KEYFILE give the defaults", async () => {
  await using dir = await tempDir();
  const env = { TACACSRC: `${dir.path}/env.json`, TACACSRC_KEYFILE: `${dir.path}/env.key` };
  const set = await tacacsrc(["set", "--username", "envuser", "--password-stdin"], {
    stdin: "pw\n",
    env,
  });
  strictEqual(set.code, 0, set.stderr);
  const store = await CredentialStore.open({ path: env.TACACSRC, keyFile: env.TACACSRC_KEYFILE });
  strictEqual((await store.get())?.username, "envuser");
});

Deno.test("trigger tacacsrc rekey: new key file, then passphrase, wrong passphrase", async () => {
  await using dir = await tempDir();
  const s = storeArgs(dir.path);
  strictEqual(
    (await tacacsrc(["set", "--username", "u", "--password-stdin", ...s], { stdin: `${PW}\n` }))
      .code,
    0,
  );
  const none = await tacacsrc(["rekey", ...s]);
  ok(none.code === 2 && none.stderr.includes("exactly one of --new-keyfile"), none.stderr);
  const toKey = await tacacsrc(["rekey", "--new-keyfile", `${dir.path}/new.key`, ...s]);
  strictEqual(toKey.code, 0, toKey.stderr);
  ok(toKey.stdout.includes(`with key file ${dir.path}/new.key`));
  strictEqual((await Deno.stat(`${dir.path}/new.key`)).mode! & 0o777, 0o600);
  const old = await tacacsrc(["list", ...s]);
  ok(old.code === 2 && old.stderr.includes("wrong key or passphrase, or the file was modified"));
  const newS = ["--store", `${dir.path}/s.json`, "--keyfile", `${dir.path}/new.key`];
  // Current key before the subcommand; the new passphrase (production scrypt costs) from stdin.
  const toPass = await tacacsrc([...newS, "rekey", "--passphrase-stdin"], {
    stdin: "pass phrase\n",
  });
  strictEqual(toPass.code, 0, toPass.stderr);
  const wrong = await tacacsrc(["--store", `${dir.path}/s.json`, "--passphrase-stdin", "list"], {
    stdin: "not it\n",
  });
  strictEqual(wrong.code, 2);
  ok(wrong.stderr.includes("[CREDENTIALS_INVALID]"), wrong.stderr);
  noSecrets(wrong, "not it");
  const store = await CredentialStore.open({
    path: `${dir.path}/s.json`,
    passphrase: "pass phrase",
  });
  strictEqual((await store.get())?.password.reveal(), PW);
});

Deno.test("trigger tacacsrc import-legacy: imports, skips existing, --force replaces", async () => {
  await using dir = await tempDir();
  const legacy = `${dir.path}/tacacsrc`;
  const tackf = `${dir.path}/tackf`;
  await Deno.writeTextFile(tackf, "pizza rules the planet\n");
  const spec = {
    keyText: "pizza rules the planet\n",
    login: "jschmoe",
    entries: [["aol", "jschmoe", "abc123"], ["fw1", "ops", PW], ["empty", "nobody", ""]],
  };
  const w = await run("/usr/bin/python3", [
    new URL("./_legacy_writer.py", import.meta.url).pathname,
    legacy,
  ], {
    stdin: JSON.stringify(spec),
  });
  strictEqual(w.code, 0, w.stderr);
  const s = ["--store", `${dir.path}/s.json`, "--store-keyfile", `${dir.path}/s.key`];
  const args = ["import-legacy", legacy, "--keyfile", tackf, "--login", "jschmoe", ...s];
  const first = await tacacsrc(args);
  strictEqual(first.code, 1, "one realm was skipped");
  ok(first.stdout.includes(`Imported realm "aol" (user jschmoe)`), first.stdout);
  ok(first.stdout.includes("Imported 2 realm(s)"), first.stdout);
  ok(first.stderr.includes(`Skipped realm "empty": username without password`), first.stderr);
  noSecrets(first, "abc123", PW);
  const store = await CredentialStore.open({
    path: `${dir.path}/s.json`,
    keyFile: `${dir.path}/s.key`,
  });
  strictEqual((await store.get("fw1"))?.password.reveal(), PW);
  await store.set("aol", { username: "changed", password: "x" });
  const again = await tacacsrc(args);
  ok(again.stderr.includes(`Skipped realm "aol": already in the store`), again.stderr);
  strictEqual((await store.get("aol"))?.username, "changed");
  const forced = await tacacsrc([...args, "--force"]);
  ok(forced.stdout.includes(`Imported realm "aol"`), forced.stdout);
  strictEqual((await store.get("aol"))?.password.reveal(), "abc123");
  // Another login name derives another key: refused, not imported as garbage.
  const wrong = await tacacsrc([
    "import-legacy",
    legacy,
    "--keyfile",
    tackf,
    "--login",
    "bob",
    ...s,
  ]);
  ok(wrong.code === 2 && wrong.stderr.includes("wrong legacy key file, login name"), wrong.stderr);
  // The legacy file is never overwritten by the new store.
  const self = await tacacsrc(["import-legacy", legacy, "--keyfile", tackf, "--store", legacy]);
  ok(self.code === 2 && self.stderr.includes("is the legacy file itself"), self.stderr);
});

Deno.test("trigger tacacsrc import-legacy: USER and LOGNAME unset does not crash", async () => {
  await using dir = await tempDir();
  await Deno.writeTextFile(`${dir.path}/tackf`, "key text\n");
  await Deno.writeTextFile(`${dir.path}/tacacsrc`, "# empty\n");
  const r = await tacacsrc(
    [
      "import-legacy",
      `${dir.path}/tacacsrc`,
      "--keyfile",
      `${dir.path}/tackf`,
      "--store",
      `${dir.path}/s.json`,
    ],
    { env: { USER: "", LOGNAME: "" } },
  );
  // The OS user record supplies the login name (the file is then read: it holds no realm,
  // which is an error of its own); with none, the error asks for --login.
  ok(r.stderr.includes("no realm in it") || r.stderr.includes("give --login NAME"), r.stderr);
  ok(!r.stderr.includes("TypeError") && !r.stderr.includes("undefined"), r.stderr);
});

Deno.test("console.log of a Secret and of credentials prints no secret (subprocess)", async () => {
  const code = `
    import { Secret } from "./lib/credentials/secret.ts";
    const s = new Secret("${PW}");
    console.log(s, { s }, [s], "%s|%o|%O|%d", s, s, s, s);
    console.log(\`\${s}\`, String(s), JSON.stringify({ s }));
    console.error(new Error("bad " + s));
    console.table([{ s }]);
  `;
  const r = await run(Deno.execPath(), ["eval", code]);
  strictEqual(r.code, 0, r.stderr);
  ok(r.stdout.includes("Secret(***)") && r.stdout.includes("***"), r.stdout);
  noSecrets(r, PW);
});

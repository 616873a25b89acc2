import { deepStrictEqual, ok, rejects, strictEqual, throws } from "node:assert/strict";
import {
  legacyKeyFromKeyFile,
  legacyKeyFromPassphrase,
  parseLegacyTacacsrc,
  readLegacyTacacsrc,
} from "../../lib/credentials/legacy_tacacsrc.ts";
import { isTriggerError } from "../../lib/errors.ts";
import { run, tacacsrc, tempDir } from "./_helpers.ts";
import { CredentialStore } from "../../lib/credentials/credential_store.ts";

const PYTHON = "/usr/bin/python3";
const WRITER = new URL("./_legacy_writer.py", import.meta.url).pathname;
const KEY_TEXT = "pizza rules the planet\nsecond line is ignored\n";
const LONG_72 = "x".repeat(72);
const LONG_200 = "Ab1!".repeat(50);

interface Spec {
  keyText?: string;
  login?: string;
  passphrase?: string;
  entries: [string, string, string][];
  version?: string;
  wrap?: string[];
}

/** Writes a legacy file with the independent Python implementation. */
async function writeLegacy(path: string, spec: Spec): Promise<void> {
  const r = await run(PYTHON, [WRITER, path], { stdin: JSON.stringify(spec) });
  strictEqual(r.code, 0, r.stderr);
}

const invalid = (text: RegExp) => (e: unknown) =>
  isTriggerError(e, "CREDENTIALS_INVALID") && text.test((e as Error).message);

Deno.test("legacy .tacacsrc: the original's test vector decrypts (jschmoe/abc123)", () => {
  // tests/data/tacacsrc of the original Trigger, key text "pizza rules the planet", user jschmoe.
  const key = legacyKeyFromKeyFile("pizza rules the planet", "jschmoe");
  const parsed = parseLegacyTacacsrc(
    "# Dummy .tacacsrc file.\n\naol_uname_ = xc732xCvl5M=\naol_pwd_ = uJ6J2YMUhao=\n",
    key,
  );
  deepStrictEqual(parsed.credentials.map((c) => [c.realm, c.username, c.password.reveal()]), [
    ["aol", "jschmoe", "abc123"],
  ]);
});

Deno.test("legacy .tacacsrc: files from an independent writer (Python cryptography) import exactly", async () => {
  await using dir = await tempDir();
  const file = `${dir.path}/tacacsrc`;
  const entries: [string, string, string][] = [
    ["aol", "jschmoe", "abc123"],
    ["LONGPWCREDS", "LONGPWCREDS", LONG_200],
    ["MEDIUMPWCREDS", "MEDIUMPWCREDS", LONG_72],
    ["fw1.example.net", "ops", "p@ss w#rd=é€"],
    ["eight", "exactly8", "12345678"],
  ];
  await writeLegacy(file, { keyText: KEY_TEXT, login: "jschmoe", entries, version: "2.0" });
  await Deno.writeTextFile(`${dir.path}/tackf`, KEY_TEXT);
  const parsed = await readLegacyTacacsrc(file, { keyFile: `${dir.path}/tackf`, login: "jschmoe" });
  strictEqual(parsed.version, "2.0");
  deepStrictEqual(parsed.skipped, []);
  deepStrictEqual(
    parsed.credentials.map((c) => [c.realm, c.username, c.password.reveal()]),
    entries,
  );
  // The login name is part of the key: another login cannot read it.
  await rejects(
    readLegacyTacacsrc(file, { keyFile: `${dir.path}/tackf`, login: "someoneelse" }),
    invalid(/line \d+: value does not decrypt to text \(wrong legacy key file, login name/),
  );
});

Deno.test("legacy .tacacsrc: long login names are cut at 48 key characters as the original did", async () => {
  await using dir = await tempDir();
  const file = `${dir.path}/tacacsrc`;
  const keyText = "a key file line that is already long enough";
  await writeLegacy(file, {
    keyText: keyText,
    login: "averyveryverylongloginname",
    entries: [["r", "u", "p"]],
  });
  const key = legacyKeyFromKeyFile(keyText, "averyveryverylongloginname");
  // Only the first 48 characters count, so a login differing past them reads it too.
  deepStrictEqual(key, legacyKeyFromKeyFile(keyText, "averyXXXXXXXXXXXXXXXXXXXXX"));
  const parsed = parseLegacyTacacsrc(await Deno.readTextFile(file), key);
  strictEqual(parsed.credentials[0]?.username, "u");
});

Deno.test("legacy .tacacsrc: passphrase mode (MD5 key)", async () => {
  await using dir = await tempDir();
  const file = `${dir.path}/tacacsrc`;
  await writeLegacy(file, { passphrase: "old secret", entries: [["aol", "jane", "pw"]] });
  const parsed = await readLegacyTacacsrc(file, { passphrase: "old secret" });
  strictEqual(parsed.credentials[0]?.password.reveal(), "pw");
  strictEqual(legacyKeyFromPassphrase("old secret").length, 24);
});

Deno.test("legacy .tacacsrc: wrapped base64, empty password, malformed lines", async (t) => {
  await using dir = await tempDir();
  const key = legacyKeyFromKeyFile(KEY_TEXT, "jschmoe");
  await t.step("base64 wrapped over lines fails (the original's brokenpw test)", async () => {
    const file = `${dir.path}/broken`;
    await writeLegacy(file, {
      keyText: KEY_TEXT,
      login: "jschmoe",
      entries: [["LONGPWCREDS", "LONGPWCREDS", LONG_200]],
      wrap: ["LONGPWCREDS"],
    });
    throws(
      () => parseLegacyTacacsrc(Deno.readTextFileSync(file), key),
      invalid(/line 4: value length is not a multiple of 8 bytes/),
    );
  });
  await t.step("a realm with an empty password is skipped, not imported", async () => {
    const file = `${dir.path}/emptypw`;
    await writeLegacy(file, {
      keyText: KEY_TEXT,
      login: "jschmoe",
      entries: [["EMPTYPW", "someone", ""], ["ok", "u", "p"]],
    });
    const parsed = parseLegacyTacacsrc(await Deno.readTextFile(file), key);
    deepStrictEqual(parsed.skipped, [{ realm: "EMPTYPW", reason: "username without password" }]);
    deepStrictEqual(parsed.credentials.map((c) => c.realm), ["ok"]);
  });
  await t.step("malformed lines name their line number and never the value", () => {
    const cases: [string, RegExp][] = [
      ["a_uname_ = x = y", /line 1: more than one " = "/],
      ["a_passwd_ = xc732xCvl5M=", /line 1: unknown key "a_passwd_"/],
      ["a_b_uname_ = xc732xCvl5M=", /line 1: unknown key/],
      ["a_uname_ = xc732xCvl5M=\na_uname_ = xc732xCvl5M=", /line 2: duplicate key "a_uname_"/],
      ["version = 1.0", /line 1: unsupported version "1.0"/],
      ["a_uname_ = not base64!", /line 1: value is not one-line base64/],
    ];
    for (const [text, expected] of cases) {
      throws(() => parseLegacyTacacsrc(text, key), (e) => {
        ok(!String(e).includes("xc732xCvl5M="), String(e));
        return invalid(expected)(e);
      });
    }
    const ignored = parseLegacyTacacsrc("# c\nno separator here\na_uname_ = \n", key);
    deepStrictEqual(ignored, { credentials: [], skipped: [] });
  });
  await t.step("missing key sources are a clear error", async () => {
    await rejects(
      readLegacyTacacsrc(`${dir.path}/none`),
      (e) => isTriggerError(e, "INVALID_ARGUMENT"),
    );
    await rejects(
      readLegacyTacacsrc(`${dir.path}/none`, { keyFile: `${dir.path}/none`, login: "x" }),
      (e) => isTriggerError(e, "IO_ERROR"),
    );
    throws(() => legacyKeyFromKeyFile("\n", "x"), invalid(/first line is empty/));
  });
});

Deno.test("trigger tacacsrc import-legacy --legacy-passphrase-stdin: a passphrase-mode file from the independent writer", async () => {
  await using dir = await tempDir();
  const file = `${dir.path}/tacacsrc`;
  await writeLegacy(file, {
    passphrase: "old secret",
    entries: [["aol", "jane", "pw-jane"], ["fw1", "ops", "pw-ops"]],
  });
  const store = ["--store", `${dir.path}/s.json`, "--store-keyfile", `${dir.path}/s.key`];
  const r = await tacacsrc(["import-legacy", file, "--legacy-passphrase-stdin", ...store], {
    stdin: "old secret\n",
  });
  strictEqual(r.code, 0, r.stderr);
  ok(!r.stdout.includes("pw-") && !r.stderr.includes("pw-") && !r.stderr.includes("old secret"));
  const s = await CredentialStore.open({
    path: `${dir.path}/s.json`,
    keyFile: `${dir.path}/s.key`,
  });
  strictEqual((await s.get("fw1"))?.password.reveal(), "pw-ops");
  strictEqual((await s.get("aol"))?.username, "jane");
  const wrong = await tacacsrc(["import-legacy", file, "--legacy-passphrase-stdin", ...store], {
    stdin: "not it\n",
  });
  ok(wrong.code !== 0 && wrong.stderr.includes("[CREDENTIALS_INVALID]"), wrong.stderr);
});

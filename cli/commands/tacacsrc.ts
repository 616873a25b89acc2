/**
 * `trigger tacacsrc`: manage the encrypted credential store.
 *
 * ```
 * trigger tacacsrc set [--realm R] --username U [--password-stdin] [--enable-password-stdin]
 *                      [--private-key PATH] [--key-passphrase-stdin]
 * trigger tacacsrc list [--json]
 * trigger tacacsrc remove --realm R
 * trigger tacacsrc rekey (--new-keyfile F | --passphrase-stdin) [--current-passphrase-stdin]
 * trigger tacacsrc import-legacy FILE (--keyfile F [--login NAME] | --legacy-passphrase-stdin)
 *                      [--store-keyfile K] [--force]
 * ```
 *
 * Store options, before or after the subcommand: `--store PATH` (default:
 * the settings' `tacacsrc`: `$TACACSRC` or `~/.tacacsrc.json`), `--keyfile
 * PATH` (default: the settings' `tacacsrcKeyfile`: `$TACACSRC_KEYFILE` or
 * `~/.tacacsrc.key`; created with mode 0600 by the first `set`),
 * `--passphrase-stdin` (the store uses a passphrase instead; also the default
 * when the settings' `tacacsrcUsePassphrase` / `$TACACSRC_USE_PASSPHRASE` is
 * on and no key file is named, as the fleet verbs then do). The default
 * realm is the settings' `defaultRealm` (`$DEFAULT_REALM` or `default`), the
 * same store and realm the fleet verbs read. A legacy `~/.tacacsrc` is never
 * written: while the store does not exist, `set` and `list` name the
 * import command.
 * Two subcommands give them their own meaning, as the original's flags did:
 * for `rekey`, `--keyfile` is the current key file and `--passphrase-stdin`
 * asks for the NEW passphrase (`--current-passphrase-stdin` for the current
 * one); for `import-legacy`, `--keyfile` is the LEGACY key file and
 * `--store-keyfile` the store's.
 *
 * Standard input, when it is not a terminal, gives one value per line in
 * this order: the store passphrase, then the subcommand's values (`set`:
 * password, enable password (optional line; empty or absent means none),
 * key passphrase; `rekey`: new passphrase; `import-legacy`: legacy
 * passphrase). On a terminal every such value is asked with echo off, and
 * `set` asks for the password without `--password-stdin`. Nothing is ever
 * printed that holds a secret.
 *
 * @module
 */
import { resolve } from "node:path";
import { Command } from "commander";
import { err, out, UsageError } from "../_io.ts";
import { SecretInput } from "../_secret_input.ts";
import { TriggerError } from "../../lib/errors.ts";
import {
  type CredentialInput,
  type CredentialStore,
  currentLogin,
  defaultKeyFilePath,
  defaultStorePath,
  readLegacyTacacsrc,
} from "../../lib/credentials/mod.ts";
import { exists } from "../../lib/credentials/_fs.ts";
import {
  merged,
  openStore,
  storeOptions,
  type StoreOpts,
  usesPassphrase,
} from "./_tacacsrc_store.ts";
import { runRekey } from "./_tacacsrc_rekey.ts";

interface SetOpts extends StoreOpts {
  realm?: string;
  username: string;
  passwordStdin?: boolean;
  enablePasswordStdin?: boolean;
  privateKey?: string;
  keyPassphraseStdin?: boolean;
}

async function runSet(sub: Command): Promise<void> {
  const o = merged(sub) as SetOpts;
  const secrets = new SecretInput();
  if (!o.passwordStdin && !secrets.interactive) {
    throw new UsageError(
      "No password given: use --password-stdin (standard input is not a terminal, so it cannot be asked)",
    );
  }
  if (o.keyPassphraseStdin && o.privateKey === undefined) {
    throw new UsageError("--key-passphrase-stdin needs --private-key");
  }
  const store = await openStore(o, secrets, usesPassphrase(o, o.passphraseStdin === true));
  const keyFileBefore = store.keySource === "keyfile" ? await keyFileState(o) : undefined;
  const entry: CredentialInput = {
    username: o.username,
    password:
      (await secrets.next("Password", { confirm: true, optional: o.privateKey !== undefined })) ??
        "",
  };
  const enable = await secrets.next("Enable password", { optional: !o.enablePasswordStdin });
  if (enable !== undefined) entry.enablePassword = enable;
  if (o.privateKey !== undefined) {
    entry.privateKey = resolve(o.privateKey);
    if (!(await exists(entry.privateKey))) {
      err(`warning: private key "${entry.privateKey}" does not exist`);
    }
    if (o.keyPassphraseStdin) entry.privateKeyPassphrase = await secrets.next("Key passphrase");
  }
  secrets.finish();
  const realm = o.realm ?? store.defaultRealm;
  await store.set(realm, entry);
  legacyNote(store);
  if (keyFileBefore && !keyFileBefore.existed) {
    out(`Created key file ${keyFileBefore.path} (mode 0600): back it up, it unlocks the store`);
  }
  out(`Saved credentials for realm "${realm}" (user ${o.username}) in ${store.path}`);
}

async function keyFileState(o: StoreOpts): Promise<{ path: string; existed: boolean }> {
  const path = resolve(o.storeKeyfile ?? o.keyfile ?? defaultKeyFilePath());
  return { path, existed: await exists(path) };
}

async function runList(sub: Command): Promise<void> {
  const o = merged(sub) as StoreOpts & { json?: boolean };
  const secrets = new SecretInput();
  const store = await openStore(o, secrets, usesPassphrase(o, o.passphraseStdin === true));
  secrets.finish();
  const list = await store.list();
  if (o.json) {
    out(JSON.stringify(list, null, 2));
    return;
  }
  if (list.length === 0) {
    out(`No credentials in ${store.path}`);
    legacyNote(store);
    return;
  }
  const rows = [["REALM", "USERNAME", "ENABLE", "PRIVATE KEY", "UPDATED"]];
  for (const s of list) {
    rows.push([
      s.realm,
      s.username,
      s.hasEnablePassword ? "yes" : "no",
      s.privateKey ?? "-",
      s.updatedAt,
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) out(r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd());
}

/** Names the legacy file (left untouched) and the command that imports it. */
function legacyNote(store: CredentialStore): void {
  if (store.legacyFile === undefined) return;
  err(
    `note: a legacy .tacacsrc exists at ${store.legacyFile} (left untouched); import it with: ` +
      `trigger tacacsrc import-legacy ${store.legacyFile} --keyfile <its .tackf key file>`,
  );
}

async function runRemove(sub: Command): Promise<void> {
  const o = merged(sub) as StoreOpts & { realm: string };
  const secrets = new SecretInput();
  const store = await openStore(o, secrets, usesPassphrase(o, o.passphraseStdin === true));
  secrets.finish();
  if (!(await store.remove(o.realm))) {
    throw new TriggerError(
      "CREDENTIALS_MISSING",
      `No credentials for realm "${o.realm}" in ${store.path}`,
    );
  }
  out(`Removed realm "${o.realm}" from ${store.path}`);
}

interface ImportOpts extends StoreOpts {
  login?: string;
  legacyPassphraseStdin?: boolean;
  force?: boolean;
}

async function runImport(file: string, sub: Command): Promise<void> {
  const own = merged(sub) as ImportOpts;
  const legacyKeyFile = own.keyfile;
  if ((legacyKeyFile === undefined) === (own.legacyPassphraseStdin !== true)) {
    throw new UsageError(
      "Give exactly one of --keyfile F (legacy key file) and --legacy-passphrase-stdin",
    );
  }
  const login = own.login ?? currentLogin();
  if (legacyKeyFile !== undefined && !login) {
    throw new UsageError(
      "Cannot tell the login name the file was written under: give --login NAME",
    );
  }
  const o: StoreOpts = { ...own, keyfile: undefined };
  const storePath = resolve(o.store ?? defaultStorePath());
  if (await sameFile(storePath, file)) {
    throw new UsageError(`The store "${storePath}" is the legacy file itself: give --store PATH`);
  }
  const secrets = new SecretInput();
  const store = await openStore(o, secrets, usesPassphrase(o, o.passphraseStdin === true));
  const legacy = await readLegacyTacacsrc(file, {
    keyFile: legacyKeyFile,
    login,
    passphrase: own.legacyPassphraseStdin ? await secrets.next("Legacy passphrase") : undefined,
  });
  secrets.finish();
  if (legacy.credentials.length === 0 && legacy.skipped.length === 0) {
    // A file with no realm line at all (not a .tacacsrc, or an empty one) imports nothing:
    // saying "Imported 0 realm(s)" with success would hide a wrong path or a damaged file.
    throw new TriggerError(
      "CREDENTIALS_INVALID",
      `Cannot import "${resolve(file)}": no realm in it (a legacy .tacacsrc has ` +
        `"<realm>_uname_ = ..." and "<realm>_pwd_ = ..." lines); nothing was imported`,
    );
  }
  let skipped = legacy.skipped.length;
  let imported = 0;
  for (const s of legacy.skipped) err(`Skipped realm "${s.realm}": ${s.reason}`);
  for (const c of legacy.credentials) {
    if (!own.force && (await store.get(c.realm)) !== undefined) {
      err(`Skipped realm "${c.realm}": already in the store (use --force to replace it)`);
      skipped++;
      continue;
    }
    await store.set(c.realm, { username: c.username, password: c.password });
    out(`Imported realm "${c.realm}" (user ${c.username})`);
    imported++;
  }
  out(`Imported ${imported} realm(s) into ${store.path}`);
  if (store.defaultRealm !== "aol" && legacy.credentials.some((c) => c.realm === "aol")) {
    err(
      `note: "aol" was the original's default realm; devices that name no realm use ` +
        `"${store.defaultRealm}": set DEFAULT_REALM=aol (or "defaultRealm" in the settings) ` +
        `to keep using it`,
    );
  }
  if (skipped > 0) Deno.exitCode = 1;
}

async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [x, y] = await Promise.all([Deno.stat(a), Deno.stat(b)]);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return resolve(a) === resolve(b);
  }
}

/**
 * Builds the `tacacsrc` verb.
 *
 * @returns The configured command.
 */
export function command(): Command {
  // Settings set here are inherited by the subcommands created below.
  const cmd = storeOptions(new Command("tacacsrc"))
    .description("Manage the encrypted credential store (per-realm usernames and passwords)")
    .configureHelp({ showGlobalOptions: true })
    .exitOverride();

  cmd.command("set")
    .description("Store credentials for a realm")
    .option(
      "--realm <realm>",
      "realm (a general name or a device name; default: settings defaultRealm)",
    )
    .requiredOption("--username <name>", "login name")
    .option("--password-stdin", "read the password (and optional enable password line) from stdin")
    .option("--enable-password-stdin", "require the enable password line on stdin")
    .option("--private-key <path>", "SSH private key file to log in with")
    .option("--key-passphrase-stdin", "read the private key's passphrase from stdin")
    .action(async (_o: unknown, sub: Command) => await runSet(sub));

  cmd.command("list")
    .description("List realms and usernames (never passwords)")
    .option("--json", "print JSON")
    .action(async (_o: unknown, sub: Command) => await runList(sub));

  cmd.command("remove")
    .description("Remove a realm's credentials")
    .requiredOption("--realm <realm>", "realm to remove")
    .action(async (_o: unknown, sub: Command) => await runRemove(sub));

  cmd.command("rekey")
    .description("Re-encrypt the store with a new key file or passphrase (--passphrase-stdin)")
    .option("--new-keyfile <path>", "new key file (created with mode 0600 if missing)")
    .option("--current-passphrase-stdin", "the store currently uses a passphrase (read first)")
    .action(async (_o: unknown, sub: Command) => await runRekey(sub));

  cmd.command("import-legacy")
    .description("Import a legacy Trigger .tacacsrc (3DES) into the store (--keyfile: legacy key)")
    .argument("<file>", "the legacy .tacacsrc")
    .option("--login <name>", "login name the file was written under (default: $USER or $LOGNAME)")
    .option(
      "--legacy-passphrase-stdin",
      "the file uses passphrase mode: read the legacy passphrase",
    )
    .option(
      "--store-keyfile <path>",
      "the store's key file (default: settings tacacsrcKeyfile)",
    )
    .option("--force", "replace realms already in the store")
    .action(async (file: string, _o: unknown, sub: Command) => await runImport(file, sub));

  return cmd;
}

/**
 * The credential store as `trigger tacacsrc` opens it: the store options
 * (`--store`, `--keyfile`, `--passphrase-stdin`) shared by its subcommands,
 * and opening with a key file or a passphrase.
 *
 * @module
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import { err, UsageError } from "../_io.ts";
import type { SecretInput } from "../_secret_input.ts";
import { defaultSettings } from "../../lib/settings/mod.ts";
import { exists } from "../../lib/credentials/_fs.ts";
import {
  CredentialStore,
  defaultKeyFilePath,
  defaultStorePath,
} from "../../lib/credentials/mod.ts";

/** The store options, as merged from `tacacsrc` and its subcommand. */
export interface StoreOpts {
  store?: string | undefined;
  keyfile?: string | undefined;
  storeKeyfile?: string | undefined;
  passphraseStdin?: boolean | undefined;
  currentPassphraseStdin?: boolean | undefined;
}

/** Adds the store options to a command. */
export function storeOptions(cmd: Command): Command {
  return cmd
    .option(
      "--store <path>",
      "credential store file (default: settings tacacsrc: $TACACSRC or ~/.tacacsrc.json)",
    )
    .option(
      "--keyfile <path>",
      "store key file (default: settings tacacsrcKeyfile: $TACACSRC_KEYFILE or " +
        "~/.tacacsrc.key); " +
        "for import-legacy: the legacy key file",
    )
    .option(
      "--passphrase-stdin",
      "the store uses a passphrase, from stdin's first line (or asked); " +
        "for rekey: the new passphrase",
    );
}

/** Parent options first, the subcommand's override them. */
export function merged(sub: Command): StoreOpts {
  return { ...(sub.parent?.opts() ?? {}), ...sub.opts() } as StoreOpts;
}

/**
 * Whether the store is opened with a passphrase: the flag says so, or the
 * settings do (`TACACSRC_USE_PASSPHRASE`) and no key file was named.
 */
export function usesPassphrase(o: StoreOpts, flag: boolean): boolean {
  if (flag) return true;
  const keyFile = o.storeKeyfile ?? o.keyfile;
  return keyFile === undefined && defaultSettings().tacacsrcUsePassphrase;
}

/** Opens the store with its key file, or with a passphrase read from `secrets`. */
export async function openStore(o: StoreOpts, secrets: SecretInput, usePassphrase: boolean) {
  const path = resolve(o.store ?? defaultStorePath());
  const keyFile = o.storeKeyfile ?? o.keyfile;
  const onWarning = (m: string) => err(`warning: ${m}`);
  if (!usePassphrase) {
    const k = resolve(keyFile ?? defaultKeyFilePath());
    return await CredentialStore.open({ path, keyFile: k, onWarning });
  }
  if (keyFile !== undefined) throw new UsageError("Give either a store key file or a passphrase");
  const isNew = !(await exists(path));
  const passphrase = await secrets.next("Store passphrase", { confirm: isNew });
  return await CredentialStore.open({ path, passphrase: passphrase!, onWarning });
}

/**
 * Opens the credential store the way the settings say, for every verb that
 * reads credentials: with the key file, or (`TACACSRC_USE_PASSPHRASE`, as in
 * the original Trigger) with a passphrase asked on the terminal.
 *
 * @module
 */
import { askHidden, canPrompt } from "./_secret_input.ts";
import { err } from "./_io.ts";
import type { Settings } from "../lib/settings/mod.ts";
import { CredentialStore, defaultKeyFilePath, defaultStorePath } from "../lib/credentials/mod.ts";
import { TriggerError } from "../lib/errors.ts";

/** Test seam: how the passphrase is asked (a hidden terminal prompt). */
export interface StorePassphraseSource {
  /** Whether a person can be asked. */
  canAsk(): boolean;
  /** Asks with echo off. */
  ask(message: string): Promise<string>;
}

const TERMINAL: StorePassphraseSource = { canAsk: canPrompt, ask: askHidden };

/**
 * Opens the settings' credential store.
 *
 * @throws {TriggerError} `SETTINGS_INVALID` for `USE_GPG_AUTH` (not
 *   supported), `CREDENTIALS_MISSING` when the store uses a passphrase and
 *   nobody can be asked, and the errors of `CredentialStore.open`.
 */
export async function openSettingsStore(
  settings: Settings,
  source: StorePassphraseSource = TERMINAL,
): Promise<CredentialStore> {
  if (settings.useGpgAuth) {
    throw new TriggerError(
      "SETTINGS_INVALID",
      "USE_GPG_AUTH is set, and GPG-encrypted credentials are not supported: the store is " +
        "AES-256-GCM with a key file, or with a passphrase (TACACSRC_USE_PASSPHRASE)",
    );
  }
  const path = defaultStorePath(settings);
  const onWarning = (m: string) => err(`warning: ${m}`);
  if (!settings.tacacsrcUsePassphrase) {
    return await CredentialStore.open({ path, keyFile: defaultKeyFilePath(settings), onWarning });
  }
  if (!source.canAsk()) {
    throw new TriggerError(
      "CREDENTIALS_MISSING",
      `The credential store ${path} uses a passphrase (TACACSRC_USE_PASSPHRASE) and standard ` +
        "input is not a terminal to ask for it",
    );
  }
  const passphrase = await source.ask(`Passphrase of the credential store ${path}:`);
  return await CredentialStore.open({ path, passphrase, onWarning });
}

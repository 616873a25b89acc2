/**
 * Opens the credential store the way the settings say, for every verb that
 * reads credentials, asking a passphrase on the terminal when the store
 * uses one (`TACACSRC_USE_PASSPHRASE`, as in the original Trigger).
 *
 * @module
 */
import { askHidden, canPrompt } from "./_secret_input.ts";
import { err } from "./_io.ts";
import type { Settings } from "../lib/settings/mod.ts";
import type { CredentialStore } from "../lib/credentials/mod.ts";
import { openCredentialStore } from "../lib/resources/mod.ts";

/** Test seam: how the passphrase is asked (a hidden terminal prompt). */
export interface StorePassphraseSource {
  /** Whether a person can be asked. */
  canAsk(): boolean;
  /** Asks with echo off. */
  ask(message: string): Promise<string>;
}

const TERMINAL: StorePassphraseSource = { canAsk: canPrompt, ask: askHidden };

/**
 * Opens the settings' credential store ({@linkcode openCredentialStore}),
 * with the terminal as the passphrase asker when there is one.
 *
 * @throws {TriggerError} As {@linkcode openCredentialStore}.
 */
export async function openSettingsStore(
  settings: Settings,
  source: StorePassphraseSource = TERMINAL,
): Promise<CredentialStore> {
  return await openCredentialStore(settings, {
    askPassphrase: source.canAsk() ? (message) => source.ask(message) : undefined,
    onWarning: (m) => err(`warning: ${m}`),
  });
}

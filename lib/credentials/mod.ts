/**
 * The encrypted credential store: per-realm usernames, passwords, enable
 * passwords and SSH keys in one AES-256-GCM file, with a key file or a
 * passphrase; {@linkcode Secret} keeps passwords out of logs; legacy
 * `.tacacsrc` files can be imported.
 *
 * @module
 */
export { REDACTED, Secret } from "./secret.ts";
export { maskSecrets } from "./mask.ts";
export type { CredentialInput, Credentials, CredentialSummary } from "./entry.ts";
export { validateRealm } from "./entry.ts";
export { createKeyFile, KEY_LENGTH, readKeyFile } from "./key_file.ts";
export { DEFAULT_REALM, defaultKeyFilePath, defaultStorePath } from "./defaults.ts";
export { CredentialStore, type CredentialStoreOptions } from "./credential_store.ts";
export { DEFAULT_SCRYPT_PARAMS, type KeySource, type ScryptParams } from "./key_source.ts";
export {
  type CredentialDevice,
  type CredentialPrompt,
  type CredentialPromptRequest,
  credentialResolver,
  type CredentialResolverOptions,
  type DeviceCredentialResolver,
  type DeviceCredentials,
  resolveCredentials,
  type ResolveCredentialsOptions,
} from "./resolve.ts";
export {
  currentLogin,
  type LegacyCredential,
  legacyKeyFromKeyFile,
  legacyKeyFromPassphrase,
  type LegacySkipped,
  type LegacyTacacsrc,
  parseLegacyTacacsrc,
  readLegacyTacacsrc,
  type ReadLegacyTacacsrcOptions,
} from "./legacy_tacacsrc.ts";
export { CredentialsMissingError, LegacyStoreError } from "./errors.ts";

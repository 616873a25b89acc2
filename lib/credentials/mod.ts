/**
 * The encrypted credential store: per-realm usernames, passwords, enable
 * passwords and SSH keys in one AES-256-GCM file, with a key file or a
 * passphrase; {@linkcode Secret} keeps passwords out of logs; legacy
 * `.tacacsrc` files can be imported.
 *
 * @module
 */
export * from "./secret.ts";
export * from "./entry.ts";
export * from "./key_file.ts";
export * from "./defaults.ts";
export * from "./credential_store.ts";
export * from "./resolve.ts";
export * from "./legacy_tacacsrc.ts";

/**
 * The shapes of credential entries: what callers store
 * ({@linkcode CredentialInput}), what they get back
 * ({@linkcode Credentials}), and what listings show
 * ({@linkcode CredentialSummary}, no secrets).
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import { Secret } from "./secret.ts";

/**
 * What to store for a realm. Secret fields take a string or a {@linkcode Secret}.
 *
 * @example Plain strings or Secrets
 * ```ts
 * import { type CredentialInput, Secret } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * const entry: CredentialInput = { username: "ops", password: new Secret("pw"), enablePassword: "en" };
 * strictEqual(entry.username, "ops");
 * ```
 */
export interface CredentialInput {
  /** The login name. */
  username: string;
  /** The login password (may be empty only when `privateKey` is given). */
  password: string | Secret;
  /**
   * The enable (privileged mode) password.
   *
   * @default {undefined}
   */
  enablePassword?: string | Secret | undefined;
  /**
   * Path of an SSH private key file to log in with.
   *
   * @default {undefined}
   */
  privateKey?: string | undefined;
  /**
   * The passphrase of `privateKey`.
   *
   * @default {undefined}
   */
  privateKeyPassphrase?: string | Secret | undefined;
}

/**
 * Credentials for one realm, as returned by the store: secrets are
 * {@linkcode Secret}s.
 *
 * @example Reveal only at the point of use
 * ```ts
 * import { type Credentials, Secret } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * const c: Credentials = {
 *   realm: "lab",
 *   username: "ops",
 *   password: new Secret("pw"),
 *   updatedAt: new Date(0).toISOString(),
 * };
 * strictEqual(JSON.stringify(c).includes("pw\""), false);
 * strictEqual(c.password.reveal(), "pw");
 * ```
 */
export interface Credentials {
  /** The realm (a general name such as `default`, or a device name). */
  realm: string;
  /** The login name. */
  username: string;
  /** The login password. */
  password: Secret;
  /** The enable password, if stored. */
  enablePassword?: Secret;
  /** Path of an SSH private key file, if stored. */
  privateKey?: string;
  /** The private key's passphrase, if stored. */
  privateKeyPassphrase?: Secret;
  /** When the entry was last written (ISO 8601). */
  updatedAt: string;
}

/**
 * One realm in a listing: everything but the secrets.
 *
 * @example No secret fields at all
 * ```ts
 * import type { CredentialSummary } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * const s: CredentialSummary = {
 *   realm: "lab",
 *   username: "ops",
 *   hasEnablePassword: true,
 *   hasPrivateKeyPassphrase: false,
 *   updatedAt: new Date(0).toISOString(),
 * };
 * strictEqual("password" in s, false);
 * ```
 */
export interface CredentialSummary {
  /** The realm. */
  realm: string;
  /** The login name. */
  username: string;
  /** Whether an enable password is stored. */
  hasEnablePassword: boolean;
  /** Path of the SSH private key file, if any. */
  privateKey?: string;
  /** Whether a private key passphrase is stored. */
  hasPrivateKeyPassphrase: boolean;
  /** When the entry was last written (ISO 8601). */
  updatedAt: string;
}

/** The plaintext form of one entry inside the encrypted payload. */
export interface StoredEntry {
  username: string;
  password: string;
  enablePassword?: string;
  privateKey?: string;
  privateKeyPassphrase?: string;
  updatedAt: string;
}

// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Checks a realm name: 1 to 255 characters, no spaces or control
 * characters (a realm may be a host name or an IPv6 address).
 *
 * @param realm The realm name to check.
 * @returns The same name.
 * @throws {TriggerError} `INVALID_ARGUMENT` if the name is not acceptable.
 *
 * @example Accept host names, refuse spaces
 * ```ts
 * import { validateRealm } from "@trigger/trigger/credentials";
 * import { isTriggerError } from "@trigger/trigger/errors";
 * import { strictEqual, throws } from "node:assert/strict";
 *
 * strictEqual(validateRealm("fw1.example.net"), "fw1.example.net");
 * throws(() => validateRealm("two words"), (e) => isTriggerError(e, "INVALID_ARGUMENT"));
 * ```
 */
export function validateRealm(realm: string): string {
  if (
    typeof realm !== "string" || realm.length === 0 || realm.length > 255 || /\s/.test(realm) ||
    CONTROL.test(realm)
  ) {
    throw new TriggerError(
      "INVALID_ARGUMENT",
      `Cannot use realm ${JSON.stringify(String(realm).slice(0, 60))}: ` +
        "expected 1 to 255 characters without spaces or control characters",
    );
  }
  return realm;
}

/** Validates an input and turns it into its stored form (never echoes secrets). */
export function toStored(realm: string, input: CredentialInput, now: Date): StoredEntry {
  const bad = (why: string) =>
    new TriggerError("INVALID_ARGUMENT", `Cannot store credentials for realm "${realm}": ${why}`);
  if (typeof input !== "object" || input === null) throw bad("expected an object");
  const { username, privateKey } = input;
  if (typeof username !== "string" || username === "" || CONTROL.test(username)) {
    throw bad("username must be a non-empty string without control characters");
  }
  const password = secretText(input.password, "password", bad);
  if (password === undefined) throw bad("password is required");
  if (privateKey !== undefined && (typeof privateKey !== "string" || privateKey === "")) {
    throw bad("privateKey must be a non-empty path");
  }
  if (password === "" && privateKey === undefined) {
    throw bad("password must not be empty (unless a private key is given)");
  }
  const entry: StoredEntry = { username, password, updatedAt: now.toISOString() };
  const enable = secretText(input.enablePassword, "enablePassword", bad);
  if (enable !== undefined && enable !== "") entry.enablePassword = enable;
  if (privateKey !== undefined) entry.privateKey = privateKey;
  const keyPass = secretText(input.privateKeyPassphrase, "privateKeyPassphrase", bad);
  if (keyPass !== undefined && keyPass !== "") {
    if (privateKey === undefined) throw bad("privateKeyPassphrase needs privateKey");
    entry.privateKeyPassphrase = keyPass;
  }
  return entry;
}

function secretText(
  value: unknown,
  field: string,
  bad: (why: string) => TriggerError,
): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Secret) return value.reveal();
  if (typeof value === "string") return value;
  throw bad(`${field} must be a string or a Secret`);
}

/** Validates one decrypted entry; a bad one means a damaged or foreign payload. */
export function parseStored(value: unknown): StoredEntry | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const optional = ["enablePassword", "privateKey", "privateKeyPassphrase"];
  if (typeof v.username !== "string" || typeof v.password !== "string") return undefined;
  if (typeof v.updatedAt !== "string") return undefined;
  for (const k of optional) if (v[k] !== undefined && typeof v[k] !== "string") return undefined;
  return v as unknown as StoredEntry;
}

/** The public form of a stored entry, secrets wrapped. */
export function toCredentials(realm: string, e: StoredEntry): Credentials {
  const out: Credentials = {
    realm,
    username: e.username,
    password: new Secret(e.password),
    updatedAt: e.updatedAt,
  };
  if (e.enablePassword !== undefined) out.enablePassword = new Secret(e.enablePassword);
  if (e.privateKey !== undefined) out.privateKey = e.privateKey;
  if (e.privateKeyPassphrase !== undefined) {
    out.privateKeyPassphrase = new Secret(e.privateKeyPassphrase);
  }
  return out;
}

/** The listing form of a stored entry. */
export function toSummary(realm: string, e: StoredEntry): CredentialSummary {
  const out: CredentialSummary = {
    realm,
    username: e.username,
    hasEnablePassword: e.enablePassword !== undefined,
    hasPrivateKeyPassphrase: e.privateKeyPassphrase !== undefined,
    updatedAt: e.updatedAt,
  };
  if (e.privateKey !== undefined) out.privateKey = e.privateKey;
  return out;
}

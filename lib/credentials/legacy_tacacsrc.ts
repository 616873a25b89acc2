/**
 * Reading the original Trigger's `.tacacsrc` (3DES-ECB, key from a shared
 * key file mixed with the login name), to import it into a
 * {@linkcode CredentialStore}. Read-only on purpose: that format is
 * obfuscation, not encryption, and nothing here writes it.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { createDecipheriv, createHash } from "node:crypto";
import { userInfo } from "node:os";
import { TriggerError } from "../errors.ts";
import { Secret } from "./secret.ts";

/**
 * One realm read from a legacy file.
 *
 * @example Read from the original's test vector
 * ```ts
 * import {
 *   type LegacyCredential,
 *   legacyKeyFromKeyFile,
 *   parseLegacyTacacsrc,
 * } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * const key = legacyKeyFromKeyFile("pizza rules the planet", "jschmoe");
 * const text = "aol_uname_ = xc732xCvl5M=\naol_pwd_ = uJ6J2YMUhao=\n";
 * const [first]: LegacyCredential[] = parseLegacyTacacsrc(text, key).credentials;
 * strictEqual(first?.username, "jschmoe");
 * ```
 */
export interface LegacyCredential {
  /** The realm. */
  realm: string;
  /** The login name. */
  username: string;
  /** The password. */
  password: Secret;
}

/**
 * A realm that could not be imported, and why.
 *
 * @example Read from the original's test vector
 * ```ts
 * import {
 *   legacyKeyFromKeyFile,
 *   type LegacySkipped,
 *   parseLegacyTacacsrc,
 * } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * const key = legacyKeyFromKeyFile("pizza rules the planet", "jschmoe");
 * const skipped: LegacySkipped[] = parseLegacyTacacsrc("aol_uname_ = xc732xCvl5M=\n", key).skipped;
 * strictEqual(skipped[0]?.reason, "username without password");
 * ```
 */
export interface LegacySkipped {
  /** The realm. */
  realm: string;
  /** Why it was skipped (never contains a secret). */
  reason: string;
}

/**
 * What {@linkcode parseLegacyTacacsrc} found.
 *
 * @example Read from the original's test vector
 * ```ts
 * import {
 *   legacyKeyFromKeyFile,
 *   type LegacyTacacsrc,
 *   parseLegacyTacacsrc,
 * } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * const key = legacyKeyFromKeyFile("pizza rules the planet", "jschmoe");
 * const found: LegacyTacacsrc = parseLegacyTacacsrc("version = 2.0\n", key);
 * strictEqual(found.version, "2.0");
 * ```
 */
export interface LegacyTacacsrc {
  /** Complete realms, in file order. */
  credentials: LegacyCredential[];
  /** Realms without a password, or a password without a username. */
  skipped: LegacySkipped[];
  /** The `version = ...` value, if the file had one. */
  version?: string;
}

/**
 * Returns the current login name: `$USER`, then `$LOGNAME`, then the
 * operating system's user record.
 *
 * @returns The login name, or `undefined` if none can be found.
 *
 * @example A string or undefined, never a crash
 * ```ts
 * import { currentLogin } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * const login = currentLogin();
 * strictEqual(login === undefined || login.length > 0, true);
 * ```
 */
export function currentLogin(): string | undefined {
  const fromEnv = envVar("USER") ?? envVar("LOGNAME");
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Derives the legacy 24-byte 3DES key from key-file text and a login name:
 * first line (whitespace stripped) + login + newline, space-padded and cut
 * to 48 characters, then packed two characters per byte the way Perl's
 * `pack("H*")` treats any character (letters: (index + 10) & 0xF; others:
 * code point & 0xF).
 *
 * @param keyFileText The legacy key file's contents.
 * @param login The Unix login name the file was written under.
 * @returns The 24 key bytes.
 * @throws {TriggerError} `CREDENTIALS_INVALID` if the first line is empty.
 *
 * @example Letters past "f" wrap around
 * ```ts
 * import { legacyKeyFromKeyFile } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * const key = legacyKeyFromKeyFile("pizza rules the planet\n", "jschmoe");
 * strictEqual(key.length, 24);
 * strictEqual(key[0], 0x92); // "p" -> 9, "i" -> 2
 * ```
 */
export function legacyKeyFromKeyFile(keyFileText: string, login: string): Uint8Array {
  const first = keyFileText.split("\n", 1)[0]!.trim();
  if (first === "") {
    throw new TriggerError(
      "CREDENTIALS_INVALID",
      "Cannot use legacy key file: its first line is empty",
    );
  }
  const chars = [...(first + login + "\n" + " ".repeat(48))].slice(0, 48);
  const key = new Uint8Array(24);
  for (let i = 0; i < 24; i++) key[i] = (nibble(chars[2 * i]!) << 4) | nibble(chars[2 * i + 1]!);
  return key;
}

function nibble(c: string): number {
  const code = c.codePointAt(0)!;
  if (c >= "a" && c <= "z") return (code - 97 + 10) & 0xf;
  if (c >= "A" && c <= "Z") return (code - 65 + 10) & 0xf;
  return code & 0xf;
}

/**
 * Derives the legacy key of passphrase mode (`TACACSRC_USE_PASSPHRASE`):
 * the first 24 hexadecimal characters of MD5(passphrase), as ASCII bytes.
 *
 * @param passphrase The legacy `TACACSRC_PASSPHRASE`.
 * @returns The 24 key bytes.
 *
 * @example 24 ASCII hex digits
 * ```ts
 * import { legacyKeyFromPassphrase } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * const key = legacyKeyFromPassphrase("secret");
 * strictEqual(new TextDecoder().decode(key), "5ebe2294ecd0e0f08eab7690");
 * ```
 */
export function legacyKeyFromPassphrase(passphrase: string | Secret): Uint8Array {
  const text = Secret.from(passphrase).reveal();
  const hex = createHash("md5").update(text, "utf8").digest("hex").slice(0, 24);
  return new TextEncoder().encode(hex);
}

/**
 * Parses and decrypts a legacy `.tacacsrc`. Follows the original's rules:
 * `#` lines and blanks skipped, at most one ` = ` per line, lines without a
 * value ignored, keys `<realm>_uname_` / `<realm>_pwd_`, duplicates and
 * unknown keys refused, `version` must be `2.0`. A realm with a username but
 * no password is reported in `skipped` (the original prompted for it).
 *
 * @param text The file's contents.
 * @param key The 24-byte key ({@linkcode legacyKeyFromKeyFile} or
 *   {@linkcode legacyKeyFromPassphrase}).
 * @returns The realms found.
 * @throws {TriggerError} `CREDENTIALS_INVALID` for a malformed line, a bad
 *   version, or a value that does not decrypt (base64 wrapped over lines,
 *   wrong length), with the line number but never the value.
 *
 * @example Nothing but comments
 * ```ts
 * import { legacyKeyFromKeyFile, parseLegacyTacacsrc } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * const key = legacyKeyFromKeyFile("key text", "jschmoe");
 * const parsed = parseLegacyTacacsrc("# Saved by trigger.tacacsrc\n\nversion = 2.0\n", key);
 * strictEqual(parsed.credentials.length, 0);
 * strictEqual(parsed.version, "2.0");
 * ```
 */
export function parseLegacyTacacsrc(text: string, key: Uint8Array): LegacyTacacsrc {
  if (key.length !== 24) throw new TypeError("A legacy .tacacsrc key is 24 bytes");
  const values = new Map<string, { uname?: string; pwd?: string }>();
  const result: LegacyTacacsrc = { credentials: [], skipped: [] };
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const bad = (why: string) =>
      new TriggerError(
        "CREDENTIALS_INVALID",
        `Cannot parse legacy .tacacsrc line ${lineNo}: ${why}`,
      );
    const line = lines[i]!.trim();
    if (line === "" || line.startsWith("#")) continue;
    const parts = line.split(" = ");
    if (parts.length > 2) throw bad('more than one " = "');
    const [name, value = ""] = parts as [string, string?];
    if (value === "") continue;
    if (name === "version") {
      if (value !== "2.0") throw bad(`unsupported version ${JSON.stringify(value)} (expected 2.0)`);
      result.version = value;
      continue;
    }
    const tokens = name.split("_");
    const [realm, token, end] = tokens;
    if (
      tokens.length !== 3 || end !== "" || realm === "" || (token !== "uname" && token !== "pwd")
    ) {
      throw bad(`unknown key ${JSON.stringify(name.slice(0, 80))}`);
    }
    const slot = values.get(realm!) ?? {};
    if (slot[token] !== undefined) throw bad(`duplicate key ${JSON.stringify(name)}`);
    slot[token] = decryptValue(value, key, token === "uname", bad);
    values.set(realm!, slot);
  }
  for (const [realm, { uname, pwd }] of values) {
    if (uname === undefined) result.skipped.push({ realm, reason: "password without username" });
    else if (!pwd) result.skipped.push({ realm, reason: "username without password" });
    else result.credentials.push({ realm, username: uname, password: new Secret(pwd) });
  }
  return result;
}

/**
 * Decrypts one value. The legacy format has no integrity check, so a wrong
 * key file or login gives random bytes: text that is not UTF-8 (usernames)
 * or holds control characters is refused rather than imported.
 */
function decryptValue(
  value: string,
  key: Uint8Array,
  strictUtf8: boolean,
  bad: (why: string) => TriggerError,
): string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) {
    throw bad("value is not one-line base64");
  }
  const ct = Buffer.from(value, "base64");
  if (ct.length === 0 || ct.length % 8 !== 0) {
    throw bad("value length is not a multiple of 8 bytes");
  }
  // Node's des-ede3 (ECB) is missing in Deno; CBC with a zero IV, minus the
  // chaining (XOR with the previous ciphertext block), is the same thing.
  const decipher = createDecipheriv("des-ede3-cbc", key, new Uint8Array(8));
  decipher.setAutoPadding(false);
  const pt = Buffer.concat([decipher.update(ct), decipher.final()]);
  for (let i = 8; i < pt.length; i++) pt[i]! ^= ct[i - 8]!;
  let end = pt.length;
  while (end > 0 && pt[end - 1] === 0x20) end--;
  const bytes = pt.subarray(0, end);
  let out: string | undefined;
  try {
    out = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    out = strictUtf8 ? undefined : bytes.toString("latin1");
  }
  pt.fill(0);
  if (out === undefined || CONTROL.test(out)) {
    throw bad("value does not decrypt to text (wrong legacy key file, login name or passphrase?)");
  }
  return out;
}

// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Options for {@linkcode readLegacyTacacsrc}.
 *
 * @example Key file and login
 * ```ts
 * import type { ReadLegacyTacacsrcOptions } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * const options: ReadLegacyTacacsrcOptions = { keyFile: "/etc/trigger/.tackf", login: "jschmoe" };
 * strictEqual(options.passphrase, undefined);
 * ```
 */
export interface ReadLegacyTacacsrcOptions {
  /**
   * The legacy key file (`TACACSRC_KEYFILE`, originally `/etc/trigger/.tackf`).
   *
   * @default {undefined}
   */
  keyFile?: string | undefined;
  /**
   * The legacy passphrase, for files written in passphrase mode (instead of `keyFile`).
   *
   * @default {undefined}
   */
  passphrase?: string | Secret | undefined;
  /**
   * The login name the file was written under (mixed into the key).
   *
   * @default {"$USER, $LOGNAME, or the OS user name"}
   */
  login?: string | undefined;
}

/**
 * Reads and decrypts a legacy `.tacacsrc` file.
 *
 * @param path The legacy file.
 * @param options The key file (or passphrase) and login name.
 * @returns The realms found.
 * @throws {TriggerError} `IO_ERROR` if a file cannot be read,
 *   `INVALID_ARGUMENT` if neither key source (or no login) is known, and the
 *   errors of {@linkcode parseLegacyTacacsrc}.
 *
 * @example Missing key source
 * ```ts
 * import { readLegacyTacacsrc } from "@trigger/trigger/credentials";
 * import { isTriggerError } from "@trigger/trigger/errors";
 * import { rejects } from "node:assert/strict";
 *
 * await rejects(readLegacyTacacsrc("/nonexistent"), (e) => isTriggerError(e, "INVALID_ARGUMENT"));
 * ```
 */
export async function readLegacyTacacsrc(
  path: string,
  options: ReadLegacyTacacsrcOptions = {},
): Promise<LegacyTacacsrc> {
  const { keyFile, passphrase, login = currentLogin() } = options;
  let key: Uint8Array;
  if (passphrase !== undefined) {
    key = legacyKeyFromPassphrase(passphrase);
  } else if (keyFile !== undefined) {
    if (!login) {
      throw new TriggerError(
        "INVALID_ARGUMENT",
        "Cannot derive the legacy key: no login name (USER and LOGNAME are unset); give one",
      );
    }
    key = legacyKeyFromKeyFile(await readText(keyFile, "legacy key file"), login);
  } else {
    throw new TriggerError(
      "INVALID_ARGUMENT",
      "Cannot read a legacy .tacacsrc without its key file",
    );
  }
  try {
    return parseLegacyTacacsrc(await readText(path, "legacy .tacacsrc"), key);
  } finally {
    key.fill(0);
  }
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new TriggerError("IO_ERROR", `Cannot read ${what} "${path}": ${why}`, { cause: e });
  }
}

/** Reads an environment variable; empty or unreadable counts as unset. */
function envVar(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined;
  }
}

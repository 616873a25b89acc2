/**
 * The store's on-disk envelope (format version 2) and its AES-256-GCM
 * sealing. Private: the public surface is `CredentialStore`.
 *
 * ```json
 * {
 *   "format": "trigger-credentials",
 *   "version": 2,
 *   "cipher": "AES-256-GCM",
 *   "kdf": { "name": "keyfile" },
 *   "generation": 7,
 *   "nonce": "<12 bytes, base64>",
 *   "ciphertext": "<ciphertext and 16-byte tag, base64>"
 * }
 * ```
 *
 * With a passphrase, `kdf` is `{ "name": "scrypt", "salt": "<16 bytes,
 * base64>", "N": 131072, "r": 8, "p": 1 }`. `generation` grows by one with
 * every write, so an older copy put back in place can be told from the
 * current one. The additional authenticated data is a canonical JSON of every
 * field except `ciphertext`, so changing any header field (kdf parameters,
 * salt, nonce, version, generation) fails decryption. Version 1 files (no
 * generation: read as generation 0) are read, and written back as version 2.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { scrypt } from "node:crypto";
import { TriggerError } from "../errors.ts";
import { LegacyStoreError } from "./errors.ts";

export const FORMAT = "trigger-credentials" as const;
export const FORMAT_VERSION = 2 as const;
export const CIPHER = "AES-256-GCM" as const;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const SALT_BYTES = 16;

/** scrypt cost parameters (see {@linkcode ScryptParams} in the store). */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** How the key was obtained, as written in the header. */
export type KdfHeader =
  | { name: "keyfile" }
  | { name: "scrypt"; salt: string; N: number; r: number; p: number };

/** The parsed file. */
export interface Envelope {
  format: typeof FORMAT;
  /** 1 (read only) or 2. */
  version: 1 | typeof FORMAT_VERSION;
  cipher: typeof CIPHER;
  kdf: KdfHeader;
  /** Writes so far (0 for a version 1 file). */
  generation: number;
  nonce: string;
  ciphertext: string;
}

const ENVELOPE_KEYS_V1 = ["format", "version", "cipher", "kdf", "nonce", "ciphertext"];
const ENVELOPE_KEYS = [...ENVELOPE_KEYS_V1, "generation"];

/** scrypt needs 128*N*r bytes: at most 1 GiB. */
const MAX_N_TIMES_R = 2 ** 23;

/** Upper bounds on scrypt costs read from a file (a hostile header must not hang us). */
const MAX_COST: ScryptCost = { N: 2 ** 20, r: 32, p: 16 };

/** Throws a `RangeError` unless the parameters are sane scrypt costs. */
export function checkCost(cost: ScryptCost): void {
  const { N, r, p } = cost;
  const pow2 = Number.isInteger(N) && N >= 2 && (N & (N - 1)) === 0;
  if (!pow2 || N > MAX_COST.N) throw new RangeError(`scrypt N must be a power of 2 up to 2^20`);
  if (!Number.isInteger(r) || r < 1 || r > MAX_COST.r) {
    throw new RangeError("scrypt r out of range");
  }
  if (!Number.isInteger(p) || p < 1 || p > MAX_COST.p) {
    throw new RangeError("scrypt p out of range");
  }
  if (N * r > MAX_N_TIMES_R) throw new RangeError("scrypt N*r needs more than 1 GiB of memory");
}

/** Returns a fresh scrypt header with a random salt. */
export function newScryptHeader(cost: ScryptCost): KdfHeader {
  checkCost(cost);
  const salt = b64(crypto.getRandomValues(new Uint8Array(SALT_BYTES)));
  return { name: "scrypt", salt, N: cost.N, r: cost.r, p: cost.p };
}

/** Derives 32 key bytes from a passphrase with the header's salt and costs. */
export function deriveScrypt(
  passphrase: string,
  kdf: Extract<KdfHeader, { name: "scrypt" }>,
): Promise<Uint8Array> {
  const { N, r, p } = kdf;
  const maxmem = 128 * r * (N + p + 2) + 64 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize("NFC"), unb64(kdf.salt), 32, { N, r, p, maxmem }, (e, key) => {
      if (e) {
        reject(
          new TriggerError("CREDENTIALS_INVALID", "Cannot derive the store key", {
            cause: e,
          }),
        );
      } else resolve(new Uint8Array(key));
    });
  });
}

/** Imports 32 raw bytes as an AES-GCM key. */
export function importAesKey(raw: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", raw as Uint8Array<ArrayBuffer>, "AES-GCM", false, [
    "encrypt",
    "decrypt",
  ]);
}

/** The additional authenticated data: every header field in a fixed order. */
export function headerAad(env: Omit<Envelope, "ciphertext">): Uint8Array<ArrayBuffer> {
  const kdf = env.kdf.name === "scrypt"
    ? { name: "scrypt", salt: env.kdf.salt, N: env.kdf.N, r: env.kdf.r, p: env.kdf.p }
    : { name: env.kdf.name };
  const canonical: unknown[] = [env.format, env.version, env.cipher, kdf, env.nonce];
  if (env.version !== 1) canonical.push(env.generation);
  return new TextEncoder().encode(JSON.stringify(canonical));
}

/** Encrypts a payload under a key with a fresh nonce, as the given generation. */
export async function seal(
  key: CryptoKey,
  kdf: KdfHeader,
  payload: Uint8Array,
  generation: number,
): Promise<Envelope> {
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const header = {
    format: FORMAT,
    version: FORMAT_VERSION,
    cipher: CIPHER,
    kdf,
    generation,
    nonce: b64(nonce),
  };
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv: nonce, additionalData: headerAad(header) },
    key,
    payload as Uint8Array<ArrayBuffer>,
  );
  return { ...header, ciphertext: b64(new Uint8Array(ct)) };
}

/** Decrypts an envelope; any wrong key or modification is one clear error. */
export async function unseal(key: CryptoKey, env: Envelope, path: string): Promise<Uint8Array> {
  try {
    const pt = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: unb64(env.nonce), additionalData: headerAad(env) },
      key,
      unb64(env.ciphertext),
    );
    return new Uint8Array(pt);
  } catch (e) {
    throw new TriggerError(
      "CREDENTIALS_INVALID",
      `Cannot decrypt "${path}": wrong key or passphrase, or the file was modified`,
      { cause: e },
    );
  }
}

/** Parses and validates the file text, without decrypting. */
export function parseEnvelope(text: string, path: string): Envelope {
  const bad = (why: string): TriggerError =>
    new TriggerError("CREDENTIALS_INVALID", `Cannot read credential store "${path}": ${why}`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    if (/^\s*\w+_(uname|pwd)_ = /m.test(text)) throw new LegacyStoreError(path);
    throw bad("not JSON (the file is truncated or damaged)");
  }
  if (!isRecord(raw) || raw.format !== FORMAT) throw bad("not a Trigger credential store");
  if (raw.version !== 1 && raw.version !== FORMAT_VERSION) {
    throw bad(`unsupported format version ${JSON.stringify(raw.version)} (expected 1 or 2)`);
  }
  const version = raw.version;
  const keys = version === 1 ? ENVELOPE_KEYS_V1 : ENVELOPE_KEYS;
  const extra = Object.keys(raw).find((k) => !keys.includes(k));
  if (extra !== undefined) throw bad(`unexpected field ${JSON.stringify(extra)}`);
  const generation = version === 1 ? 0 : raw.generation;
  if (typeof generation !== "number" || !Number.isSafeInteger(generation) || generation < 0) {
    throw bad("bad generation");
  }
  if (raw.cipher !== CIPHER) throw bad(`unsupported cipher ${JSON.stringify(raw.cipher)}`);
  const nonce = raw.nonce;
  const ciphertext = raw.ciphertext;
  if (typeof nonce !== "string" || !isB64(nonce) || unb64(nonce).length !== NONCE_BYTES) {
    throw bad("bad nonce");
  }
  if (
    typeof ciphertext !== "string" || !isB64(ciphertext) || unb64(ciphertext).length < TAG_BYTES
  ) {
    throw bad("bad ciphertext");
  }
  return {
    format: FORMAT,
    version,
    cipher: CIPHER,
    kdf: parseKdf(raw.kdf, bad),
    generation,
    nonce,
    ciphertext,
  };
}

function parseKdf(kdf: unknown, bad: (why: string) => TriggerError): KdfHeader {
  if (!isRecord(kdf)) throw bad("bad kdf");
  const allowed = kdf.name === "scrypt" ? ["name", "salt", "N", "r", "p"] : ["name"];
  const extra = Object.keys(kdf).find((k) => !allowed.includes(k));
  if (extra !== undefined) throw bad(`unexpected kdf field ${JSON.stringify(extra)}`);
  if (kdf.name === "keyfile") return { name: "keyfile" };
  if (kdf.name !== "scrypt") throw bad(`unsupported kdf ${JSON.stringify(kdf.name)}`);
  const { salt, N, r, p } = kdf;
  if (typeof salt !== "string" || !isB64(salt) || unb64(salt).length < SALT_BYTES) {
    throw bad("bad scrypt salt");
  }
  if (typeof N !== "number" || typeof r !== "number" || typeof p !== "number") {
    throw bad("bad scrypt parameters");
  }
  try {
    checkCost({ N, r, p });
  } catch (e) {
    throw bad(`bad scrypt parameters (${(e as Error).message})`);
  }
  return { name: "scrypt", salt, N, r, p };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isB64(s: string): boolean {
  return s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s);
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

function unb64(s: string): Uint8Array<ArrayBuffer> {
  const buf = Buffer.from(s, "base64");
  const out = new Uint8Array(buf.length);
  out.set(buf);
  return out;
}

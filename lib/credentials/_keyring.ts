/**
 * The store's keys: loads (or creates) the key file, derives and caches
 * passphrase keys per salt and costs, and picks the header of each write.
 * Private to `lib/credentials/`.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import {
  deriveScrypt,
  type Envelope,
  importAesKey,
  type KdfHeader,
  newScryptHeader,
} from "./_envelope.ts";
import { createKeyFile, readKeyFile } from "./key_file.ts";
import { DEFAULT_SCRYPT_PARAMS, type KeySource } from "./key_source.ts";
import { Secret } from "./secret.ts";

/** The keys of one store file under one key source. */
export class Keyring {
  readonly #storePath: string;
  readonly #source: KeySource;
  #keyFileKey: CryptoKey | undefined;
  #derived = new Map<string, CryptoKey>();

  constructor(storePath: string, source: KeySource) {
    this.#storePath = storePath;
    this.#source = source;
  }

  /** Which kind of key source this is. */
  get kind(): "keyfile" | "passphrase" {
    return "keyFile" in this.#source ? "keyfile" : "passphrase";
  }

  /** Checks an existing key file (permissions, contents) before any store exists. */
  async precheck(): Promise<void> {
    if ("keyFile" in this.#source) await this.#keyFromFile(false);
  }

  /** The header for the next write: the previous scrypt salt is kept when it is ours. */
  headerFor(previous: Envelope | undefined): KdfHeader {
    if ("keyFile" in this.#source) return { name: "keyfile" };
    if (previous?.kdf.name === "scrypt" && this.#derived.has(kdfId(previous.kdf))) {
      return previous.kdf;
    }
    return newScryptHeader(this.#source.scryptParams ?? DEFAULT_SCRYPT_PARAMS);
  }

  /** The AES key for a header; `creating` allows creating a missing key file. */
  async keyFor(kdf: KdfHeader, creating = false): Promise<CryptoKey> {
    const source = this.#source;
    if (kdf.name === "keyfile") {
      if (!("keyFile" in source)) {
        throw new TriggerError(
          "CREDENTIALS_INVALID",
          `Cannot decrypt "${this.#storePath}": it is protected by a key file, not a passphrase`,
        );
      }
      const key = await this.#keyFromFile(creating);
      if (!key) {
        const keyFile = (source as { keyFile: string }).keyFile;
        throw new TriggerError(
          "CREDENTIALS_MISSING",
          `Cannot decrypt "${this.#storePath}": key file "${keyFile}" not found`,
        );
      }
      return key;
    }
    if (!("passphrase" in source)) {
      throw new TriggerError(
        "CREDENTIALS_INVALID",
        `Cannot decrypt "${this.#storePath}": it is protected by a passphrase, not a key file`,
      );
    }
    const id = kdfId(kdf);
    let key = this.#derived.get(id);
    if (!key) {
      const raw = await deriveScrypt(Secret.from(source.passphrase).reveal(), kdf);
      key = await importAesKey(raw);
      raw.fill(0);
      this.#derived.set(id, key);
    }
    return key;
  }

  /** Loads (or, when writing, creates) the key file; checks it even when only reading. */
  async #keyFromFile(creating: boolean): Promise<CryptoKey | undefined> {
    if (this.#keyFileKey) return this.#keyFileKey;
    const path = (this.#source as { keyFile: string }).keyFile;
    if (creating) await createKeyFile(path);
    let raw: Uint8Array;
    try {
      raw = await readKeyFile(path);
    } catch (e) {
      // Reading a store that does not exist yet needs no key file.
      if (!creating && e instanceof TriggerError && e.code === "CREDENTIALS_MISSING") {
        return undefined;
      }
      throw e;
    }
    this.#keyFileKey = await importAesKey(raw);
    raw.fill(0);
    return this.#keyFileKey;
  }
}

function kdfId(kdf: Extract<KdfHeader, { name: "scrypt" }>): string {
  return `${kdf.salt}:${kdf.N}:${kdf.r}:${kdf.p}`;
}

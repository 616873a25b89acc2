/**
 * {@linkcode CredentialStore}: per-realm credentials in one AES-256-GCM
 * encrypted file, keyed by a private key file or a passphrase (scrypt).
 *
 * @module
 */
export type { CredentialStoreOptions } from "./store_options.ts";
import { resolve } from "node:path";
import { TriggerError } from "../errors.ts";
import { type Envelope, parseEnvelope, seal, unseal } from "./_envelope.ts";
import { Keyring } from "./_keyring.ts";
import { exists, readIfExists, withLock, writePrivateAtomic } from "./_fs.ts";
import { generationFile, Generations } from "./_generation.ts";
import { assertPrivateFile } from "./key_file.ts";
import { defaultSettings } from "../settings/mod.ts";
import type { CredentialStoreOptions } from "./store_options.ts";
import {
  type CredentialInput,
  type Credentials,
  type CredentialSummary,
  parseStored,
  type StoredEntry,
  toCredentials,
  toStored,
  toSummary,
  validateRealm,
} from "./entry.ts";
import { checkKeySource, type KeySource } from "./key_source.ts";

interface Loaded {
  realms: Map<string, StoredEntry>;
  envelope: Envelope | undefined;
}

/**
 * An encrypted credential store. Every read goes to the file; every write
 * takes an exclusive lock, re-reads, changes, and replaces the file
 * atomically with a fresh nonce, so concurrent writers lose nothing.
 *
 * @example Store and read back credentials
 * ```ts
 * import { CredentialStore } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * const store = await CredentialStore.open({ path: `${dir}/creds.json`, keyFile: `${dir}/creds.key` });
 * await store.set("lab", { username: "admin", password: "s3cret", enablePassword: "en" });
 * const creds = await store.get("lab");
 * strictEqual(creds?.username, "admin");
 * strictEqual(creds?.password.reveal(), "s3cret");
 * strictEqual(String(creds?.password), "***");
 * strictEqual((await store.list())[0]?.hasEnablePassword, true);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class CredentialStore {
  /** The store file. */
  readonly path: string;
  /** The realm used when a method gets none. */
  readonly defaultRealm: string;
  /**
   * The original Trigger's `.tacacsrc` (settings' `legacyTacacsrc`), when it
   * exists and this store did not when opened: tools name it with the import
   * command. It is never written.
   */
  readonly legacyFile: string | undefined;
  #keyring: Keyring;
  readonly #lockTimeoutMs: number;
  readonly #generations: Generations;

  private constructor(
    path: string,
    source: KeySource,
    defaultRealm: string,
    legacyFile: string | undefined,
    lockTimeoutMs: number,
    generations: Generations,
  ) {
    this.path = path;
    this.#keyring = new Keyring(path, source);
    this.defaultRealm = validateRealm(defaultRealm);
    this.legacyFile = legacyFile;
    this.#lockTimeoutMs = lockTimeoutMs;
    this.#generations = generations;
  }

  /** Warnings about the store file (an older copy put back in place), each once. */
  get warnings(): readonly string[] {
    return this.#generations.warnings;
  }

  /**
   * Opens a store. An existing file is decrypted once, so a wrong key or a
   * damaged file fails here; a missing file is created by the first write.
   *
   * @param options The file, and the key file or passphrase.
   * @returns The open store.
   * @throws {TriggerError} `CREDENTIALS_INVALID` (wrong key or passphrase,
   *   modified or truncated file), `KEYFILE_INSECURE` (key file or store
   *   file that group or others can access), `CREDENTIALS_MISSING` (store
   *   exists but key file missing), `IO_ERROR`.
   * @throws {TypeError} If both `keyFile` and `passphrase` are given.
   *
   * @example Open with a passphrase
   * ```ts
   * import { CredentialStore } from "@trigger/trigger";
   * import { strictEqual } from "node:assert/strict";
   *
   * const dir = await Deno.makeTempDir();
   * const path = `${dir}/creds.json`;
   * const fast = { N: 1024, r: 8, p: 1 }; // tests only: the default is N=2^17
   * const a = await CredentialStore.open({ path, passphrase: "correct horse", scryptParams: fast });
   * await a.set("default", { username: "u", password: "p" });
   * const b = await CredentialStore.open({ path, passphrase: "correct horse" });
   * strictEqual((await b.get())?.username, "u");
   * await Deno.remove(dir, { recursive: true });
   * ```
   */
  static async open(options: CredentialStoreOptions = {}): Promise<CredentialStore> {
    const { keyFile, passphrase, scryptParams } = options;
    if (keyFile !== undefined && passphrase !== undefined) {
      throw new TypeError("Cannot open a credential store with both keyFile and passphrase");
    }
    const needSettings = options.path === undefined || options.defaultRealm === undefined ||
      (keyFile === undefined && passphrase === undefined);
    const settings = needSettings ? options.settings ?? defaultSettings() : options.settings;
    const path = resolve(options.path ?? settings!.tacacsrc);
    const source: KeySource = passphrase !== undefined
      ? { passphrase, scryptParams }
      : { keyFile: resolve(keyFile ?? settings!.tacacsrcKeyfile) };
    checkKeySource(source);
    const legacy = settings && !(await exists(path)) && (await exists(settings.legacyTacacsrc))
      ? settings.legacyTacacsrc
      : undefined;
    const realm = options.defaultRealm ?? settings!.defaultRealm;
    const lockTimeoutMs = options.lockTimeoutMs ?? settings?.tacacsrcLockTimeoutMs ?? 10_000;
    const recordFile = options.generationFile === null ? undefined : options.generationFile ??
      generationFile(path, "keyFile" in source ? source.keyFile : undefined);
    const generations = new Generations(recordFile, path, options.onWarning);
    const store = new CredentialStore(path, source, realm, legacy, lockTimeoutMs, generations);
    await store.#load();
    return store;
  }

  /** Where the key comes from: `"keyfile"` or `"passphrase"`. */
  get keySource(): "keyfile" | "passphrase" {
    return this.#keyring.kind;
  }

  /**
   * Returns the credentials of a realm.
   *
   * @param realm The realm (default: the store's default realm).
   * @returns The credentials, or `undefined` if the realm has none.
   * @throws {TriggerError} `CREDENTIALS_INVALID`, `KEYFILE_INSECURE`, `IO_ERROR`.
   *
   * @example Missing realms give undefined
   * ```ts
   * import { CredentialStore } from "@trigger/trigger";
   * import { strictEqual } from "node:assert/strict";
   *
   * const dir = await Deno.makeTempDir();
   * const store = await CredentialStore.open({ path: `${dir}/c.json`, keyFile: `${dir}/c.key` });
   * strictEqual(await store.get("nowhere"), undefined);
   * await Deno.remove(dir, { recursive: true });
   * ```
   */
  async get(realm: string = this.defaultRealm): Promise<Credentials | undefined> {
    validateRealm(realm);
    const entry = (await this.#load()).realms.get(realm);
    return entry && toCredentials(realm, entry);
  }

  /**
   * Stores (or replaces) the credentials of a realm. The first write creates
   * the key file (mode 0600) when it does not exist.
   *
   * @param realm The realm.
   * @param entry Username, password and the optional fields.
   * @returns The stored credentials.
   * @throws {TriggerError} `INVALID_ARGUMENT` for a bad realm or entry, and
   *   the errors of {@linkcode CredentialStore.open}.
   *
   * @example Set then overwrite
   * ```ts
   * import { CredentialStore } from "@trigger/trigger";
   * import { strictEqual } from "node:assert/strict";
   *
   * const dir = await Deno.makeTempDir();
   * const store = await CredentialStore.open({ path: `${dir}/c.json`, keyFile: `${dir}/c.key` });
   * await store.set("r1", { username: "a", password: "1" });
   * await store.set("r1", { username: "b", password: "2" });
   * strictEqual((await store.get("r1"))?.username, "b");
   * await Deno.remove(dir, { recursive: true });
   * ```
   */
  async set(realm: string, entry: CredentialInput): Promise<Credentials> {
    validateRealm(realm);
    const stored = toStored(realm, entry, new Date());
    await this.#update((realms) => {
      realms.set(realm, stored);
      return true;
    });
    return toCredentials(realm, stored);
  }

  /**
   * Removes a realm's credentials.
   *
   * @param realm The realm.
   * @returns `true` if the realm existed.
   * @throws {TriggerError} The errors of {@linkcode CredentialStore.open}.
   *
   * @example Remove a realm
   * ```ts
   * import { CredentialStore } from "@trigger/trigger";
   * import { strictEqual } from "node:assert/strict";
   *
   * const dir = await Deno.makeTempDir();
   * const store = await CredentialStore.open({ path: `${dir}/c.json`, keyFile: `${dir}/c.key` });
   * await store.set("r1", { username: "a", password: "1" });
   * strictEqual(await store.remove("r1"), true);
   * strictEqual(await store.remove("r1"), false);
   * await Deno.remove(dir, { recursive: true });
   * ```
   */
  async remove(realm: string): Promise<boolean> {
    validateRealm(realm);
    return await this.#update((realms) => realms.delete(realm));
  }

  /**
   * Lists the realms, sorted, without any secret.
   *
   * @returns One summary per realm.
   * @throws {TriggerError} The errors of {@linkcode CredentialStore.open}.
   *
   * @example List shows no passwords
   * ```ts
   * import { CredentialStore } from "@trigger/trigger";
   * import { strictEqual } from "node:assert/strict";
   *
   * const dir = await Deno.makeTempDir();
   * const store = await CredentialStore.open({ path: `${dir}/c.json`, keyFile: `${dir}/c.key` });
   * await store.set("b", { username: "u2", password: "pw-b" });
   * await store.set("a", { username: "u1", password: "pw-a" });
   * const list = await store.list();
   * strictEqual(list.map((s) => s.realm).join(), "a,b");
   * strictEqual(JSON.stringify(list).includes("pw-"), false);
   * await Deno.remove(dir, { recursive: true });
   * ```
   */
  async list(): Promise<CredentialSummary[]> {
    const { realms } = await this.#load();
    return [...realms.keys()].sort().map((realm) => toSummary(realm, realms.get(realm)!));
  }

  /**
   * Re-encrypts the store under a new key file or passphrase. A missing new
   * key file is created (mode 0600). The old key file is left in place.
   *
   * @param newKey The new key source.
   * @returns Nothing; afterwards this store uses the new key.
   * @throws {TriggerError} `CREDENTIALS_MISSING` if the store file does not
   *   exist, and the errors of {@linkcode CredentialStore.open}.
   *
   * @example Move from a key file to a passphrase
   * ```ts
   * import { CredentialStore } from "@trigger/trigger";
   * import { strictEqual } from "node:assert/strict";
   *
   * const dir = await Deno.makeTempDir();
   * const path = `${dir}/c.json`;
   * const store = await CredentialStore.open({ path, keyFile: `${dir}/c.key` });
   * await store.set("r1", { username: "u", password: "p" });
   * await store.rekey({ passphrase: "new pass", scryptParams: { N: 1024, r: 8, p: 1 } });
   * const again = await CredentialStore.open({ path, passphrase: "new pass" });
   * strictEqual((await again.get("r1"))?.password.reveal(), "p");
   * await Deno.remove(dir, { recursive: true });
   * ```
   */
  async rekey(newKey: KeySource): Promise<void> {
    checkKeySource(newKey);
    await withLock(this.path, this.#lockTimeoutMs, async () => {
      const { realms, envelope } = await this.#read();
      if (!envelope) {
        throw new TriggerError(
          "CREDENTIALS_MISSING",
          `Cannot rekey "${this.path}": no store there`,
        );
      }
      this.#keyring = new Keyring(this.path, newKey);
      await this.#write(realms, undefined, envelope.generation);
    });
  }

  async #load(): Promise<Loaded> {
    return await this.#read();
  }

  async #update(change: (realms: Map<string, StoredEntry>) => boolean): Promise<boolean> {
    return await withLock(this.path, this.#lockTimeoutMs, async () => {
      const { realms, envelope } = await this.#read();
      const changed = change(realms);
      if (changed) await this.#write(realms, envelope, envelope?.generation ?? 0);
      return changed;
    });
  }

  async #read(): Promise<Loaded> {
    const text = await readIfExists(this.path);
    if (text === undefined) {
      await this.#keyring.precheck();
      return { realms: new Map(), envelope: undefined };
    }
    await assertPrivateFile(this.path, "credential store");
    const envelope = parseEnvelope(text, this.path);
    const key = await this.#keyring.keyFor(envelope.kdf);
    const plain = await unseal(key, envelope, this.path);
    const realms = this.#parsePayload(plain);
    await this.#generations.saw(envelope.generation);
    return { realms, envelope };
  }

  #parsePayload(plain: Uint8Array): Map<string, StoredEntry> {
    const bad = () =>
      new TriggerError(
        "CREDENTIALS_INVALID",
        `Cannot read credential store "${this.path}": bad payload`,
      );
    let payload: unknown;
    try {
      payload = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(plain));
    } catch {
      throw bad();
    } finally {
      plain.fill(0);
    }
    const realms = (payload as { realms?: unknown } | null)?.realms;
    if (typeof realms !== "object" || realms === null || Array.isArray(realms)) throw bad();
    const out = new Map<string, StoredEntry>();
    for (const [realm, value] of Object.entries(realms)) {
      const entry = parseStored(value);
      if (!entry) throw bad();
      out.set(realm, entry);
    }
    return out;
  }

  async #write(
    realms: Map<string, StoredEntry>,
    previous: Envelope | undefined,
    generation: number,
  ): Promise<void> {
    const kdf = this.#keyring.headerFor(previous);
    const key = await this.#keyring.keyFor(kdf, true);
    const entries = Object.fromEntries(
      [...realms].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    const payload = new TextEncoder().encode(JSON.stringify({ realms: entries }));
    const next = await this.#generations.next(generation);
    const envelope = await seal(key, kdf, payload, next);
    payload.fill(0);
    await writePrivateAtomic(
      this.path,
      new TextEncoder().encode(JSON.stringify(envelope, null, 2) + "\n"),
    );
    await this.#generations.wrote(next);
  }
}

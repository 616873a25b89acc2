/**
 * {@linkcode resolveCredentials}: find a realm's credentials, or ask for
 * them through a prompt the caller injects (the library never prompts).
 *
 * @module
 */
import type { CredentialInput } from "./entry.ts";
import type { CredentialStore } from "./credential_store.ts";
import { type Credentials, toCredentials, toStored } from "./entry.ts";
import { Secret } from "./secret.ts";
import { CredentialsMissingError } from "./errors.ts";

/**
 * What a {@linkcode CredentialPrompt} is asked for.
 *
 * @example The realm to ask about
 * ```ts
 * import type { CredentialPromptRequest } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * const request: CredentialPromptRequest = { realm: "fw1" };
 * strictEqual(request.realm, "fw1");
 * ```
 */
export interface CredentialPromptRequest {
  /** The realm that has no credentials. */
  realm: string;
}

/**
 * Asks a person for credentials (the CLI passes one that reads the terminal
 * with echo off). Returning `undefined` means the person declined.
 *
 * @example A scripted prompt
 * ```ts
 * import type { CredentialPrompt } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * const prompt: CredentialPrompt = ({ realm }) =>
 *   Promise.resolve(realm === "lab" ? { username: "ops", password: "pw" } : undefined);
 * strictEqual((await prompt({ realm: "lab" }))?.username, "ops");
 * strictEqual(await prompt({ realm: "other" }), undefined);
 * ```
 */
export type CredentialPrompt = (
  request: CredentialPromptRequest,
) => Promise<CredentialInput | undefined>;

/**
 * Options for {@linkcode resolveCredentials}.
 *
 * @example Without a prompt (no terminal)
 * ```ts
 * import { CredentialStore, type ResolveCredentialsOptions } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * const store = await CredentialStore.open({ path: `${dir}/c.json`, keyFile: `${dir}/c.key` });
 * const options: ResolveCredentialsOptions = { store };
 * strictEqual(options.prompt, undefined);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export interface ResolveCredentialsOptions {
  /** The store to look in (and save to). */
  store: CredentialStore;
  /**
   * Asks for missing credentials; without it, missing credentials are an error.
   *
   * @default {undefined}
   */
  prompt?: CredentialPrompt | undefined;
  /**
   * Whether prompted credentials are saved to the store.
   *
   * @default {true}
   */
  save?: boolean | undefined;
  /**
   * The realm whose credentials serve a realm that has none (the original
   * used its default realm for every device); `null` turns this off.
   *
   * @default {store.defaultRealm}
   */
  fallbackRealm?: string | null | undefined;
  /**
   * Told when the fallback realm answered for `realm`, for a note to the user.
   *
   * @default {undefined}
   */
  onFallback?: ((realm: string, used: string) => void) | undefined;
}

/**
 * Returns a realm's credentials from the store. A realm without an entry
 * (say a device that names its own realm) gets the fallback realm's
 * credentials (the store's default realm: the original used it for every
 * device); `credentials.realm` and `onFallback` tell which realm answered.
 * When neither has credentials, asks the injected prompt for `realm` and
 * saves the answer under it.
 *
 * @param realm The realm (a general name or a device name).
 * @param options The store, and the prompt if a person can be asked.
 * @returns The credentials.
 * @throws {CredentialsMissingError} `CREDENTIALS_MISSING` when the realm has
 *   none and there is no prompt (or it declined), naming the realm and the store.
 * @throws {TriggerError}
 *   the errors of {@linkcode CredentialStore.get} and
 *   {@linkcode CredentialStore.set}.
 *
 * @example Missing credentials without a terminal
 * ```ts
 * import { CredentialStore, resolveCredentials } from "@trigger/trigger/credentials";
 * import { isTriggerError } from "@trigger/trigger/errors";
 * import { rejects, strictEqual } from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * const store = await CredentialStore.open({ path: `${dir}/c.json`, keyFile: `${dir}/c.key` });
 * await rejects(resolveCredentials("core", { store }), (e) => isTriggerError(e, "CREDENTIALS_MISSING"));
 * const prompt = () => Promise.resolve({ username: "ops", password: "pw" });
 * strictEqual((await resolveCredentials("core", { store, prompt })).username, "ops");
 * strictEqual((await store.get("core"))?.password.reveal(), "pw");
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @example A device realm without credentials uses the default realm
 * ```ts
 * import { CredentialStore, resolveCredentials } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * const store = await CredentialStore.open({
 *   path: `${dir}/c.json`,
 *   keyFile: `${dir}/c.key`,
 *   defaultRealm: "default",
 * });
 * await store.set("default", { username: "ops", password: "pw" });
 * const notes: string[] = [];
 * const creds = await resolveCredentials("fw1", { store, onFallback: (r, u) => notes.push(`${r}->${u}`) });
 * strictEqual(creds.realm, "default");
 * strictEqual(notes.join(), "fw1->default");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function resolveCredentials(
  realm: string,
  options: ResolveCredentialsOptions,
): Promise<Credentials> {
  const { store, prompt, save = true, onFallback } = options;
  const fallback = options.fallbackRealm === undefined ? store.defaultRealm : options.fallbackRealm;
  const found = await store.get(realm);
  if (found) return found;
  if (fallback !== null && fallback !== realm) {
    const shared = await store.get(fallback);
    if (shared) {
      onFallback?.(realm, fallback);
      return shared;
    }
  }
  const answer = prompt ? await prompt({ realm }) : undefined;
  if (answer === undefined) {
    const also = fallback !== null && fallback !== realm ? ` (nor for realm "${fallback}")` : "";
    const legacy = store.legacyFile === undefined
      ? ""
      : `; the legacy file ${store.legacyFile} can be imported`;
    throw new CredentialsMissingError(
      realm,
      `No credentials for realm "${realm}"${also} in "${store.path}"${legacy}`,
      store.legacyFile,
    );
  }
  if (save) return await store.set(realm, answer);
  return toCredentials(realm, toStored(realm, answer, new Date()));
}

/**
 * The credentials of one device login: the realm's (or the fallback
 * realm's), with the inventory's own passwords laid over them.
 */
export interface DeviceCredentials {
  /** The realm that answered. */
  realm: string;
  /** The login name. */
  username: string;
  /** The login password. */
  password: Secret;
  /** The password of a Telnet login that asks for no user name (the inventory's `loginPW`). */
  loginPassword?: Secret;
  /** The enable password: `enablePassword` option, else the inventory's `enablePW`, else the realm's. */
  enablePassword?: Secret;
  /** Path of an SSH private key file. */
  privateKeyPath?: string;
  /** The private key's passphrase. */
  passphrase?: Secret;
}

/** What a resolver reads of a device: its name and its inventory passwords. */
export interface CredentialDevice {
  /** Device name. */
  readonly nodeName: string;
  /** Reads an inventory field (`enablePW`, `loginPW`), when the device has fields. */
  get?(field: string): string | undefined;
}

/** Returns a device's credentials for a realm. */
export type DeviceCredentialResolver = (
  realm: string,
  device: CredentialDevice,
) => Promise<DeviceCredentials>;

/** Options of {@linkcode credentialResolver}. */
export interface CredentialResolverOptions {
  /**
   * The enable password of every device, winning over the inventory's
   * `enablePW` (the original's `TRIGGER_ENABLEPW`).
   *
   * @default {undefined}
   */
  enablePassword?: string | Secret | undefined;
}

function inventorySecret(device: CredentialDevice, field: string): Secret | undefined {
  const v = device.get?.(field) ?? (device as unknown as Record<string, unknown>)[field];
  return typeof v === "string" && v !== "" ? new Secret(v) : undefined;
}

/**
 * The one credential resolver of every verb: looks each realm up once
 * (concurrent devices of one realm share the lookup, so prompts never repeat)
 * through `lookup` — e.g. `(realm) => resolveCredentials(realm, { store,
 * prompt })`, which falls back to the store's default realm — then lays the
 * device's own passwords over the realm's: the inventory's `loginPW` (a
 * Telnet login without a user name) and the enable password
 * (`options.enablePassword`, else the inventory's `enablePW`, else the
 * realm's).
 *
 * @param lookup Returns a realm's stored credentials.
 * @param options The enable password of every device.
 * @returns The resolver.
 * @throws {TriggerError} From the returned resolver: whatever `lookup`
 *   throws (`CREDENTIALS_MISSING`...).
 *
 * @example One lookup per realm, the inventory's enable password per device
 * ```ts
 * import { credentialResolver, Secret } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * let lookups = 0;
 * const resolve = credentialResolver((realm) => {
 *   lookups++;
 *   return Promise.resolve({ realm, username: "ops", password: new Secret("pw"), updatedAt: "" });
 * });
 * const r1 = { nodeName: "r1", enablePW: "en1" };
 * const [a, b] = await Promise.all([resolve("lab", r1), resolve("lab", { nodeName: "r2" })]);
 * strictEqual(a.username, "ops");
 * strictEqual(a.enablePassword?.reveal(), "en1");
 * strictEqual(b.enablePassword, undefined);
 * strictEqual(lookups, 1);
 * ```
 */
export function credentialResolver(
  lookup: (realm: string) => Promise<Credentials>,
  options: CredentialResolverOptions = {},
): DeviceCredentialResolver {
  const cache = new Map<string, Promise<Credentials>>();
  const everyEnable = options.enablePassword === undefined || options.enablePassword === ""
    ? undefined
    : Secret.from(options.enablePassword);
  return async (realm, device) => {
    let hit = cache.get(realm);
    if (hit === undefined) {
      hit = lookup(realm);
      hit.catch(() => cache.delete(realm));
      cache.set(realm, hit);
    }
    const c = await hit;
    const out: DeviceCredentials = { realm: c.realm, username: c.username, password: c.password };
    const login = inventorySecret(device, "loginPW");
    if (login) out.loginPassword = login;
    const enable = everyEnable ?? inventorySecret(device, "enablePW") ?? c.enablePassword;
    if (enable) out.enablePassword = enable;
    if (c.privateKey !== undefined) out.privateKeyPath = c.privateKey;
    if (c.privateKeyPassphrase !== undefined) out.passphrase = c.privateKeyPassphrase;
    return out;
  };
}

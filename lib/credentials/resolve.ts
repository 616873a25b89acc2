/**
 * {@linkcode resolveCredentials}: find a realm's credentials, or ask for
 * them through a prompt the caller injects (the library never prompts).
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import type { CredentialInput } from "./entry.ts";
import type { CredentialStore } from "./credential_store.ts";
import { type Credentials, toCredentials, toStored } from "./entry.ts";

/**
 * What a {@linkcode CredentialPrompt} is asked for.
 *
 * @example The realm to ask about
 * ```ts
 * import type { CredentialPromptRequest } from "@trigger/trigger";
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
 * import type { CredentialPrompt } from "@trigger/trigger";
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
 * import { CredentialStore, type ResolveCredentialsOptions } from "@trigger/trigger";
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
 * @throws {TriggerError} `CREDENTIALS_MISSING` when the realm has none and
 *   there is no prompt (or it declined), with the command that sets them;
 *   the errors of {@linkcode CredentialStore.get} and
 *   {@linkcode CredentialStore.set}.
 *
 * @example Missing credentials without a terminal
 * ```ts
 * import { CredentialStore, isTriggerError, resolveCredentials } from "@trigger/trigger";
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
 * import { CredentialStore, resolveCredentials } from "@trigger/trigger";
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
    const legacy = store.legacyFile === undefined ? "" : `, or import your legacy file: ` +
      `trigger tacacsrc import-legacy ${store.legacyFile} --keyfile <its .tackf key file>`;
    throw new TriggerError(
      "CREDENTIALS_MISSING",
      `No credentials for realm "${realm}"${also} in "${store.path}"; ` +
        `run: trigger tacacsrc set --realm ${realm} --username U --password-stdin${legacy}`,
    );
  }
  if (save) return await store.set(realm, answer);
  return toCredentials(realm, toStored(realm, answer, new Date()));
}

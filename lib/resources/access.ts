/**
 * What every verb that reaches devices needs, built from the settings in
 * one place: the connection policy (ports, Telnet fallback and login
 * timeout, terminal type, SSH login order),
 * the host key policy (known_hosts file and what to do with unknown keys),
 * the credential store, and the one credential resolver (device realm, the
 * configured default realm, the inventory's passwords, `TRIGGER_ENABLEPW`,
 * a prompt the caller injects).
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import { settingOrigin, type Settings } from "../settings/settings.ts";
import type { AccessPolicy } from "../session/types.ts";
import type { HostKeyOptions, HostKeyPolicy } from "../transport/host_key_policy.ts";
import { CredentialStore } from "../credentials/credential_store.ts";
import {
  type CredentialPrompt,
  credentialResolver,
  type DeviceCredentialResolver,
  resolveCredentials,
} from "../credentials/resolve.ts";

function processEnv(): Readonly<Record<string, string>> {
  try {
    return Deno.env.toObject();
  } catch {
    return {};
  }
}

/**
 * The connection policy of the settings: `telnetFallback`, the default
 * ports, `telnetTimeoutMs` (Telnet logins), `sshAuthenticationOrder`, and
 * the terminal type: for
 * scripted sessions `termType` only when set (file or `TERM_TYPE`; else the
 * platform's), for interactive logins always (default `$TERM`).
 *
 * @param settings The settings.
 * @param options `interactive` for `gong`-like logins.
 * @returns The policy for the connection plan.
 *
 * @example Built-in defaults
 * ```ts
 * import { accessPolicy } from "@trigger/trigger/resources";
 * import { builtinSettings } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * const p = accessPolicy(builtinSettings());
 * strictEqual(p.telnetLoginTimeoutMs, 60000);
 * strictEqual(p.term, undefined);
 * strictEqual(accessPolicy(builtinSettings(), { interactive: true }).term, "xterm");
 * ```
 */
export function accessPolicy(
  settings: Settings,
  options: { interactive?: boolean } = {},
): AccessPolicy {
  const policy: AccessPolicy = {
    telnetFallback: settings.telnetFallback,
    telnetPortDefault: settings.telnetPortDefault,
    sshPortDefault: settings.sshPortDefault,
    telnetLoginTimeoutMs: settings.telnetTimeoutMs,
    sshAuthenticationOrder: settings.sshAuthenticationOrder,
  };
  if (options.interactive || settingOrigin(settings, "termType") !== "default") {
    policy.term = settings.termType;
  }
  return policy;
}

/** The host key flags every verb that connects takes. */
export interface HostKeyChoice {
  /** `--known-hosts`: the file (default: the settings' `knownHostsFile`). */
  knownHosts?: string | undefined;
  /** `--host-key-policy`. */
  policy?: HostKeyPolicy | undefined;
  /** `--accept-new-hostkeys` (the same as `--host-key-policy accept-new`). */
  acceptNew?: boolean | undefined;
}

const POLICIES: readonly HostKeyPolicy[] = ["strict", "accept-new", "off"];

/**
 * The host key options of a run: the known_hosts file (`knownHosts`, else
 * the settings' `knownHostsFile`: `TRIGGER_KNOWN_HOSTS`, else
 * `~/.ssh/known_hosts`) and the policy (`policy`, or `accept-new` with
 * `acceptNew`, else `strict`).
 *
 * @param settings The settings.
 * @param choice The flags.
 * @returns Host key options for sessions.
 * @throws {TriggerError} `INVALID_ARGUMENT` for an unknown policy, or
 *   `acceptNew` with another policy.
 *
 * @example The settings' file, strict by default
 * ```ts
 * import { hostKeyOptions } from "@trigger/trigger/resources";
 * import { loadSettings } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * const s = loadSettings({ env: { HOME: "/h", TRIGGER_KNOWN_HOSTS: "/lab/known_hosts" } });
 * strictEqual(hostKeyOptions(s).knownHostsPath, "/lab/known_hosts");
 * strictEqual(hostKeyOptions(s).hostKeyPolicy, "strict");
 * strictEqual(hostKeyOptions(s, { acceptNew: true }).hostKeyPolicy, "accept-new");
 * ```
 */
export function hostKeyOptions(settings: Settings, choice: HostKeyChoice = {}): HostKeyOptions {
  const { policy, acceptNew = false } = choice;
  if (policy !== undefined && !POLICIES.includes(policy)) {
    throw new TriggerError(
      "INVALID_ARGUMENT",
      `Cannot use host key policy "${policy}": expected ${POLICIES.join(", ")}`,
    );
  }
  if (acceptNew && policy !== undefined && policy !== "accept-new") {
    throw new TriggerError(
      "INVALID_ARGUMENT",
      `Cannot accept new host keys under host key policy "${policy}"`,
    );
  }
  return {
    knownHostsPath: choice.knownHosts ?? settings.knownHostsFile,
    hostKeyPolicy: policy ?? (acceptNew ? "accept-new" : "strict"),
  };
}

/** Options of {@linkcode openCredentialStore}. */
export interface OpenCredentialStoreOptions {
  /**
   * Asks a person for the store's passphrase (`tacacsrcUsePassphrase`);
   * without it such a store cannot be opened.
   *
   * @default {undefined}
   */
  askPassphrase?: ((message: string) => Promise<string>) | undefined;
  /**
   * Receives the store's warnings (an older copy of the store put back).
   *
   * @default {undefined}
   */
  onWarning?: ((message: string) => void) | undefined;
}

/**
 * Opens the credential store the settings name (`tacacsrc`): with its key
 * file (`tacacsrcKeyfile`), or with a passphrase asked through
 * `askPassphrase` (`tacacsrcUsePassphrase`, as in the original).
 *
 * @param settings The settings.
 * @param options How to ask for a passphrase.
 * @returns The open store.
 * @throws {TriggerError} `SETTINGS_INVALID` for `useGpgAuth` (not
 *   supported), `CREDENTIALS_MISSING` when the store uses a passphrase and
 *   there is nobody to ask, and the errors of `CredentialStore.open`.
 *
 * @example A store in a temporary directory
 * ```ts
 * import { openCredentialStore } from "@trigger/trigger/resources";
 * import { loadSettings } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * const home = await Deno.makeTempDir();
 * const store = await openCredentialStore(loadSettings({ env: { HOME: home } }));
 * strictEqual(store.path, `${home}/.tacacsrc.json`);
 * await Deno.remove(home, { recursive: true });
 * ```
 */
export async function openCredentialStore(
  settings: Settings,
  options: OpenCredentialStoreOptions = {},
): Promise<CredentialStore> {
  if (settings.useGpgAuth) {
    throw new TriggerError(
      "SETTINGS_INVALID",
      "USE_GPG_AUTH is set, and GPG-encrypted credentials are not supported: the store is " +
        "AES-256-GCM with a key file, or with a passphrase (TACACSRC_USE_PASSPHRASE)",
    );
  }
  const path = settings.tacacsrc;
  if (!settings.tacacsrcUsePassphrase) {
    return await CredentialStore.open({
      settings,
      path,
      keyFile: settings.tacacsrcKeyfile,
      onWarning: options.onWarning,
    });
  }
  if (options.askPassphrase === undefined) {
    throw new TriggerError(
      "CREDENTIALS_MISSING",
      `The credential store ${path} uses a passphrase (TACACSRC_USE_PASSPHRASE) and nobody ` +
        "can be asked for it",
    );
  }
  const passphrase = await options.askPassphrase(`Passphrase of the credential store ${path}:`);
  return await CredentialStore.open({ settings, path, passphrase, onWarning: options.onWarning });
}

/** Options of {@linkcode deviceCredentials}. */
export interface DeviceCredentialsOptions {
  /** The open credential store. */
  store: CredentialStore;
  /**
   * Asks a person for missing credentials (saved to the store).
   *
   * @default {undefined}
   */
  prompt?: CredentialPrompt | undefined;
  /**
   * Told when the default realm answered for a device's realm.
   *
   * @default {undefined}
   */
  onFallback?: ((realm: string, used: string) => void) | undefined;
  /**
   * The environment (`TRIGGER_ENABLEPW`: the enable password of every device).
   *
   * @default {Deno.env}
   */
  env?: Readonly<Record<string, string>>;
}

/**
 * The credential resolver of a run: a device's realm, else the configured
 * default realm (`defaultRealm`), else the prompt; the inventory's `loginPW`
 * and `enablePW` over them, and `TRIGGER_ENABLEPW` over the inventory's.
 * Each realm is looked up once.
 *
 * @param settings The settings.
 * @param options The store, the prompt, the environment.
 * @returns The resolver for executors and sessions.
 *
 * @example The configured default realm answers for a device realm
 * ```ts
 * import { deviceCredentials, openCredentialStore } from "@trigger/trigger/resources";
 * import { loadSettings } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * const home = await Deno.makeTempDir();
 * const settings = loadSettings({ env: { HOME: home, DEFAULT_REALM: "corp" } });
 * const store = await openCredentialStore(settings);
 * await store.set("corp", { username: "ops", password: "pw" });
 * const resolve = deviceCredentials(settings, { store, env: { TRIGGER_ENABLEPW: "en" } });
 * const c = await resolve("fw1", { nodeName: "fw1" });
 * strictEqual(c.realm, "corp");
 * strictEqual(c.enablePassword?.reveal(), "en");
 * await Deno.remove(home, { recursive: true });
 * ```
 */
export function deviceCredentials(
  settings: Settings,
  options: DeviceCredentialsOptions,
): DeviceCredentialResolver {
  const { store, prompt, onFallback } = options;
  const env = options.env ?? processEnv();
  return credentialResolver(
    (realm) =>
      resolveCredentials(realm, {
        store,
        prompt,
        onFallback,
        fallbackRealm: settings.defaultRealm,
      }),
    { enablePassword: env.TRIGGER_ENABLEPW },
  );
}

/**
 * A worker's own resources, built from its settings with the same builders
 * the local verbs use (`lib/resources`): its credential store (or one store
 * per realm, `queue.realmStores`), its known_hosts and host key policy, its
 * connection policy and timeouts. Nobody can be asked for anything on a
 * worker: a realm its stores do not hold fails that device with
 * `CREDENTIALS_MISSING`, and an unknown host key with `HOSTKEY_UNKNOWN`
 * (unless its policy records new keys).
 *
 * @module
 */
import type { Settings } from "../settings/settings.ts";
import { CredentialStore } from "../credentials/credential_store.ts";
import { credentialResolver, resolveCredentials } from "../credentials/resolve.ts";
import { accessPolicy, type HostKeyChoice, hostKeyOptions } from "../resources/access.ts";
import type { DeviceExecutorOptions } from "../commando/executor.ts";
import type { QueueConfig } from "./config.ts";
import { travelledFullCommit } from "./payload.ts";

/** Options of {@linkcode workerExecutorOptions}. */
export interface WorkerResourceOptions {
  /** The host key flags (`--known-hosts`, `--host-key-policy`). @default {{}} */
  hostKeys?: HostKeyChoice;
  /** The environment (`TRIGGER_ENABLEPW`). @default {Deno.env} */
  env?: Readonly<Record<string, string>>;
}

function processEnv(): Readonly<Record<string, string>> {
  try {
    return Deno.env.toObject();
  } catch {
    return {};
  }
}

/**
 * The executor options of a worker: credentials from its stores by realm
 * (each store opened once, on first use, so a bad store fails the devices
 * that need it rather than the worker), host keys and connection policy from
 * its settings, the settings' timeouts.
 *
 * @param settings The worker's settings.
 * @param config The `queue` setting, validated.
 * @param options Host key flags, environment.
 * @returns Options for `taskExecutor()`.
 * @throws {TriggerError} `INVALID_ARGUMENT` for a bad host key policy.
 */
export function workerExecutorOptions(
  settings: Settings,
  config: QueueConfig,
  options: WorkerResourceOptions = {},
): DeviceExecutorOptions {
  const env = options.env ?? processEnv();
  const stores = new Map<string, Promise<CredentialStore>>();
  const storeFor = (realm: string) => {
    const own = config.realmStores[realm];
    const key = own ? `${own.store}\0${own.keyFile}` : "";
    let s = stores.get(key);
    if (s === undefined) {
      s = own
        ? CredentialStore.open({ settings, path: own.store, keyFile: own.keyFile })
        : CredentialStore.open({
          settings,
          path: settings.tacacsrc,
          keyFile: settings.tacacsrcKeyfile,
        });
      s.catch(() => stores.delete(key));
      stores.set(key, s);
    }
    return s;
  };
  const credentials = credentialResolver(
    async (realm) =>
      resolveCredentials(realm, {
        store: await storeFor(realm),
        fallbackRealm: config.realmStores[realm] ? null : settings.defaultRealm,
      }),
    { enablePassword: env.TRIGGER_ENABLEPW },
  );
  return {
    ...hostKeyOptions(settings, options.hostKeys),
    policy: accessPolicy(settings),
    credentials,
    // full Junos commits as the submitter decided from the inventory fields
    fullCommit: travelledFullCommit,
    connectTimeoutMs: settings.connectTimeoutMs,
    loginTimeoutMs: 20_000,
    commandTimeoutMs: settings.commandTimeoutMs,
  };
}

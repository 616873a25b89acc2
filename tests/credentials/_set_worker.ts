/**
 * A separate writer process for the concurrency test:
 * `deno run -A _set_worker.ts STORE KEYFILE PREFIX COUNT START_AT_MS`.
 * Waits until START_AT_MS so that all workers start together, then sets
 * COUNT realms `PREFIX-0` ... each through its own store instance.
 *
 * @module
 */
import { CredentialStore } from "../../lib/credentials/credential_store.ts";

const [path, keyFile, prefix, count, startAt] = Deno.args;
if (!path || !keyFile || !prefix || !count || !startAt) throw new TypeError("missing arguments");
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
for (let i = 0; i < Number(count); i++) {
  const store = await CredentialStore.open({ path, keyFile });
  await store.set(`${prefix}-${i}`, {
    username: `${prefix}-user-${i}`,
    password: `${prefix}-pw-${i}`,
  });
}

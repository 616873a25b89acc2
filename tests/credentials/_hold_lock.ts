/**
 * Holds the credential store's lock like a hung writer:
 * `deno run -A _hold_lock.ts STORE` takes an exclusive lock on `STORE.lock`,
 * prints "locked", and waits until killed.
 *
 * @module
 */
const [path] = Deno.args;
if (!path) throw new TypeError("missing store path");
const file = await Deno.open(`${path}.lock`, { read: true, write: true, create: true });
await file.lock(true);
await Deno.stdout.write(new TextEncoder().encode("locked\n"));
// A pending timer keeps the process (and the lock) alive until it is killed.
await new Promise((r) => setTimeout(r, 3_600_000));

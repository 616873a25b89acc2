/**
 * One of the concurrent writers of `redis_drift_test.ts`: for ROUNDS rounds,
 * adds then removes ACL TAG on each of COUNT devices (in an order of its own),
 * all devices at once (the client pipelines them), against the store at URL.
 *
 * `deno run -A tests/acl_db/_writer.ts URL TAG COUNT ROUNDS [keep|no] [CONC]`: with
 * `keep`, the last round's adds are kept; CONC devices are edited at a time.
 */
import { RedisAclStore } from "../../lib/acl/db/redis_store.ts";

const [url, tag, count, rounds, keep, conc] = Deno.args;
const store = await RedisAclStore.open(url!);
const devices = Array.from(
  { length: Number(count) },
  (_, i) => `dev-${String(i).padStart(4, "0")}`,
);
for (let r = 0; r < Number(rounds); r++) {
  const last = r === Number(rounds) - 1;
  // CONC devices at a time (default: all of them)
  const lanes = Number(conc ?? devices.length);
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < devices.length) {
      const d = devices[next++]!;
      await store.addExplicit(d, tag!);
      if (!(last && keep === "keep")) await store.removeExplicit(d, tag!);
    }
  }));
}
await store.close();

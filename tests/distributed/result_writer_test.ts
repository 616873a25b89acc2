/**
 * The worker's result writes: devices finished together share one result
 * stream entry (one `XADD` + `EXPIRE` round trip), read back in order by
 * `resultsOfEntry()`; a real `redis-server`.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { Redis } from "ioredis";
import { startRedis } from "../_servers/redis.ts";
import { MOST_PER_ENTRY, ResultWriter } from "../../lib/distributed/_result_writer.ts";
import { resultsOfEntry } from "../../lib/distributed/payload.ts";

Deno.test("ResultWriter.add() puts results finished together in one stream entry, at most MOST_PER_ENTRY each, with the stream's TTL", async () => {
  await using redis = await startRedis();
  const r = new Redis(redis.url);
  try {
    const w = new ResultWriter(r, 60);
    // three devices finishing in the same moment: one entry
    await Promise.all([3, 1, 2].map((i) => w.add("s", i, JSON.stringify({ i }))));
    let entries = await r.xrange("s", "-", "+");
    strictEqual(entries.length, 1);
    deepStrictEqual(resultsOfEntry(entries[0]![1]), [
      { index: 3, value: '{"i":3}' },
      { index: 1, value: '{"i":1}' },
      { index: 2, value: '{"i":2}' },
    ]);
    const ttl = await r.ttl("s");
    ok(ttl > 0 && ttl <= 60, `ttl ${ttl}`);
    // more than one entry holds: split, nothing lost
    const n = MOST_PER_ENTRY + 50;
    await Promise.all(Array.from({ length: n }, (_, i) => w.add("t", i, "{}")));
    entries = await r.xrange("t", "-", "+");
    deepStrictEqual(entries.map(([, f]) => resultsOfEntry(f).length), [MOST_PER_ENTRY, 50]);
    deepStrictEqual(
      entries.flatMap(([, f]) => resultsOfEntry(f).map((x) => x.index)),
      Array.from({ length: n }, (_, i) => i),
    );
    // flush() writes what waits at once (a worker closing)
    const later = w.add("u", 7, "{}");
    await w.flush();
    await later;
    strictEqual((await r.xrange("u", "-", "+")).length, 1);
  } finally {
    r.disconnect();
  }
});

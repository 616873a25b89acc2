/**
 * The check (and repair) of the Redis store: data the indexes miss, index
 * entries without data, and a queue counter behind the largest id. Each
 * repair is a Lua script that looks again before it writes, so a repair that
 * runs while other clients write cannot undo their work.
 *
 * @module
 */
import type { Redis } from "ioredis";
import type { StoreCheck, StoreCheckOptions, StoreProblem } from "./store.ts";

/** The key names. */
export const KEYS = {
  explicit: "acls:explicit:",
  devices: "acls:explicit-devices",
  queueIds: "trigger:queue:ids",
  queueNext: "trigger:queue:next",
  queueEntry: "trigger:queue:entry:",
} as const;

/** Lua: index the device when its set is not empty, drop it when it is. 1 when changed. */
const FIX_DEVICE = `if redis.call('SCARD', KEYS[1]) > 0 then
  return redis.call('SADD', KEYS[2], ARGV[1])
end
return redis.call('SREM', KEYS[2], ARGV[1])`;
/** Lua: index the queue id when its entry exists, drop it when it does not. */
const FIX_QUEUE_ID = `if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.call('SADD', KEYS[2], ARGV[1])
end
return redis.call('SREM', KEYS[2], ARGV[1])`;
/** Lua: raise the counter to at least ARGV[1]. */
const FIX_COUNTER = `local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) return 1 end
return 0`;

async function scanKeys(r: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await r.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== "0");
  return keys;
}

async function cards(r: Redis, keys: string[], cmd: "scard" | "exists"): Promise<number[]> {
  if (keys.length === 0) return [];
  const p = r.pipeline();
  for (const k of keys) p[cmd](k);
  return ((await p.exec()) ?? []).map(([, n]) => Number(n));
}

/**
 * Checks the Redis store's indexes against its data.
 *
 * @param r The client.
 * @param options Whether to repair.
 * @returns What was found and mended.
 */
export async function checkRedis(r: Redis, options: StoreCheckOptions): Promise<StoreCheck> {
  const { repair = false } = options;
  const problems: StoreProblem[] = [];
  const fixes: (() => Promise<unknown>)[] = [];

  // devices: every non-empty acls:explicit:<device> set is in the index, and only those
  const setKeys = (await scanKeys(r, `${KEYS.explicit}*`)).filter((k) => k !== KEYS.devices);
  const sizes = await cards(r, setKeys, "scard");
  const withAcls = new Set(
    setKeys.filter((_, i) => sizes[i]! > 0).map((k) => k.slice(KEYS.explicit.length)),
  );
  const indexed = new Set(await r.smembers(KEYS.devices));
  const fixDevice = (d: string) => () => r.eval(FIX_DEVICE, 2, KEYS.explicit + d, KEYS.devices, d);
  for (const d of withAcls) {
    if (indexed.has(d)) continue;
    problems.push({
      kind: "unindexed-device",
      subject: d,
      detail:
        `${d} has explicit ACLs that search and --export do not see (missing from ${KEYS.devices})`,
    });
    fixes.push(fixDevice(d));
  }
  for (const d of indexed) {
    if (withAcls.has(d)) continue;
    problems.push({
      kind: "stale-device-index",
      subject: d,
      detail: `${KEYS.devices} lists ${d}, which has no explicit ACLs`,
    });
    fixes.push(fixDevice(d));
  }

  // queue: every entry hash is in the id index, every id has a hash, the counter is ahead
  const entryKeys = await scanKeys(r, `${KEYS.queueEntry}*`);
  const entryIds = new Set(entryKeys.map((k) => k.slice(KEYS.queueEntry.length)));
  const ids = new Set(await r.smembers(KEYS.queueIds));
  const fixId = (id: string) => () =>
    r.eval(FIX_QUEUE_ID, 2, KEYS.queueEntry + id, KEYS.queueIds, id);
  for (const id of entryIds) {
    if (ids.has(id)) continue;
    problems.push({
      kind: "unindexed-queue-entry",
      subject: id,
      detail:
        `queue entry ${id} exists but the queue does not list it (missing from ${KEYS.queueIds})`,
    });
    fixes.push(fixId(id));
  }
  const present = await cards(r, [...ids].map((id) => KEYS.queueEntry + id), "exists");
  [...ids].forEach((id, i) => {
    if (present[i] === 1) return;
    problems.push({
      kind: "dangling-queue-id",
      subject: id,
      detail: `the queue lists entry ${id}, which does not exist`,
    });
    fixes.push(fixId(id));
  });
  const maxId = Math.max(0, ...[...entryIds].map(Number).filter(Number.isFinite));
  const next = Number(await r.get(KEYS.queueNext) ?? 0);
  if (next < maxId) {
    problems.push({
      kind: "queue-counter-behind",
      subject: KEYS.queueNext,
      detail: `the next queue id (${next + 1}) would reuse entry ids up to ${maxId}`,
    });
    fixes.push(() => r.eval(FIX_COUNTER, 1, KEYS.queueNext, maxId));
  }

  let repaired = 0;
  if (repair) {
    for (const fix of fixes) if (Number(await fix()) > 0) repaired++;
  }
  return { devices: withAcls.size, queueEntries: entryIds.size, problems, repaired };
}

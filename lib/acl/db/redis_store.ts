/**
 * The Redis backend, for a team sharing one association database. Explicit
 * associations keep the original's layout (a set `acls:explicit:<device>`),
 * so an existing Trigger database keeps working; the device index
 * (`acls:explicit-devices`, which search and `--export` read) changes in the
 * same Lua script as the data, so a crash or two writers at once cannot leave
 * them apart. {@linkcode RedisAclStore.check} finds and mends older drift
 * (e.g. a database written by the original, which had no index).
 *
 * The client is `ioredis`, with deadlines on connect and on every command.
 *
 * @module
 */
import type { Redis } from "ioredis";
import { TriggerError } from "../../errors.ts";
import { connectRedis, type RedisConn, type RedisDeadlines } from "./_redis_conn.ts";
import { checkRedis, KEYS } from "./_redis_check.ts";
import {
  type AclStore,
  matchesFilter,
  type NewQueueEntry,
  type QueueEntry,
  type QueueFilter,
  type QueueState,
  type StoreCheck,
  type StoreCheckOptions,
} from "./store.ts";

/** Lua: add ACLs to a device's set and the device to the index, at once. */
const ADD = `local n = redis.call('SADD', KEYS[1], unpack(ARGV, 2))
redis.call('SADD', KEYS[2], ARGV[1])
return n`;
/** Lua: remove an ACL; drop the device from the index when its set empties, at once. */
const REMOVE = `local n = redis.call('SREM', KEYS[1], ARGV[2])
if redis.call('SCARD', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[1]) end
return n`;
/** Lua: update an existing queue entry only. */
const SET_STATE = `if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[1], 'updatedAt', ARGV[2], 'note', ARGV[3])
return 1`;

/** Options of {@linkcode RedisAclStore.open}. */
export type RedisAclStoreOptions = RedisDeadlines;

/** The Redis store. Open with {@linkcode RedisAclStore.open}. */
export class RedisAclStore implements AclStore {
  /** The backend's name. */
  readonly kind = "redis" as const;
  readonly #conn: RedisConn;

  private constructor(conn: RedisConn) {
    this.#conn = conn;
  }

  /**
   * Connects to a Redis server and checks that it answers as Redis.
   *
   * @param url `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS).
   * @param options Deadlines: connect (5 s) and each command (10 s).
   * @returns The store.
   * @throws {TriggerError} `CONNECTION_REFUSED`, `TIMEOUT` (a stalled server), `PROTOCOL_ERROR`
   * (a service that is not Redis), `TRANSPORT_CLOSED` or `INVALID_ARGUMENT`.
   */
  static async open(url: string, options: RedisAclStoreOptions = {}): Promise<RedisAclStore> {
    return new RedisAclStore(await connectRedis(url, options));
  }

  #run<T>(what: string, f: (r: Redis) => Promise<T>): Promise<T> {
    return this.#conn.call(what, f);
  }

  async addExplicit(device: string, acl: string): Promise<boolean> {
    const n = await this.#run(
      "SADD",
      (r) => r.eval(ADD, 2, KEYS.explicit + device, KEYS.devices, device, acl),
    );
    return n === 1;
  }

  async addExplicitMany(pairs: readonly (readonly [string, string])[]): Promise<number> {
    if (pairs.length === 0) return 0;
    const byDevice = new Map<string, string[]>();
    for (const [d, a] of pairs) byDevice.set(d, [...(byDevice.get(d) ?? []), a]);
    // one MULTI/EXEC: all devices or none
    const replies = await this.#run("MULTI/EXEC", (r) => {
      const m = r.multi();
      for (const [d, acls] of byDevice) m.eval(ADD, 2, KEYS.explicit + d, KEYS.devices, d, ...acls);
      return m.exec();
    });
    if (replies === null) {
      throw new TriggerError(
        "ASSOCIATION_ERROR",
        "Cannot add associations: the Redis transaction was aborted",
      );
    }
    let added = 0;
    for (const [err, n] of replies) {
      if (err) {
        throw new TriggerError("ASSOCIATION_ERROR", `Redis refused an association: ${err.message}`);
      }
      added += Number(n);
    }
    return added;
  }

  async removeExplicit(device: string, acl: string): Promise<boolean> {
    const n = await this.#run(
      "SREM",
      (r) => r.eval(REMOVE, 2, KEYS.explicit + device, KEYS.devices, device, acl),
    );
    return n === 1;
  }

  async explicitFor(device: string): Promise<string[]> {
    return (await this.#run("SMEMBERS", (r) => r.smembers(KEYS.explicit + device))).sort();
  }

  async explicitAll(): Promise<Map<string, string[]>> {
    const devices = (await this.#run("SMEMBERS", (r) => r.smembers(KEYS.devices))).sort();
    const lists = await this.#run("SMEMBERS", (r) => {
      const p = r.pipeline();
      for (const d of devices) p.smembers(KEYS.explicit + d);
      return p.exec();
    });
    const out = new Map<string, string[]>();
    devices.forEach((d, i) => {
      const acls = (lists?.[i]?.[1] as string[] | undefined) ?? [];
      if (acls.length) out.set(d, acls.sort());
    });
    return out;
  }

  async enqueue(entries: NewQueueEntry[]): Promise<QueueEntry[]> {
    if (entries.length === 0) return [];
    const now = new Date().toISOString();
    const last = await this.#run("INCRBY", (r) => r.incrby(KEYS.queueNext, entries.length));
    const out = entries.map((e, i): QueueEntry => ({
      id: last - entries.length + 1 + i,
      ...e,
      queuedAt: now,
      state: "pending",
      updatedAt: null,
      note: null,
    }));
    const done = await this.#run("MULTI/EXEC", (r) => {
      const m = r.multi();
      for (const q of out) m.hset(KEYS.queueEntry + q.id, toFields(q)).sadd(KEYS.queueIds, q.id);
      return m.exec();
    });
    if (done === null || done.some(([e]) => e)) {
      throw new TriggerError(
        "QUEUE_ERROR",
        "Cannot queue ACL loads: the Redis transaction was aborted",
      );
    }
    return out;
  }

  async entries(filter: QueueFilter = {}): Promise<QueueEntry[]> {
    const ids = (await this.#run("SMEMBERS", (r) => r.smembers(KEYS.queueIds))).map(Number)
      .sort((a, b) => a - b);
    const hashes = await this.#run("HGETALL", (r) => {
      const p = r.pipeline();
      for (const id of ids) p.hgetall(KEYS.queueEntry + id);
      return p.exec();
    });
    return (hashes ?? []).map(([, h]) => fromFields(h as Record<string, string>))
      .filter((e): e is QueueEntry => e !== undefined && matchesFilter(e, filter));
  }

  async setState(id: number, state: QueueState, note?: string): Promise<void> {
    const updated = await this.#run(
      "HSET",
      (r) =>
        r.eval(SET_STATE, 1, KEYS.queueEntry + id, state, new Date().toISOString(), note ?? ""),
    );
    if (updated !== 1) {
      throw new TriggerError("QUEUE_ERROR", `Cannot update queue entry ${id}: no such entry`);
    }
  }

  /**
   * Finds devices whose ACLs the index misses (and index entries without
   * ACLs), queue entries the queue index misses (and ids without an entry),
   * and a queue counter behind the largest id; with `repair`, mends each in
   * an atomic script that checks again first, so it is safe while others write.
   *
   * @param options Whether to repair.
   * @returns What was found and mended.
   */
  async check(options: StoreCheckOptions = {}): Promise<StoreCheck> {
    return await this.#run("check", (r) => checkRedis(r, options));
  }

  async checkWritable(): Promise<void> {
    try {
      await this.#run("PING", (r) => r.ping());
    } catch (e) {
      throw new TriggerError("QUEUE_ERROR", `Cannot use Redis: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }

  close(): Promise<void> {
    this.#conn.redis.disconnect();
    return Promise.resolve();
  }
}

function toFields(q: QueueEntry): Record<string, string> {
  return {
    id: String(q.id),
    acl: q.acl,
    device: q.device ?? "",
    escalation: q.escalation ? "1" : "0",
    user: q.user,
    queuedAt: q.queuedAt,
    state: q.state,
    updatedAt: q.updatedAt ?? "",
    note: q.note ?? "",
  };
}

function fromFields(h: Record<string, string> | undefined): QueueEntry | undefined {
  if (h === undefined || Object.keys(h).length === 0) return undefined;
  return {
    id: Number(h.id),
    acl: h.acl ?? "",
    device: h.device ? h.device : null,
    escalation: h.escalation === "1",
    user: h.user ?? "",
    queuedAt: h.queuedAt ?? "",
    state: (h.state ?? "pending") as QueueState,
    updatedAt: h.updatedAt ? h.updatedAt : null,
    note: h.note ? h.note : null,
  };
}

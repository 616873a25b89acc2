/**
 * The Redis backend, for a team sharing one association database. Explicit
 * associations keep the original's layout (a set `acls:explicit:<device>`),
 * so an existing Trigger database keeps working.
 *
 * @module
 */
import { TriggerError } from "../../errors.ts";
import { RedisClient, type RedisReply } from "./_redis.ts";
import {
  type AclStore,
  matchesFilter,
  type NewQueueEntry,
  type QueueEntry,
  type QueueFilter,
  type QueueState,
} from "./store.ts";

const EXPLICIT = "acls:explicit:";
const DEVICES = "acls:explicit-devices";
const QUEUE_IDS = "trigger:queue:ids";
const QUEUE_NEXT = "trigger:queue:next";
const QUEUE_ENTRY = "trigger:queue:entry:";

/** The Redis store. Open with {@linkcode RedisAclStore.open}. */
export class RedisAclStore implements AclStore {
  /** The backend's name. */
  readonly kind = "redis" as const;
  readonly #redis: RedisClient;

  private constructor(redis: RedisClient) {
    this.#redis = redis;
  }

  /**
   * Connects to a Redis server.
   *
   * @param url `redis://[:password@]host[:port][/db]`.
   * @returns The store.
   * @throws {TriggerError} `CONNECTION_REFUSED`, `TIMEOUT` or `INVALID_ARGUMENT`.
   */
  static async open(url: string): Promise<RedisAclStore> {
    return new RedisAclStore(await RedisClient.connect(url));
  }

  async addExplicit(device: string, acl: string): Promise<boolean> {
    const added = await this.#redis.command("SADD", EXPLICIT + device, acl);
    await this.#redis.command("SADD", DEVICES, device);
    return added === 1;
  }

  async removeExplicit(device: string, acl: string): Promise<boolean> {
    const removed = await this.#redis.command("SREM", EXPLICIT + device, acl);
    if ((await this.#redis.command("SCARD", EXPLICIT + device)) === 0) {
      await this.#redis.command("SREM", DEVICES, device);
    }
    return removed === 1;
  }

  async explicitFor(device: string): Promise<string[]> {
    return strings(await this.#redis.command("SMEMBERS", EXPLICIT + device)).sort();
  }

  async explicitAll(): Promise<Map<string, string[]>> {
    const devices = strings(await this.#redis.command("SMEMBERS", DEVICES)).sort();
    const lists = await Promise.all(devices.map((d) => this.explicitFor(d)));
    const out = new Map<string, string[]>();
    devices.forEach((d, i) => {
      if (lists[i]!.length) out.set(d, lists[i]!);
    });
    return out;
  }

  async enqueue(entries: NewQueueEntry[]): Promise<QueueEntry[]> {
    if (entries.length === 0) return [];
    const now = new Date().toISOString();
    const last = Number(await this.#redis.command("INCRBY", QUEUE_NEXT, entries.length));
    const out = entries.map((e, i): QueueEntry => ({
      id: last - entries.length + 1 + i,
      ...e,
      queuedAt: now,
      state: "pending",
      updatedAt: null,
      note: null,
    }));
    // one transaction, written in one burst so no other command of this client interleaves
    const sent = [this.#redis.command("MULTI")];
    for (const q of out) {
      sent.push(this.#redis.command("HSET", QUEUE_ENTRY + q.id, ...toFields(q)));
      sent.push(this.#redis.command("SADD", QUEUE_IDS, q.id));
    }
    sent.push(this.#redis.command("EXEC"));
    const replies = await Promise.all(sent);
    if (!Array.isArray(replies.at(-1))) {
      throw new TriggerError(
        "QUEUE_ERROR",
        "Cannot queue ACL loads: the Redis transaction was aborted",
      );
    }
    return out;
  }

  async entries(filter: QueueFilter = {}): Promise<QueueEntry[]> {
    const ids = strings(await this.#redis.command("SMEMBERS", QUEUE_IDS)).map(Number).sort((a, b) =>
      a - b
    );
    const hashes = await Promise.all(
      ids.map((id) => this.#redis.command("HGETALL", QUEUE_ENTRY + id)),
    );
    return hashes.map(fromFields).filter((e): e is QueueEntry =>
      e !== undefined && matchesFilter(e, filter)
    );
  }

  async setState(id: number, state: QueueState, note?: string): Promise<void> {
    if ((await this.#redis.command("EXISTS", QUEUE_ENTRY + id)) !== 1) {
      throw new TriggerError("QUEUE_ERROR", `Cannot update queue entry ${id}: no such entry`);
    }
    await this.#redis.command(
      "HSET",
      QUEUE_ENTRY + id,
      "state",
      state,
      "updatedAt",
      new Date().toISOString(),
      "note",
      note ?? "",
    );
  }

  async checkWritable(): Promise<void> {
    try {
      await this.#redis.command("PING");
    } catch (e) {
      throw new TriggerError("QUEUE_ERROR", `Cannot use Redis: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }

  close(): Promise<void> {
    this.#redis.close();
    return Promise.resolve();
  }
}

function strings(r: RedisReply): string[] {
  return Array.isArray(r) ? r.filter((x): x is string => typeof x === "string") : [];
}

function toFields(q: QueueEntry): string[] {
  return [
    "id",
    String(q.id),
    "acl",
    q.acl,
    "device",
    q.device ?? "",
    "escalation",
    q.escalation ? "1" : "0",
    "user",
    q.user,
    "queuedAt",
    q.queuedAt,
    "state",
    q.state,
    "updatedAt",
    q.updatedAt ?? "",
    "note",
    q.note ?? "",
  ];
}

function fromFields(r: RedisReply): QueueEntry | undefined {
  const list = strings(r);
  if (list.length === 0) return undefined;
  const h: Record<string, string> = {};
  for (let i = 0; i + 1 < list.length; i += 2) h[list[i]!] = list[i + 1]!;
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

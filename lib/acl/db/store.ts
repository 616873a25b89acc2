/**
 * The storage interface behind ACL associations and the load queue, with two
 * backends: SQLite (embedded default) and Redis (shared by a team).
 *
 * @module
 */

/** The life of a queue entry. */
export type QueueState = "pending" | "done" | "failed" | "removed";

/** One ACL load request. */
export interface QueueEntry {
  /** Unique id within the store. */
  id: number;
  /** The ACL to load. */
  acl: string;
  /** The device; `null` for a manual-queue entry (no device resolved). */
  device: string | null;
  /** Whether the load was escalated (urgent). */
  escalation: boolean;
  /** Who queued it. */
  user: string;
  /** When it was queued (ISO 8601 instant). */
  queuedAt: string;
  /** Where it stands. */
  state: QueueState;
  /** When the state last changed (ISO 8601 instant), or `null`. */
  updatedAt: string | null;
  /** What happened (a failure's reason, a verification note), or `null`. */
  note: string | null;
}

/** A new queue entry. */
export interface NewQueueEntry {
  /** The ACL to load. */
  acl: string;
  /** The device, or `null` for the manual queue. */
  device: string | null;
  /** Urgent load. */
  escalation: boolean;
  /** Who queues it. */
  user: string;
}

/** Which queue entries to list. */
export interface QueueFilter {
  /** Only entries in this state. */
  state?: QueueState;
  /** Only this ACL. */
  acl?: string;
  /** Only this device. */
  device?: string;
  /** Only manual (`true`) or only integrated (`false`) entries. */
  manual?: boolean;
  /** Only escalated (`true`) or only normal (`false`) entries. */
  escalation?: boolean;
}

/** One disagreement between stored data and the index that finds it. */
export interface StoreProblem {
  /**
   * - `unindexed-device`: a device has explicit ACLs but is missing from the
   *   device index (invisible to search and `--export`);
   * - `stale-device-index`: the index lists a device without explicit ACLs;
   * - `unindexed-queue-entry`: a queue entry missing from the queue index;
   * - `dangling-queue-id`: the queue index lists an entry that does not exist;
   * - `queue-counter-behind`: the next queue id would reuse an existing one;
   * - `integrity`: the database file reports damage (SQLite).
   */
  kind:
    | "unindexed-device"
    | "stale-device-index"
    | "unindexed-queue-entry"
    | "dangling-queue-id"
    | "queue-counter-behind"
    | "integrity";
  /** What it concerns: a device name, a queue id, a table. */
  subject: string;
  /** What is wrong, in words. */
  detail: string;
}

/** What {@linkcode AclStore.check} found (and mended). */
export interface StoreCheck {
  /** Devices with explicit ACLs seen. */
  devices: number;
  /** Queue entries seen. */
  queueEntries: number;
  /** Every disagreement found. */
  problems: StoreProblem[];
  /** How many of them were mended (0 unless asked to repair). */
  repaired: number;
}

/** Options of {@linkcode AclStore.check}. */
export interface StoreCheckOptions {
  /**
   * Mend what is found: index what the data holds, drop index entries with no data.
   *
   * @default {false}
   */
  repair?: boolean;
}

/** Storage for explicit associations and the load queue. */
export interface AclStore {
  /** The backend's name. */
  readonly kind: "sqlite" | "redis";
  /** Adds an explicit association; `false` when it already existed. */
  addExplicit(device: string, acl: string): Promise<boolean>;
  /** Adds many explicit associations, all or none; returns how many were new. */
  addExplicitMany(pairs: readonly (readonly [device: string, acl: string])[]): Promise<number>;
  /** Removes an explicit association; `false` when it did not exist. */
  removeExplicit(device: string, acl: string): Promise<boolean>;
  /** The explicit ACLs of one device, sorted. */
  explicitFor(device: string): Promise<string[]>;
  /** Every device with explicit ACLs, and its sorted ACLs. */
  explicitAll(): Promise<Map<string, string[]>>;
  /** Adds entries to the queue, all or none. */
  enqueue(entries: NewQueueEntry[]): Promise<QueueEntry[]>;
  /** Lists queue entries, oldest first. */
  entries(filter?: QueueFilter): Promise<QueueEntry[]>;
  /** Moves an entry to a new state, with a note. */
  setState(id: number, state: QueueState, note?: string): Promise<void>;
  /**
   * Proves the store takes writes now (SQLite: takes and releases the write
   * lock, waiting at most its busy timeout; Redis: answers a `PING`).
   *
   * @throws {TriggerError} `QUEUE_ERROR` saying why it does not.
   */
  checkWritable(): Promise<void>;
  /** Finds (and with `repair`, mends) data the indexes do not find, and index entries without data. */
  check(options?: StoreCheckOptions): Promise<StoreCheck>;
  /** Releases the connection or file. */
  close(): Promise<void>;
}

/** Applies a filter in memory (for backends without queries). */
export function matchesFilter(e: QueueEntry, f: QueueFilter): boolean {
  return (f.state === undefined || e.state === f.state) &&
    (f.acl === undefined || e.acl === f.acl) &&
    (f.device === undefined || e.device === f.device) &&
    (f.manual === undefined || (e.device === null) === f.manual) &&
    (f.escalation === undefined || e.escalation === f.escalation);
}

/**
 * The embedded SQLite backend (`node:sqlite`): one file, WAL mode, safe for
 * several processes on one machine.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { TriggerError } from "../../errors.ts";
import type {
  AclStore,
  NewQueueEntry,
  QueueEntry,
  QueueFilter,
  QueueState,
  StoreCheck,
  StoreCheckOptions,
} from "./store.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS explicit_acls (
  device TEXT NOT NULL,
  acl TEXT NOT NULL,
  PRIMARY KEY (device, acl)
);
CREATE TABLE IF NOT EXISTS load_queue (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  acl TEXT NOT NULL,
  device TEXT,
  escalation INTEGER NOT NULL DEFAULT 0,
  user TEXT NOT NULL,
  queued_at TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  updated_at TEXT,
  note TEXT
);
CREATE INDEX IF NOT EXISTS load_queue_state ON load_queue (state, acl);
`;

interface Row {
  id: number;
  acl: string;
  device: string | null;
  escalation: number;
  user: string;
  queuedAt: string;
  state: QueueState;
  updatedAt: string | null;
  note: string | null;
}

/** Options of {@linkcode SqliteAclStore.open}. */
export interface SqliteAclStoreOptions {
  /**
   * Milliseconds a write waits for another process's lock before it fails.
   * @default {5000}
   */
  busyTimeoutMs?: number;
}

/** The SQLite store. Open with {@linkcode SqliteAclStore.open}. */
export class SqliteAclStore implements AclStore {
  /** The backend's name. */
  readonly kind = "sqlite" as const;
  readonly #db: DatabaseSync;
  readonly #path: string;
  readonly #busyMs: number;

  private constructor(db: DatabaseSync, path: string, busyMs: number) {
    this.#db = db;
    this.#path = path;
    this.#busyMs = busyMs;
  }

  /**
   * Opens (and creates if needed) the database file.
   *
   * @param path The file, or `":memory:"`.
   * @param options How long a write waits for a lock.
   * @returns The store.
   * @throws {TriggerError} `IO_ERROR` when the file cannot be opened.
   */
  static open(path: string, options: SqliteAclStoreOptions = {}): SqliteAclStore {
    const busyMs = options.busyTimeoutMs ?? 5000;
    try {
      const db = new DatabaseSync(path);
      db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.round(busyMs))}`);
      if (path !== ":memory:") db.exec("PRAGMA journal_mode = WAL");
      db.exec(SCHEMA);
      return new SqliteAclStore(db, path, busyMs);
    } catch (e) {
      throw new TriggerError(
        "IO_ERROR",
        `Cannot open ACL database "${path}": ${(e as Error).message}`,
        {
          cause: e,
        },
      );
    }
  }

  addExplicit(device: string, acl: string): Promise<boolean> {
    const r = this.#db.prepare("INSERT OR IGNORE INTO explicit_acls (device, acl) VALUES (?, ?)")
      .run(device, acl);
    return Promise.resolve(Number(r.changes) > 0);
  }

  addExplicitMany(pairs: readonly (readonly [string, string])[]): Promise<number> {
    const insert = this.#db.prepare(
      "INSERT OR IGNORE INTO explicit_acls (device, acl) VALUES (?, ?)",
    );
    let added = 0;
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      for (const [device, acl] of pairs) added += Number(insert.run(device, acl).changes);
      this.#db.exec("COMMIT");
    } catch (e) {
      this.#db.exec("ROLLBACK");
      return Promise.reject(
        new TriggerError("ASSOCIATION_ERROR", `Cannot add associations: ${(e as Error).message}`, {
          cause: e,
        }),
      );
    }
    return Promise.resolve(added);
  }

  removeExplicit(device: string, acl: string): Promise<boolean> {
    const r = this.#db.prepare("DELETE FROM explicit_acls WHERE device = ? AND acl = ?").run(
      device,
      acl,
    );
    return Promise.resolve(Number(r.changes) > 0);
  }

  explicitFor(device: string): Promise<string[]> {
    const rows = this.#db.prepare("SELECT acl FROM explicit_acls WHERE device = ? ORDER BY acl")
      .all(device) as { acl: string }[];
    return Promise.resolve(rows.map((r) => r.acl));
  }

  explicitAll(): Promise<Map<string, string[]>> {
    const rows = this.#db.prepare("SELECT device, acl FROM explicit_acls ORDER BY device, acl")
      .all() as { device: string; acl: string }[];
    const out = new Map<string, string[]>();
    for (const r of rows) {
      const list = out.get(r.device);
      if (list) list.push(r.acl);
      else out.set(r.device, [r.acl]);
    }
    return Promise.resolve(out);
  }

  enqueue(entries: NewQueueEntry[]): Promise<QueueEntry[]> {
    const now = new Date().toISOString();
    const insert = this.#db.prepare(
      "INSERT INTO load_queue (acl, device, escalation, user, queued_at) VALUES (?, ?, ?, ?, ?)",
    );
    const ids: number[] = [];
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      for (const e of entries) {
        const r = insert.run(e.acl, e.device, e.escalation ? 1 : 0, e.user, now);
        ids.push(Number(r.lastInsertRowid));
      }
      this.#db.exec("COMMIT");
    } catch (e) {
      this.#db.exec("ROLLBACK");
      throw new TriggerError("QUEUE_ERROR", `Cannot queue ACL loads: ${(e as Error).message}`, {
        cause: e,
      });
    }
    return Promise.resolve(entries.map((e, i) => ({
      id: ids[i]!,
      ...e,
      queuedAt: now,
      state: "pending" as const,
      updatedAt: null,
      note: null,
    })));
  }

  entries(filter: QueueFilter = {}): Promise<QueueEntry[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.state !== undefined) where.push("state = ?"), args.push(filter.state);
    if (filter.acl !== undefined) where.push("acl = ?"), args.push(filter.acl);
    if (filter.device !== undefined) where.push("device = ?"), args.push(filter.device);
    if (filter.manual !== undefined) {
      where.push(filter.manual ? "device IS NULL" : "device IS NOT NULL");
    }
    if (filter.escalation !== undefined) {
      where.push("escalation = ?"), args.push(filter.escalation ? 1 : 0);
    }
    const sql =
      `SELECT id, acl, device, escalation, user, queued_at AS queuedAt, state, updated_at AS updatedAt, note FROM load_queue${
        where.length ? ` WHERE ${where.join(" AND ")}` : ""
      } ORDER BY id`;
    const rows = this.#db.prepare(sql).all(...args) as unknown as Row[];
    return Promise.resolve(rows.map((r) => ({
      id: r.id,
      acl: r.acl,
      device: r.device,
      escalation: r.escalation === 1,
      user: r.user,
      queuedAt: r.queuedAt,
      state: r.state,
      updatedAt: r.updatedAt,
      note: r.note,
    })));
  }

  setState(id: number, state: QueueState, note?: string): Promise<void> {
    const r = this.#db.prepare(
      "UPDATE load_queue SET state = ?, updated_at = ?, note = ? WHERE id = ?",
    )
      .run(state, new Date().toISOString(), note ?? null, id);
    if (Number(r.changes) === 0) {
      return Promise.reject(
        new TriggerError("QUEUE_ERROR", `Cannot update queue entry ${id}: no such entry`),
      );
    }
    return Promise.resolve();
  }

  checkWritable(): Promise<void> {
    try {
      this.#db.exec("BEGIN IMMEDIATE");
      this.#db.exec("ROLLBACK");
      return Promise.resolve();
    } catch (e) {
      const why = (e as Error).message;
      const locked = /locked|busy/i.test(why);
      return Promise.reject(
        new TriggerError(
          "QUEUE_ERROR",
          locked
            ? `Cannot write the ACL database "${this.#path}": another process holds its lock ` +
              `(waited ${this.#busyMs} ms)`
            : `Cannot write the ACL database "${this.#path}": ${why}`,
          { cause: e },
        ),
      );
    }
  }

  /**
   * The rows are their own index here (one table, transactions), so the check
   * is SQLite's `PRAGMA quick_check` of the file; a damaged file is reported,
   * not repaired (restore it from a backup or `--export`).
   *
   * @returns What was found.
   */
  check(_options: StoreCheckOptions = {}): Promise<StoreCheck> {
    const rows = this.#db.prepare("PRAGMA quick_check").all() as Record<string, string>[];
    const messages = rows.map((r) => Object.values(r)[0] ?? "").filter((m) => m !== "ok");
    const count = (sql: string) => Number((this.#db.prepare(sql).get() as { n: number }).n);
    return Promise.resolve({
      devices: count("SELECT COUNT(DISTINCT device) AS n FROM explicit_acls"),
      queueEntries: count("SELECT COUNT(*) AS n FROM load_queue"),
      problems: messages.map((detail) => ({
        kind: "integrity" as const,
        subject: "database",
        detail,
      })),
      repaired: 0,
    });
  }

  close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
    return Promise.resolve();
  }
}

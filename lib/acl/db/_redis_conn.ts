/**
 * The Redis connection of the ACL store: `ioredis` with a deadline on
 * everything (connect, and every command), no silent reconnects, and errors
 * a user can act on: a stalled server is `TIMEOUT` naming the command, a
 * service that is not Redis (SSH, HTTP...) is `PROTOCOL_ERROR`, a refused
 * port is `CONNECTION_REFUSED`. Never a stack trace from inside the client.
 *
 * @module
 */
import { Redis } from "ioredis";
import { TriggerError } from "../../errors.ts";

/** Deadlines of a Redis connection. */
export interface RedisDeadlines {
  /**
   * Time allowed to connect and get the server's first answer, in ms.
   *
   * @default {5000}
   */
  connectTimeoutMs?: number;
  /**
   * Time allowed for each command's reply, in ms.
   *
   * @default {10000}
   */
  commandTimeoutMs?: number;
}

/** A connected client and how to explain its failures. */
export interface RedisConn {
  readonly redis: Redis;
  /** `redis://host:port/db`, without the password. */
  readonly display: string;
  /** Runs one call, turning the client's errors into TriggerErrors naming `what`. */
  call<T>(what: string, run: (r: Redis) => Promise<T>): Promise<T>;
}

/**
 * Parses and checks a Redis URL; the display form has no password (also the
 * distributed queue's, `lib/distributed/connection.ts`).
 */
export function checkUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TriggerError("INVALID_ARGUMENT", `Cannot use Redis URL "${url}": not a URL`);
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") {
    throw new TriggerError(
      "INVALID_ARGUMENT",
      `Cannot use Redis URL "${url}": expected redis://host:port/db`,
    );
  }
  return `${u.protocol}//${u.hostname || "127.0.0.1"}:${u.port || 6379}${u.pathname}`;
}

/** Turns an ioredis error into a TriggerError (also the distributed queue's). */
export function explain(
  e: unknown,
  display: string,
  what: string,
  ms: RedisDeadlines,
): TriggerError {
  if (e instanceof TriggerError) return e;
  const err = e as { message?: string; code?: string; name?: string };
  const message = err.message ?? String(e);
  if (err.code === "ECONNREFUSED") {
    return new TriggerError(
      "CONNECTION_REFUSED",
      `Cannot connect to Redis at ${display}: ${message}`,
      {
        cause: e,
      },
    );
  }
  if (/timed out|ETIMEDOUT/i.test(message)) {
    return new TriggerError(
      "TIMEOUT",
      `Cannot use Redis at ${display}: no answer to ${what} within ${
        what === "connect" ? ms.connectTimeoutMs : ms.commandTimeoutMs
      } ms (is the server stalled?)`,
      { cause: e },
    );
  }
  const resp = /Unknown RESP type \d+ (".*?")/.exec(message);
  if (resp || /protocol error/i.test(message)) {
    const why = resp ? `it answered ${resp[1]}..., not a Redis reply` : message;
    return new TriggerError(
      "PROTOCOL_ERROR",
      `Cannot use Redis at ${display}: the service there does not speak Redis (${why})`,
      { cause: e },
    );
  }
  if (err.name === "ReplyError") {
    return new TriggerError("ASSOCIATION_ERROR", `Redis refused ${what}: ${message}`, { cause: e });
  }
  if (/Connection is closed|connection close|EPIPE|ECONNRESET|end of stream/i.test(message)) {
    const hint = what === "connect" ? "is it a Redis server?" : "server stopped or restarted?";
    return new TriggerError(
      "TRANSPORT_CLOSED",
      `Cannot use Redis at ${display}: the connection closed during ${what} (${hint})`,
      { cause: e },
    );
  }
  return new TriggerError("TRANSPORT_CLOSED", `Cannot use Redis at ${display}: ${message}`, {
    cause: e,
  });
}

/**
 * Connects with deadlines and checks that the server answers as Redis.
 *
 * @param url `redis://[user:password@]host[:port][/db]` (or `rediss://`).
 * @param deadlines Connect and command deadlines.
 * @returns The connection.
 * @throws {TriggerError} `INVALID_ARGUMENT`, `CONNECTION_REFUSED`, `TIMEOUT`, `PROTOCOL_ERROR`,
 * `TRANSPORT_CLOSED`, or `ASSOCIATION_ERROR` (e.g. a wrong password).
 */
export async function connectRedis(
  url: string,
  deadlines: RedisDeadlines = {},
): Promise<RedisConn> {
  const { connectTimeoutMs = 5000, commandTimeoutMs = 10_000 } = deadlines;
  for (const [k, v] of Object.entries({ connectTimeoutMs, commandTimeoutMs })) {
    if (!(v > 0)) throw new RangeError(`${k} must be positive, got ${v}`);
  }
  const ms = { connectTimeoutMs, commandTimeoutMs };
  const display = checkUrl(url);
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    // until the server has answered PING, every command has the connect deadline
    commandTimeout: connectTimeoutMs,
    disableClientInfo: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null, // a lost connection fails the call: no silent retry loop
    enableOfflineQueue: false,
    enableReadyCheck: false,
  });
  // the first error explains the failure better than the "connection is closed" that follows
  let first: unknown;
  redis.on("error", (e) => first ??= e);
  const fail = (e: unknown, what: string) => explain(first ?? e, display, what, ms);
  const conn: RedisConn = {
    redis,
    display,
    async call(what, run) {
      try {
        return await run(redis);
      } catch (e) {
        const err = fail(e, what);
        first = undefined;
        throw err;
      }
    },
  };
  try {
    // connected, and answering PING as Redis does, within the connect deadline
    let timer: ReturnType<typeof setTimeout> | undefined;
    const answered = redis.connect().then(() => redis.ping());
    answered.catch(() => {}); // a late failure after the deadline is already reported
    const pong = await Promise.race([
      answered,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("timed out")), connectTimeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    if (pong !== "PONG") {
      throw new TriggerError("PROTOCOL_ERROR", `PING answered ${JSON.stringify(pong)}`);
    }
    redis.options.commandTimeout = commandTimeoutMs;
  } catch (e) {
    const err = fail(e, "connect");
    redis.disconnect();
    throw err;
  }
  return conn;
}

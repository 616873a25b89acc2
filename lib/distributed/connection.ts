/**
 * The Redis connection of the distributed queue (BullMQ): `redis://` or
 * `rediss://` (TLS) URLs, a password from the URL or from the environment
 * (`TRIGGER_QUEUE_PASSWORD`, so that it never shows in `ps`), an optional CA
 * file for a private TLS authority, and the options BullMQ requires
 * (`maxRetriesPerRequest: null`: a worker waits for Redis to come back
 * instead of failing its jobs). The URL shown in messages never carries the
 * password.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { TriggerError } from "../errors.ts";
import { checkUrl, explain } from "../acl/db/_redis_conn.ts";

/** Where the queue lives and how to log in. */
export interface QueueConnectionOptions {
  /** `redis://[user:password@]host[:port][/db]` or `rediss://...` (TLS). */
  url: string;
  /**
   * The password, when the URL has none (e.g. from `TRIGGER_QUEUE_PASSWORD`).
   *
   * @default {undefined}
   */
  password?: string | undefined;
  /**
   * A PEM file of the certificate authority that signed the server's
   * certificate (`rediss://` with a private authority).
   *
   * @default {undefined}
   */
  tlsCaFile?: string | undefined;
  /**
   * Milliseconds allowed to connect.
   *
   * @default {10000}
   */
  connectTimeoutMs?: number;
}

/**
 * Checks a queue URL and returns it without its password (for messages).
 *
 * @param url The URL.
 * @returns `redis://host:port/db` (or `rediss://`), never the password.
 * @throws {TriggerError} `INVALID_ARGUMENT` when it is not a `redis://` or
 *   `rediss://` URL.
 *
 * @example The password never shows
 * ```ts
 * import { queueDisplayUrl } from "@trigger/trigger/distributed";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(queueDisplayUrl("rediss://:s3cret@queue.example.net:6380/2"), "rediss://queue.example.net:6380/2");
 * ```
 */
export function queueDisplayUrl(url: string): string {
  return checkUrl(url);
}

/**
 * Opens a Redis connection for BullMQ. It connects in the background and
 * reconnects after a loss (BullMQ resumes then); errors are reported to
 * `onError` (once per distinct message) rather than thrown.
 *
 * @param options URL, password, CA file.
 * @param onError Told about connection errors (the message names the URL without its password).
 * @returns The client; `quit()` it when done.
 * @throws {TriggerError} `INVALID_ARGUMENT` for a bad URL, `IO_ERROR` for an unreadable CA file.
 */
export function openQueueConnection(
  options: QueueConnectionOptions,
  onError?: (message: string) => void,
): Redis {
  const display = queueDisplayUrl(options.url);
  let password: string | undefined;
  if (
    options.password !== undefined && options.password !== "" &&
    !/\/\/[^@/]*:[^@/]*@/.test(options.url)
  ) {
    password = options.password;
  }
  let ca: string | undefined;
  if (options.tlsCaFile !== undefined) {
    try {
      ca = readFileSync(options.tlsCaFile, "utf8");
    } catch (e) {
      throw new TriggerError(
        "IO_ERROR",
        `Cannot read the queue's CA file "${options.tlsCaFile}": ${(e as Error).message}`,
        { cause: e },
      );
    }
  }
  const redis = new Redis(options.url, {
    maxRetriesPerRequest: null,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    // back off up to 2 s between reconnects: a restarted Redis is found again quickly
    retryStrategy: (times: number) => Math.min(times * 200, 2000),
    ...(password === undefined ? {} : { password }),
    ...(ca === undefined ? {} : { tls: { ca } }),
  });
  let last = "";
  redis.on("error", (e: Error) => {
    const message = `Redis at ${display}: ${e.message}`;
    if (message !== last) onError?.(message);
    last = message;
  });
  redis.on("ready", () => (last = ""));
  return redis;
}

/**
 * Waits until a connection answers, or fails with a clear error.
 *
 * @param redis The connection.
 * @param url Its URL (for the message).
 * @param timeoutMs How long to wait.
 * @throws {TriggerError} `QUEUE_ERROR` naming the URL (without its password)
 *   and the last error (refused, wrong password, TLS...).
 */
export async function queueReady(redis: Redis, url: string, timeoutMs = 10_000): Promise<void> {
  let lastError: Error | undefined;
  const onError = (e: Error) => (lastError ??= e);
  redis.on("error", onError);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      redis.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("no answer")), timeoutMs);
      }),
    ]);
  } catch (e) {
    const why = explain(lastError ?? e, queueDisplayUrl(url), "connect", {
      connectTimeoutMs: timeoutMs,
    });
    const display = queueDisplayUrl(url);
    const text = why.message.includes(display) ? why.message : `${display}: ${why.message}`;
    throw new TriggerError("QUEUE_ERROR", `Cannot reach the job queue: ${text}`, { cause: why });
  } finally {
    clearTimeout(timer);
    redis.off("error", onError);
  }
}

/**
 * A second connection to the same Redis (BullMQ's blocking reads need their
 * own), with its errors handled like the first's.
 *
 * @param redis The first connection.
 * @param onError Told about connection errors.
 * @returns The new connection.
 */
export function duplicateConnection(redis: Redis, onError?: (message: string) => void): Redis {
  const d = redis.duplicate();
  d.on("error", (e: Error) => onError?.(e.message));
  return d;
}

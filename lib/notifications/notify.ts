/**
 * Delivers a message through every handler, in parallel, within a time
 * limit. Never throws: a failed or slow handler becomes an `ok: false`
 * result, so a job never fails or hangs because a mail relay is down.
 *
 * @module
 */
import type { NotificationHandler, NotificationMessage, NotifyResult } from "./types.ts";

/** Options of {@linkcode notify}. */
export interface NotifyOptions {
  /**
   * Time allowed to each handler, in milliseconds; it is then aborted.
   *
   * @default {10000}
   */
  timeoutMs?: number;
}

/**
 * Sends a message through handlers and reports each one's outcome.
 *
 * @param message The message.
 * @param handlers The handlers, run in parallel.
 * @param options The time limit.
 * @returns One result per handler, in the handlers' order; never rejects.
 *
 * @example A failing handler does not stop the others
 * ```ts
 * import { type NotificationHandler, notify } from "@trigger/trigger/notifications";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const sent: string[] = [];
 * const good: NotificationHandler = { name: "log", send: (m) => { sent.push(m.subject); return Promise.resolve(); } };
 * const bad: NotificationHandler = { name: "broken", send: () => Promise.reject(new Error("relay down")) };
 * const results = await notify({ subject: "ACL load done", body: "3 devices", level: "success" }, [bad, good]);
 * deepStrictEqual(results.map((r) => [r.handler, r.ok, r.error]), [
 *   ["broken", false, "relay down"],
 *   ["log", true, undefined],
 * ]);
 * deepStrictEqual(sent, ["ACL load done"]);
 * ```
 */
export async function notify(
  message: NotificationMessage,
  handlers: readonly NotificationHandler[],
  options: NotifyOptions = {},
): Promise<NotifyResult[]> {
  const { timeoutMs = 10_000 } = options;
  return await Promise.all(handlers.map(async (h): Promise<NotifyResult> => {
    const started = performance.now();
    const ctl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const e = new Error(`timed out after ${timeoutMs} ms`);
        ctl.abort(e);
        reject(e);
      }, timeoutMs);
    });
    try {
      const sending = Promise.resolve().then(() => h.send(message, ctl.signal));
      sending.catch(() => {}); // a late rejection after the timeout is not unhandled
      await Promise.race([sending, timeout]);
      return { handler: h.name, ok: true, elapsedMs: Math.round(performance.now() - started) };
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      return {
        handler: h.name,
        ok: false,
        error,
        elapsedMs: Math.round(performance.now() - started),
      };
    } finally {
      clearTimeout(timer);
    }
  }));
}

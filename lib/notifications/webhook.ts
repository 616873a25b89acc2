/**
 * The webhook notification handler: POSTs the message as JSON with `fetch`,
 * optionally signed with HMAC-SHA256.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import type { NotificationHandler, NotificationMessage } from "./types.ts";

/** Configuration of {@linkcode webhookHandler}. */
export interface WebhookHandlerOptions {
  /** The URL to POST to. */
  url: string;
  /**
   * Extra request headers.
   *
   * @default {{}}
   */
  headers?: Readonly<Record<string, string>>;
  /**
   * A shared secret: the body's HMAC-SHA256 is sent as `X-Trigger-Signature: sha256=<hex>`.
   *
   * @default {undefined}
   */
  secret?: string;
  /**
   * The handler's name in results.
   *
   * @default {"webhook"}
   */
  name?: string;
}

/**
 * Computes the `X-Trigger-Signature` value of a body.
 *
 * @param secret The shared secret.
 * @param body The exact request body.
 * @returns `sha256=<hex>`.
 *
 * @example Verify a delivery on the receiving side
 * ```ts
 * import { webhookSignature } from "@trigger/trigger/notifications";
 * import { strictEqual } from "node:assert/strict";
 *
 * const sig = await webhookSignature("s3cret", '{"subject":"x"}');
 * strictEqual(sig.startsWith("sha256="), true);
 * strictEqual(sig.length, 7 + 64);
 * ```
 */
export async function webhookSignature(secret: string, body: string): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    enc.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    [
      "sign",
    ],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(body)));
  return `sha256=${Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Creates a handler that POSTs `{subject, body, level, timestamp, recipients?, data?}`.
 *
 * @param options URL, headers and signing secret.
 * @returns The handler; a non-2xx answer is a failed delivery.
 *
 * @example Configure a chat-ops endpoint
 * ```ts
 * import { webhookHandler } from "@trigger/trigger/notifications";
 * import { strictEqual } from "node:assert/strict";
 *
 * const hook = webhookHandler({ url: "https://hooks.example.net/trigger", secret: "s3cret" });
 * strictEqual(hook.name, "webhook");
 * ```
 */
export function webhookHandler(options: WebhookHandlerOptions): NotificationHandler {
  const { url, headers = {}, secret = undefined, name = "webhook" } = options;
  return {
    name,
    async send(message: NotificationMessage, signal: AbortSignal): Promise<void> {
      const body = JSON.stringify({ ...message, timestamp: new Date().toISOString() });
      const h: Record<string, string> = { "content-type": "application/json", ...headers };
      if (secret !== undefined) h["x-trigger-signature"] = await webhookSignature(secret, body);
      const res = await fetch(url, { method: "POST", headers: h, body, signal });
      await res.body?.cancel();
      if (!res.ok) {
        throw new TriggerError("NOTIFICATION_FAILED", `Webhook ${url} answered HTTP ${res.status}`);
      }
    },
  };
}

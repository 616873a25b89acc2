/**
 * Handlers from a settings-like object (the `notifications` key of the
 * settings): `{ timeoutMs?, handlers: [{ type: "email", ... }, { type: "webhook", ... }] }`.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import { emailHandler, type EmailHandlerOptions } from "./email.ts";
import { webhookHandler, type WebhookHandlerOptions } from "./webhook.ts";
import type { NotificationHandler } from "./types.ts";

/** One handler's configuration. */
export type HandlerConfig =
  | ({ type: "email" } & EmailHandlerOptions)
  | ({ type: "webhook" } & WebhookHandlerOptions);

/** The `notifications` settings. */
export interface NotificationsConfig {
  /** Per-handler time limit for {@linkcode notify}, in milliseconds. */
  timeoutMs?: number;
  /** The handlers. */
  handlers: HandlerConfig[];
}

const bad = (why: string): never => {
  throw new TriggerError("SETTINGS_INVALID", `Invalid notifications settings: ${why}`);
};

/**
 * Builds handlers from a plain configuration object.
 *
 * @param config The `notifications` settings (`unknown`, validated here).
 * @returns The handlers, in order.
 * @throws {TriggerError} (`SETTINGS_INVALID`) When a handler lacks a required field or has an
 * unknown type.
 *
 * @example Email and webhook from settings
 * ```ts
 * import { handlersFromConfig } from "@trigger/trigger/notifications";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const handlers = handlersFromConfig({
 *   handlers: [
 *     { type: "email", host: "localhost", from: "t@example.net", to: ["ops@example.net"] },
 *     { type: "webhook", name: "chat", url: "https://hooks.example.net/x" },
 *   ],
 * });
 * deepStrictEqual(handlers.map((h) => h.name), ["email", "chat"]);
 * ```
 */
export function handlersFromConfig(config: unknown): NotificationHandler[] {
  if (typeof config !== "object" || config === null) return bad("expected an object");
  const list = (config as { handlers?: unknown }).handlers;
  if (!Array.isArray(list)) return bad('"handlers" must be an array');
  return list.map((h: unknown, i) => {
    if (typeof h !== "object" || h === null) return bad(`handlers[${i}] must be an object`);
    const c = h as Record<string, unknown>;
    if (c.type === "email") {
      if (typeof c.host !== "string") bad(`handlers[${i}].host must be a string`);
      if (typeof c.from !== "string") bad(`handlers[${i}].from must be a string`);
      if (!Array.isArray(c.to) || !c.to.every((x) => typeof x === "string")) {
        bad(`handlers[${i}].to must be an array of addresses`);
      }
      const { type: _t, ...rest } = c;
      return emailHandler(rest as unknown as EmailHandlerOptions);
    }
    if (c.type === "webhook") {
      if (typeof c.url !== "string" || !URL.canParse(c.url)) {
        bad(`handlers[${i}].url must be a URL`);
      }
      const { type: _t, ...rest } = c;
      return webhookHandler(rest as unknown as WebhookHandlerOptions);
    }
    return bad(`handlers[${i}].type must be "email" or "webhook"`);
  });
}

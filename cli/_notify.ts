/**
 * Sends a run's summary through the notification handlers of the settings
 * (`notifications.handlers`). Delivery problems are printed as warnings and
 * returned; they never change a verb's exit code.
 *
 * @module
 */
import { err } from "./_io.ts";
import {
  handlersFromConfig,
  type NotificationMessage,
  notify,
  type NotifyResult,
} from "../lib/notifications/mod.ts";

/**
 * Delivers `message` to every configured handler.
 *
 * @param config The settings' `notifications` object.
 * @param message What to send.
 * @param verb The verb, for warnings (`trigger run-cmds`).
 * @returns One result per handler (empty when none is configured).
 */
export async function deliver(
  config: Readonly<Record<string, unknown>>,
  message: NotificationMessage,
  verb: string,
): Promise<NotifyResult[]> {
  let handlers;
  try {
    handlers = Array.isArray(config["handlers"]) ? handlersFromConfig(config) : [];
  } catch (e) {
    err(`${verb}: no notification sent: ${e instanceof Error ? e.message : e}`);
    return [];
  }
  if (handlers.length === 0) {
    err(`${verb}: --notify: no handlers in the settings' notifications.handlers`);
    return [];
  }
  const timeout = config["timeoutMs"];
  const sent = await notify(
    message,
    handlers,
    typeof timeout === "number" ? { timeoutMs: timeout } : {},
  );
  for (const r of sent.filter((r) => !r.ok)) {
    err(`${verb}: notification via ${r.handler} failed: ${r.error}`);
  }
  return sent;
}

/**
 * The notification contract: a message, a handler that delivers it, and the
 * per-handler result of {@linkcode notify}.
 *
 * @module
 */

/** How serious a notification is. */
export type NotificationLevel = "info" | "success" | "warning" | "failure";

/** What to tell people. */
export interface NotificationMessage {
  /** A one-line title (mail subject). */
  subject: string;
  /** The text. */
  body: string;
  /** How serious it is. */
  level: NotificationLevel;
  /** Recipients overriding a handler's configured ones (mail addresses). */
  recipients?: readonly string[];
  /** Extra JSON-compatible data (sent as is by the webhook handler). */
  data?: Readonly<Record<string, unknown>>;
}

/** A way to deliver notifications. */
export interface NotificationHandler {
  /** A name for results and logs, e.g. `email` or `webhook:ops`. */
  readonly name: string;
  /**
   * Delivers a message; rejects when delivery fails.
   *
   * @param message The message.
   * @param signal Aborted when {@linkcode notify}'s timeout expires.
   */
  send(message: NotificationMessage, signal: AbortSignal): Promise<void>;
}

/** The outcome of one handler in {@linkcode notify}. */
export interface NotifyResult {
  /** The handler's name. */
  handler: string;
  /** Whether it delivered the message. */
  ok: boolean;
  /** Why not, when `ok` is false. */
  error?: string;
  /** Time spent, in milliseconds. */
  elapsedMs: number;
}

/**
 * The email notification handler: one SMTP message per notification, sent
 * with {@linkcode sendMail}.
 *
 * @module
 */
import { buildMessage } from "./mime.ts";
import { sendMail, type SmtpOptions } from "./smtp.ts";
import type { NotificationHandler, NotificationMessage } from "./types.ts";
import { TriggerError } from "../errors.ts";

/** Configuration of {@linkcode emailHandler}. */
export interface EmailHandlerOptions extends Omit<SmtpOptions, "signal"> {
  /** The From address. */
  from: string;
  /** Default recipients (a message's `recipients` replace them). */
  to: readonly string[];
  /**
   * The handler's name in results.
   *
   * @default {"email"}
   */
  name?: string;
}

/**
 * Creates a handler that mails notifications.
 *
 * @param options SMTP server, TLS, AUTH and addresses.
 * @returns The handler.
 *
 * @example Configure a relay (sending needs a server)
 * ```ts
 * import { emailHandler } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * const mail = emailHandler({
 *   host: "smtp.example.net",
 *   port: 587,
 *   tls: "starttls",
 *   from: "trigger@example.net",
 *   to: ["netops@example.net"],
 * });
 * strictEqual(mail.name, "email");
 * ```
 */
export function emailHandler(options: EmailHandlerOptions): NotificationHandler {
  const { from, to, name = "email", ...smtp } = options;
  return {
    name,
    async send(message: NotificationMessage, signal: AbortSignal): Promise<void> {
      const rcpts = message.recipients ?? to;
      if (rcpts.length === 0) {
        throw new TriggerError("INVALID_ARGUMENT", "Cannot mail: no recipients");
      }
      const data = buildMessage({
        from,
        to: rcpts,
        subject: message.subject,
        body: message.body,
        headers: { "X-Trigger-Level": message.level },
      });
      await sendMail(from, rcpts, data, { ...smtp, signal });
    },
  };
}

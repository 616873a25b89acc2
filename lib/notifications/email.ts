/**
 * The email notification handler: one SMTP message per notification, built
 * and sent by `nodemailer` (MIME, encoded-word subjects, dot-stuffing,
 * STARTTLS, implicit TLS, AUTH PLAIN/LOGIN), with the toolkit's safe
 * defaults: credentials never travel without TLS unless allowed, and
 * certificates are verified.
 *
 * @module
 */
import { createTransport } from "nodemailer";
import { TriggerError } from "../errors.ts";
import type { NotificationHandler, NotificationMessage } from "./types.ts";

/** How the connection is protected. */
export type SmtpTls = "implicit" | "starttls" | "opportunistic" | "none";

/** How to reach an SMTP server. */
export interface SmtpOptions {
  /** Server host name or address. */
  host: string;
  /**
   * Server port.
   *
   * @default {465 for implicit TLS, else 25}
   */
  port?: number;
  /**
   * `implicit` (SMTPS, port 465), `starttls` (required), `opportunistic`
   * (STARTTLS when offered) or `none`.
   *
   * @default {"implicit" on port 465, else "opportunistic"}
   */
  tls?: SmtpTls;
  /**
   * User name for AUTH; no AUTH when absent.
   *
   * @default {undefined}
   */
  user?: string;
  /**
   * Password for AUTH.
   *
   * @default {undefined}
   */
  password?: string;
  /**
   * The AUTH mechanism.
   *
   * @default {"PLAIN" when offered, else "LOGIN"}
   */
  authMethod?: "PLAIN" | "LOGIN";
  /**
   * Allow AUTH on a connection without TLS (otherwise AUTH requires TLS:
   * `opportunistic` then insists on STARTTLS).
   *
   * @default {false}
   */
  allowInsecureAuth?: boolean;
  /**
   * Extra trusted CA certificates (PEM), e.g. a private relay's.
   *
   * @default {undefined}
   */
  ca?: string | string[];
  /**
   * Verify the server certificate.
   *
   * @default {true}
   */
  rejectUnauthorized?: boolean;
  /**
   * The name sent with EHLO.
   *
   * @default {"localhost"}
   */
  heloName?: string;
}

/** Configuration of {@linkcode emailHandler}. */
export interface EmailHandlerOptions extends SmtpOptions {
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
 * Creates a handler that mails notifications (UTF-8, an `X-Trigger-Level`
 * header with the message's level).
 *
 * @param options SMTP server, TLS, AUTH and addresses.
 * @returns The handler.
 * @throws {TriggerError} `INVALID_ARGUMENT` for AUTH over `tls: "none"` without `allowInsecureAuth`.
 *
 * @example Configure a relay (sending needs a server)
 * ```ts
 * import { emailHandler } from "@trigger/trigger/notifications";
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
  const {
    from,
    to,
    name = "email",
    host,
    port = options.tls === "implicit" ? 465 : 25,
    tls = port === 465 ? "implicit" : "opportunistic",
    user = undefined,
    password = undefined,
    authMethod = undefined,
    allowInsecureAuth = false,
    ca = undefined,
    rejectUnauthorized = true,
    heloName = "localhost",
  } = options;
  const auth = user !== undefined;
  const transport = createTransport({
    host,
    port,
    secure: tls === "implicit",
    // credentials need TLS: an "opportunistic" server must then offer STARTTLS
    requireTLS: tls === "starttls" || (tls === "opportunistic" && auth && !allowInsecureAuth),
    ignoreTLS: tls === "none",
    name: heloName,
    ...(auth ? { auth: { user, pass: password ?? "" } } : {}),
    ...(authMethod ? { authMethod } : {}),
    tls: { rejectUnauthorized, ...(ca === undefined ? {} : { ca }) },
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return {
    name,
    async send(message: NotificationMessage, signal: AbortSignal): Promise<void> {
      const rcpts = message.recipients ?? to;
      if (rcpts.length === 0) {
        throw new TriggerError("INVALID_ARGUMENT", "Cannot mail: no recipients");
      }
      if (auth && tls === "none" && !allowInsecureAuth) {
        throw new TriggerError(
          "INVALID_ARGUMENT",
          `Cannot send SMTP credentials to ${host}:${port} without TLS (set allowInsecureAuth to allow it)`,
        );
      }
      try {
        await transport.sendMail({
          from,
          to: [...rcpts],
          subject: message.subject,
          text: message.body,
          headers: { "X-Trigger-Level": message.level },
          signal,
        });
      } catch (e) {
        if (signal.aborted) throw signal.reason;
        const err = e as { message?: string; code?: string; responseCode?: number };
        throw new TriggerError(
          "NOTIFICATION_FAILED",
          `Cannot mail through ${host}:${port}: ${err.message ?? String(e)}`,
          { cause: e },
        );
      }
    },
  };
}

/**
 * Notifications: pluggable handlers (email over SMTP, webhook over HTTPS)
 * and {@linkcode notify}, which never throws or blocks a job.
 *
 * @module
 */
export * from "./types.ts";
export * from "./notify.ts";
export * from "./email.ts";
export * from "./webhook.ts";
export * from "./config.ts";
export * from "./fleet.ts";

/**
 * Change management: maintenance (bounce) windows with real time zones,
 * ACL loads that never leave a device without its filter, change logs,
 * change hooks, the automatic (cron) run.
 *
 * @module
 */
export * from "./status.ts";
export * from "./bounce_window.ts";
export * from "./bounce_policy.ts";
export type { FreezeSpec, MoratoriumSpec, Weekday, WindowSpec } from "./window_spec.ts";
export * from "./load_acl.ts";
export * from "./load_acl_notify.ts";
export * from "./change_log.ts";
export * from "./change_hooks.ts";
export * from "./autoload.ts";
export * from "./redundancy.ts";
export * from "./acl_sequence.ts";
export * from "./acl_edit.ts";

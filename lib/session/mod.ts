/**
 * Device sessions: open a CLI session on a device (SSH or Telnet), send
 * commands, change modes, and `execute` a list of commands (`executeNetconf`
 * for Junos over NETCONF).
 *
 * @module
 */
export * from "./types.ts";
export * from "./errors.ts";
export * from "./session.ts";
export * from "./execute.ts";
export { TRANSPORTS } from "./connect.ts";
export * from "./plan.ts";
export { executeNetconf } from "./netconf_execute.ts";
export { autoEnable, type AutoEnableResult } from "./auto_enable.ts";
export { configure, type ConfigureOptions } from "./configure.ts";

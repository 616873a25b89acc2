/**
 * Byte transports to devices: the {@linkcode ShellTransport} contract and
 * its Telnet implementation with the login state machine.
 *
 * @module
 */
export * from "./transport.ts";
export * from "./telnet_codec.ts";
export * from "./telnet.ts";
export * from "./telnet_login.ts";
export * from "./ssh.ts";
export * from "./known_hosts.ts";
export * from "./host_key_policy.ts";

/**
 * Junos operations over a {@linkcode NetconfClient}: CLI commands as RPCs,
 * `load-configuration` and `commit-configuration` (Trigger's Junoscript
 * commands, carried over NETCONF).
 *
 * @module
 */

import type { NetconfClient } from "./client.ts";
import type { RpcOptions } from "./options.ts";
import type { NetconfReply } from "./reply.ts";
import {
  type CommitConfigurationOptions,
  commitConfigurationRpc,
  junosCommandRpc,
  type LoadConfigurationOptions,
  loadConfigurationRpc,
} from "./rpc.ts";
import { parseXml, textOf } from "./xml.ts";

/**
 * Runs a CLI command and returns its text output (`<command format="text">`).
 *
 * @param client An open session to a Junos device.
 * @param command CLI text, e.g. `show version`.
 * @param options RPC options.
 * @returns The command output, whitespace preserved.
 * @throws {NetconfRpcError} When the device rejects the command.
 *
 * @example Show version (needs a Junos device)
 * ```ts ignore
 * import { connectNetconf, junosCommand } from "@trigger/trigger/netconf";
 *
 * const nc = await connectNetconf({ host: "r1", address: "192.0.2.1", port: 830 }, {
 *   username: "admin",
 *   password: "secret",
 * });
 * const text = await junosCommand(nc, "show version");
 * await nc.close();
 * ```
 */
export async function junosCommand(
  client: NetconfClient,
  command: string,
  options: RpcOptions = {},
): Promise<string> {
  const reply = await client.rpc(junosCommandRpc(command, "text"), options);
  return commandOutput(reply.xml);
}

/**
 * Extracts the text of `<output>` (or `<configuration-output>`) from a reply.
 *
 * @param xml The raw `<rpc-reply>`.
 * @returns The text, exactly as sent (entities decoded).
 *
 * @example Read command output
 * ```ts
 * import { commandOutput } from "@trigger/trigger/netconf";
 * import { strictEqual } from "node:assert/strict";
 *
 * const xml = "<rpc-reply><output>\nHostname: r1\nModel: mx &amp; co\n</output></rpc-reply>";
 * strictEqual(commandOutput(xml), "\nHostname: r1\nModel: mx & co\n");
 * ```
 */
export function commandOutput(xml: string): string {
  const root = parseXml(xml, { keepWhitespace: true })["rpc-reply"];
  if (root === undefined || typeof root !== "object" || Array.isArray(root)) return "";
  return textOf(root.output ?? root["configuration-output"]);
}

/**
 * Loads configuration into the candidate (`<load-configuration>`).
 *
 * @param client An open session.
 * @param config Configuration in the chosen format.
 * @param options Action (`merge`, `replace`...), format and RPC options.
 * @returns The reply (`load-configuration-results`).
 * @throws {NetconfRpcError} When the configuration does not load.
 */
export function loadConfiguration(
  client: NetconfClient,
  config: string,
  options: LoadConfigurationOptions & RpcOptions = {},
): Promise<NetconfReply> {
  return client.rpc(loadConfigurationRpc(config, options), options);
}

/**
 * Commits the candidate (`<commit-configuration>`), optionally confirmed.
 *
 * @param client An open session.
 * @param options Confirmed (with timeout in minutes), check, comment, RPC options.
 * @returns The reply (`commit-results`).
 * @throws {NetconfRpcError} When the commit fails.
 */
export function commitConfiguration(
  client: NetconfClient,
  options: CommitConfigurationOptions & RpcOptions = {},
): Promise<NetconfReply> {
  return client.rpc(commitConfigurationRpc(options), options);
}

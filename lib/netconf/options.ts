/**
 * Options and capability names of the NETCONF client.
 *
 * @module
 */

import type { SshOptions } from "../transport/ssh_options.ts";

/**
 * The SSH side of a NETCONF session: everything an SSH shell takes
 * (credentials, agent, keyboard-interactive, host key policy, jump host,
 * legacy algorithms, timeouts, `signal`) but the pty. NETCONF is a subsystem
 * of the one SSH client.
 */
export type NetconfSshOptions = Omit<SshOptions, "pty">;

/** The base:1.0 capability. */
export const NETCONF_BASE_1_0 = "urn:ietf:params:netconf:base:1.0";
/** The base:1.1 capability (chunked framing). */
export const NETCONF_BASE_1_1 = "urn:ietf:params:netconf:base:1.1";

/** Options accepted by {@linkcode connectNetconf}. */
export interface NetconfOptions extends NetconfSshOptions {
  /**
   * Default milliseconds allowed for each RPC (and for the server hello).
   *
   * @default {30000}
   */
  timeoutMs?: number;
  /**
   * Extra client capabilities to advertise.
   *
   * @default {[]}
   */
  capabilities?: string[];
  /**
   * Offer base:1.1 (set `false` to force end-of-message framing).
   *
   * @default {true}
   */
  offerBase11?: boolean;
  /**
   * Largest message accepted, in bytes.
   *
   * @default {67108864}
   */
  maxMessageBytes?: number;
}

/** Per-call options of {@linkcode NetconfClient.rpc}. */
export interface RpcOptions {
  /**
   * Milliseconds allowed for this RPC (defaults to the client's `timeoutMs`).
   *
   * @default {undefined}
   */
  timeoutMs?: number;
  /**
   * Aborts waiting for the reply.
   *
   * @default {undefined}
   */
  signal?: AbortSignal;
}

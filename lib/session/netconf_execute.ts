/**
 * `executeNetconf`: run Junos commands over NETCONF (the `netconf` SSH
 * subsystem) with the same inputs and results as `execute`: a line starting
 * with `<` is sent as an RPC (`<get-software-information/>`), any other line
 * as CLI text through `<command format="text">`.
 *
 * @module
 */
import { junosCommand } from "../netconf/junos.ts";
import { NetconfRpcError } from "../netconf/rpc_error.ts";
import { openPlannedNetconf, planConnection } from "./plan.ts";
import { CommandFailedError } from "./errors.ts";
import type { ExecuteOptions } from "./execute.ts";
import type { CommandResult, SessionTarget } from "./types.ts";

/** The body of an `<rpc-reply>`, without the envelope. */
function replyBody(xml: string): string {
  return xml.replace(/^[\s\S]*?<(?:[\w.-]+:)?rpc-reply\b[^>]*>/, "")
    .replace(/<\/(?:[\w.-]+:)?rpc-reply>\s*$/, "").trim();
}

/**
 * Opens a NETCONF session to a Junos device, runs the commands in order, and
 * closes it. Lines starting with `<` are RPCs (the output is the reply's XML
 * body); other lines are CLI commands (the output is their text). An
 * `rpc-error` makes the command's result `failed` (its output is the error
 * message) and raises {@linkcode CommandFailedError} unless `withErrors`.
 *
 * The port is the target's (Junos serves NETCONF on the SSH port, and on 830
 * when `set system services netconf ssh` is configured). `commandTimeoutMs`
 * bounds each RPC; `connectTimeoutMs` the TCP and SSH handshake.
 *
 * @param target The device (`name`, `address`, `port`, `sshOptions` such as a
 *   jump host; the platform's legacy algorithms apply).
 * @param commands CLI lines or RPCs.
 * @param options Credentials, timeouts, host key policy, `withErrors`, `signal`.
 * @returns One result per command (`command`, `output`, `raw`, `failed`,
 *   `startedAt`, `elapsedMs`); `raw` is the reply XML.
 * @throws {CommandFailedError} `COMMAND_FAILED` carrying the results so far,
 *   unless `withErrors`.
 * @throws {TriggerError} `INVALID_ARGUMENT` (a bad target), `AUTH_FAILED`,
 *   `CONNECTION_REFUSED`, `TIMEOUT`, `HOSTKEY_MISMATCH`, `HOSTKEY_UNKNOWN`,
 *   `TRANSPORT_CLOSED`, `PROTOCOL_ERROR`.
 *
 * @example Show version as text and as an RPC on a Junos router
 * ```ts ignore
 * import { executeNetconf } from "@trigger/trigger";
 *
 * const [text, rpc] = await executeNetconf(
 *   { name: "mx1", address: "192.0.2.1", port: 830, platform: "juniper_junos" },
 *   ["show version", "<get-software-information/>"],
 *   { credentials: { username: "netops", password: "pw" } },
 * );
 * console.log(text!.output, rpc!.output);
 * ```
 */
export async function executeNetconf(
  target: SessionTarget,
  commands: string[],
  options: ExecuteOptions,
): Promise<CommandResult[]> {
  const plan = planConnection(target, options.policy ? { policy: options.policy } : {});
  const nc = await openPlannedNetconf(plan, options);
  const rpcOptions = options.signal ? { signal: options.signal } : {};
  const results: CommandResult[] = [];
  try {
    for (const command of commands) {
      const startedAt = new Date();
      const t0 = performance.now();
      let output: string;
      let raw: string;
      let failed = false;
      try {
        if (command.trimStart().startsWith("<")) {
          const reply = await nc.rpc(command.trim(), rpcOptions);
          raw = reply.xml;
          output = replyBody(reply.xml);
        } else {
          output = (await junosCommand(nc, command, rpcOptions)).replace(/^\n+/, "").trimEnd();
          raw = output;
        }
      } catch (e) {
        if (!(e instanceof NetconfRpcError)) throw e;
        failed = true;
        output = e.errorMessage || e.message;
        raw = e.reply;
      }
      results.push({
        command,
        output,
        raw,
        failed,
        startedAt,
        elapsedMs: Math.round(performance.now() - t0),
      });
      options.onData?.(raw);
      if (failed && !options.withErrors) throw new CommandFailedError(target.name, results);
    }
    return results;
  } finally {
    await nc.close({ timeoutMs: 2000 }).catch(() => {});
  }
}

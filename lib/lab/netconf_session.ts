/**
 * One NETCONF session on an emulated Junos device (the `netconf` SSH
 * subsystem): hello exchange, the switch to chunked framing when both sides
 * speak base:1.1, and RPC dispatch with `rpc-error` for unknown operations.
 *
 * @module
 */
import type { Ssh2Channel } from "./_ssh2.ts";
import { parseXml, type XNode } from "./_xml.ts";
import type { EmulatedDevice } from "./emulated_device.ts";
import { frame, FrameDecoder } from "./netconf_framing.ts";
import { RPC_HANDLERS, type RpcContext, RpcFault } from "./netconf_rpcs.ts";
import { OutputGate } from "./output_gate.ts";

const NS = "urn:ietf:params:xml:ns:netconf:base:1.0";
const JUNOS_NS = "http://xml.juniper.net/junos/20.4R0/junos";

const CAPABILITIES = [
  "urn:ietf:params:netconf:base:1.0",
  "urn:ietf:params:netconf:base:1.1",
  "urn:ietf:params:netconf:capability:candidate:1.0",
  "urn:ietf:params:netconf:capability:confirmed-commit:1.0",
  "urn:ietf:params:netconf:capability:validate:1.0",
  "urn:ietf:params:netconf:capability:url:1.0?scheme=http,ftp,file",
  "urn:ietf:params:xml:ns:netconf:base:1.0",
  "urn:ietf:params:xml:ns:netconf:capability:candidate:1.0",
  "urn:ietf:params:xml:ns:netconf:capability:confirmed-commit:1.0",
  "urn:ietf:params:xml:ns:netconf:capability:validate:1.0",
  "http://xml.juniper.net/netconf/junos/1.0",
  "http://xml.juniper.net/dmi/system/1.0",
];

/** Options of {@linkcode startNetconfSession}. */
export interface NetconfSessionOptions {
  /** The device (must have a Junos store). */
  device: EmulatedDevice;
  /** The SSH channel of the subsystem. */
  channel: Ssh2Channel;
  /** Drops the whole connection (faults). */
  kill: () => void;
  /** User name. @default {"lab"} */
  username?: string;
}

/** Starts the session: sends the hello at once. Returns its cleanup. */
export function startNetconfSession(options: NetconfSessionOptions): { close: () => void } {
  const { device, channel } = options;
  const session = device.nextSession();
  const decoder = new FrameDecoder();
  const gate = new OutputGate((b) => channel.write(b), options.kill, device.faults);
  let helloDone = false;
  let closing = false;
  const ctx: RpcContext = {
    device,
    session,
    username: options.username ?? "lab",
    kill: options.kill,
    closeAfterReply: () => closing = true,
  };
  const close = () => {
    gate.close();
    device.junos?.sessionClosed(session);
  };
  if (device.faults.hang === "login") return { close };

  const hello = `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<!-- No zombies were killed during the creation of this user interface -->\n` +
    `<hello xmlns="${NS}">\n  <capabilities>\n` +
    CAPABILITIES.map((c) => `    <capability>${c}</capability>\n`).join("") +
    `  </capabilities>\n  <session-id>${session}</session-id>\n</hello>\n`;
  gate.write(frame(hello, "eom"));

  channel.on("data", (bytes) => {
    let messages: string[];
    try {
      messages = decoder.push(bytes);
    } catch {
      channel.end();
      return;
    }
    for (const m of messages) {
      if (!helloDone) {
        helloDone = true;
        if (/urn:ietf:params:netconf:base:1\.1/.test(m)) decoder.framing = "chunked";
        continue;
      }
      gate.write(frame(reply(m, ctx), decoder.framing));
      if (closing) {
        channel.exit(0);
        channel.end();
        return;
      }
    }
  });
  return { close };
}

function reply(message: string, ctx: RpcContext): string {
  let rpc: XNode | undefined;
  try {
    rpc = parseXml(message).find((n) => n.name === "rpc");
  } catch {
    rpc = undefined;
  }
  const attrs = rpc === undefined
    ? ""
    : Object.entries(rpc.attrs).map(([k, v]) => ` ${k}="${v.replace(/"/g, "&quot;")}"`).join("");
  const open = `<rpc-reply xmlns="${NS}" xmlns:junos="${JUNOS_NS}"${attrs}>\n`;
  let body: string;
  try {
    body = handle(rpc, ctx);
  } catch (e) {
    const fault = e instanceof RpcFault ? e : new RpcFault("operation-failed", String(e));
    body = fault.toXml();
  }
  return `${open}${body}\n</rpc-reply>\n`;
}

function handle(rpc: XNode | undefined, ctx: RpcContext): string {
  if (rpc === undefined) {
    throw new RpcFault("malformed-message", "syntax error, expecting <rpc>", "rpc");
  }
  const op = rpc.children[0];
  if (op === undefined) throw new RpcFault("missing-element", "rpc has no operation", "rpc");
  const handler = RPC_HANDLERS[op.name];
  if (handler === undefined) {
    throw new RpcFault(
      "operation-not-supported",
      `syntax error, expecting <rpc> or <command>: <${op.name}> is not a known RPC`,
      "protocol",
      `<bad-element>${op.name}</bad-element>`,
    );
  }
  return handler(op, ctx);
}

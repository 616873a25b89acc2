/**
 * The RPCs the Junos NETCONF emulator answers: standard NETCONF operations
 * (get-config, edit-config, lock, commit, ...) and Junos ones
 * (get-software-information, load-configuration, command, ...), as a table
 * from element name to handler.
 *
 * @module
 */
import { child, el, esc, toXml, type XNode } from "./_xml.ts";
import { runExec } from "./cli_session.ts";
import * as R from "./devices/junos_rpc_replies.ts";
import type { EmulatedDevice } from "./emulated_device.ts";
import { midPushDrop } from "./faults.ts";
import { applySetLine, parseConfigText, printConfig } from "./junos_config.ts";
import type { JunosStore } from "./junos_store.ts";
import { configToXml, filterXml, xmlToConfig } from "./junos_xml.ts";
import { render } from "./template.ts";

/** What a handler knows about its session. */
export interface RpcContext {
  /** The device. */
  device: EmulatedDevice;
  /** The NETCONF session id. */
  session: number;
  /** The user. */
  username: string;
  /** Drops the connection (faults). */
  kill(): void;
  /** Ends the session after the reply (close-session). */
  closeAfterReply(): void;
}

/** An `rpc-error` to send. */
export class RpcFault {
  /** `error-tag` (`operation-failed`, `lock-denied`...). */
  readonly tag: string;
  /** `error-message`. */
  readonly message: string;
  /** `error-type`. */
  readonly type: string;
  /** Extra `error-info` XML. */
  readonly info: string;
  /** Creates the error. */
  constructor(tag: string, message: string, type = "application", info = "") {
    this.tag = tag;
    this.message = message;
    this.type = type;
    this.info = info;
  }

  /** The `<rpc-error>` element. */
  toXml(): string {
    return `<rpc-error>\n<error-type>${this.type}</error-type>\n<error-tag>${this.tag}</error-tag>\n` +
      `<error-severity>error</error-severity>\n` +
      (this.info === "" ? "" : `<error-info>\n${this.info}\n</error-info>\n`) +
      `<error-message>\n${esc(this.message)}\n</error-message>\n</rpc-error>`;
  }
}

type Handler = (op: XNode, ctx: RpcContext) => string;

const OK = "<ok/>";

function store(ctx: RpcContext): JunosStore {
  return ctx.device.junos!;
}

function check(result: string | null, tag = "operation-failed", ctx?: RpcContext): void {
  if (result === null) return;
  const owner = ctx ? store(ctx).lockOwner : null;
  if (tag === "lock-denied" || result.startsWith("configuration database locked")) {
    throw new RpcFault("lock-denied", result, "protocol", `<session-id>${owner ?? 0}</session-id>`);
  }
  throw new RpcFault(tag, result);
}

function values(ctx: RpcContext): Record<string, string> {
  return ctx.device.values(ctx.username);
}

function configXml(ctx: RpcContext, source: "running" | "candidate", filter: XNode[]): string {
  const s = store(ctx);
  const nodes = source === "candidate" ? s.candidate : s.running;
  const kids = filterXml(configToXml(nodes), filter);
  const seconds = String(Math.floor(Date.now() / 1000));
  return toXml(el("configuration", kids, {
    "junos:changed-seconds": seconds,
    "junos:changed-localtime": new Date().toISOString().replace("T", " ").slice(0, 19) + " UTC",
  }));
}

function rejectIfFaulty(ctx: RpcContext): void {
  if (midPushDrop(ctx.device, ctx.device.faults)) {
    ctx.kill();
    throw new RpcFault("operation-failed", "connection lost");
  }
  if (ctx.device.faults.rejectConfig === true) {
    throw new RpcFault(
      "invalid-value",
      "configuration check-out failed: (statements constraint check failed)",
    );
  }
}

function loadConfiguration(op: XNode, ctx: RpcContext): string {
  rejectIfFaulty(ctx);
  const action = op.attrs["action"] ?? "merge";
  const format = op.attrs["format"] ?? "xml";
  const rollback = op.attrs["rollback"];
  if (rollback !== undefined) {
    check(store(ctx).rollback(Number(rollback)));
    return "<load-configuration-results>\n<load-success/>\n</load-configuration-results>";
  }
  const set = child(op, "configuration-set")?.text;
  const text = child(op, "configuration-text")?.text;
  const xml = child(op, "configuration");
  const s = store(ctx);
  if (action === "set" || set !== undefined) {
    const lines = (set ?? text ?? "").split("\n");
    check(s.edit(ctx.session, (c) => lines.forEach((l) => applySetLine(c, l))), "", ctx);
  } else if (format === "text" || text !== undefined) {
    let nodes;
    try {
      nodes = parseConfigText(text ?? "");
    } catch {
      throw new RpcFault("invalid-value", "syntax error");
    }
    check(s.load(ctx.session, nodes, action), "", ctx);
  } else if (xml !== undefined) {
    check(s.load(ctx.session, xmlToConfig(xml.children), action), "", ctx);
  } else {
    throw new RpcFault("missing-element", "no configuration given", "protocol");
  }
  return "<load-configuration-results>\n<load-success/>\n</load-configuration-results>";
}

function commit(op: XNode, ctx: RpcContext, junos: boolean): string {
  if (ctx.device.faults.rejectConfig === true) {
    throw new RpcFault("invalid-value", "configuration check-out failed");
  }
  const confirmed = child(op, "confirmed") !== undefined;
  const timeout = child(op, "confirm-timeout")?.text;
  const seconds = !confirmed
    ? undefined
    : timeout === undefined
    ? 600
    : Number(timeout) * (junos ? 60 : 1);
  if (child(op, "check") === undefined) check(store(ctx).commit(ctx.session, seconds), "", ctx);
  if (!junos) return OK;
  return '<commit-results>\n<routing-engine junos:style="normal">\n<name>re0</name>\n' +
    "<commit-success/>\n</routing-engine>\n</commit-results>";
}

function command(op: XNode, ctx: RpcContext): string {
  const cli = op.text.trim();
  const format = op.attrs["format"] ?? "xml";
  if (format !== "text" && /^show version/.test(cli)) {
    return render(R.SOFTWARE_INFORMATION, values(ctx));
  }
  if (format !== "text" && /^show chassis hardware/.test(cli)) {
    return render(R.CHASSIS_INVENTORY, values(ctx));
  }
  if (format !== "text" && /^show interfaces terse/.test(cli)) {
    return render(R.INTERFACE_INFORMATION_TERSE, values(ctx));
  }
  const out = runExec(ctx.device, ctx.username, cli).replace(/\r\n/g, "\n");
  if (/unknown command\.|syntax error/.test(out)) {
    throw new RpcFault("operation-failed", "syntax error");
  }
  if (format !== "text") {
    throw new RpcFault("operation-failed", `xml output is not available for "${cli}"`);
  }
  return `<output>\n${esc(out)}</output>`;
}

function source(op: XNode): "running" | "candidate" {
  return child(child(op, "source"), "candidate") ? "candidate" : "running";
}

/** Every RPC, by element name. */
export const RPC_HANDLERS: Readonly<Record<string, Handler>> = {
  "get-software-information": (_op, ctx) => render(R.SOFTWARE_INFORMATION, values(ctx)),
  "get-chassis-inventory": (_op, ctx) => render(R.CHASSIS_INVENTORY, values(ctx)),
  "get-route-engine-information": (_op, ctx) => render(R.ROUTE_ENGINE_INFORMATION, values(ctx)),
  "get-system-uptime-information": (_op, ctx) => render(R.SYSTEM_UPTIME, values(ctx)),
  "get-interface-information": (op, ctx) =>
    child(op, "routing-instance") !== undefined
      ? '<interface-information junos:style="terse"/>'
      : render(R.INTERFACE_INFORMATION_TERSE, values(ctx)),
  "file-list": (_op, ctx) => render(R.FILE_LIST_HOME, values(ctx)),
  "get-configuration": (op, ctx) => {
    const db = op.attrs["database"] === "candidate" ? "candidate" : "running";
    if (op.attrs["compare"] === "rollback") {
      const diff = store(ctx).compare();
      return `<configuration-information>\n<configuration-output>\n${esc(diff)}` +
        `</configuration-output>\n</configuration-information>`;
    }
    if (op.attrs["format"] === "text") {
      const nodes = db === "candidate" ? store(ctx).candidate : store(ctx).running;
      return `<configuration-text>\n${esc(printConfig(nodes))}</configuration-text>`;
    }
    return configXml(ctx, db, child(op, "configuration")?.children ?? []);
  },
  "get-config": (op, ctx) => {
    const filter = child(child(op, "filter"), "configuration")?.children ?? [];
    return `<data>\n${configXml(ctx, source(op), filter)}</data>`;
  },
  "get": () => "<data/>",
  "edit-config": (op, ctx) => {
    rejectIfFaulty(ctx);
    const cfg = child(child(op, "config"), "configuration");
    if (cfg === undefined) {
      throw new RpcFault("missing-element", "config element is missing", "protocol");
    }
    const how = child(op, "default-operation")?.text === "replace" ? "replace" : "merge";
    check(store(ctx).load(ctx.session, xmlToConfig(cfg.children), how), "", ctx);
    return OK;
  },
  "load-configuration": loadConfiguration,
  "commit": (op, ctx) => commit(op, ctx, false),
  "commit-configuration": (op, ctx) => commit(op, ctx, true),
  "discard-changes": (_op, ctx) => (check(store(ctx).discard(ctx.session), "", ctx), OK),
  "lock": (_op, ctx) => (check(store(ctx).lock(ctx.session), "lock-denied", ctx), OK),
  "unlock": (_op, ctx) => (check(store(ctx).unlock(ctx.session)), OK),
  "lock-configuration": (_op, ctx) => (check(store(ctx).lock(ctx.session), "lock-denied", ctx), OK),
  "unlock-configuration": (_op, ctx) => (check(store(ctx).unlock(ctx.session)), OK),
  "open-configuration": () => OK,
  "close-configuration": () => OK,
  "close-session": (_op, ctx) => (ctx.closeAfterReply(), OK),
  "command": command,
};

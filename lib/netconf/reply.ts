/**
 * Parsing of NETCONF `<rpc-reply>` documents into {@linkcode NetconfReply}.
 *
 * @module
 */

import { TriggerError } from "../errors.ts";
import type { NetconfErrorInfo } from "./rpc_error.ts";
import { asArray, parseXml, textOf, type XmlObject, type XmlValue } from "./xml.ts";

/** A parsed `<rpc-reply>`. */
export interface NetconfReply {
  /** The `message-id` attribute (may be empty for some Junos replies). */
  messageId: string;
  /** Whether the reply is `<ok/>`. */
  ok: boolean;
  /** The reply element as objects (children of `<rpc-reply>`). */
  body: XmlObject;
  /** `<data>` content for get/get-config, else `undefined`. */
  data: XmlObject | undefined;
  /** Every `<rpc-error>` (top level or one level down, as Junos sends), warnings included. */
  errors: NetconfErrorInfo[];
  /** The raw XML. */
  xml: string;
}

/**
 * Parses an `<rpc-reply>` message.
 *
 * @param xml The message (as returned by the codec).
 * @returns The parsed reply.
 * @throws {TriggerError} `PROTOCOL_ERROR` when the XML is malformed or not an
 * `<rpc-reply>`.
 *
 * @example Parse an error reply
 * ```ts
 * import { parseRpcReply } from "@trigger/trigger/netconf";
 * import { strictEqual } from "node:assert/strict";
 *
 * const r = parseRpcReply(
 *   '<rpc-reply message-id="3" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><rpc-error>' +
 *     "<error-type>protocol</error-type><error-tag>lock-denied</error-tag>" +
 *     "<error-severity>error</error-severity><error-message xml:lang=\"en\">held</error-message>" +
 *     "</rpc-error></rpc-reply>",
 * );
 * strictEqual(r.messageId, "3");
 * strictEqual(r.errors[0]?.errorTag, "lock-denied");
 * strictEqual(r.errors[0]?.errorMessage, "held");
 * ```
 */
export function parseRpcReply(xml: string): NetconfReply {
  const doc = parseXml(xml);
  const root = doc["rpc-reply"];
  if (root === undefined || typeof root !== "object" || Array.isArray(root)) {
    const name = Object.keys(doc)[0] ?? "nothing";
    throw new TriggerError(
      "PROTOCOL_ERROR",
      `Cannot use NETCONF message: expected rpc-reply, got ${name}`,
    );
  }
  const messageId = typeof root["@_message-id"] === "string" ? root["@_message-id"] : "";
  // Junos nests errors one level down, e.g. in <load-configuration-results>.
  const nested = Object.entries(root).filter(([k]) => k !== "rpc-error" && !k.startsWith("@_"))
    .flatMap(([, v]) => asArray(v))
    .flatMap((v) => typeof v === "object" && !Array.isArray(v) ? asArray(v["rpc-error"]) : []);
  const errors = [...asArray(root["rpc-error"]), ...nested].map(errorInfo);
  const data = root.data;
  return {
    messageId,
    ok: root.ok !== undefined,
    body: root,
    data: data === undefined
      ? undefined
      : typeof data === "object" && !Array.isArray(data)
      ? data
      : {},
    errors,
    xml,
  };
}

function errorInfo(value: XmlValue): NetconfErrorInfo {
  const e = typeof value === "object" && !Array.isArray(value) ? value : {};
  return {
    errorType: textOf(e["error-type"]),
    errorTag: textOf(e["error-tag"]),
    errorSeverity: textOf(e["error-severity"]) || "error",
    errorMessage: textOf(e["error-message"]),
    errorPath: textOf(e["error-path"]),
    errorAppTag: textOf(e["error-app-tag"]),
  };
}

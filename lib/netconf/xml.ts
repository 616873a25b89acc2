/**
 * XML helpers for NETCONF: escaping for safe RPC building, and parsing of
 * replies with `fast-xml-parser` (namespace prefixes removed, attributes
 * under `@_name`, text under `#text`, values kept as strings).
 *
 * @module
 */

import { XMLParser, XMLValidator } from "fast-xml-parser";
import { TriggerError } from "../errors.ts";

/** A parsed XML element: child elements, `@_attr` attributes, `#text`. */
export type XmlObject = { [name: string]: XmlValue };
/** A parsed XML value: text, an element, or repeated elements. */
export type XmlValue = string | XmlObject | XmlValue[];

/**
 * Escapes text for use in XML element content or attribute values.
 *
 * @param text Any text.
 * @returns The text with `&`, `<`, `>`, `"` and `'` escaped.
 *
 * @example Escape a command
 * ```ts
 * import { escapeXml } from "@trigger/trigger/netconf";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(escapeXml(`show route | match "a<b>&c"`), "show route | match &quot;a&lt;b&gt;&amp;c&quot;");
 * ```
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

const PARSER_OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
};

const trimmed = new XMLParser({ ...PARSER_OPTIONS, trimValues: true });
const verbatim = new XMLParser({ ...PARSER_OPTIONS, trimValues: false });

/**
 * Parses an XML document into plain objects.
 *
 * @param xml The document.
 * @param options `keepWhitespace` keeps text exactly (for CLI output).
 * @returns The root object (keyed by the root element name).
 * @throws {TriggerError} `PROTOCOL_ERROR` when the text is not well-formed XML.
 *
 * @example Parse a reply
 * ```ts
 * import { parseXml } from "@trigger/trigger/netconf";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(parseXml('<nc:rpc-reply xmlns:nc="urn:x" message-id="7"><nc:ok/></nc:rpc-reply>'), {
 *   "rpc-reply": { "@_message-id": "7", ok: "" },
 * });
 * ```
 */
export function parseXml(xml: string, options: { keepWhitespace?: boolean } = {}): XmlObject {
  const valid = XMLValidator.validate(xml) as true | { err: { msg: string; line: number } };
  if (valid !== true) {
    throw new TriggerError(
      "PROTOCOL_ERROR",
      `Cannot parse XML: ${valid.err.msg} (line ${valid.err.line})`,
    );
  }
  const parser = options.keepWhitespace ? verbatim : trimmed;
  try {
    return parser.parse(xml) as XmlObject;
  } catch (cause) {
    throw new TriggerError("PROTOCOL_ERROR", `Cannot parse XML: ${(cause as Error).message}`, {
      cause,
    });
  }
}

/**
 * Returns the text of a parsed element (`#text`, or the value if it is text).
 *
 * @param value A parsed value.
 * @returns Its text content, or `""`.
 */
export function textOf(value: XmlValue | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(textOf).join("");
  const t = value["#text"];
  return typeof t === "string" ? t : "";
}

/**
 * Returns a child as an array (an absent child gives `[]`).
 *
 * @param value A parsed value.
 * @returns The value wrapped in an array unless it already is one.
 */
export function asArray(value: XmlValue | undefined): XmlValue[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

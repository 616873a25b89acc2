/**
 * A minimal XML element model for the NETCONF emulator: parse (namespace
 * prefixes dropped, as a device does not care whether a client writes `nc:`),
 * find, and serialise.
 *
 * Glue only (issue 16 §3 review): parsing is `fast-xml-parser`'s; the
 * element model (find by local name, text, serialise back in document order)
 * is what the emulator needs from its preserve-order output.
 *
 * @module
 */
import { XMLParser } from "fast-xml-parser";

/** One element. */
export interface XNode {
  /** Local name (prefix removed). */
  name: string;
  /** Attributes (prefixes removed; `xmlns` dropped). */
  attrs: Record<string, string>;
  /** Child elements in order. */
  children: XNode[];
  /** Concatenated text content (trimmed). */
  text: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  removeNSPrefix: true,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
});

type Raw = Record<string, unknown>;

function convert(raw: Raw): XNode | null {
  const name = Object.keys(raw).find((k) => k !== ":@");
  if (name === undefined || name === "#text" || name.startsWith("?")) return null;
  const node: XNode = { name, attrs: {}, children: [], text: "" };
  const attrs = raw[":@"] as Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (k !== "xmlns") node.attrs[k] = String(v);
  }
  for (const child of (raw[name] as Raw[] | undefined) ?? []) {
    if ("#text" in child) node.text += String(child["#text"]);
    else {
      const c = convert(child);
      if (c) node.children.push(c);
    }
  }
  return node;
}

/** Parses a document; returns its top-level elements. @throws {Error} on malformed XML */
export function parseXml(text: string): XNode[] {
  const raw = parser.parse(text) as Raw[];
  return raw.map(convert).filter((n): n is XNode => n !== null);
}

/** The first child named `name`. */
export function child(node: XNode | undefined, name: string): XNode | undefined {
  return node?.children.find((c) => c.name === name);
}

/** Escapes text for element content or attribute values. */
export function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** Serialises an element (no namespaces added). */
export function toXml(node: XNode, indent = ""): string {
  const attrs = Object.entries(node.attrs).map(([k, v]) => ` ${k}="${esc(v)}"`).join("");
  if (node.children.length === 0) {
    return node.text === ""
      ? `${indent}<${node.name}${attrs}/>\n`
      : `${indent}<${node.name}${attrs}>${esc(node.text)}</${node.name}>\n`;
  }
  const inner = node.children.map((c) => toXml(c, indent + "  ")).join("");
  return `${indent}<${node.name}${attrs}>\n${inner}${indent}</${node.name}>\n`;
}

/** Builds an element. */
export function el(name: string, children: XNode[] | string = [], attrs = {}): XNode {
  return typeof children === "string"
    ? { name, attrs, children: [], text: children }
    : { name, attrs, children, text: "" };
}

/**
 * Converts a Junos configuration tree to and from its XML form
 * (`<configuration><interfaces><interface><name>...`), and applies the
 * subtree filters `get-config` and `get-configuration` receive.
 *
 * @module
 */
import { el, type XNode } from "./_xml.ts";
import { type ConfigNode, NAMED } from "./junos_config.ts";

/** Containers whose list items drop their element name in text form. */
const ELIDED: Readonly<Record<string, string>> = { interfaces: "interface", vlans: "vlan" };

const words = (s: string): string[] => s.match(/"[^"]*"|\S+/g) ?? [];
const unquote = (s: string): string => s.replace(/^"(.*)"$/, "$1");

/** Configuration nodes → `<configuration>` children. */
export function configToXml(nodes: readonly ConfigNode[], parent = "configuration"): XNode[] {
  return nodes.map((n) => {
    const w = words(n.key);
    const head = w[0] ?? "";
    if (n.children === null) {
      if (NAMED.has(head) && w.length >= 2) {
        const rest: XNode[] = [];
        for (let i = 2; i + 1 < w.length; i += 2) rest.push(el(w[i]!, unquote(w[i + 1]!)));
        return el(head, [el("name", unquote(w[1]!)), ...rest]);
      }
      return w.length === 1 ? el(head) : el(head, unquote(w.slice(1).join(" ")));
    }
    const kids = configToXml(n.children, head);
    if (w.length === 1 && ELIDED[parent] !== undefined) {
      return el(ELIDED[parent]!, [el("name", head), ...kids]);
    }
    if (w.length >= 2) return el(head, [el("name", unquote(w.slice(1).join(" "))), ...kids]);
    return el(head, kids);
  });
}

/** `<configuration>` children → configuration nodes. */
export function xmlToConfig(elements: readonly XNode[], parent = "configuration"): ConfigNode[] {
  const out: ConfigNode[] = [];
  for (const e of elements) {
    const nameEl = e.children.find((c) => c.name === "name");
    const others = e.children.filter((c) => c !== nameEl);
    if (nameEl !== undefined) {
      const name = quote(nameEl.text);
      const key = ELIDED[parent] === e.name ? name : `${e.name} ${name}`;
      out.push(
        others.length === 0
          ? { key, children: ELIDED[parent] === e.name ? [] : null }
          : { key, children: xmlToConfig(others, e.name) },
      );
    } else if (e.children.length > 0) {
      out.push({ key: e.name, children: xmlToConfig(e.children, e.name) });
    } else {
      out.push({ key: e.text === "" ? e.name : `${e.name} ${quote(e.text)}`, children: null });
    }
  }
  return out;
}

function quote(s: string): string {
  return /\s/.test(s) && !s.startsWith('"') ? `"${s}"` : s;
}

/**
 * Keeps only what a subtree filter asks for: each filter element selects the
 * same-named children (and, with a `<name>`, only the matching item); an
 * empty filter element selects the whole subtree.
 */
export function filterXml(data: readonly XNode[], filter: readonly XNode[]): XNode[] {
  if (filter.length === 0) return [...data];
  const out: XNode[] = [];
  for (const f of filter) {
    const wantName = f.children.find((c) => c.name === "name")?.text;
    const sub = f.children.filter((c) => c.name !== "name");
    for (const d of data) {
      if (d.name !== f.name) continue;
      const dName = d.children.find((c) => c.name === "name")?.text;
      if (wantName !== undefined && dName !== wantName) continue;
      if (sub.length === 0) out.push(d);
      else {
        const kids = filterXml(d.children, sub);
        const nameKids = d.children.filter((c) => c.name === "name");
        if (kids.length > 0) out.push({ ...d, children: [...nameKids, ...kids] });
      }
    }
  }
  return out;
}

/**
 * XML loader: the original's format, a root element (any name, `NetDevices`
 * in the samples) with one `<device>` element per device; each child
 * element's tag and text become a field. Attributes of `<device>` become
 * fields too when no child element of that name exists.
 *
 * Glue only (issue 16 §3 review): XML is validated and parsed by
 * `fast-xml-parser` (npm); this module maps the original's `<device>`
 * layout to records.
 *
 * @module
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { InventoryLoader, InventorySource } from "../loader.ts";
import { type NetDeviceRecord, RECORD_ORIGIN } from "../record.ts";
import { hasExt, invalidSource, readHead, readText } from "./_util.ts";

const ATTR = "@_";

/**
 * Reads an XML inventory.
 *
 * @example Load an XML inventory
 * ```ts
 * import { parseSource, xmlLoader } from "@trigger/trigger/netdevices";
 * import { builtinSettings } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(
 *   `${dir}/nd.xml`,
 *   "<NetDevices><device><nodeName>r1</nodeName><site/></device></NetDevices>",
 * );
 * const [r] = await xmlLoader.load(parseSource(`${dir}/nd.xml`), { settings: builtinSettings() });
 * strictEqual(r?.nodeName, "r1");
 * strictEqual(r?.site, null);
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export const xmlLoader: InventoryLoader = {
  name: "xml",
  params: [],
  async canLoad(source: InventorySource): Promise<boolean> {
    if (source.url !== undefined && source.url.protocol !== "file:") return false;
    const head = await readHead(source.path);
    if (head === undefined) return false;
    return hasExt(source.path, ".xml") || head.startsWith("<");
  },
  async load(source: InventorySource): Promise<NetDeviceRecord[]> {
    const file = source.path;
    const text = await readText(file);
    const valid = XMLValidator.validate(text);
    if (valid !== true) {
      throw invalidSource(`"${file}"`, `${valid.err.line}:${valid.err.col}: ${valid.err.msg}`);
    }
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: ATTR,
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: true,
      ignoreDeclaration: true,
      ignorePiTags: true,
      isArray: (_name: string, jpath: unknown) => /^[^.]+\.device$/.test(String(jpath)),
    });
    const doc = parser.parse(text) as Record<string, unknown>;
    const roots = Object.keys(doc).filter((k) => !k.startsWith(ATTR) && k !== "#text");
    if (roots.length !== 1) throw invalidSource(`"${file}"`, "expected one root element");
    const root = doc[roots[0]!];
    if (root === "" || root === undefined) return [];
    if (typeof root !== "object" || root === null) {
      throw invalidSource(`"${file}"`, `expected <device> elements in <${roots[0]}>`);
    }
    const other = Object.keys(root).find((k) =>
      k !== "device" && !k.startsWith(ATTR) && k !== "#text"
    );
    if (other !== undefined) {
      throw invalidSource(
        `"${file}"`,
        `expected only <device> elements in <${roots[0]}>, found <${other}>`,
      );
    }
    const devices = (root as { device?: unknown[] }).device ?? [];
    return devices.map((el, i) => {
      const where = `"${file}" device ${i + 1}`;
      if (typeof el !== "object" || el === null) {
        throw invalidSource(where, "expected child elements such as <nodeName>");
      }
      const r: NetDeviceRecord = {};
      for (const [k, v] of Object.entries(el)) {
        if (k.startsWith(ATTR) || k === "#text") continue;
        if (Array.isArray(v)) throw invalidSource(where, `element <${k}> appears more than once`);
        r[k] = v === "" ? null : v;
      }
      for (const [k, v] of Object.entries(el)) {
        if (k.startsWith(ATTR) && !(k.slice(ATTR.length) in r)) r[k.slice(ATTR.length)] = v;
      }
      r[RECORD_ORIGIN] = where;
      return r;
    });
  },
};

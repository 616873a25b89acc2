/**
 * A small set of built-in TextFSM templates (ntc-templates names and
 * layout) for common commands of Cisco IOS, Cisco NX-OS, Arista EOS and
 * Juniper Junos, so parsed results work without a template directory. The
 * templates are embedded as strings: loading them reads no files, which
 * keeps them usable when the package is imported from JSR.
 *
 * | Platform | Commands |
 * | --- | --- |
 * | `cisco_ios` | `show version`, `show clock`, `show interfaces`, `show ip interface brief`, `show ip route`, `show ip bgp summary`, `show cdp neighbors detail`, `show lldp neighbors`, `show mac address-table`, `show vlan` |
 * | `cisco_nxos` | `show version`, `show interface`, `show ip route` |
 * | `arista_eos` | `show version`, `show interfaces`, `show ip route`, `show lldp neighbors` |
 * | `juniper_junos` | `show version`, `show interfaces terse`, `show route` |
 *
 * @module
 */
import { CliTable } from "./clitable.ts";
import { TemplateError } from "./errors.ts";
import { BUILTIN_INDEX, BUILTIN_TEMPLATE_TEXT } from "./templates/_embedded.ts";

export { BUILTIN_INDEX };

/** The file names of the built-in templates, e.g. `cisco_ios_show_version.textfsm`. */
export const BUILTIN_TEMPLATES: readonly string[] = Object.keys(BUILTIN_TEMPLATE_TEXT);

/**
 * The text of a built-in template.
 *
 * @param name A name of {@linkcode BUILTIN_TEMPLATES}.
 * @returns The template text.
 * @throws {TemplateError} `TEMPLATE_INVALID` for an unknown name.
 *
 * @example
 * ```ts
 * import { builtinTemplate, TextFsm } from "@trigger/trigger/textfsm";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const fsm = TextFsm.parse(builtinTemplate("cisco_ios_show_clock.textfsm"));
 * deepStrictEqual(fsm.parseTextToDicts("*10:01:02.123 UTC Mon Jan 1 2024\n")[0]?.TIME, "10:01:02.123");
 * ```
 */
export function builtinTemplate(name: string): string {
  const text = Object.hasOwn(BUILTIN_TEMPLATE_TEXT, name) ? BUILTIN_TEMPLATE_TEXT[name] : undefined;
  if (text === undefined) {
    throw new TemplateError("no such built-in template", { source: name });
  }
  return text;
}

/**
 * The built-in templates as a {@linkcode CliTable} (columns `Template`,
 * `Hostname`, `Platform`, `Command`; abbreviated commands complete).
 *
 * @returns A table reading only embedded strings.
 *
 * @example Parse `sh ip int br` of an IOS device
 * ```ts
 * import { builtinCliTable } from "@trigger/trigger/textfsm";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const out = "Interface   IP-Address  OK? Method Status   Protocol\n" +
 *   "Gi0/0       10.0.0.1    YES NVRAM  up       up\n";
 * const r = await builtinCliTable().parseCmd(out, { Platform: "cisco_ios", Command: "sh ip int br" });
 * deepStrictEqual(r.records, [{ INTERFACE: "Gi0/0", IP_ADDRESS: "10.0.0.1", STATUS: "up", PROTO: "up" }]);
 * ```
 */
export function builtinCliTable(): CliTable {
  return CliTable.fromText(
    BUILTIN_INDEX,
    (name) => Promise.resolve(builtinTemplate(name)),
    "builtin:index",
  );
}

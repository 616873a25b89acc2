/**
 * `trigger netdev`: search the inventory, or show one device.
 *
 * ```
 * trigger netdev [-n NAME] [-v VENDOR] [-t TYPE] [-L SITE] [-m MANUFACTURER] [-k MAKE]
 *                [-M MODEL] [-o TEAM] [-O ONCALL] [-b BUDGET] [-c COORD]
 *                [--match key=value ...] [--exact] [-a] [--json] [--source PATH ...]
 * trigger netdev -l DEVICE [--json]
 * ```
 *
 * Criteria are ANDed, case-insensitive substring tests (`--exact` for whole
 * values); repeating `--match` with the same key ORs its values. With no
 * criteria every device is listed. `-a` (or `-N`) includes non-production
 * devices. `-s` is accepted for compatibility with the original and changes
 * nothing. Output: a table on a terminal, otherwise one tab-separated line
 * per device (name, vendor, type, platform, site, status), or JSON with
 * `--json`. `-l` resolves a full name, short name or dotted prefix; when
 * ambiguous on a terminal it offers a menu, otherwise it fails listing the
 * candidates.
 *
 * Exit status: 0 when something matched, 1 when nothing matched (a message
 * goes to standard error), 2 for bad input or an unreadable inventory.
 *
 * @module
 */
import { Command } from "commander";
import { err, out, UsageError } from "../_io.ts";
import { defaultSettings } from "../../lib/settings/mod.ts";
import {
  DeviceLookupError,
  type MatchQuery,
  type NetDevice,
  NetDevices,
} from "../../lib/netdevices/mod.ts";

interface Opts {
  list?: string;
  nodename?: string;
  vendor?: string;
  type?: string;
  location?: string;
  manufacturer?: string;
  make?: string;
  model?: string;
  owningTeam?: string;
  oncallTeam?: string;
  budgetCode?: string;
  coordinate?: string;
  match: string[];
  exact?: boolean;
  all?: boolean;
  nonprod?: boolean;
  search?: boolean;
  json?: boolean;
  source: string[];
}

const FLAG_FIELDS: [keyof Opts, string][] = [
  ["nodename", "nodeName"],
  ["vendor", "vendor"],
  ["type", "deviceType"],
  ["location", "site"],
  ["manufacturer", "manufacturer"],
  ["make", "make"],
  ["model", "model"],
  ["owningTeam", "owningTeam"],
  ["oncallTeam", "onCallName"],
  ["budgetCode", "budgetCode"],
  ["coordinate", "coordinate"],
];

const collect = (v: string, prev: string[]) => [...prev, v];

/** Builds the query from the flags; `--match` values of one key are ORed. */
export function buildQuery(o: Opts): Record<string, string[]> {
  const q: Record<string, string[]> = {};
  for (const [flag, field] of FLAG_FIELDS) {
    const v = o[flag];
    if (typeof v === "string") (q[field] ??= []).push(v);
  }
  for (const m of o.match) {
    const eq = m.indexOf("=");
    if (eq <= 0) throw new UsageError(`Cannot use --match "${m}": expected key=value`);
    (q[m.slice(0, eq).trim()] ??= []).push(m.slice(eq + 1).trim());
  }
  return q;
}

const COLUMNS: [string, (d: NetDevice) => string][] = [
  ["NAME", (d) => d.key],
  ["VENDOR", (d) => d.vendor],
  ["TYPE", (d) => d.deviceType],
  ["PLATFORM", (d) => d.platform ?? "-"],
  ["SITE", (d) => d.site ?? "-"],
  ["STATUS", (d) => d.adminStatus],
];

function printDevices(devices: readonly NetDevice[], json: boolean): void {
  if (json) return out(JSON.stringify(devices, null, 2));
  const rows = devices.map((d) => COLUMNS.map(([, f]) => f(d)));
  if (!Deno.stdout.isTerminal()) {
    for (const r of rows) out(r.join("\t"));
    return;
  }
  const all = [COLUMNS.map(([h]) => h), ...rows];
  const widths = COLUMNS.map((_, i) => all.reduce((w, r) => Math.max(w, r[i]!.length), 0));
  for (const r of all) out(r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd());
}

/** The original's `dump()` report, plus platform, realm and connection. */
export function detail(d: NetDevice): string {
  const v = (x: string | undefined) => x ?? "";
  const f = d.fields;
  const lines = [
    `\tHostname:          ${d.nodeName}`,
    `\tOwning Org.:       ${v(f.owner)}`,
    `\tOwning Team:       ${v(f.owningTeam)}`,
    `\tOnCall Team:       ${v(f.onCallName)}`,
    "",
    `\tVendor:            ${d.vendor} (${d.manufacturer})`,
    `\tMake:              ${v(f.make)}`,
    `\tModel:             ${v(f.model)}`,
    `\tType:              ${d.deviceType}`,
    `\tLocation:          ${[f.site, f.room, f.coordinate].filter(Boolean).join(" ")}`,
    "",
    `\tProject:           ${v(f.projectName)}`,
    `\tSerial:            ${v(f.serialNumber)}`,
    `\tAsset Tag:         ${v(f.assetID)}`,
    `\tBudget Code:       ${v(f.budgetCode)}${f.budgetName ? ` (${f.budgetName})` : ""}`,
    "",
    `\tAdmin Status:      ${d.adminStatus}`,
    `\tLifecycle Status:  ${v(f.lifecycleStatus)}`,
    `\tOperation Status:  ${v(f.operationStatus)}`,
    `\tLast Updated:      ${v(f.lastUpdate)}`,
    "",
    `\tPlatform:          ${d.platform ?? "unknown"}`,
    `\tRealm:             ${d.realm}`,
    `\tConnect:           ${d.transports.join(", ")} to ${d.address} port ${d.port}`,
  ];
  if (d.console) lines.push(`\tConsole:           ${d.console.host} port ${d.console.port ?? "?"}`);
  return lines.join("\n");
}

async function pick(nd: NetDevices, name: string): Promise<NetDevice> {
  try {
    return nd.find(name);
  } catch (e) {
    const interactive = Deno.stdin.isTerminal() && Deno.stdout.isTerminal();
    if (!(e instanceof DeviceLookupError) || !interactive) throw e;
    const choices = e.ambiguous
      ? e.candidates
      : nd.candidates(name, { limit: 20 }).map((d) => d.key);
    if (choices.length === 0) throw e;
    const { select } = await import("@inquirer/prompts");
    const key = await select({
      message: `${choices.length} possible matches found for "${name}":`,
      choices: choices.map((c) => ({ name: c, value: c })),
    });
    return nd.get(key) ?? nd.find(key);
  }
}

async function run(o: Opts): Promise<void> {
  const settings = defaultSettings();
  const nd = await NetDevices.load({
    settings,
    includeNonProduction: Boolean(o.all || o.nonprod),
    ...(o.source.length > 0 ? { source: o.source } : {}),
  });
  for (const w of nd.warnings) err(`trigger netdev: warning: ${w}`);
  const query = buildQuery(o);
  if (o.list !== undefined) {
    if (Object.keys(query).length > 0) {
      throw new UsageError("Cannot combine -l with search criteria");
    }
    const d = await pick(nd, o.list);
    out(o.json ? JSON.stringify(d, null, 2) : detail(d));
    return;
  }
  const found = nd.match(query as MatchQuery, { exact: Boolean(o.exact) });
  if (found.length === 0) {
    const text = Object.entries(query).map(([k, v]) => `${k}=${v.join("|")}`).join(" and ");
    err(`No matches for the query ${text || "(all devices)"}`);
    Deno.exitCode = 1;
    if (o.json) out("[]");
    return;
  }
  printDevices(found, Boolean(o.json));
}

/**
 * Builds the `netdev` command.
 *
 * @returns The configured command.
 */
export function command(): Command {
  return new Command("netdev")
    .description("Search the device inventory, or show one device")
    .option("-l, --list <device>", "show one device in detail")
    .option("-s, --search", "search (the default; kept for compatibility)")
    .option("-n, --nodename <text>", "node name contains")
    .option("-v, --vendor <text>", "vendor (canonical or manufacturer name)")
    .option("-t, --type <text>", "device type (ROUTER, SWITCH, FIREWALL...)")
    .option("-L, --location <text>", "site")
    .option("-m, --manufacturer <text>", "manufacturer")
    .option("-k, --make <text>", "make")
    .option("-M, --model <text>", "model")
    .option("-o, --owning-team <text>", "owning team")
    .option("-O, --oncall-team <text>", "on-call team")
    .option("-b, --budget-code <text>", "budget code")
    .option("-c, --coordinate <text>", "coordinate")
    .option("--match <key=value>", "any field (repeatable; same key ORs)", collect, [])
    .option("--exact", "compare whole values, not substrings")
    .option("-a, --all", "include non-production devices")
    .option("-N, --nonprod", "include non-production devices (the original's flag)")
    .option("--json", "print JSON")
    .option(
      "--source <path>",
      "inventory source instead of the settings' (repeatable)",
      collect,
      [],
    )
    .action(async (o: Opts) => await run(o));
}

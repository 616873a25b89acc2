/**
 * Inventory records as loaders return them, and the normalisation of field
 * names: the original's attribute names are canonical; other spellings
 * (`NodeName`, `hostname`, `OOBTerminalServerFQDN`) are mapped to them, and
 * any other field is kept verbatim.
 *
 * @module
 */
import { editDistance } from "../settings/_text.ts";

/**
 * Symbol under which a loader records where a record came from
 * (`"/x/netdevices.csv line 4"`), for error messages.
 *
 * @example Tag a record with its origin
 * ```ts
 * import { NetDevice, RECORD_ORIGIN } from "@trigger/trigger/netdevices";
 * import { strictEqual } from "node:assert/strict";
 *
 * const d = new NetDevice({ nodeName: "r1", [RECORD_ORIGIN]: "inline record 1" });
 * strictEqual(d.origin, "inline record 1");
 * ```
 */
export const RECORD_ORIGIN: unique symbol = Symbol("trigger.recordOrigin");

/**
 * One device as a loader returns it: field name → value (strings, numbers,
 * booleans, `null`; nested values are kept as JSON text).
 */
export interface NetDeviceRecord {
  /** A field of the device. */
  [field: string]: unknown;
  /** Where the record came from, for error messages. */
  [RECORD_ORIGIN]?: string;
}

/**
 * The original's attribute names, plus `platform`, `realm` and `address`.
 *
 * @example A known field
 * ```ts
 * import { KNOWN_FIELDS } from "@trigger/trigger/netdevices";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(KNOWN_FIELDS.includes("owningTeam"), true);
 * ```
 */
export const KNOWN_FIELDS: readonly string[] = Object.freeze([
  "nodeName",
  "nodePort",
  "manufacturer",
  "vendor",
  "deviceType",
  "make",
  "model",
  "serialNumber",
  "adminStatus",
  "deviceStatus",
  "assetID",
  "budgetCode",
  "budgetName",
  "owner",
  "owningTeam",
  "owningOrg",
  "onCallName",
  "onCallEmail",
  "onCallID",
  "operationStatus",
  "lastUpdate",
  "lifecycleStatus",
  "projectName",
  "projectID",
  "enablePW",
  "loginPW",
  "site",
  "room",
  "coordinate",
  "authMethod",
  "barcode",
  "layer2",
  "layer3",
  "layer4",
  "oobTerminalServerConnector",
  "oobTerminalServerFQDN",
  "oobTerminalServerNodeName",
  "oobTerminalServerPort",
  "oobTerminalServerTCPPort",
  "connectProtocol",
  "operatingSystem",
  "platform",
  "realm",
  "address",
  "shortName",
]);

/**
 * Fields holding secrets: kept on the device, never shown by `toJSON()`.
 *
 * @example Secrets
 * ```ts
 * import { SECRET_FIELDS } from "@trigger/trigger/netdevices";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(SECRET_FIELDS.includes("enablePW"), true);
 * ```
 */
export const SECRET_FIELDS: readonly string[] = Object.freeze(["enablePW", "loginPW"]);

/** Other spellings (lower case) → canonical name, used only when the canonical field is absent. */
const ALIASES: Readonly<Record<string, string>> = {
  host: "nodeName",
  hostname: "nodeName",
  name: "nodeName",
  node: "nodeName",
  devicename: "nodeName",
  port: "nodePort",
  type: "deviceType",
  devicetype: "deviceType",
  status: "deviceStatus",
  os: "operatingSystem",
  location: "site",
  ip: "address",
  ipaddress: "address",
  managementip: "address",
  mgmtip: "address",
  primaryip: "address",
  serial: "serialNumber",
  protocol: "connectProtocol",
};

const CANONICAL = new Map<string, string>(KNOWN_FIELDS.map((f) => [f.toLowerCase(), f]));

/**
 * Returns the canonical spelling of a field name: a known field matched
 * case-insensitively, or the name unchanged.
 *
 * @param name A field name from a source or a query.
 * @returns The canonical name.
 *
 * @example Original spellings
 * ```ts
 * import { canonicalField } from "@trigger/trigger/netdevices";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(canonicalField("NODENAME"), "nodeName");
 * strictEqual(canonicalField("OOBTerminalServerFQDN"), "oobTerminalServerFQDN");
 * strictEqual(canonicalField("rackUnit"), "rackUnit");
 * ```
 */
export function canonicalField(name: string): string {
  return CANONICAL.get(name.toLowerCase()) ?? name;
}

/** Every spelling read as a known field (lower case, no `_`, `-` or spaces) → its canonical name. */
const READ_AS = new Map<string, string>([
  ...KNOWN_FIELDS.map((f) => [f.toLowerCase(), f] as [string, string]),
  ...Object.entries(ALIASES),
]);

/**
 * Returns the known field a source key is likely a misspelling of: the key
 * is neither a known field (any case) nor an alias, and it is a known field
 * or alias but for case, `_`, `-` or spaces (`node_name`), or (for keys of
 * five characters or more) within one edit of one (two from eight
 * characters), numbered variants aside (`site2`). Other keys are custom
 * fields (`rack`, `zone`) and give `undefined`.
 *
 * @param key A field name from a source (a CSV column, a JSON key...).
 * @returns The canonical field it likely means, or `undefined`.
 *
 * @example Misspelt and custom columns
 * ```ts
 * import { misspeltField } from "@trigger/trigger/netdevices";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(misspeltField("vendr"), "vendor");
 * strictEqual(misspeltField("ip_address"), "address");
 * strictEqual(misspeltField("Vendor"), undefined);
 * strictEqual(misspeltField("rack"), undefined);
 * strictEqual(misspeltField("site2"), undefined);
 * ```
 */
export function misspeltField(key: string): string | undefined {
  const lower = key.toLowerCase();
  if (CANONICAL.has(lower) || Object.hasOwn(ALIASES, lower)) return undefined;
  const bare = lower.replace(/[\s_-]+/g, "");
  const exact = READ_AS.get(bare);
  if (exact !== undefined) return exact;
  // short names are too close to each other to guess (id/ip, zone/node)
  if (bare.length < 5) return undefined;
  const max = bare.length >= 8 ? 2 : 1;
  const stem = bare.replace(/\d+$/, "");
  let best: [number, string] | undefined;
  for (const [spelling, field] of READ_AS) {
    // site2, layer5: a numbered custom field, not a typo
    if (stem !== bare && stem === spelling.replace(/\d+$/, "")) continue;
    const d = editDistance(bare, spelling, max);
    if (d <= max && (best === undefined || d < best[0])) best = [d, field];
  }
  return best?.[1];
}

/** How a source key is stored: under a canonical name, or as an alias of one. */
interface KeyKind {
  name: string;
  alias: boolean;
}

/** Source keys repeat in every record: resolve each spelling once (bounded). */
const KEY_KINDS = new Map<string, KeyKind>();

function keyKind(key: string): KeyKind {
  let kind = KEY_KINDS.get(key);
  if (kind === undefined) {
    const lower = key.toLowerCase();
    const canon = CANONICAL.get(lower);
    const alias = Object.hasOwn(ALIASES, lower) ? ALIASES[lower] : undefined;
    kind = canon !== undefined
      ? { name: canon, alias: false }
      : alias !== undefined
      ? { name: alias, alias: true }
      : { name: key, alias: false };
    if (KEY_KINDS.size < 10_000) KEY_KINDS.set(key, kind);
  }
  return kind;
}

/** Text of a field value; `undefined` for null, undefined and blank text. */
function text(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") {
    const t = value.trim();
    return t === "" ? undefined : t;
  }
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return String(value);
  }
  return JSON.stringify(value);
}

/**
 * Normalises a record: canonical field names, text values, blank values
 * dropped, aliases applied where the canonical field is absent.
 *
 * @param record The record.
 * @returns Field name → text.
 *
 * @example Normalise
 * ```ts
 * import { normalizeRecord } from "@trigger/trigger/netdevices";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(normalizeRecord({ Hostname: "r1", NodePort: 2222, site: "", rack: "A1" }), {
 *   nodeName: "r1",
 *   nodePort: "2222",
 *   rack: "A1",
 * });
 * ```
 */
export function normalizeRecord(record: NetDeviceRecord): Record<string, string> {
  const out: Record<string, string> = {};
  let aliased: [string, string, string][] | undefined;
  for (const key in record) {
    const v = text(record[key]);
    if (v === undefined) continue;
    const kind = keyKind(key);
    if (kind.alias) (aliased ??= []).push([kind.name, key, v]);
    else out[kind.name] = v;
  }
  if (aliased) {
    for (const [alias, key, v] of aliased) {
      if (out[alias] === undefined) out[alias] = v;
      else out[key] = v;
    }
  }
  return out;
}

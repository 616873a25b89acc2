/**
 * NetBox loader: `GET {url}/api/dcim/devices/` with `Authorization: Token X`,
 * following `next` links. Query arguments of the source are passed on as
 * NetBox filters (`https://netbox.example/?site=nyc&status=active`).
 * The token comes from `settings.netboxToken` (env `NETBOX_TOKEN`).
 *
 * Mapping: `name` → nodeName; `device_type.manufacturer.name` →
 * manufacturer; `device_type.model` → model; `device_type.part_number` →
 * make; `role` (or `device_role`) → deviceType (ROUTER, SWITCH, FIREWALL,
 * LOAD_BALANCER, CONSOLE when the role says so); `status` `active` →
 * PRODUCTION, else NON-PRODUCTION; `primary_ip` → address; `platform.slug`
 * → platform when it is a `<vendor>_<os>` id, else operatingSystem;
 * `site.slug`/`site.name` → site/siteName; `tenant.name` → owningTeam;
 * `rack`, `serial`, `asset_tag`, `last_updated`, and every custom field.
 * Devices without a name are skipped and reported as one warning (their ids).
 *
 * @module
 */
import { TriggerError } from "../../errors.ts";
import type { InventoryLoader, InventorySource, LoaderOptions } from "../loader.ts";
import { type NetDeviceRecord, RECORD_ORIGIN } from "../record.ts";
import { platformProfiles } from "../../platforms/registry.ts";
import { invalidSource } from "./_util.ts";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? v as Obj : undefined;
const str = (v: unknown): string | undefined =>
  typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined;

function roleType(role: string | undefined): string | undefined {
  if (role === undefined) return undefined;
  const r = role.toLowerCase();
  if (/firewall/.test(r)) return "FIREWALL";
  if (/load[ _-]?balancer|\badc\b/.test(r)) return "LOAD_BALANCER";
  if (/console|terminal[ _-]?server/.test(r)) return "CONSOLE";
  if (/switch|leaf|spine|access/.test(r)) return "SWITCH";
  if (/router|edge|core|border|\bpe\b/.test(r)) return "ROUTER";
  return role.toUpperCase().replace(/[ -]+/g, "_");
}

/** Maps one NetBox device object to a record (or `undefined` for unnamed devices). */
export function netboxRecord(d: Obj, where: string): NetDeviceRecord | undefined {
  const name = str(d.name);
  if (name === undefined) return undefined;
  const dt = obj(d.device_type);
  const role = obj(d.role) ?? obj(d.device_role);
  const status = str(obj(d.status)?.value) ?? str(d.status);
  const ip = str(obj(d.primary_ip)?.address) ?? str(obj(d.primary_ip4)?.address) ??
    str(obj(d.primary_ip6)?.address);
  const platform = str(obj(d.platform)?.slug);
  const r: NetDeviceRecord = {
    nodeName: name,
    manufacturer: str(obj(dt?.manufacturer)?.name),
    model: str(dt?.model),
    make: str(dt?.part_number) ?? str(dt?.model),
    deviceType: roleType(str(role?.name) ?? str(role?.slug)),
    role: str(role?.name),
    adminStatus: status === undefined
      ? undefined
      : status === "active"
      ? "PRODUCTION"
      : "NON-PRODUCTION",
    operationStatus: status,
    address: ip?.replace(/\/\d+$/, ""),
    site: str(obj(d.site)?.slug),
    siteName: str(obj(d.site)?.name),
    room: str(obj(d.location)?.name),
    coordinate: str(obj(d.rack)?.name),
    owningTeam: str(obj(d.tenant)?.name),
    serialNumber: str(d.serial),
    assetID: str(d.asset_tag),
    lastUpdate: str(d.last_updated),
    netboxId: str(d.id),
  };
  if (platform !== undefined) {
    const p = platform.replace(/-/g, "_").toLowerCase();
    if (platformProfiles().some((x) => x.id === p)) r.platform = p;
    else r.operatingSystem = platform;
  }
  for (const [k, v] of Object.entries(obj(d.custom_fields) ?? {})) {
    if (v !== null && v !== undefined && r[k] === undefined) {
      r[k] = obj(v)?.name ?? obj(v)?.value ?? v;
    }
  }
  for (const k of Object.keys(r)) if (r[k] === undefined) delete r[k];
  r[RECORD_ORIGIN] = where;
  return r;
}

/**
 * Reads devices from the NetBox REST API.
 *
 * @example Against a local server
 * ```ts
 * import { netboxLoader, parseSource } from "@trigger/trigger/netdevices";
 * import { builtinSettings } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * await using server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, () =>
 *   Response.json({ next: null, results: [{ id: 1, name: "r1", status: { value: "active" } }] }));
 * const src = parseSource(`http://127.0.0.1:${server.addr.port}`);
 * const [r] = await netboxLoader.load(src, { settings: builtinSettings() });
 * strictEqual(r?.nodeName, "r1");
 * strictEqual(r?.adminStatus, "PRODUCTION");
 * ```
 */
export const netboxLoader: InventoryLoader = {
  name: "netbox",
  canLoad(source: InventorySource): boolean {
    return source.url !== undefined && ["http:", "https:"].includes(source.url.protocol);
  },
  async load(source: InventorySource, options: LoaderOptions): Promise<NetDeviceRecord[]> {
    const doFetch = options.fetch ?? fetch;
    const base = source.path.replace(/\/+$/, "").replace(/\/api(\/dcim\/devices)?$/, "");
    const first = new URL(`${base}/api/dcim/devices/`);
    const params = { limit: "1000", ...source.params };
    for (const [k, v] of Object.entries(params)) first.searchParams.set(k, v);
    const headers: Record<string, string> = { Accept: "application/json" };
    const token = options.settings.netboxToken;
    if (token) headers.Authorization = `Token ${token}`;
    const out: NetDeviceRecord[] = [];
    const unnamed: string[] = [];
    const seen = new Set<string>();
    let next: string | null = first.href;
    for (let page = 1; next !== null; page++) {
      if (seen.has(next)) throw invalidSource(`"${next}"`, "the next link loops");
      seen.add(next);
      const where = `"${base}" page ${page}`;
      let res: Response;
      try {
        res = await doFetch(next, {
          headers,
          ...(options.signal ? { signal: options.signal } : {}),
        });
      } catch (e) {
        throw new TriggerError(
          "IO_ERROR",
          `Cannot load inventory ${where}: ${(e as Error).message}`,
          {
            cause: e,
          },
        );
      }
      let body: unknown;
      const text = await res.text();
      if (!res.ok) {
        throw new TriggerError(
          "IO_ERROR",
          `Cannot load inventory ${where}: HTTP ${res.status} ${text.slice(0, 200)}`,
        );
      }
      try {
        body = JSON.parse(text);
      } catch (e) {
        throw invalidSource(where, `response is not JSON: ${(e as Error).message}`, e);
      }
      const results = obj(body)?.results;
      if (!Array.isArray(results)) throw invalidSource(where, "response has no results list");
      results.forEach((d, i) => {
        const o = obj(d);
        if (o === undefined) throw invalidSource(`${where} result ${i + 1}`, "expected an object");
        const r = netboxRecord(o, `${where} device id ${str(o.id) ?? `#${i + 1}`}`);
        if (r !== undefined) out.push(r);
        else unnamed.push(str(o.id) ?? `page ${page} #${i + 1}`);
      });
      const n = obj(body)?.next;
      next = typeof n === "string" && n !== "" ? new URL(n, next).href : null;
    }
    if (unnamed.length > 0) {
      const ids = unnamed.slice(0, 10).join(", ") + (unnamed.length > 10 ? ", ..." : "");
      options.warn?.(
        `"${base}": skipped ${unnamed.length} device(s) without a name (id ${ids})`,
      );
    }
    return out;
  },
};

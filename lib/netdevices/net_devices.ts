/**
 * `NetDevices`: the inventory. Loaded from the sources in the settings (or
 * given ones), indexed lazily, queried by name, field or free text. Not a
 * singleton: load as many inventories as you need.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import { builtinSettings, defaultSettings, type Settings } from "../settings/mod.ts";
import { suggest } from "../settings/_text.ts";
import { NetDevice } from "./net_device.ts";
import type { NetDeviceRecord } from "./record.ts";
import { type InventoryLoader, loadSourceAs } from "./loader.ts";
import { INVENTORY_LOADERS } from "./loaders.ts";
import { DeviceIndex } from "./_index.ts";
import { DeviceLookupError } from "./lookup_error.ts";
import { InventoryCheck } from "./_check.ts";
import { matchDevices, type MatchOptions, type MatchQuery } from "./match.ts";

/** Options of the {@linkcode NetDevices} constructor and {@linkcode NetDevices.fromRecords}. */
export interface NetDevicesOptions {
  /**
   * Settings for vendors, types, ports and realms.
   *
   * @default {builtinSettings()}
   */
  settings?: Settings;
  /**
   * Keep devices whose adminStatus is not PRODUCTION.
   *
   * @default {false}
   */
  includeNonProduction?: boolean;
  /**
   * Warnings to carry (loader failures that a later loader recovered from).
   *
   * @default {[]}
   */
  warnings?: readonly string[];
  /**
   * Let devices share a name. Such devices are then keyed by name and
   * address (`name@address`, plus `:port` when the record gives one) and a
   * bare name finds none of them (it is ambiguous). Otherwise a name given
   * twice is an error.
   *
   * @default {settings.netdevicesAllowDuplicateNames}
   */
  allowDuplicateNames?: boolean;
}

/** Options of {@linkcode NetDevices.load}. */
export interface LoadNetDevicesOptions extends NetDevicesOptions {
  /**
   * Sources (paths or URLs), loaded and merged in order.
   *
   * @default {settings.netdevicesSource}
   */
  source?: string | readonly string[];
  /**
   * The loader chain.
   *
   * @default {the loaders named by settings.netdevicesLoaders}
   */
  loaders?: readonly InventoryLoader[];
  /**
   * Cancels network loaders.
   *
   * @default {undefined}
   */
  signal?: AbortSignal;
  /**
   * The `fetch` used by network loaders.
   *
   * @default {globalThis.fetch}
   */
  fetch?: typeof fetch;
  /**
   * Load records with misspelt columns (`vendr`) or vendors (`juniperr`),
   * reporting them as warnings that name the records, instead of failing.
   *
   * @default {settings.netdevicesLenient}
   */
  lenient?: boolean;
}

/** Options of {@linkcode NetDevices.candidates}. */
export interface CandidatesOptions {
  /**
   * Maximum number of candidates.
   *
   * @default {10}
   */
  limit?: number;
}

/**
 * An inventory of network devices.
 *
 * @example Build, find and match
 * ```ts
 * import { NetDevices } from "@trigger/trigger";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const nd = NetDevices.fromRecords([
 *   { nodeName: "core1.nyc.example.net", manufacturer: "JUNIPER", site: "NYC" },
 *   { nodeName: "fw1.nyc.example.net", manufacturer: "CISCO SYSTEMS", deviceType: "FIREWALL", make: "ASA5520", site: "NYC" },
 *   { nodeName: "sw1.lon.example.net", manufacturer: "ARISTA NETWORKS", site: "LON" },
 *   { nodeName: "old1.lon.example.net", manufacturer: "CISCO SYSTEMS", adminStatus: "NON-PRODUCTION" },
 * ]);
 * strictEqual(nd.size, 3);
 * strictEqual(nd.find("core1").platform, "juniper_junos");
 * deepStrictEqual(nd.match({ site: "nyc" }).map(String), ["core1.nyc.example.net", "fw1.nyc.example.net"]);
 * deepStrictEqual(nd.match({ vendor: ["cisco", "arista"] }).map((d) => d.shortName), ["fw1", "sw1"]);
 * deepStrictEqual(nd.listFirewalls().map((d) => d.platform), ["cisco_asa"]);
 * ```
 */
export class NetDevices implements Iterable<NetDevice> {
  /** Loader failures that a later loader recovered from, and other load notes. */
  readonly warnings: readonly string[];
  /** Number of non-production devices left out (0 with `includeNonProduction`). */
  readonly excluded: number;
  /** The settings the devices were built with. */
  readonly settings: Settings;
  readonly #index: DeviceIndex;

  /**
   * Builds an inventory from devices.
   *
   * @param devices The devices.
   * @param options Production filter, settings, warnings, duplicate names.
   * @throws {TriggerError} `INVENTORY_INVALID` when two devices have the same
   *   name (unless allowed), or the same name and address.
   */
  constructor(devices: Iterable<NetDevice>, options: NetDevicesOptions = {}) {
    const { includeNonProduction = false, warnings = [], settings = builtinSettings() } = options;
    const allowDuplicates = options.allowDuplicateNames ?? settings.netdevicesAllowDuplicateNames;
    this.settings = settings;
    let index = indexByKey(devices, includeNonProduction);
    if (index.shared.size > 0) {
      if (!allowDuplicates) throw duplicateNames(index.shared);
      // devices sharing a name are told apart by their address
      const rekeyed: NetDevice[] = [];
      for (const d of index.all) {
        rekeyed.push(
          index.shared.has(d.nodeName)
            ? new NetDevice(d.fields, { settings, origin: d.origin, keyByAddress: true })
            : d,
        );
      }
      OWNED.add(rekeyed);
      index = indexByKey(rekeyed, includeNonProduction);
      const [again] = index.shared.values();
      if (again !== undefined) {
        throw new TriggerError(
          "INVENTORY_INVALID",
          `Cannot load inventory: device "${again[1]!.key}" appears twice, in ${
            again[0]!.origin
          } and in ${again[1]!.origin}`,
        );
      }
    }
    const { byKey, kept, excluded } = index;
    if (excluded > 0) {
      for (const [k, d] of byKey) if (d.adminStatus !== "PRODUCTION") byKey.delete(k);
    }
    this.#index = new DeviceIndex(kept, byKey);
    this.excluded = excluded;
    this.warnings = Object.freeze([...warnings]);
  }

  /**
   * Builds an inventory from records.
   *
   * @param records Device records (the original's attribute names).
   * @param options Production filter and settings.
   * @returns The inventory.
   * @throws {TriggerError} `INVENTORY_INVALID` for a bad record or duplicate device.
   */
  static fromRecords(
    records: Iterable<NetDeviceRecord>,
    options: NetDevicesOptions = {},
  ): NetDevices {
    const settings = options.settings ?? builtinSettings();
    const devices: NetDevice[] = [];
    for (const r of records) devices.push(new NetDevice(r, { settings }));
    OWNED.add(devices);
    return new NetDevices(devices, { ...options, settings });
  }

  /**
   * Loads an inventory from its sources (default: `settings.netdevicesSource`
   * through the `settings.netdevicesLoaders` chain); several sources are merged.
   *
   * Inventory data is untrusted: a column that is not a field this toolkit
   * reads but close to one (`vendr`, `node_name`) and a vendor close to a
   * known one (`juniperr`) are errors naming the records (warnings with
   * `lenient`); other columns are kept as custom fields, other vendors as
   * they are. A name given twice is an error unless `allowDuplicateNames`.
   *
   * @param options Sources, loaders, settings, production filter, leniency.
   * @returns The inventory.
   * @throws {TriggerError} `INVENTORY_INVALID` for a malformed source (with
   * file and line or record), misspelt columns or vendors, or duplicate
   * devices; `IO_ERROR` when a source cannot be read; `SETTINGS_INVALID`
   * from the default settings.
   */
  static async load(options: LoadNetDevicesOptions = {}): Promise<NetDevices> {
    const settings = options.settings ?? defaultSettings();
    const sources = options.source === undefined
      ? settings.netdevicesSource
      : typeof options.source === "string"
      ? [options.source]
      : options.source;
    const loaders = options.loaders ??
      settings.netdevicesLoaders.map((n) => INVENTORY_LOADERS[n]).filter((l) => l !== undefined);
    let devices: NetDevice[] = [];
    const warnings: string[] = [];
    const check = new InventoryCheck(settings);
    for (const source of sources) {
      // each record becomes a device as it is read: a large inventory never
      // holds every record and every device at once
      const got = await loadSourceAs(source, loaders, {
        settings,
        signal: options.signal,
        fetch: options.fetch,
      }, (r) => {
        const d = new NetDevice(r, { settings });
        check.record(r, d);
        return d;
      });
      for (const w of got.warnings) warnings.push(w);
      devices = devices.length === 0 ? got.items : devices.concat(got.items);
    }
    const problems = check.problems();
    if (problems.length > 0) {
      if (!(options.lenient ?? settings.netdevicesLenient)) {
        throw new TriggerError(
          "INVENTORY_INVALID",
          `Cannot load inventory: ${problems.join("; ")} ` +
            `(fix the source, or set NETDEVICES_LENIENT=1 to load it with warnings)`,
        );
      }
      for (const p of problems) warnings.push(p);
    }
    OWNED.add(devices);
    return new NetDevices(devices, { ...options, settings, warnings });
  }

  /** Number of devices. */
  get size(): number {
    return this.#index.devices.length;
  }

  /** Iterates the devices in source order. */
  [Symbol.iterator](): Iterator<NetDevice> {
    return this.#index.devices[Symbol.iterator]();
  }

  /**
   * Every device, in source order.
   *
   * @returns The devices.
   */
  all(): NetDevice[] {
    return [...this.#index.devices];
  }

  /**
   * Returns the device with exactly this key (`nodeName`, or `nodeName:port`).
   *
   * @param key The key (case-insensitive).
   * @returns The device, or `undefined`.
   */
  get(key: string): NetDevice | undefined {
    return this.#index.byKey.get(key.trim().toLowerCase());
  }

  /**
   * Finds one device: by key, by nodeName, by short name, or by a dotted
   * prefix of its name (`core1` and `core1.nyc` find `core1.nyc.example.net`).
   * Unlike the original, a prefix shared by several devices is an error, not
   * whichever came first.
   *
   * @param name The name (case-insensitive).
   * @returns The device.
   * @throws {DeviceLookupError} `DEVICE_NOT_FOUND` when nothing matches (with
   * suggestions) or several devices match (`ambiguous`, with the candidates).
   */
  find(name: string): NetDevice {
    const p = name.trim().toLowerCase();
    const idx = this.#index;
    const exact = idx.byKey.get(p);
    if (exact !== undefined) return exact;
    for (const hits of [idx.byNodeName.get(p), idx.byShortName.get(p), idx.withPrefix(`${p}.`)]) {
      if (hits === undefined || hits.length === 0) continue;
      if (hits.length === 1) return hits[0]!;
      throw new DeviceLookupError(name, hits.map((d) => d.key).sort(), true);
    }
    let near = this.candidates(p, { limit: 5 }).map((d) => d.key);
    if (near.length === 0) {
      near = suggest(p, idx.byShortName.keys(), 2).slice(0, 5)
        .flatMap((s) => idx.byShortName.get(s)!.map((d) => d.key));
    }
    throw new DeviceLookupError(name, near, false);
  }

  /**
   * Whether {@linkcode NetDevices.find} would find exactly one device.
   *
   * @param name The name.
   * @returns `true` when the name resolves to one device.
   */
  has(name: string): boolean {
    try {
      this.find(name);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Devices whose field contains the text (case-insensitive).
   *
   * @param text Text to look for.
   * @param field The field (case-insensitive name).
   * @returns Matching devices, sorted by key.
   * @throws {TriggerError} `INVALID_ARGUMENT` when no device has the field.
   */
  search(text: string, field = "nodeName"): NetDevice[] {
    return this.match({ [field]: text });
  }

  /**
   * Devices matching every key of the query (AND); a key with several values
   * matches any of them (OR). Field names and values are case-insensitive;
   * values match as substrings unless `exact`; `null` matches devices lacking
   * the field (as does `"none"`, like the original). Vendor values are
   * canonicalised (`"CISCO SYSTEMS"` matches `cisco`).
   *
   * @param query Field → value(s).
   * @param options Exact matching.
   * @returns Matching devices, sorted by key.
   * @throws {TriggerError} `INVALID_ARGUMENT` for a field no device has.
   */
  match(query: MatchQuery, options: MatchOptions = {}): NetDevice[] {
    return matchDevices(this.#index, query, options, this.settings);
  }

  /**
   * Devices of one type.
   *
   * @param deviceType The type (case-insensitive).
   * @returns The devices, sorted by key.
   */
  byType(deviceType: string): NetDevice[] {
    return this.match({ deviceType }, { exact: true });
  }

  /**
   * Routers.
   *
   * @returns Devices of type ROUTER, sorted by key.
   */
  listRouters(): NetDevice[] {
    return this.byType("ROUTER");
  }

  /**
   * Switches.
   *
   * @returns Devices of type SWITCH, sorted by key.
   */
  listSwitches(): NetDevice[] {
    return this.byType("SWITCH");
  }

  /**
   * Firewalls.
   *
   * @returns Devices of type FIREWALL, sorted by key.
   */
  listFirewalls(): NetDevice[] {
    return this.byType("FIREWALL");
  }

  /**
   * Devices whose name contains the text, best first: exact name, exact short
   * name, name prefix, then earlier and shorter matches. For pickers.
   *
   * @param partial Part of a name.
   * @param options The maximum count.
   * @returns Ranked devices.
   */
  candidates(partial: string, options: CandidatesOptions = {}): NetDevice[] {
    const { limit = 10 } = options;
    const p = partial.trim().toLowerCase();
    if (p === "") return [];
    const scored: [number, number, NetDevice][] = [];
    for (const d of this.#index.devices) {
      const at = d.key.indexOf(p);
      if (at === -1) continue;
      const rank = d.key === p || d.nodeName === p ? 0 : d.shortName === p ? 1 : at === 0 ? 2 : 3;
      scored.push([rank, at, d]);
    }
    scored.sort((a, b) =>
      a[0] - b[0] || a[1] - b[1] || a[2].key.length - b[2].key.length ||
      (a[2].key < b[2].key ? -1 : 1)
    );
    return scored.slice(0, limit).map((s) => s[2]);
  }

  /**
   * Every field name some device has (plus the known attributes).
   *
   * @returns Field names, sorted.
   */
  fieldNames(): string[] {
    return [...this.#index.fieldNames.values()].sort();
  }
}

/** Device arrays built by this module, handed to the constructor without a copy. */
const OWNED = new WeakSet<object>();

/**
 * Devices by key, the kept ones (production filter), and the names given to
 * more than one device (with the key clashes among them). One map of every
 * device: a portless device's key is its name, so only devices with a port
 * (few in large inventories) need a second map by name.
 */
function indexByKey(devices: Iterable<NetDevice>, includeNonProduction: boolean) {
  // a caller's array is copied (it could change under the inventory); ours is not
  const all = OWNED.has(devices) ? devices as readonly NetDevice[] : [...devices];
  const byKey = new Map<string, NetDevice>();
  const withPort = new Map<string, NetDevice>();
  const shared = new Map<string, NetDevice[]>();
  // the kept devices are `all` itself until one is left out (no copy of a million)
  let kept: NetDevice[] | undefined;
  let excluded = 0;
  for (let i = 0; i < all.length; i++) {
    const d = all[i]!;
    // a device keyed by address (`name@address`) is told apart by its key,
    // any other by its name
    const byAddress = d.key.includes("@");
    const first = byAddress ? byKey.get(d.key) : byKey.get(d.nodeName) ?? withPort.get(d.nodeName);
    if (first !== undefined) {
      const l = shared.get(d.nodeName);
      if (l) l.push(d);
      else shared.set(d.nodeName, [first, d]);
    }
    if (!byKey.has(d.key)) byKey.set(d.key, d);
    if (!byAddress && d.key !== d.nodeName && !withPort.has(d.nodeName)) {
      withPort.set(d.nodeName, d);
    }
    if (!includeNonProduction && d.adminStatus !== "PRODUCTION") {
      excluded++;
      kept ??= all.slice(0, i);
    } else kept?.push(d);
  }
  return { all, byKey, shared, kept: kept ?? all, excluded };
}

/** The error naming every shared name and where each copy comes from. */
function duplicateNames(shared: Map<string, NetDevice[]>): TriggerError {
  const described = [...shared].slice(0, 10).map(([name, ds]) =>
    `"${name}" ${ds.length} times (${
      ds.map((d) => `${d.origin}: address ${d.address} port ${d.port}`).join("; ")
    })`
  );
  const more = shared.size > 10 ? ` and ${shared.size - 10} more names` : "";
  return new TriggerError(
    "INVENTORY_INVALID",
    `Cannot load inventory: device names must be unique; given more than once: ` +
      `${described.join(", ")}${more} (or set NETDEVICES_ALLOW_DUPLICATE_NAMES=1 to key ` +
      `such devices by name and address)`,
  );
}

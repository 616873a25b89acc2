/**
 * `NetDevice`: one device of the inventory, with its canonical vendor, type,
 * platform id, credential realm and connection details.
 *
 * @module
 */
import { builtinSettings, type Settings } from "../settings/mod.ts";
import { canonicalVendor } from "./vendor.ts";
import { raceAbort } from "../_util/abort.ts";
import { derivePlatform } from "./platform.ts";
import { type NetDeviceRecord, normalizeRecord, RECORD_ORIGIN, SECRET_FIELDS } from "./record.ts";
import { invalid, parsePort, splitNodeName } from "./_node_name.ts";

/** A transport a device can be reached over. */
export type DeviceTransport = "ssh" | "telnet";

/** Options of the {@linkcode NetDevice} constructor. */
export interface NetDeviceOptions {
  /**
   * Settings giving vendor maps, default types, ports and the default realm.
   *
   * @default {builtinSettings()}
   */
  settings?: Settings;
  /**
   * Where the record came from, for error messages (overrides the record's own origin).
   *
   * @default {record[RECORD_ORIGIN] ?? "record"}
   */
  origin?: string;
  /**
   * Key the device by name and address (`name@address`, plus `:port` when
   * the record gives one): for inventories that let devices share a name.
   *
   * @default {false}
   */
  keyByAddress?: boolean;
}

/** Options of {@linkcode NetDevice.hasSsh}. */
export interface HasSshOptions {
  /**
   * Milliseconds allowed for connecting and reading the banner.
   *
   * @default {5000}
   */
  timeoutMs?: number;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Shared transport lists (one per device would cost a million arrays). */
const SSH_ONLY: readonly DeviceTransport[] = Object.freeze(["ssh"]);
const TELNET_ONLY: readonly DeviceTransport[] = Object.freeze(["telnet"]);
const SSH_THEN_TELNET: readonly DeviceTransport[] = Object.freeze(["ssh", "telnet"]);

let lastPrefix = "";

/**
 * An origin as a prefix shared by the records of one source and its final
 * number (`"/x.csv" line ` and 12): a number costs nothing, a string per
 * record costs ~56 bytes. `-1`: no final number.
 */
function compactOrigin(origin: string): [string, number] {
  let i = origin.length;
  while (i > 0 && origin.charCodeAt(i - 1) >= 48 && origin.charCodeAt(i - 1) <= 57) i--;
  const digits = origin.length - i;
  if (digits === 0 || digits > 9 || i === 0 || (digits > 1 && origin[i] === "0")) {
    return [origin, -1];
  }
  let prefix = origin.slice(0, i);
  if (prefix === lastPrefix) prefix = lastPrefix;
  else lastPrefix = prefix;
  return [prefix, Number(origin.slice(i))];
}

/** Upper case, keeping the same string when it already is (no copy per device). */
function upper(s: string): string {
  const u = s.toUpperCase();
  return u === s ? s : u;
}

/**
 * One network device. Fields of the source record are kept (canonical names
 * for the original's attributes, any other field verbatim) and the derived
 * values are computed once: `vendor`, `deviceType`, `adminStatus`,
 * `platform`, `realm`, `address`, `port`, `transports`.
 *
 * @example A device from the original's JSON attributes
 * ```ts
 * import { NetDevice } from "@trigger/trigger";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const d = new NetDevice({
 *   nodeName: "EDGE1-NYC.example.net:2222",
 *   manufacturer: "CISCO SYSTEMS",
 *   make: "ASR9006",
 *   site: "NYC",
 *   rack: "R12",
 * });
 * strictEqual(d.nodeName, "edge1-nyc.example.net");
 * strictEqual(d.nodePort, 2222);
 * strictEqual(d.shortName, "edge1-nyc");
 * strictEqual(d.vendor, "cisco");
 * strictEqual(d.deviceType, "ROUTER");
 * strictEqual(d.platform, "cisco_iosxr");
 * strictEqual(d.realm, "default");
 * deepStrictEqual(d.transports, ["ssh"]);
 * strictEqual(d.get("RACK"), "R12");
 * strictEqual(d.isRouter && d.isIosLike && !d.isCiscoAsa, true);
 * ```
 */
export class NetDevice {
  /** Every field, canonical names, text values (derived values included). */
  readonly fields: Readonly<Record<string, string>>;
  /**
   * The inventory key: `nodeName`, or `nodeName:port` when a port is given
   * (`name@address[:port]` when keyed by address).
   */
  readonly key: string;
  // A fleet inventory holds a million of these: the derived values are read
  // from `fields` (where they are stored anyway) or computed, never kept
  // twice, and the origin is kept as a shared prefix and a number.
  readonly #settings: Settings;
  readonly #explicitPlatform: boolean;
  readonly #origin: string;
  readonly #originNo: number;

  /**
   * Builds a device from a record.
   *
   * @param record The record (original attribute names, any extra fields).
   * @param options Settings and origin.
   * @throws {TriggerError} `INVENTORY_INVALID` when the record has no
   * nodeName, a bad port, or an unknown `connectProtocol`.
   */
  constructor(record: NetDeviceRecord, options: NetDeviceOptions = {}) {
    const settings = options.settings ?? builtinSettings();
    this.#settings = settings;
    const origin = options.origin ?? record[RECORD_ORIGIN] ?? "record";
    [this.#origin, this.#originNo] = compactOrigin(origin);
    const f = normalizeRecord(record);
    if (f.nodeName === undefined) throw invalid(origin, "no nodeName");
    const { host, port } = splitNodeName(f.nodeName, origin);
    let nodePort = port;
    if (f.nodePort !== undefined) {
      const explicit = parsePort(f.nodePort, "nodePort", origin);
      if (nodePort !== undefined && nodePort !== explicit) {
        throw invalid(origin, `nodeName "${f.nodeName}" and nodePort "${f.nodePort}" disagree`);
      }
      nodePort = explicit;
    }
    const bracket = (h: string) => h.includes(":") ? `[${h}]` : h;
    if (options.keyByAddress) {
      const at = `${host}@${bracket((f.address ?? host).replace(/\/\d+$/, ""))}`;
      this.key = nodePort === undefined ? at : `${at}:${nodePort}`;
    } else this.key = nodePort === undefined ? host : `${bracket(host)}:${nodePort}`;
    const dot = host.indexOf(".");
    const shortName = dot === -1 || IPV4.test(host) || host.includes(":")
      ? host
      : host.slice(0, dot);

    const manufacturer = f.manufacturer ?? f.vendor ?? settings.fallbackManufacturer;
    const vendor = canonicalVendor(f.vendor ?? manufacturer, settings);
    const deviceType = upper(
      f.deviceType ?? settings.defaultTypes[vendor] ?? settings.fallbackType,
    );
    let adminStatus: string;
    if (f.adminStatus !== undefined) adminStatus = upper(f.adminStatus);
    else if (f.deviceStatus !== undefined) {
      adminStatus = f.deviceStatus.toLowerCase() === "up" ? "PRODUCTION" : "NON-PRODUCTION";
    } else adminStatus = upper(settings.defaultAdminStatus);
    this.#explicitPlatform = f.platform !== undefined;
    const platform = f.platform?.toLowerCase() ?? derivePlatform({
      vendor,
      deviceType,
      operatingSystem: f.operatingSystem,
      make: f.make,
      model: f.model,
    });
    const realm = f.realm ?? settings.defaultRealm;

    const proto = f.connectProtocol?.toLowerCase();
    if (proto !== undefined && proto !== "ssh" && proto !== "telnet" && proto !== "netconf") {
      throw invalid(
        origin,
        `connectProtocol "${f.connectProtocol}" is not "ssh", "telnet" or "netconf"`,
      );
    }

    f.nodeName = host;
    if (nodePort !== undefined) f.nodePort = String(nodePort);
    else delete f.nodePort;
    f.shortName = shortName;
    f.manufacturer = manufacturer;
    f.vendor = vendor;
    f.deviceType = deviceType;
    f.adminStatus = adminStatus;
    if (platform !== undefined) f.platform = platform;
    f.realm = realm;
    if (f.owningTeam !== undefined) f.owningTeam = f.owningTeam.trim();
    this.fields = Object.freeze(f);
  }

  /** Address to connect to: the record's `address` (or management IP), else the nodeName. */
  get address(): string {
    const a = this.fields.address ?? this.fields.nodeName!;
    return a.includes("/") ? a.replace(/\/\d+$/, "") : a;
  }
  /** Transports to try, in order (a device with an explicit port has one). */
  get transports(): readonly DeviceTransport[] {
    const proto = this.fields.connectProtocol?.toLowerCase();
    // NETCONF is carried by SSH: the device is reached over SSH either way.
    if (proto === "telnet") return TELNET_ONLY;
    return this.fields.nodePort !== undefined || !this.#settings.telnetFallback
      ? SSH_ONLY
      : SSH_THEN_TELNET;
  }
  /** Port to connect to over the preferred transport. */
  get port(): number {
    return this.nodePort ??
      (this.transports[0] === "ssh"
        ? this.#settings.sshPortDefault
        : this.#settings.telnetPortDefault);
  }
  /** Where the record came from. */
  get origin(): string {
    return this.#originNo < 0 ? this.#origin : `${this.#origin}${this.#originNo}`;
  }
  /** Host name or address, lower case, without a port. */
  get nodeName(): string {
    return this.fields.nodeName!;
  }
  /** Port given in the nodeName (`host:port`) or `nodePort`, if any. */
  get nodePort(): number | undefined {
    const p = this.fields.nodePort;
    return p === undefined ? undefined : Number(p);
  }
  /** Text before the first dot of the nodeName (the whole name for IP addresses). */
  get shortName(): string {
    return this.fields.shortName!;
  }
  /** Manufacturer as the source gives it (`fallbackManufacturer` when absent). */
  get manufacturer(): string {
    return this.fields.manufacturer!;
  }
  /** Canonical vendor (see {@linkcode canonicalVendor}). */
  get vendor(): string {
    return this.fields.vendor!;
  }
  /** Upper-case device type (the vendor's default type when absent). */
  get deviceType(): string {
    return this.fields.deviceType!;
  }
  /** Upper-case administrative status (`PRODUCTION`, `NON-PRODUCTION`, ...). */
  get adminStatus(): string {
    return this.fields.adminStatus!;
  }
  /** Platform id for device sessions (`cisco_ios`, `juniper_junos`, ...); an explicit `platform` field wins. */
  get platform(): string | undefined {
    return this.fields.platform;
  }
  /** Credential realm: the record's `realm`, else `settings.defaultRealm`. */
  get realm(): string {
    return this.fields.realm!;
  }

  /**
   * Returns a field by name, matched case-insensitively.
   *
   * @param field A field name (`site`, `SITE`, `rack`...).
   * @returns Its text, or `undefined` when the device has no such field.
   */
  get(field: string): string | undefined {
    const direct = this.fields[field];
    if (direct !== undefined) return direct;
    const lower = field.toLowerCase();
    for (const k in this.fields) if (k.toLowerCase() === lower) return this.fields[k];
    return undefined;
  }

  /** Make (hardware family), if known. */
  get make(): string | undefined {
    return this.fields.make;
  }
  /** Model, if known. */
  get model(): string | undefined {
    return this.fields.model;
  }
  /** Operating system, if known. */
  get operatingSystem(): string | undefined {
    return this.fields.operatingSystem;
  }
  /** Site (location), if known. */
  get site(): string | undefined {
    return this.fields.site;
  }
  /** Owning team, if known. */
  get owningTeam(): string | undefined {
    return this.fields.owningTeam;
  }
  /** On-call team name, if known. */
  get onCallName(): string | undefined {
    return this.fields.onCallName;
  }
  /** Serial number, if known. */
  get serialNumber(): string | undefined {
    return this.fields.serialNumber;
  }
  /** Asset id, if known. */
  get assetID(): string | undefined {
    return this.fields.assetID;
  }
  /** Budget code, if known. */
  get budgetCode(): string | undefined {
    return this.fields.budgetCode;
  }
  /** Grid coordinate (rack position), if known. */
  get coordinate(): string | undefined {
    return this.fields.coordinate;
  }
  /** Last update of the record, if known. */
  get lastUpdate(): string | undefined {
    return this.fields.lastUpdate;
  }
  /** Enable password from the inventory, if any (never shown by `toJSON()`). */
  get enablePW(): string | undefined {
    return this.fields.enablePW;
  }
  /** Login password from the inventory, if any (never shown by `toJSON()`). */
  get loginPW(): string | undefined {
    return this.fields.loginPW;
  }

  /** Out-of-band console: terminal server and TCP port, when the record names them. */
  get console(): { host: string; port: number | undefined } | undefined {
    const host = this.fields.oobTerminalServerFQDN ?? this.fields.oobTerminalServerNodeName;
    if (host === undefined) return undefined;
    const p = Number(this.fields.oobTerminalServerTCPPort);
    return { host, port: Number.isInteger(p) && p > 0 ? p : undefined };
  }

  /** Whether the device type is ROUTER. */
  get isRouter(): boolean {
    return this.deviceType === "ROUTER";
  }
  /** Whether the device type is SWITCH. */
  get isSwitch(): boolean {
    return this.deviceType === "SWITCH";
  }
  /** Whether the device type is FIREWALL. */
  get isFirewall(): boolean {
    return this.deviceType === "FIREWALL";
  }
  /** Whether the device type is LOAD_BALANCER. */
  get isLoadBalancer(): boolean {
    return this.deviceType === "LOAD_BALANCER";
  }
  /** Whether the device type is CONSOLE. */
  get isConsole(): boolean {
    return this.deviceType === "CONSOLE";
  }
  /** Whether the vendor is in `settings.iosLikeVendors`. */
  get isIosLike(): boolean {
    return this.#settings.iosLikeVendors.includes(this.vendor);
  }
  /** Whether the vendor is Juniper. */
  get isJuniper(): boolean {
    return this.vendor === "juniper";
  }
  /** Whether the device is a Citrix NetScaler. */
  get isNetscaler(): boolean {
    return this.vendor === "citrix";
  }
  /** Whether the vendor is Pica8. */
  get isPica8(): boolean {
    return this.vendor === "pica8";
  }
  /** Whether the vendor is Cumulus. */
  get isCumulus(): boolean {
    return this.vendor === "cumulus";
  }
  /** Whether the device runs ScreenOS (NetScreen, or Juniper SSG). */
  get isNetScreen(): boolean {
    return this.platform === "juniper_screenos";
  }
  /** Whether the device is a Brocade VDX. */
  get isBrocadeVdx(): boolean {
    return this.platform === "brocade_vdx";
  }
  /** Whether the device is a Cisco ASA: a Cisco firewall whose make, model or OS says ASA. */
  get isCiscoAsa(): boolean {
    if (this.#explicitPlatform) return this.platform === "cisco_asa";
    return this.vendor === "cisco" && this.isFirewall &&
      /\basa/.test(
        `${this.make ?? ""} ${this.model ?? ""} ${this.operatingSystem ?? ""}`.toLowerCase(),
      );
  }
  /** Whether the device is a Cisco Nexus (NX-OS). */
  get isCiscoNexus(): boolean {
    return this.platform === "cisco_nxos";
  }
  /** Whether the device runs Cisco IOS-XR. */
  get isCiscoIosXr(): boolean {
    return this.platform === "cisco_iosxr";
  }
  /** Whether scripted SSH is allowed for this vendor and type (`settings.sshAsyncDisabled`). */
  get sshAsyncEnabled(): boolean {
    return !(this.#settings.sshAsyncDisabled[this.vendor] ?? []).includes(this.deviceType);
  }
  /** Whether interactive SSH is allowed for this vendor and type (`settings.sshPtyDisabled`). */
  get sshPtyEnabled(): boolean {
    return !(this.#settings.sshPtyDisabled[this.vendor] ?? []).includes(this.deviceType);
  }

  /**
   * Probes the device's SSH port (`nodePort`, else the default SSH port) and
   * reads the banner.
   *
   * @param options The time allowed.
   * @returns Whether an SSH server answered.
   */
  async hasSsh(options: HasSshOptions = {}): Promise<boolean> {
    const { timeoutMs = 5000 } = options;
    const port = this.nodePort ?? this.#settings.sshPortDefault;
    const signal = AbortSignal.timeout(timeoutMs);
    let conn: Deno.TcpConn | undefined;
    try {
      conn = await Deno.connect({ hostname: this.address, port, signal });
      const c = conn;
      const buf = new Uint8Array(256);
      const n = await raceAbort(c.read(buf), signal, "Reading the SSH banner").catch(() => null);
      if (n === null) return false;
      const banner = new TextDecoder().decode(buf.subarray(0, n));
      return /^(SSH-1\.99|SSH-2\.0|dcos_sshd run in non-FIPS mode)/.test(banner);
    } catch {
      return false;
    } finally {
      try {
        conn?.close();
      } catch { /* already closed */ }
    }
  }

  /**
   * The device as JSON: every field, secrets replaced by `"REDACTED"`.
   *
   * @returns A plain object.
   */
  toJSON(): Record<string, string> {
    const out = { ...this.fields };
    for (const s of SECRET_FIELDS) if (out[s] !== undefined) out[s] = "REDACTED";
    return out;
  }

  /**
   * The inventory key.
   *
   * @returns {@linkcode NetDevice.key}.
   */
  toString(): string {
    return this.key;
  }

  /** `Deno.inspect` and `console.log` show the `toJSON()` form: secrets redacted. */
  [Symbol.for("Deno.customInspect")](
    inspect: (value: unknown, options?: unknown) => string,
    options?: unknown,
  ): string {
    return `NetDevice ${inspect(this.toJSON(), options)}`;
  }

  /** `node:util` inspection: secrets redacted too. */
  [Symbol.for("nodejs.util.inspect.custom")](
    _depth: number,
    options: unknown,
    inspect: (value: unknown, options?: unknown) => string,
  ): string {
    return `NetDevice ${inspect(this.toJSON(), options)}`;
  }
}

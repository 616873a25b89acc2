/**
 * `startLab()`: many emulated devices in one process, each with its own SSH
 * (with NETCONF on Junos) and Telnet port on 127.0.0.1.
 *
 * @module
 */
import { EmulatedDevice } from "./emulated_device.ts";
import type { LabFaults } from "./faults.ts";
import { parseFaultSpec } from "./faults.ts";
import { generateHostKey, knownHostsLine, type LabHostKey } from "./host_key.ts";
import { LAB_PLATFORM_IDS, LAB_PLATFORMS } from "./devices/registry.ts";
import type { LabInventoryFacts } from "./profile.ts";
import { type LabLogin, SshFrontend } from "./ssh_server.ts";
import { TelnetFrontend } from "./telnet_server.ts";
import { createServer } from "node:net";
import { readFileSync } from "node:fs";
import { listenOn } from "./ssh_server.ts";

/** One device to start. */
export interface LabDeviceSpec {
  /** Platform id (`cisco_ios`, `juniper_junos`...). */
  platform: string;
  /** Name and host name. @default {"<os>-<vendor>-<nnn>"} */
  name?: string;
  /** Faults. @default {{}} */
  faults?: LabFaults;
  /**
   * Configuration the device starts with, typed in its configuration mode
   * before it listens (faults do not apply); CLI platforms only. @default {[]}
   */
  config?: readonly string[];
}

/** Options of {@linkcode startLab}. */
export interface StartLabOptions {
  /** A device count (platforms cycled from `vendors`) or explicit devices. @default {1} */
  devices?: number | readonly LabDeviceSpec[];
  /** Platform ids to cycle through for a device count. @default {every platform} */
  vendors?: readonly string[];
  /**
   * Faults by device name, or a spec `name[=value][@count],...` assigned to
   * the last devices in order. @default {{}}
   */
  faults?: Readonly<Record<string, LabFaults>> | string;
  /** Address to listen on. @default {"127.0.0.1"} */
  host?: string;
  /** Login user name. @default {"lab"} */
  username?: string;
  /** Login password. @default {random} */
  password?: string;
  /** Enable password. @default {random} */
  enablePassword?: string;
  /** Public keys (OpenSSH one-line format) that also log in as `username`. @default {[]} */
  authorizedKeys?: readonly string[];
  /** Also listen for Telnet. @default {true} */
  telnet?: boolean;
}

/** A running lab device. */
export interface LabDevice {
  /** Name, also the device's host name. */
  name: string;
  /** Platform id. */
  platform: string;
  /** Inventory facts (manufacturer, vendor, deviceType, make, model, operatingSystem). */
  inventory: LabInventoryFacts;
  /** Address to connect to. */
  address: string;
  /** Ports: `ssh` (also NETCONF on Junos) and `telnet` (0 when Telnet is off). */
  ports: { ssh: number; telnet: number };
  /** True when the device serves the `netconf` SSH subsystem. */
  netconf: boolean;
  /** The device's faults. */
  faults: LabFaults;
}

/** A running lab. */
export interface Lab extends AsyncDisposable {
  /** Devices, in start order. */
  readonly devices: readonly LabDevice[];
  /** Login credentials every device accepts. */
  readonly credentials: Readonly<LabLogin>;
  /** The host key (ed25519) of every device. */
  readonly hostKey: { type: string; publicKey: string; fingerprint: string };
  /** The device with this name. @throws {RangeError} when there is none */
  device(name: string): LabDevice;
  /** `known_hosts` text for every device's SSH port. */
  knownHosts(): string;
  /** SSH connections open now, and the most that were open at once. */
  sshConnections(): { open: number; peak: number };
  /** Stops every listener and connection. */
  stop(): Promise<void>;
}

const BATCH = 256;

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return btoa(String.fromCharCode(...bytes)).replace(/[+/]/g, "x");
}

function specsFrom(options: StartLabOptions): LabDeviceSpec[] {
  const devices = options.devices ?? 1;
  if (typeof devices !== "number") return [...devices];
  if (!Number.isInteger(devices) || devices < 0) {
    throw new RangeError(
      `Cannot start lab as 'devices' must be a non-negative integer: current value is ${devices}`,
    );
  }
  const vendors = options.vendors ?? LAB_PLATFORM_IDS;
  if (vendors.length === 0) throw new RangeError("Cannot start lab as 'vendors' is empty");
  const counts = new Map<string, number>();
  return Array.from({ length: devices }, (_, i) => {
    const platform = vendors[i % vendors.length]!;
    const n = (counts.get(platform) ?? 0) + 1;
    counts.set(platform, n);
    const [vendor = platform, os = ""] = platform.split("_");
    return { platform, name: `${os || vendor}-${vendor}-${String(n).padStart(3, "0")}` };
  });
}

function assignFaults(specs: LabDeviceSpec[], faults: StartLabOptions["faults"]): void {
  if (faults === undefined) return;
  if (typeof faults !== "string") {
    for (const s of specs) {
      const f = faults[s.name!];
      if (f) s.faults = { ...s.faults, ...f };
    }
    return;
  }
  let at = specs.length - 1;
  for (const a of parseFaultSpec(faults)) {
    for (let k = 0; k < a.count && at >= 0; k++, at--) {
      specs[at]!.faults = { ...specs[at]!.faults, ...a.faults };
    }
  }
}

/**
 * Starts emulated devices and resolves once every port listens.
 *
 * @example Start a lab with one faulty device
 * ```ts
 * import { startLab } from "./lab.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * await using lab = await startLab({ devices: 3, vendors: ["arista_eos"], faults: "wrongPassword" });
 * strictEqual(lab.devices[2]!.faults.wrongPassword, true);
 * strictEqual(lab.device("eos-arista-001").inventory.vendor, "arista");
 * ```
 *
 * @throws {RangeError} on an unknown platform, bad device count or bad fault spec
 */
export async function startLab(options: StartLabOptions = {}): Promise<Lab> {
  const host = options.host ?? "127.0.0.1";
  const specs = specsFrom(options);
  assignFaults(specs, options.faults);
  const login: LabLogin = {
    username: options.username ?? "lab",
    password: options.password ?? randomSecret(),
    enablePassword: options.enablePassword ?? randomSecret(),
    ...(options.authorizedKeys?.length ? { authorizedKeys: [...options.authorizedKeys] } : {}),
  };
  const modern = generateHostKey("ed25519");
  let legacy: LabHostKey | undefined;
  const legacyKey = () => (legacy ??= generateHostKey("rsa"));
  const ssh = new SshFrontend(login, { modern, legacy: legacyKey });
  const telnet = new TelnetFrontend(login);
  const emulated: EmulatedDevice[] = [];
  const devices: LabDevice[] = [];
  const names = new Set<string>();
  specs.forEach((s, i) => {
    const platform = LAB_PLATFORMS[s.platform];
    if (platform === undefined) {
      throw new RangeError(
        `Cannot start lab device with platform "${s.platform}": known platforms are ${
          LAB_PLATFORM_IDS.join(", ")
        }`,
      );
    }
    const name = s.name ?? `${s.platform}-${i + 1}`;
    if (names.has(name)) {
      throw new RangeError(`Cannot start lab: device name "${name}" is used twice`);
    }
    names.add(name);
    const device = new EmulatedDevice({ name, platform, index: i, faults: s.faults ?? {} });
    if (s.config?.length) device.seed(s.config);
    emulated.push(device);
  });
  const stop = async () => {
    emulated.forEach((d) => d.close());
    await Promise.all([ssh.close(), telnet.close()]);
  };
  try {
    for (let i = 0; i < emulated.length; i += BATCH) {
      const batch = emulated.slice(i, i + BATCH);
      devices.push(
        ...await Promise.all(batch.map(async (d): Promise<LabDevice> => {
          const refused = d.faults.refused === true;
          const sshPort = refused ? await closedPort(host) : await ssh.listen(d, host);
          const telnetPort = options.telnet === false
            ? 0
            : refused
            ? await closedPort(host)
            : await telnet.listen(d, host);
          if (d.faults.legacyAlgorithms === true) legacyKey();
          return {
            name: d.name,
            platform: d.platform.id,
            inventory: { ...d.platform.inventory },
            address: host,
            ports: { ssh: sshPort, telnet: telnetPort },
            netconf: d.junos !== undefined,
            faults: { ...d.faults },
          };
        })),
      );
    }
  } catch (e) {
    await stop();
    throw e;
  }
  const byName = new Map(devices.map((d) => [d.name, d]));
  return {
    devices,
    credentials: { ...login },
    hostKey: { type: modern.type, publicKey: modern.publicKey, fingerprint: modern.fingerprint },
    device(name: string): LabDevice {
      const d = byName.get(name);
      if (d === undefined) throw new RangeError(`Cannot find lab device "${name}"`);
      return d;
    },
    knownHosts(): string {
      return devices.filter((d) => d.faults.refused !== true).map((d) =>
        knownHostsLine(d.address, d.ports.ssh, d.faults.legacyAlgorithms ? legacyKey() : modern)
      ).join("\n") + "\n";
    },
    sshConnections: () => ssh.connections,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** A port that was free a moment ago and now refuses connections. */
/**
 * A port nothing listens on, for the `refused` fault. It is taken below the
 * kernel's ephemeral range, so a server that later binds port 0 (another
 * device, another test) cannot land on it and answer instead of refusing.
 */
async function closedPort(host: string): Promise<number> {
  const first = ephemeralRangeStart();
  for (let i = 0; i < 64; i++) {
    const port = 10_000 + Math.floor(Math.random() * Math.max(1, first - 10_000));
    if (await isFree(host, port)) return port;
  }
  const s = createServer();
  const port = await listenOn(s, host);
  await new Promise((r) => s.close(() => r(null)));
  return port;
}

function ephemeralRangeStart(): number {
  try {
    const first = Number(
      readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").split(/\s+/)[0],
    );
    return first > 10_001 ? first : 32_768;
  } catch {
    return 32_768; // the usual start (Linux default; other systems use 49152)
  }
}

function isFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen({ port, host }, () => s.close(() => resolve(true)));
  });
}

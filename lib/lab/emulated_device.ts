/**
 * One emulated device's state, shared by all its sessions (SSH, Telnet,
 * NETCONF): identity, configuration and faults.
 *
 * @module
 */
import type { CliDevice } from "./cli_engine.ts";
import type { LabFaults } from "./faults.ts";
import { IosConfig } from "./ios_config.ts";
import { applySetLine } from "./junos_config.ts";
import { JunosStore } from "./junos_store.ts";
import type { LabPlatform } from "./profile.ts";
import { clockValues, render, uptimeText } from "./template.ts";

/** State of one emulated device. */
export class EmulatedDevice {
  /** Inventory name (also the host name the device shows). */
  readonly name: string;
  /** Platform data. */
  readonly platform: LabPlatform;
  /** Faults. */
  readonly faults: LabFaults;
  /** Chassis serial number. */
  readonly serial: string;
  /** A per-device number 1..254 used in addresses of the sample config. */
  readonly octet: number;
  /** Configuration lines added through the CLI (IOS-style platforms). */
  readonly configLines: string[] = [];
  /** The structured view of those lines (blocks, `no` forms). */
  readonly iosConfig: IosConfig = new IosConfig();
  /** Junos configuration databases (Junos platforms). */
  readonly junos: JunosStore | undefined;
  #boot = Date.now() - 3 * 86_400_000 - 4 * 3_600_000 - 12 * 60_000;
  #sessions = 0;

  /** Creates a device numbered `index` within the lab. */
  constructor(options: { name: string; platform: LabPlatform; index: number; faults?: LabFaults }) {
    this.name = options.name;
    this.platform = options.platform;
    this.faults = options.faults ?? {};
    this.octet = (options.index % 254) + 1;
    this.serial = serialFor(options.platform.id, options.index);
    this.junos = options.platform.configFormat === "junos"
      ? new JunosStore(render(options.platform.runningConfig, this.values("lab")))
      : undefined;
  }

  /** A fresh session number (for locks and NETCONF session ids). */
  nextSession(): number {
    return ++this.#sessions;
  }

  /** Placeholder values for the device's texts. */
  values(username: string): Record<string, string> {
    const mac = (n: number) => ((this.octet * 16 + n) & 0xffff).toString(16).padStart(4, "0");
    return {
      ...clockValues(new Date()),
      hostname: this.name,
      username,
      serial: this.serial,
      octet: String(this.octet),
      uptime: uptimeText(Date.now() - this.#boot),
      mac0: mac(0),
      mac1: mac(1),
      mac2: mac(2),
    };
  }

  /** The view of this device a CLI session needs. */
  cli(username: string, session: number): CliDevice {
    return {
      values: () => this.values(username),
      runningConfig: () => {
        if (this.junos) return this.junos.runningText();
        const text = render(this.platform.runningConfig, {
          ...this.values(username),
          extra: "{{extra}}",
        });
        if (this.platform.configFormat === "flat") {
          return text.replace("{{extra}}", this.configLines.map((l) => `${l}\n`).join(""));
        }
        return this.iosConfig.filterTemplate(text).replace("{{extra}}", this.iosConfig.text());
      },
      applyConfig: (lines, where) => {
        if (this.junos) {
          const store = this.junos;
          store.edit(session, (c) => lines.forEach((l) => applySetLine(c, l)));
          store.commit(session);
        } else {
          this.configLines.push(...lines);
          lines.forEach((l, i) => {
            const w = Array.isArray(where) ? where[i] : where;
            this.iosConfig.apply(session, l, w ?? { mode: "config", opens: false });
          });
        }
      },
    };
  }

  /** Stops timers (commit confirmed). */
  close(): void {
    this.junos?.close();
  }
}

function serialFor(platform: string, index: number): string {
  let h = 2166136261;
  for (const c of `${platform}/${index}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  const letters = platform.startsWith("juniper") ? "" : "FTX";
  return (letters + h.toString(36).toUpperCase()).padEnd(11, "0").slice(0, 11);
}

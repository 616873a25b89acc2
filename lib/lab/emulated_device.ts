/**
 * One emulated device's state, shared by all its sessions (SSH, Telnet,
 * NETCONF): identity, configuration and faults.
 *
 * @module
 */
import { type CliDevice, CliEngine } from "./cli_engine.ts";
import type { LabFaults } from "./faults.ts";
import { IosConfig } from "./ios_config.ts";
import { IosAcls } from "./ios_acls.ts";
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
  /** Access lists with sequence numbers (platforms with `sequencedAcls`). */
  readonly iosAcls: IosAcls | undefined;
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
    this.iosAcls = options.platform.sequencedAcls ? new IosAcls() : undefined;
    // the sample configuration's lists are kept (and edited) there from the start
    this.iosAcls?.adopt(render(options.platform.runningConfig, this.values("lab")));
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
        if (this.iosAcls === undefined) {
          return this.iosConfig.filterTemplate(text).replace("{{extra}}", this.iosConfig.text());
        }
        return this.iosConfig.filterTemplate(stripAcls(text))
          .replace("{{extra}}", this.iosAcls.runningText() + this.iosConfig.text());
      },
      showAcls: (name) => this.iosAcls?.show(name) ?? "",
      applyConfig: (lines, where) => {
        if (this.junos) {
          const store = this.junos;
          store.edit(session, (c) => lines.forEach((l) => applySetLine(c, l)));
          store.commit(session);
          return undefined;
        } else {
          this.configLines.push(...lines);
          let errors = "";
          lines.forEach((l, i) => {
            const w = (Array.isArray(where) ? where[i] : where) ?? { mode: "config", opens: false };
            const acl = this.iosAcls?.apply(session, l, w);
            if (acl === undefined) this.iosConfig.apply(session, l, w);
            else errors += acl.error ?? "";
          });
          return errors || undefined;
        }
      },
    };
  }

  /**
   * Types configuration lines in the configuration mode, as a client would
   * (for a device that starts with some configuration); faults do not apply.
   *
   * @param lines The lines.
   * @throws {RangeError} When a line is refused (the device's error is given).
   */
  seed(lines: readonly string[]): void {
    let output = "";
    const engine = new CliEngine({
      platform: this.platform,
      device: this.cli("lab", this.nextSession()),
      enablePassword: "",
      write: (t) => output += t,
      close: () => {},
      echo: false,
    });
    for (const line of ["configure terminal", ...lines, "end"]) {
      output = "";
      engine.runOnce(line, { keepMode: true });
      if (/%|[Ee]rror|[Ii]nvalid/.test(output)) {
        throw new RangeError(`Cannot seed "${this.name}" with "${line}": ${output.trim()}`);
      }
    }
  }

  /** Stops timers (commit confirmed). */
  close(): void {
    this.junos?.close();
  }
}

/** A configuration text without its access-list statements. */
function stripAcls(text: string): string {
  const out: string[] = [];
  let inList = false;
  for (const line of text.split("\n")) {
    if (inList && /^\s+\S/.test(line)) continue;
    inList = /^ip access-list (standard|extended) \S+\s*$/.test(line);
    if (inList || /^access-list \d+ /.test(line)) continue;
    out.push(line);
  }
  return out.join("\n");
}

function serialFor(platform: string, index: number): string {
  let h = 2166136261;
  for (const c of `${platform}/${index}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  const letters = platform.startsWith("juniper") ? "" : "FTX";
  return (letters + h.toString(36).toUpperCase()).padEnd(11, "0").slice(0, 11);
}

/**
 * Which ACLs belong on which devices: explicit associations set by users,
 * implicit ones from autoacl rules, searches, bulk ACLs, and the original's
 * `acls.db` CSV for import and backup.
 *
 * @module
 */
import { TriggerError } from "../../errors.ts";
import type { DeviceRecord } from "./device_match.ts";
import type { AutoAclFunction } from "./autoacl.ts";
import type { AclStore } from "./store.ts";

/** A device's ACLs by origin. */
export interface AclSets {
  /** Set by users. */
  explicit: string[];
  /** From autoacl rules. */
  implicit: string[];
  /** Both, sorted and unique. */
  all: string[];
}

/** Options for {@linkcode AclAssociations.search}. */
export interface SearchOptions {
  /** Names must match exactly, not as prefixes. @default {false} */
  exact?: boolean;
  /** Match device names only, not ACL names. @default {false} */
  deviceNameOnly?: boolean;
}

/** ACL associations over a store and an implicit-ACL function. */
export class AclAssociations {
  /** The store behind the explicit associations and the queue. */
  readonly store: AclStore;
  readonly #implicit: AutoAclFunction;

  /**
   * Creates the association view.
   *
   * @param store Where explicit associations live.
   * @param implicit The autoacl function (no implicit ACLs when omitted).
   */
  constructor(store: AclStore, implicit: AutoAclFunction = () => []) {
    this.store = store;
    this.#implicit = implicit;
  }

  /**
   * Adds an explicit association.
   *
   * @param device The device name.
   * @param acl The ACL name.
   * @returns A message for people: `added acl X to DEV`.
   * @throws {TriggerError} `ASSOCIATION_ERROR` when the device already has it.
   */
  async add(device: string, acl: string): Promise<string> {
    checkName(acl);
    if (!(await this.store.addExplicit(device, acl))) {
      throw new TriggerError("ASSOCIATION_ERROR", `${device} already has acl ${acl}`, {
        host: device,
      });
    }
    return `added acl ${acl} to ${device}`;
  }

  /**
   * Removes an explicit association.
   *
   * @param device The device record (for the implicit check).
   * @param acl The ACL name.
   * @returns A message for people: `removed acl X from DEV`.
   * @throws {TriggerError} `ASSOCIATION_ERROR` when the device does not have it
   *   explicitly (saying so when it comes from autoacl rules).
   */
  async remove(device: DeviceRecord, acl: string): Promise<string> {
    if (!(await this.store.removeExplicit(device.nodeName, acl))) {
      const implicit = [...this.#implicit(device, await this.store.explicitFor(device.nodeName))];
      const why = implicit.includes(acl)
        ? `: the ACL is associated through the autoacl rules, not explicitly`
        : "";
      throw new TriggerError(
        "ASSOCIATION_ERROR",
        `${device.nodeName} does not have acl ${acl}${why}`,
        {
          host: device.nodeName,
        },
      );
    }
    return `removed acl ${acl} from ${device.nodeName}`;
  }

  /**
   * A device's ACLs.
   *
   * @param device The device record.
   * @returns Explicit, implicit and all ACLs.
   */
  async aclsFor(device: DeviceRecord): Promise<AclSets> {
    const explicit = await this.store.explicitFor(device.nodeName);
    return this.#sets(device, explicit);
  }

  #sets(device: DeviceRecord, explicit: string[]): AclSets {
    const implicit = [...new Set(this.#implicit(device, explicit))].sort();
    return { explicit, implicit, all: [...new Set([...explicit, ...implicit])].sort() };
  }

  /**
   * Every device's ACLs, for the given inventory.
   *
   * @param devices The inventory.
   * @returns Device name to its ACL sets (devices without ACLs left out).
   */
  async all(devices: Iterable<DeviceRecord>): Promise<Map<string, AclSets>> {
    const explicitAll = await this.store.explicitAll();
    const out = new Map<string, AclSets>();
    for (const d of devices) {
      const sets = this.#sets(d, explicitAll.get(d.nodeName) ?? []);
      if (sets.all.length) out.set(d.nodeName, sets);
    }
    return out;
  }

  /**
   * The devices that carry an ACL.
   *
   * @param acl The ACL name (exact).
   * @param devices The inventory.
   * @returns Sorted device names.
   */
  async devicesWith(acl: string, devices: Iterable<DeviceRecord>): Promise<string[]> {
    const out: string[] = [];
    for (const [name, sets] of await this.all(devices)) if (sets.all.includes(acl)) out.push(name);
    return out.sort();
  }

  /**
   * Searches by ACL names and/or device names (prefixes unless `exact`).
   *
   * @param terms The names to look for.
   * @param devices The inventory.
   * @param options Exact matching; device names only.
   * @returns Sorted `[device, acls]` pairs.
   */
  async search(
    terms: readonly string[],
    devices: Iterable<DeviceRecord>,
    options: SearchOptions = {},
  ): Promise<[string, string[]][]> {
    const { exact = false, deviceNameOnly = false } = options;
    const hit = (name: string) => terms.some((t) => exact ? name === t : name.startsWith(t));
    const out: [string, string[]][] = [];
    for (const [name, sets] of await this.all(devices)) {
      if (hit(name) || (!deviceNameOnly && sets.all.some(hit))) out.push([name, sets.all]);
    }
    return out.sort((a, b) => a[0].localeCompare(b[0]));
  }

  /**
   * ACLs carried by at least `threshold` devices (bulk ACLs, loaded with throttling).
   *
   * @param devices The inventory.
   * @param threshold The minimum number of devices.
   * @returns ACL name to its device count, for bulk ACLs only.
   */
  async bulkAcls(devices: Iterable<DeviceRecord>, threshold: number): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const sets of (await this.all(devices)).values()) {
      for (const a of sets.all) counts.set(a, (counts.get(a) ?? 0) + 1);
    }
    return new Map([...counts].filter(([, n]) => n >= threshold));
  }

  /**
   * Imports the original's `acls.db` CSV (`unused,hostname,acl1:acl2`; lines
   * starting with `!` skipped). All or nothing: a bad line stops the import
   * before anything is written.
   *
   * @param text The file's text.
   * @param file Its path, for errors.
   * @returns How many associations were added (existing ones are kept).
   * @throws {TriggerError} `ASSOCIATION_ERROR` naming the file and line.
   */
  async importLegacy(text: string, file = "acls.db"): Promise<number> {
    const pairs: [string, string][] = [];
    text.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.trim();
      if (line === "" || line.startsWith("!") || line.startsWith("#")) return;
      const fields = line.split(",");
      const host = fields[1]?.trim();
      if (fields.length < 3 || !host) {
        throw new TriggerError(
          "ASSOCIATION_ERROR",
          `Cannot import "${file}" line ${
            i + 1
          }: expected "unused,hostname,acl1:acl2", got "${line}"`,
        );
      }
      for (const acl of fields.slice(2).join(",").split(":").map((a) => a.trim()).filter(Boolean)) {
        pairs.push([host, acl]);
      }
    });
    // one transaction: a crash mid-import leaves all or nothing, data and index together
    return await this.store.addExplicitMany(pairs);
  }

  /**
   * Writes the explicit associations in the original's `acls.db` CSV form.
   *
   * @returns The CSV text.
   */
  async exportLegacy(): Promise<string> {
    let out = "";
    for (const [device, acls] of await this.store.explicitAll()) {
      out += `,${device},${acls.join(":")}\n`;
    }
    return out;
  }
}

function checkName(acl: string): void {
  if (!/^[A-Za-z0-9_.\-][A-Za-z0-9_. \-]{0,62}$/.test(acl)) {
    throw new TriggerError(
      "INVALID_ARGUMENT",
      `Cannot use ACL name ${JSON.stringify(acl)}: letters, digits, space, ".", "-", "_" only`,
    );
  }
}

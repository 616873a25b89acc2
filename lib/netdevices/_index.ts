/**
 * Lazily built indexes over a device list: by key, by nodeName, by short
 * name, sorted names for dotted-prefix lookups, and one value map per
 * queried field.
 *
 * @module
 */
import type { NetDevice } from "./net_device.ts";
import { canonicalField, KNOWN_FIELDS } from "./record.ts";

/** Devices lacking a field are indexed under this value. */
export const ABSENT = "\u0000absent";

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l === undefined) m.set(k, [v]);
  else l.push(v);
}

/** Indexes over one immutable list of devices. */
export class DeviceIndex {
  readonly devices: readonly NetDevice[];
  readonly byKey: ReadonlyMap<string, NetDevice>;
  #byNodeName?: Map<string, NetDevice[]>;
  #byShort?: Map<string, NetDevice[]>;
  #sorted?: NetDevice[];
  #fieldNames?: Map<string, string>;
  readonly #values = new Map<string, Map<string, NetDevice[]>>();

  constructor(devices: readonly NetDevice[], byKey: ReadonlyMap<string, NetDevice>) {
    this.devices = devices;
    this.byKey = byKey;
  }

  /** Devices by nodeName (several when they differ only by port). */
  get byNodeName(): ReadonlyMap<string, NetDevice[]> {
    if (this.#byNodeName === undefined) {
      const m = new Map<string, NetDevice[]>();
      for (const d of this.devices) push(m, d.nodeName, d);
      this.#byNodeName = m;
    }
    return this.#byNodeName;
  }

  /** Devices by short name. */
  get byShortName(): ReadonlyMap<string, NetDevice[]> {
    if (this.#byShort === undefined) {
      const m = new Map<string, NetDevice[]>();
      for (const d of this.devices) push(m, d.shortName, d);
      this.#byShort = m;
    }
    return this.#byShort;
  }

  /** Devices whose nodeName starts with `prefix`, via binary search on sorted names. */
  withPrefix(prefix: string): NetDevice[] {
    if (this.#sorted === undefined) {
      this.#sorted = [...this.devices].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    }
    const s = this.#sorted;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid]!.key < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: NetDevice[] = [];
    for (let i = lo; i < s.length && s[i]!.key.startsWith(prefix); i++) out.push(s[i]!);
    return out;
  }

  /** Lower-case field name → its spelling in the inventory (known fields always present). */
  get fieldNames(): ReadonlyMap<string, string> {
    if (this.#fieldNames === undefined) {
      const m = new Map<string, string>(KNOWN_FIELDS.map((f) => [f.toLowerCase(), f]));
      for (const d of this.devices) {
        for (const k in d.fields) {
          const l = k.toLowerCase();
          if (!m.has(l)) m.set(l, k);
        }
      }
      this.#fieldNames = m;
    }
    return this.#fieldNames;
  }

  /** Resolves a query field name, or `undefined` when no device has it. */
  resolveField(name: string): string | undefined {
    const canon = canonicalField(name);
    return this.fieldNames.get(canon.toLowerCase());
  }

  /** Lower-case value → devices, for one field (absent values under {@linkcode ABSENT}). */
  values(field: string): ReadonlyMap<string, NetDevice[]> {
    let m = this.#values.get(field);
    if (m === undefined) {
      m = new Map();
      for (const d of this.devices) {
        const v = field === "nodePort" && d.nodePort === undefined ? undefined : d.fields[field];
        push(m, v === undefined ? ABSENT : v.toLowerCase(), d);
      }
      this.#values.set(field, m);
    }
    return m;
  }
}

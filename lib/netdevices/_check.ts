/**
 * Private: what a load finds wrong in its records that is not wrong in any
 * one record alone: misspelt field names (`vendr`) and vendors (`juniperr`),
 * which would otherwise load silently as custom fields and unknown vendors.
 * Each spelling is judged once; the records concerned are counted and the
 * first few named.
 *
 * @module
 */
import type { Settings } from "../settings/mod.ts";
import { editDistance } from "../settings/_text.ts";
import { misspeltField, type NetDeviceRecord } from "./record.ts";
import { knownVendors } from "./vendor.ts";
import type { NetDevice } from "./net_device.ts";

/** Records named in a message before "and N more". */
const NAMED = 3;

interface Finding {
  what: string;
  origins: string[];
  count: number;
}

/** The known vendor a canonical vendor name (or one of its words) is likely a misspelling of. */
function misspeltVendor(vendor: string, known: ReadonlySet<string>): string | undefined {
  if (vendor === "unknown" || known.has(vendor)) return undefined;
  const words = vendor.split("_");
  for (const w of words.length > 1 ? [vendor.replaceAll("_", ""), ...words] : [vendor]) {
    // short names are too close to each other to guess (hpe/hp)
    if (w.length < 5) continue;
    const max = w.length >= 8 ? 2 : 1;
    let best: [number, string] | undefined;
    for (const k of known) {
      const d = editDistance(w, k, max);
      if (d <= max && (best === undefined || d < best[0])) best = [d, k];
    }
    if (best !== undefined) return best[1];
  }
  return undefined;
}

/** Collects misspelt field names and vendors over the records of a load. */
export class InventoryCheck {
  readonly #known: ReadonlySet<string>;
  readonly #keys = new Map<string, string | null>();
  readonly #vendors = new Map<string, string | null>();
  readonly #findings = new Map<string, Finding>();

  /** A check against the vendors these settings know. */
  constructor(settings: Settings) {
    this.#known = knownVendors(settings);
  }

  /** Looks at one record and the device built from it. */
  record(record: NetDeviceRecord, device: NetDevice): void {
    for (const key in record) {
      let field = this.#keys.get(key);
      if (field === undefined) {
        field = misspeltField(key) ?? null;
        this.#keys.set(key, field);
      }
      if (field !== null) {
        this.#note(
          `column "${key}" is not a field this toolkit reads (did you mean "${field}"?)`,
          device,
        );
      }
    }
    const vendor = device.vendor;
    let near = this.#vendors.get(vendor);
    if (near === undefined) {
      near = misspeltVendor(vendor, this.#known) ?? null;
      this.#vendors.set(vendor, near);
    }
    if (near !== null) {
      this.#note(
        `vendor "${device.manufacturer}" is unknown (did you mean "${near}"?)`,
        device,
      );
    }
  }

  #note(what: string, device: NetDevice): void {
    let f = this.#findings.get(what);
    if (f === undefined) this.#findings.set(what, f = { what, origins: [], count: 0 });
    if (f.origins.length < NAMED) f.origins.push(device.origin);
    f.count++;
  }

  /** One line per problem: what, then the records (the first few, then a count). */
  problems(): string[] {
    return [...this.#findings.values()].map((f) => {
      const more = f.count > f.origins.length ? ` and ${f.count - f.origins.length} more` : "";
      return `${f.what}: ${f.origins.join(", ")}${more}`;
    });
  }
}

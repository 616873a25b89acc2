/**
 * The engine's name tables (ports, protocols, ICMP and ICMPv6 messages per
 * vendor, TCP flags, DSCP), read once through the `acl_tables` export
 * (`acl-wasm/ABI.md` §3): the engine is their one source, so that a flow
 * names what the ACL text names.
 *
 * Flows are not tied to a vendor: a flow name resolves when every vendor that
 * has it gives it the same number (and through the original Trigger's names);
 * a name vendors disagree on (`kerberos` 750 on Cisco, 88 on EOS) is an
 * error asking for the number.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import { callText } from "./_wasm.ts";

/** What `acl_tables` returns. */
interface RawTables {
  vendors: Record<string, number>;
  ports: [string, number, number, number][];
  protocols: [string, number, number, number][];
  icmp: [string, number, number, number][];
  icmp6: [string, number, number, number][];
  tcpFlags: [string, number][];
  dscp: [string, number][];
}

/** A name with one meaning, or the vendors' different meanings. */
export type Named<T> = { value: T } | { conflict: string };

/** The tables for reading flows. */
export interface FlowTables {
  /** Protocol names in IPv4 flows. */
  protocols4: ReadonlyMap<string, Named<number>>;
  /** Protocol names in IPv6 flows (`icmp` is ICMPv6 there, as in Cisco's IPv6 lists). */
  protocols6: ReadonlyMap<string, Named<number>>;
  /** Service (port) names. */
  ports: ReadonlyMap<string, Named<number>>;
  /** ICMP message names: [type, code or null]. */
  icmp4: ReadonlyMap<string, Named<readonly [number, number | null]>>;
  /** ICMPv6 message names. */
  icmp6: ReadonlyMap<string, Named<readonly [number, number | null]>>;
  /** TCP flag names and their bits in the flow layout. */
  tcpFlags: ReadonlyMap<string, number>;
  /** DSCP names. */
  dscp: ReadonlyMap<string, number>;
  /** Every vendor id and its bit in the rows (plus `trigger`). */
  vendors: ReadonlyMap<string, number>;
  /** Every protocol name the engine reads in some dialect, with the families: [name, v4, v6]. */
  engineProtocols: readonly (readonly [string, boolean, boolean])[];
}

let cached: FlowTables | undefined;

function vendorNames(bits: number, vendors: ReadonlyMap<string, number>): string {
  const names = [...vendors].filter(([id, b]) => id !== "brocade" && (bits & b) !== 0)
    .map(([id]) => id === "trigger" ? "Trigger" : id);
  return names.join(", ");
}

/**
 * Builds a name map from rows of (name, value, vendor bits): one value per
 * name, or a conflict message naming each value's vendors. The original
 * Trigger's names count only where no vendor has the name (as in the readers).
 */
function merge<T>(
  rows: readonly (readonly [string, T, number])[],
  vendors: ReadonlyMap<string, number>,
  show: (v: T) => string,
): Map<string, Named<T>> {
  const trigger = vendors.get("trigger") ?? 0;
  const vendorNamed = new Set(rows.filter(([, , b]) => (b & ~trigger) !== 0).map(([n]) => n));
  const all = new Map<string, { value: T; bits: number }[]>();
  for (const [name, value, b] of rows) {
    const bits = vendorNamed.has(name) ? b & ~trigger : b;
    if (bits === 0) continue;
    const list = all.get(name) ?? [];
    const same = list.find((x) => show(x.value) === show(value));
    if (same) same.bits |= bits;
    else list.push({ value, bits });
    all.set(name, list);
  }
  const out = new Map<string, Named<T>>();
  for (const [name, list] of all) {
    out.set(
      name,
      list.length === 1 ? { value: list[0]!.value } : {
        conflict: list.map((x) => `${show(x.value)} on ${vendorNames(x.bits, vendors)}`).join(
          " but ",
        ),
      },
    );
  }
  return out;
}

/**
 * The engine's tables for flows (loaded once).
 *
 * @returns The tables.
 * @throws {TriggerError} `WASM_FAILED` when the engine cannot load or answers badly.
 */
export function flowTables(): FlowTables {
  if (cached) return cached;
  const { status, out } = callText("acl_tables", {}, "");
  let raw: RawTables;
  try {
    if (status !== 0) throw new RangeError(`status ${status}`);
    raw = JSON.parse(out) as RawTables;
  } catch (e) {
    throw new TriggerError("WASM_FAILED", "Cannot read the ACL engine's name tables", {
      cause: e,
    });
  }
  const vendors = new Map(Object.entries(raw.vendors));
  const num = (n: number) => String(n);
  const icmpShow = ([t, c]: readonly [number, number | null]) => `${t}/${c ?? "any"}`;
  const icmp = (rows: RawTables["icmp"]) =>
    merge(
      rows.map(([n, t, c, bits]) => [n, [t, c < 0 ? null : c] as const, bits] as const),
      vendors,
      icmpShow,
    );
  const protocols6 = merge(
    raw.protocols.map(([n, v, , m6]) => [n, v, m6] as const),
    vendors,
    num,
  );
  // a user writing "icmp" for an IPv6 flow means ICMPv6, as Cisco's IPv6 lists do
  protocols6.set("icmp", { value: 58 });
  cached = {
    protocols4: merge(raw.protocols.map(([n, v, m4]) => [n, v, m4] as const), vendors, num),
    protocols6,
    ports: merge(raw.ports.map(([n, p, , bits]) => [n, p, bits] as const), vendors, num),
    icmp4: icmp(raw.icmp),
    icmp6: icmp(raw.icmp6),
    tcpFlags: new Map(raw.tcpFlags),
    dscp: new Map(raw.dscp),
    vendors,
    engineProtocols: [
      ...new Map(
        raw.protocols.map(([n, , m4, m6]) => [n, [n, m4 !== 0, m6 !== 0] as const]),
      ).values(),
    ],
  };
  return cached;
}

/**
 * Resolves a name in a flow table.
 *
 * @param table The table.
 * @param name The name (any case).
 * @param field The flow field, for the message.
 * @returns The value, or `undefined` when the name is unknown.
 * @throws {TypeError} When vendors give the name different values.
 */
export function resolve<T>(
  table: ReadonlyMap<string, Named<T>>,
  name: string,
  field: string,
): T | undefined {
  const n = table.get(name.toLowerCase());
  if (n === undefined) return undefined;
  if ("conflict" in n) {
    throw new TypeError(
      `Cannot read flow ${field}: "${name}" is ${n.conflict}; give the number`,
    );
  }
  return n.value;
}

/**
 * A protocol name or number of a region or flow query: `icmp` is ICMPv6 when
 * `v6` (as in Cisco's IPv6 lists).
 *
 * @throws {TypeError} When vendors disagree on the name.
 */
export function protocolNumber(name: string, v6: boolean): number | undefined {
  if (/^[0-9]+$/.test(name)) return Number(name);
  const t = flowTables();
  return resolve(v6 ? t.protocols6 : t.protocols4, name, "protocol");
}

/**
 * A port name or number.
 *
 * @throws {TypeError} When vendors disagree on the name.
 */
export function portNumber(name: string): number | undefined {
  if (/^[0-9]+$/.test(name)) return Number(name);
  return resolve(flowTables().ports, name, "port");
}

/**
 * The distributed queue's configuration (the `queue` setting): the BullMQ
 * key prefix, the default queue, the routes that send a device's work to the
 * queue of the workers that can reach it (inventory fields → queue), the
 * TLS CA file, and the worker's credential stores per realm. Validated with
 * the JSON path of every bad field.
 *
 * ```json
 * {
 *   "queue": {
 *     "defaultQueue": "trigger",
 *     "routes": [
 *       { "match": { "site": "NYC" }, "queue": "trigger-nyc" },
 *       { "match": { "region": ["emea", "apac"] }, "queue": "trigger-intl" }
 *     ],
 *     "realmStores": { "lab": { "store": "~/lab.tacacsrc.json", "keyFile": "~/lab.key" } }
 *   }
 * }
 * ```
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import { compileDeviceMatch, type DeviceRecord } from "../acl/db/device_match.ts";

/** A credential store a worker uses for one realm. */
export interface RealmStore {
  /** The store file. */
  store: string;
  /** Its key file. */
  keyFile: string;
}

/** The validated `queue` setting. */
export interface QueueConfig {
  /** BullMQ's key prefix in Redis. */
  prefix: string;
  /** The queue of devices no route matches. */
  defaultQueue: string;
  /** Routes, first match wins. */
  routes: { match: (d: DeviceRecord) => boolean; queue: string }[];
  /** A PEM file of the CA that signed the server's certificate (`rediss://`). */
  tlsCaFile: string | undefined;
  /** Credential stores by realm, for workers. */
  realmStores: Record<string, RealmStore>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

function bad(path: string, why: string): TriggerError {
  return new TriggerError("SETTINGS_INVALID", `Cannot use the setting ${path}: ${why}`);
}

/**
 * A queue name, checked (letters, digits, `_`, `.`, `-`; no `:`).
 *
 * @param name The name.
 * @param where Where it was given, for the error.
 * @returns The name.
 * @throws {TriggerError} `INVALID_ARGUMENT` for a bad name.
 */
export function checkQueueName(name: string, where = "queue name"): string {
  if (!NAME.test(name)) {
    throw new TriggerError(
      "INVALID_ARGUMENT",
      `Cannot use ${where} "${name}": expected letters, digits, "_", "." or "-" (at most 100)`,
    );
  }
  return name;
}

function expand(p: string, home: string): string {
  return p === "~" || p.startsWith("~/") ? home + p.slice(1) : p;
}

/**
 * Validates the `queue` setting.
 *
 * @param raw The setting's value (`{}` when unset).
 * @param home The home directory (for `~` in paths).
 * @returns The configuration.
 * @throws {TriggerError} `SETTINGS_INVALID` naming the JSON path of the bad field.
 *
 * @example Route by site, default elsewhere
 * ```ts
 * import { queueConfig, queueOf } from "@trigger/trigger/distributed";
 * import { strictEqual } from "node:assert/strict";
 *
 * const c = queueConfig({ routes: [{ match: { site: "NYC" }, queue: "nyc" }] });
 * strictEqual(queueOf(c, { nodeName: "r1", site: "nyc" }), "nyc");
 * strictEqual(queueOf(c, { nodeName: "r2", site: "LON" }), "trigger");
 * ```
 */
export function queueConfig(raw: Readonly<Record<string, unknown>>, home = ""): QueueConfig {
  const known = ["prefix", "defaultQueue", "routes", "tlsCaFile", "realmStores"];
  for (const k of Object.keys(raw)) {
    if (!known.includes(k)) throw bad(`queue.${k}`, `unknown key (expected ${known.join(", ")})`);
  }
  const str = (k: string, def: string) => {
    const v = raw[k] ?? def;
    if (typeof v !== "string" || v === "") throw bad(`queue.${k}`, "expected a non-empty string");
    return v;
  };
  const prefix = str("prefix", "trigger");
  if (prefix.includes(" ")) throw bad("queue.prefix", "expected no spaces");
  const defaultQueue = str("defaultQueue", "trigger");
  if (!NAME.test(defaultQueue)) {
    throw bad("queue.defaultQueue", `"${defaultQueue}" is not a queue name`);
  }
  const routesRaw = raw.routes ?? [];
  if (!Array.isArray(routesRaw)) throw bad("queue.routes", "expected a list");
  const routes = routesRaw.map((r, i) => {
    const path = `queue.routes[${i}]`;
    if (typeof r !== "object" || r === null) throw bad(path, "expected { match, queue }");
    const { match, queue } = r as Record<string, unknown>;
    if (typeof queue !== "string" || !NAME.test(queue)) {
      throw bad(`${path}.queue`, "expected a queue name (letters, digits, _ . -)");
    }
    return { match: compileDeviceMatch(match, `${path}.match`), queue };
  });
  const tls = raw.tlsCaFile;
  if (tls !== undefined && (typeof tls !== "string" || tls === "")) {
    throw bad("queue.tlsCaFile", "expected a path");
  }
  const storesRaw = raw.realmStores ?? {};
  if (typeof storesRaw !== "object" || storesRaw === null || Array.isArray(storesRaw)) {
    throw bad("queue.realmStores", "expected an object of realm → { store, keyFile }");
  }
  const realmStores: Record<string, RealmStore> = {};
  for (const [realm, s] of Object.entries(storesRaw)) {
    const path = `queue.realmStores.${realm}`;
    const { store, keyFile } = (s ?? {}) as Record<string, unknown>;
    if (typeof store !== "string" || store === "") throw bad(`${path}.store`, "expected a path");
    if (typeof keyFile !== "string" || keyFile === "") {
      throw bad(`${path}.keyFile`, "expected a path");
    }
    realmStores[realm] = { store: expand(store, home), keyFile: expand(keyFile, home) };
  }
  return {
    prefix,
    defaultQueue,
    routes,
    tlsCaFile: typeof tls === "string" ? expand(tls, home) : undefined,
    realmStores,
  };
}

/**
 * The queue a device's work goes to: the first route whose match holds, else
 * the default queue. A worker finds its own queue the same way from its tags
 * (`site`, `region`, `zone`...), so that the devices of a site go to the
 * workers of that site.
 *
 * @param config The configuration.
 * @param record A device (or a worker's tags with a `nodeName`).
 * @returns The queue name.
 */
export function queueOf(config: QueueConfig, record: DeviceRecord): string {
  return config.routes.find((r) => r.match(record))?.queue ?? config.defaultQueue;
}

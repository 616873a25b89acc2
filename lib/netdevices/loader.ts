/**
 * The inventory loader interface, source parsing, and the loader chain.
 *
 * A source is a path or URL; query arguments (`netdevices.db?table_name=x`,
 * `https://netbox/?site=nyc`) reach the loader as `params`. Loaders are tried
 * in order: the first that can load the source and succeeds wins. A loader
 * that fails is not swallowed: when a later one succeeds, the failure is kept
 * as a warning; when none succeeds, the error says what each one reported.
 *
 * @module
 */
import { resolve } from "node:path";
import { TriggerError } from "../errors.ts";
import type { Settings } from "../settings/mod.ts";
import type { NetDeviceRecord } from "./record.ts";

/** A parsed inventory source. */
export interface InventorySource {
  /** The source as given. */
  readonly raw: string;
  /** File or directory path (for URLs: the URL without its query). */
  readonly path: string;
  /** The URL, for sources given as one (`file:`, `https:`...). */
  readonly url: URL | undefined;
  /** Query arguments. */
  readonly params: Readonly<Record<string, string>>;
}

/** What every loader receives besides the source. */
export interface LoaderOptions {
  /** The settings in force. */
  readonly settings: Settings;
  /** Cancels network loaders. */
  readonly signal?: AbortSignal | undefined;
  /** The `fetch` network loaders use. */
  readonly fetch?: typeof fetch | undefined;
  /** Receives what a loader skipped or doubts (reported as inventory warnings). */
  readonly warn?: ((message: string) => void) | undefined;
  /**
   * Takes each record as soon as it is read. A loader that streams (the CSV
   * loader) hands its records here instead of returning them, so a large
   * inventory never holds every record at once; others ignore it. Whatever
   * it throws ends the load.
   */
  readonly onRecord?: ((record: NetDeviceRecord) => void) | undefined;
}

/** One metadata source format. */
export interface InventoryLoader {
  /** Short name, as in the `netdevicesLoaders` setting (`json`, `rancid`...). */
  readonly name: string;
  /**
   * The query arguments it reads (`table_name`...); others given on the source
   * are reported as warnings. Absent: it takes any (NetBox passes them on as filters).
   */
  readonly params?: readonly string[] | undefined;
  /** Whether this loader recognises the source (cheap: extension, first bytes). */
  canLoad(source: InventorySource): boolean | Promise<boolean>;
  /**
   * Reads the source.
   *
   * @throws {TriggerError} `INVENTORY_INVALID` for a malformed source, with
   * file and line or record; `IO_ERROR` when it cannot be read.
   */
  load(source: InventorySource, options: LoaderOptions): Promise<NetDeviceRecord[]>;
}

/**
 * Parses a source string into path, URL and query arguments.
 *
 * @param raw A path (`/x/devices.db?table_name=t`) or URL.
 * @returns The parsed source.
 *
 * @example Path with query arguments
 * ```ts
 * import { parseSource } from "@trigger/trigger/netdevices";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const s = parseSource("/data/devices.db?table_name=routers");
 * strictEqual(s.path, "/data/devices.db");
 * deepStrictEqual(s.params, { table_name: "routers" });
 * strictEqual(parseSource("https://netbox.example/?site=nyc").url?.host, "netbox.example");
 * ```
 */
export function parseSource(raw: string): InventorySource {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) && URL.canParse(raw)) {
    const url = new URL(raw);
    const params = Object.fromEntries(url.searchParams);
    const path = url.protocol === "file:"
      ? decodeURIComponent(url.pathname)
      : `${url.origin}${url.pathname}`;
    return { raw, path, url, params };
  }
  const q = raw.lastIndexOf("?");
  if (q > 0 && /^[^=&?\/]+=[^&]*(&[^=&]+=[^&]*)*$/.test(raw.slice(q + 1))) {
    return {
      raw,
      path: raw.slice(0, q),
      url: undefined,
      params: Object.fromEntries(new URLSearchParams(raw.slice(q + 1))),
    };
  }
  return { raw, path: raw, url: undefined, params: {} };
}

/** Result of {@linkcode loadSource}. */
export interface LoadedSource {
  /** The records read. */
  records: NetDeviceRecord[];
  /** Name of the loader that read them. */
  loader: string;
  /** Failures of loaders tried before it, and what it skipped. */
  warnings: string[];
}

/**
 * Loads one source through a loader chain.
 *
 * @param source The source (path or URL).
 * @param loaders The chain, in order.
 * @param options Settings, signal and fetch.
 * @returns The records, the loader used, and warnings: the failures of
 * earlier loaders and what the loader used skipped.
 * @throws {TriggerError} `IO_ERROR` ("No such file: /absolute/path") for a
 * path that does not exist; the loader's own error when only one loader could
 * read the source; `INVENTORY_INVALID` listing each loader's failure when
 * several tried; `INVENTORY_INVALID` when none recognises the source.
 *
 * @example Load a CSV file
 * ```ts
 * import { INVENTORY_LOADERS, loadSource } from "@trigger/trigger/netdevices";
 * import { builtinSettings } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${dir}/devices.csv`, "r1.example.net,cisco,up,ROUTER\n");
 * const got = await loadSource(`${dir}/devices.csv`, Object.values(INVENTORY_LOADERS), {
 *   settings: builtinSettings(),
 * });
 * strictEqual(got.loader, "csv");
 * strictEqual(got.records[0]?.nodeName, "r1.example.net");
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export async function loadSource(
  source: string,
  loaders: readonly InventoryLoader[],
  options: LoaderOptions,
): Promise<LoadedSource> {
  const got = await loadSourceAs(source, loaders, options, (r) => r);
  return { records: got.items, loader: got.loader, warnings: got.warnings };
}

/**
 * {@linkcode loadSource}, building each record into an item as it is read
 * (streaming loaders never hold every record). Items of a loader that fails
 * are dropped with it; an error thrown by `build` ends the load at once.
 *
 * @internal
 */
export async function loadSourceAs<T>(
  source: string,
  loaders: readonly InventoryLoader[],
  options: LoaderOptions,
  build: (record: NetDeviceRecord) => T,
): Promise<{ items: T[]; loader: string; warnings: string[] }> {
  const parsed = parseSource(source);
  if (parsed.url === undefined || parsed.url.protocol === "file:") {
    try {
      await Deno.stat(parsed.path);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) {
        throw new TriggerError(
          "IO_ERROR",
          `Cannot load inventory "${source}": No such file: ${resolve(parsed.path)}`,
          { cause: e },
        );
      }
    }
  }
  const failures: { loader: string; error: unknown }[] = [];
  for (const loader of loaders) {
    if (!(await loader.canLoad(parsed))) continue;
    const own: string[] = [];
    const items: T[] = [];
    let fatal: { error: unknown } | undefined;
    const take = (r: NetDeviceRecord) => {
      try {
        items.push(build(r));
      } catch (e) {
        fatal = { error: e };
        throw e;
      }
    };
    try {
      const records = await loader.load(parsed, {
        ...options,
        warn: (m) => own.push(m),
        onRecord: take,
      });
      for (const r of records) take(r);
      const warnings = failures.map((f) => `${f.loader} loader: ${messageOf(f.error)}`);
      for (const m of own) warnings.push(`${loader.name} loader: ${m}`);
      const ignored = Object.keys(parsed.params).filter((k) => !(loader.params ?? [k]).includes(k));
      if (ignored.length > 0) {
        warnings.push(
          `${loader.name} loader: ignored query argument(s) ${ignored.join(", ")} of "${source}"` +
            ` (it reads: ${loader.params!.join(", ") || "none"})`,
        );
      }
      return { items, loader: loader.name, warnings };
    } catch (e) {
      if (fatal !== undefined) throw fatal.error;
      if (options.signal?.aborted) throw e;
      failures.push({ loader: loader.name, error: e });
    }
  }
  if (failures.length === 1) throw failures[0]!.error;
  if (failures.length > 1) {
    throw new TriggerError(
      "INVENTORY_INVALID",
      `Cannot load inventory "${source}": ` +
        failures.map((f) => `${f.loader} loader: ${messageOf(f.error)}`).join("; "),
      { cause: new AggregateError(failures.map((f) => f.error)) },
    );
  }
  throw new TriggerError(
    "INVENTORY_INVALID",
    `Cannot load inventory "${source}": no loader recognises it (tried ${
      loaders.map((l) => l.name).join(", ") || "none"
    })`,
  );
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

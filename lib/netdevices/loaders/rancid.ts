/**
 * RANCID loader: `router.db` files, one instance (`<root>/router.db`) or
 * several (`<root>/<group>/router.db`, the groups from `LIST_OF_GROUPS` in
 * `<root>/rancid.conf` or `<root>/etc/rancid.conf` when present, else every
 * subdirectory holding a `router.db`).
 *
 * Lines are `name;type;state[;comment]` (RANCID 3) or `name:type:state`
 * (RANCID 2), chosen per line (or forced with `?delimiter=;`). The type gives
 * manufacturer and operating system (see {@linkcode RANCID_TYPES}); a state
 * other than `up` makes the device NON-PRODUCTION. A fourth field that is a
 * device type (the original's CSV-like use) becomes `deviceType`, anything
 * else `comment`.
 *
 * @module
 */
import { TriggerError } from "../../errors.ts";
import type { InventoryLoader, InventorySource, LoaderOptions } from "../loader.ts";
import { type NetDeviceRecord, RECORD_ORIGIN } from "../record.ts";
import { RANCID_TYPES } from "./rancid_types.ts";
import { invalidSource, pathKind, readText } from "./_util.ts";

const SKIP_DIRS = new Set(["CVS", ".svn", ".git", ".scm", "logs", "etc", "configs"]);

/** Groups named by `LIST_OF_GROUPS` in a rancid.conf text (assignments and appends). */
export function listOfGroups(conf: string): string[] | undefined {
  let groups: string[] | undefined;
  for (const line of conf.split("\n")) {
    const m = /^\s*LIST_OF_GROUPS=(["']?)(.*?)\1\s*(;.*)?$/.exec(line);
    if (!m) continue;
    const words = m[2]!.split(/\s+/).filter((w) => w !== "");
    const appended = words[0] === "$LIST_OF_GROUPS" || words[0] === "${LIST_OF_GROUPS}";
    groups = appended ? [...(groups ?? []), ...words.slice(1)] : words;
  }
  return groups;
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && !["", "0", "false", "no", "off"].includes(v.toLowerCase());
}

function pickDelimiter(line: string): string {
  const semi = line.split(";");
  if (semi.length >= 2 && /^[A-Za-z0-9_-]+$/.test(semi[1]!.trim())) return ";";
  return ":";
}

/** Parses one router.db text into records. */
export function parseRouterDb(
  text: string,
  file: string,
  options: { delimiter?: string; group?: string; deviceTypes?: readonly string[] } = {},
): NetDeviceRecord[] {
  const types = new Set((options.deviceTypes ?? []).map((t) => t.toUpperCase()));
  const out: NetDeviceRecord[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const where = `"${file}" line ${i + 1}`;
    const delim = options.delimiter ?? pickDelimiter(line);
    const [name, type, state, ...rest] = line.split(delim).map((f) => f.trim());
    if (!name || !type) {
      throw invalidSource(where, `expected name${delim}type${delim}state, got "${line}"`);
    }
    const facts = RANCID_TYPES[type.toLowerCase()];
    const r: NetDeviceRecord = {
      nodeName: name,
      manufacturer: facts?.manufacturer ?? type,
      rancidType: type,
    };
    if (facts?.operatingSystem) r.operatingSystem = facts.operatingSystem;
    if (facts?.deviceType) r.deviceType = facts.deviceType;
    if (state) r.deviceStatus = state;
    const extra = rest.join(delim).trim();
    if (extra !== "") {
      if (rest.length === 1 && types.has(extra.toUpperCase())) r.deviceType = extra.toUpperCase();
      else r.comment = extra;
    }
    if (options.group !== undefined) r.rancidGroup = options.group;
    r[RECORD_ORIGIN] = where;
    out.push(r);
  });
  return out;
}

async function groupsOf(root: string): Promise<string[]> {
  for (const conf of [`${root}/rancid.conf`, `${root}/etc/rancid.conf`]) {
    if ((await pathKind(conf)) !== "file") continue;
    const groups = listOfGroups(await readText(conf));
    if (groups !== undefined) {
      for (const g of groups) {
        if ((await pathKind(`${root}/${g}/router.db`)) !== "file") {
          throw invalidSource(
            `"${conf}"`,
            `group "${g}" in LIST_OF_GROUPS has no ${root}/${g}/router.db`,
          );
        }
      }
      return groups;
    }
  }
  const found: string[] = [];
  for await (const e of Deno.readDir(root)) {
    if (!e.isDirectory || SKIP_DIRS.has(e.name) || e.name.startsWith(".")) continue;
    if ((await pathKind(`${root}/${e.name}/router.db`)) === "file") found.push(e.name);
  }
  return found.sort();
}

/**
 * Reads RANCID `router.db` files.
 *
 * @example A two-group tree
 * ```ts
 * import { parseSource, rancidLoader } from "@trigger/trigger/netdevices";
 * import { builtinSettings } from "@trigger/trigger/settings";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const root = Deno.makeTempDirSync();
 * Deno.mkdirSync(`${root}/core`);
 * Deno.mkdirSync(`${root}/edge`);
 * Deno.writeTextFileSync(`${root}/core/router.db`, "core1.nyc;cisco-nx;up\n");
 * Deno.writeTextFileSync(`${root}/edge/router.db`, "edge1.nyc:juniper:down\n");
 * const rs = await rancidLoader.load(parseSource(root), { settings: builtinSettings() });
 * deepStrictEqual(rs.map((r) => [r.nodeName, r.rancidGroup, r.deviceStatus]), [
 *   ["core1.nyc", "core", "up"],
 *   ["edge1.nyc", "edge", "down"],
 * ]);
 * Deno.removeSync(root, { recursive: true });
 * ```
 */
export const rancidLoader: InventoryLoader = {
  name: "rancid",
  params: ["delimiter", "recurse_subdirs"],
  async canLoad(source: InventorySource): Promise<boolean> {
    if (source.url !== undefined && source.url.protocol !== "file:") return false;
    const kind = await pathKind(source.path);
    return kind === "dir" || (kind === "file" && /(^|\/)router\.db$/.test(source.path));
  },
  async load(source: InventorySource, options: LoaderOptions): Promise<NetDeviceRecord[]> {
    const root = source.path.replace(/\/+$/, "") || "/";
    const delimiter = source.params.delimiter;
    if (delimiter !== undefined && delimiter !== ";" && delimiter !== ":") {
      throw new TriggerError(
        "INVALID_ARGUMENT",
        `Cannot use delimiter "${delimiter}": expected ";" or ":"`,
      );
    }
    const common = {
      deviceTypes: options.settings.supportedTypes,
      ...(delimiter ? { delimiter } : {}),
    };
    if ((await pathKind(root)) === "file") return parseRouterDb(await readText(root), root, common);
    const recurse = truthy(source.params.recurse_subdirs) || options.settings.rancidRecurseSubdirs;
    const single = `${root}/router.db`;
    if (!recurse && (await pathKind(single)) === "file") {
      return parseRouterDb(await readText(single), single, common);
    }
    const groups = await groupsOf(root);
    if (groups.length === 0) {
      throw invalidSource(`"${root}"`, "no router.db in it or in any group subdirectory");
    }
    let out: NetDeviceRecord[] = [];
    for (const group of groups) {
      const file = `${root}/${group}/router.db`;
      out = out.concat(parseRouterDb(await readText(file), file, { ...common, group }));
    }
    return out;
  },
};

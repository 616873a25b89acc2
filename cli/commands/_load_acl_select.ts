/**
 * Which devices and ACLs a `load-acl` run takes, from its flags: `-f FILE`
 * (the original's device list: `device [acl ...]` per line), `--exclude`
 * (device globs, or ACL names) and `--match key=value` (inventory fields, as
 * in the fleet verbs).
 *
 * @module
 */
import { UsageError } from "../_io.ts";
import { matchQuery } from "../_context.ts";
import type { NetDevices } from "../../lib/netdevices/mod.ts";

/** The selection: ACL names it adds to the command line's, and the filter. */
export interface LoadSelection {
  /** ACLs named in the device file (loaded on the devices listed with them). */
  acls: string[];
  /** Whether this device and ACL are part of the run. */
  select: (device: { nodeName: string }, acl: string) => boolean;
}

/** A shell glob (`core*`, `r[12]`) as a whole-name regex. */
function glob(pattern: string): RegExp {
  const re = pattern.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${re}$`);
}

/**
 * Reads a device file: one device per line, optionally followed by its
 * ACLs; blank lines, `#` comments and lines starting with white space are
 * skipped (as the original did).
 *
 * @param text The file's text.
 * @param file Its name, for errors.
 * @returns Per device, its ACLs (empty: the ACLs of the command line or the queue).
 */
export function parseDeviceFile(text: string, file: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === "" || /^\s/.test(line) || line.startsWith("#")) continue;
    const [device, ...acls] = line.trim().split(/\s+/);
    if (!device) throw new UsageError(`Cannot read ${file}:${i + 1}: no device name`);
    out.set(device, [...(out.get(device) ?? []), ...acls]);
  }
  if (out.size === 0) throw new UsageError(`No devices in ${file}`);
  return out;
}

/**
 * Builds the selection of a run.
 *
 * @param o The flags (`file` already read as `fileText`).
 * @param names ACL names from the command line.
 * @param inventory The inventory (for `--match`).
 * @returns The selection.
 * @throws {UsageError} For a bad `--match`, or a device file line without ACLs
 *   when none are named and the queue is not used.
 */
export function loadSelection(
  o: {
    file?: string | undefined;
    fileText?: string | undefined;
    exclude: string[];
    match: string[];
    queue: boolean;
  },
  names: readonly string[],
  inventory: NetDevices,
): LoadSelection {
  const listed = o.fileText === undefined ? undefined : parseDeviceFile(o.fileText, o.file ?? "-f");
  if (listed && names.length === 0 && !o.queue) {
    const bare = [...listed].filter(([, acls]) => acls.length === 0).map(([d]) => d);
    if (bare.length) {
      throw new UsageError(
        `Cannot load ${
          bare[0]
        } from ${o.file}: name its ACLs on its line, on the command line, or use --queue`,
      );
    }
  }
  const excluded = o.exclude.flatMap((e) => e.split(",")).map((e) => e.trim()).filter(Boolean);
  const excludeDevice = excluded.map(glob);
  const matched = o.match.length
    ? new Set(inventory.match(matchQuery(o.match)).map((d) => d.nodeName))
    : undefined;
  return {
    acls: listed ? [...new Set([...listed.values()].flat())] : [],
    select: (device, acl) => {
      const name = device.nodeName;
      if (excluded.includes(acl) || excludeDevice.some((re) => re.test(name))) return false;
      if (matched && !matched.has(name)) return false;
      if (!listed) return true;
      const acls = listed.get(name);
      if (acls === undefined) return false;
      // a device alone takes the command line's (or the queue's) ACLs; with both, their intersection
      if (acls.length === 0) return true;
      return acls.includes(acl) && (names.length === 0 || names.includes(acl));
    },
  };
}

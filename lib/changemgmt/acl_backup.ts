/**
 * Backups of what a device held before a load: one file per device and
 * load, written (0600, in a 0700 directory) before the first change, so an
 * operator can put a list back by hand whatever became of the tool.
 *
 * A device name becomes a file name by keeping letters, digits, `.`, `_`
 * and `-` and writing every other byte as `%XX` (a leading `.` too), so no
 * name can climb out of the directory or collide with another.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";

/** What one backup holds. */
export interface AclBackup {
  /** The device. */
  device: string;
  /** Its platform id. */
  platform: string;
  /** The run that loads. */
  run: string;
  /** Who loads. */
  user: string;
  /** Per ACL, the text read from the device (`""`: the list did not exist). */
  acls: { name: string; text: string }[];
}

/**
 * A device name as a safe file name (`%XX` for anything but letters, digits, `.`, `_`, `-`).
 *
 * @param name The device name.
 * @returns The file name part.
 *
 * @example Names cannot escape the directory
 * ```ts
 * import { safeFileName } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(safeFileName("../../etc/passwd"), "%2E.%2F..%2Fetc%2Fpasswd");
 * strictEqual(safeFileName("core1.nyc"), "core1.nyc");
 * ```
 */
export function safeFileName(name: string): string {
  const bytes = new TextEncoder().encode(name);
  let out = "";
  for (const [i, b] of bytes.entries()) {
    const c = String.fromCharCode(b);
    const plain = /[A-Za-z0-9_-]/.test(c) || (c === "." && i > 0);
    out += plain ? c : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out || "%";
}

/** The text of a backup file: a header saying what and how to restore, then each list. */
export function backupText(b: AclBackup, at: Date): string {
  const head = [
    `! load-acl backup of ${b.device} (${b.platform}) before loading ${
      b.acls.map((a) => a.name).join(", ")
    }`,
    `! run ${b.run} by ${b.user} at ${at.toISOString()}`,
    "! each list below is as the device showed it; a list marked absent did not exist",
  ];
  const body = b.acls.flatMap((a) => [
    `! ---- ${a.name}${a.text.trim() === "" ? " (absent)" : ""}`,
    ...(a.text.trim() === "" ? [] : [a.text.trimEnd()]),
  ]);
  return [...head, ...body].join("\n") + "\n";
}

/**
 * Writes a backup file: `<dir>/<device>/<time>-<run>.txt`, flushed to disk.
 *
 * @param dir The backup directory (created 0700).
 * @param backup What to keep.
 * @returns The file's path.
 * @throws {TriggerError} `IO_ERROR` when it cannot be written.
 */
export async function writeAclBackup(dir: string, backup: AclBackup): Promise<string> {
  const at = new Date();
  const stamp = at.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const folder = `${dir}/${safeFileName(backup.device)}`;
  const path = `${folder}/${stamp}-${safeFileName(backup.run)}.txt`;
  try {
    await Deno.mkdir(folder, { recursive: true, mode: 0o700 });
    const file = await Deno.open(path, { write: true, createNew: true, mode: 0o600 });
    try {
      const bytes = new TextEncoder().encode(backupText(backup, at));
      for (let n = 0; n < bytes.length;) n += await file.write(bytes.subarray(n));
      await file.syncData();
    } finally {
      file.close();
    }
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new TriggerError("IO_ERROR", `Cannot write the backup "${path}": ${why}`, {
      host: backup.device,
      cause: e,
    });
  }
  return path;
}

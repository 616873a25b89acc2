/**
 * Backups of what a device held before a load: one file per device and
 * load, written (0600, in a 0700 directory) before the first change, so an
 * operator can put a list back by hand whatever became of the tool.
 *
 * A device name becomes a file name as `--output-dir` files do
 * (`safeFileName` of lib/_util/output_files.ts: `%XX` for other bytes, a
 * leading `.` too), so no name can climb out of the directory or collide
 * with another.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import { safeFileName } from "../_util/output_files.ts";

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
  const folder = `${dir}/${safeFileName(backup.device, "")}`;
  const path = `${folder}/${stamp}-${safeFileName(backup.run)}`;
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

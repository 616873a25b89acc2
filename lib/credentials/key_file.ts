/**
 * Key files for the credential store: 32 random bytes, readable by their
 * owner only. A key file that group or others can read is refused.
 *
 * @module
 */
import { dirname } from "node:path";
import { TriggerError } from "../errors.ts";

/**
 * The length of a store key in bytes (AES-256).
 *
 * @example Key files hold KEY_LENGTH bytes
 * ```ts
 * import { createKeyFile, KEY_LENGTH, readKeyFile } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * await createKeyFile(`${dir}/k`);
 * strictEqual((await readKeyFile(`${dir}/k`)).length, KEY_LENGTH);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export const KEY_LENGTH = 32;

/**
 * Creates a key file holding 32 random bytes with mode 0600, unless the
 * file already exists. The file appears complete or not at all (it is
 * written under a temporary name and linked into place), so two processes
 * racing to create it agree on one key.
 *
 * @param path Where to create the key file.
 * @returns `true` if this call created the file, `false` if it existed.
 * @throws {TriggerError} `IO_ERROR` if the file cannot be written.
 *
 * @example Create a key file once
 * ```ts
 * import { createKeyFile } from "@trigger/trigger/credentials";
 * import { strictEqual } from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * strictEqual(await createKeyFile(`${dir}/store.key`), true);
 * strictEqual(await createKeyFile(`${dir}/store.key`), false);
 * strictEqual((await Deno.stat(`${dir}/store.key`)).mode! & 0o777, 0o600);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function createKeyFile(path: string): Promise<boolean> {
  if (await exists(path)) return false;
  const key = crypto.getRandomValues(new Uint8Array(KEY_LENGTH));
  const dir = dirname(path);
  const tmp = `${dir}/.${crypto.randomUUID()}.key-tmp`;
  try {
    await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
    const file = await Deno.open(tmp, { write: true, createNew: true, mode: 0o600 });
    try {
      await file.write(key);
      await file.sync();
    } finally {
      file.close();
    }
    try {
      if (Deno.build.os !== "windows") await Deno.chmod(tmp, 0o600);
      await Deno.link(tmp, path);
      return true;
    } catch (e) {
      if (e instanceof Deno.errors.AlreadyExists) return false;
      throw e;
    }
  } catch (e) {
    throw new TriggerError("IO_ERROR", `Cannot create key file "${path}": ${why(e)}`, {
      cause: e,
    });
  } finally {
    key.fill(0);
    await Deno.remove(tmp).catch(() => {});
  }
}

/**
 * Reads a key file after checking that only its owner can read it. The file
 * holds 32 raw bytes, or 64 hexadecimal digits (a trailing newline allowed).
 *
 * @param path The key file.
 * @returns The 32 key bytes.
 * @throws {TriggerError} `KEYFILE_INSECURE` if group or others have any
 *   access to it, `CREDENTIALS_MISSING` if it does not exist,
 *   `CREDENTIALS_INVALID` if it does not hold a key, `IO_ERROR` otherwise.
 *
 * @example Refuse a key file others can read
 * ```ts
 * import { createKeyFile, readKeyFile } from "@trigger/trigger/credentials";
 * import { isTriggerError } from "@trigger/trigger/errors";
 * import { rejects, strictEqual } from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * const path = `${dir}/store.key`;
 * await createKeyFile(path);
 * strictEqual((await readKeyFile(path)).length, 32);
 * await Deno.chmod(path, 0o644);
 * await rejects(readKeyFile(path), (e) => isTriggerError(e, "KEYFILE_INSECURE"));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readKeyFile(path: string): Promise<Uint8Array> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new TriggerError("CREDENTIALS_MISSING", `Cannot read key file "${path}": not found`, {
        cause: e,
      });
    }
    throw new TriggerError("IO_ERROR", `Cannot read key file "${path}": ${why(e)}`, { cause: e });
  }
  if (!info.isFile) {
    throw new TriggerError("CREDENTIALS_INVALID", `Cannot use key file "${path}": not a file`);
  }
  assertPrivate(path, info.mode);
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    throw new TriggerError("IO_ERROR", `Cannot read key file "${path}": ${why(e)}`, { cause: e });
  }
  const key = decodeKey(bytes);
  bytes.fill(0);
  if (!key) {
    throw new TriggerError(
      "CREDENTIALS_INVALID",
      `Cannot use key file "${path}": expected 32 bytes or 64 hexadecimal digits`,
    );
  }
  return key;
}

/**
 * Throws `KEYFILE_INSECURE` when a file's mode gives group or others any
 * access. `null` modes (Windows) are accepted.
 */
function assertPrivate(path: string, mode: number | null, what = "key file"): void {
  if (mode === null || (mode & 0o077) === 0) return;
  const octal = (mode & 0o777).toString(8).padStart(4, "0");
  throw new TriggerError(
    "KEYFILE_INSECURE",
    `Cannot use ${what} "${path}": group or others can access it (mode ${octal}); ` +
      `fix it with: chmod 600 "${path}"`,
  );
}

/**
 * Throws `KEYFILE_INSECURE` (with the `chmod 600` fix) when group or others
 * can access an existing file: the store is refused as its key file is.
 *
 * @internal
 */
export async function assertPrivateFile(path: string, what: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch {
    return; // gone meanwhile: the read reports it
  }
  assertPrivate(path, info.mode, what);
}

function decodeKey(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.length === KEY_LENGTH) return bytes.slice();
  const text = new TextDecoder().decode(bytes).trim();
  if (!/^[0-9a-fA-F]{64}$/.test(text)) return undefined;
  const key = new Uint8Array(KEY_LENGTH);
  for (let i = 0; i < KEY_LENGTH; i++) key[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return key;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw new TriggerError("IO_ERROR", `Cannot check key file "${path}": ${why(e)}`, { cause: e });
  }
}

function why(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

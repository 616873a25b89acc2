/**
 * The last generation of each credential store seen on this machine, so that
 * an older copy put back in place (a restored backup, a sync conflict, a
 * rollback) is noticed. It is kept beside the key file (`KEYFILE.generation`),
 * a place the store's own directory tools do not copy back with it, or beside
 * the store for passphrase stores (`STORE.generation`): a JSON object of
 * store path → generation, mode 0600. Private to `lib/credentials/`.
 *
 * @module
 */
import { writeFileAtomic } from "../_util/output_files.ts";

/** Where the generations seen of a store are kept. */
export function generationFile(storePath: string, keyFile: string | undefined): string {
  return `${keyFile ?? storePath}.generation`;
}

async function readSeen(file: string): Promise<Record<string, number>> {
  try {
    const v = JSON.parse(await Deno.readTextFile(file));
    return typeof v === "object" && v !== null && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

/** The last generation seen of a store (0: never seen, or the record is unreadable). */
export async function lastSeen(file: string, storePath: string): Promise<number> {
  const n = (await readSeen(file))[storePath];
  return typeof n === "number" && Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/**
 * Records that a store was seen at a generation (never lowers the record).
 * Best effort: a record that cannot be written only weakens the check.
 */
export async function recordSeen(file: string, storePath: string, generation: number) {
  const seen = await readSeen(file);
  if ((seen[storePath] ?? 0) >= generation) return;
  seen[storePath] = generation;
  await writeFileAtomic(file, JSON.stringify(seen, null, 2) + "\n", { mode: 0o600 })
    .catch(() => {});
}

/** The generation check of one open store: warns when the file goes back. */
export class Generations {
  /** Warnings given so far (each once). */
  readonly warnings: string[] = [];
  readonly #file: string | undefined;
  readonly #store: string;
  readonly #onWarning: ((message: string) => void) | undefined;

  /** `file` undefined: no record is kept (the check is off). */
  constructor(
    file: string | undefined,
    storePath: string,
    onWarning: ((message: string) => void) | undefined,
  ) {
    this.#file = file;
    this.#store = storePath;
    this.#onWarning = onWarning;
  }

  /** After a successful read: records a newer generation, warns about an older one. */
  async saw(generation: number): Promise<void> {
    if (this.#file === undefined) return;
    const seen = await lastSeen(this.#file, this.#store);
    if (generation > seen) return await recordSeen(this.#file, this.#store, generation);
    if (generation === seen) return;
    const message = `Credential store "${this.#store}" is an older copy (generation ` +
      `${generation}, generation ${seen} was seen here, recorded in "${this.#file}"): a backup ` +
      `or a sync may have put it back, losing later changes; if it is the copy you want, ` +
      `store anything with it once (trigger tacacsrc set ...) to make it current`;
    if (this.warnings.includes(message)) return;
    this.warnings.push(message);
    this.#onWarning?.(message);
  }

  /** The generation of the next write: past both the file's and the last seen. */
  async next(previous: number): Promise<number> {
    const seen = this.#file === undefined ? 0 : await lastSeen(this.#file, this.#store);
    return Math.max(previous, seen) + 1;
  }

  /** After a write. */
  async wrote(generation: number): Promise<void> {
    if (this.#file !== undefined) await recordSeen(this.#file, this.#store, generation);
  }
}

/**
 * Private: known_hosts files parsed once per version of the file (same size
 * and mtime), shared by host key checks and host key type preferences: a
 * fleet job opens thousands of connections against one large file.
 *
 * @module
 */
import { type KnownHostEntry, parseKnownHosts } from "./known_hosts.ts";

async function readText(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return "";
    throw e;
  }
}

/** Parsed known_hosts files by path, reused while the file is unchanged (size and mtime). */
const PARSED = new Map<string, { mtime: number; size: number; entries: KnownHostEntry[] }>();

/** The entries of a known_hosts file (`[]` when there is no path or file). */
export async function knownEntries(path: string | undefined): Promise<KnownHostEntry[]> {
  if (!path) return [];
  let st: Deno.FileInfo;
  try {
    // a synchronous stat is one quick syscall; the async one costs a trip
    // through the blocking thread pool, twice per connection
    st = Deno.statSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  const mtime = st.mtime?.getTime() ?? -1;
  const hit = PARSED.get(path);
  if (hit && hit.mtime === mtime && hit.size === st.size) return hit.entries;
  const entries = parseKnownHosts(await readText(path));
  PARSED.set(path, { mtime, size: st.size, entries });
  return entries;
}

/**
 * The shard thread's entry in the single binary (bun): the `Deno` shim
 * first (a worker thread has its own globals), then the library's shard
 * worker. Built as a second entry point next to `cli/binary.ts`, so that
 * `new URL("./_shard_worker.ts", import.meta.url)` in `lib/commando/shards.ts`
 * finds it inside the binary (`/$bunfs/root/_shard_worker.ts`); under Deno the
 * same URL is `lib/commando/_shard_worker.ts` itself.
 *
 * @module
 */
import "./_deno_shim.ts";
import "../lib/commando/_shard_worker.ts";

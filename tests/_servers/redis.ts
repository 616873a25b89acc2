/**
 * Starts a private `redis-server` on 127.0.0.1 (random port, temp dir) for a
 * test, and stops it on dispose.
 */
import { freePort } from "./ports.ts";
export { freePort };

/** A running Redis server. */
export interface RedisServer extends AsyncDisposable {
  /** `redis://127.0.0.1:PORT`. */
  url: string;
  /** The server's process id (to SIGSTOP or SIGKILL it). */
  pid: number;
  /** The port. */
  port: number;
  /** The data directory. */
  dir: string;
  /** Resolves when the server has exited. */
  exited: Promise<Deno.CommandStatus>;
}

/** Options of {@linkcode startRedis}. */
export interface StartRedisOptions {
  /** Reuse a data directory (kept on dispose when given). */
  dir?: string;
  /** Reuse a port (to restart a killed server where clients expect it). */
  port?: number;
  /** Persist every write before answering (AOF, appendfsync always). */
  durable?: boolean;
}

/** Starts the server and waits until it answers. */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  const dir = options.dir ?? await Deno.makeTempDir({ prefix: "trigger-redis-" });
  const port = options.port ?? await freePort();
  const child = new Deno.Command("redis-server", {
    args: [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--save",
      "",
      ...(options.durable
        ? ["--appendonly", "yes", "--appendfsync", "always"]
        : ["--appendonly", "no"]),
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      await conn.write(new TextEncoder().encode("PING\r\n"));
      const buf = new Uint8Array(16);
      const n = await conn.read(buf);
      conn.close();
      if (n && new TextDecoder().decode(buf.subarray(0, n)).startsWith("+PONG")) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) {
      child.kill();
      await child.status;
      throw new Error(`redis-server did not start on port ${port}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid,
    port,
    dir,
    exited: child.status,
    async [Symbol.asyncDispose]() {
      try {
        Deno.kill(child.pid, "SIGCONT"); // a test may have stopped it
        child.kill("SIGTERM");
      } catch { /* already gone */ }
      await child.status;
      if (options.dir === undefined) await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

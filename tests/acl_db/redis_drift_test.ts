/**
 * Issue 12 items 3 and 7 (store side), with a real redis-server: the device
 * index changes with the data (two writer processes at once, a SIGKILL
 * mid-import), `check()` finds and mends older drift, and a stalled server
 * or a service that is not Redis fails fast with a clear error.
 */
import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { connect, createServer, type Server, type Socket } from "node:net";
import { Redis } from "ioredis";
import { AclAssociations } from "../../lib/acl/db/associations.ts";
import { RedisAclStore } from "../../lib/acl/db/redis_store.ts";
import { isTriggerError } from "../../lib/errors.ts";
import { startRedis } from "../_servers/redis.ts";

const WRITER = new URL("./_writer.ts", import.meta.url).pathname;

function writer(
  url: string,
  tag: string,
  count: number,
  rounds: number,
  keep: boolean,
  conc: number,
) {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      WRITER,
      url,
      tag,
      String(count),
      String(rounds),
      keep ? "keep" : "no",
      String(conc),
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
}

/**
 * A TCP proxy to `port` that holds every chunk for `ms` in both directions:
 * a client behind it is a slow (far away) client, whose steps leave wide gaps.
 */
async function slowProxy(port: number, ms: number): Promise<Server & { sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((inner) => {
    const outer = connect(port, "127.0.0.1");
    sockets.push(inner, outer);
    for (const [from, to] of [[inner, outer], [outer, inner]] as const) {
      from.on("data", (d) => setTimeout(() => to.write(d), ms));
      from.on("close", () => setTimeout(() => to.destroy(), ms));
      from.on("error", () => {});
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return Object.assign(server, { sockets });
}

/** What the data says, straight from the sets (not through the index). */
async function truth(url: string): Promise<Map<string, string[]>> {
  const raw = new Redis(url);
  try {
    const keys = (await raw.keys("acls:explicit:*")).sort();
    const out = new Map<string, string[]>();
    for (const k of keys) {
      const acls = (await raw.smembers(k)).sort();
      if (acls.length) out.set(k.slice("acls:explicit:".length), acls);
    }
    return out;
  } finally {
    raw.disconnect();
  }
}

Deno.test("Redis store: two writer processes at once leave no device outside the index", async () => {
  await using redis = await startRedis();
  // A, a slow client, adds and removes its ACL on 4,000 devices, all at once; B, a
  // fast one, adds its ACL to each device in turn and keeps it. When B's add lands
  // between A's "is the device's set empty now?" and A's removal of the device
  // from the index, a store that does these as separate commands orphans B's ACL
  // (10-30% of the devices here); an atomic store cannot.
  const proxy = await slowProxy(redis.port, 25);
  const [a, b] = await Promise.all([
    writer(
      `redis://127.0.0.1:${(proxy.address() as { port: number }).port}`,
      "acl-a",
      4000,
      1,
      false,
      4000,
    ),
    writer(redis.url, "acl-b", 4000, 1, true, 1),
  ]);
  for (const s of proxy.sockets) s.destroy();
  await new Promise((r) => proxy.close(r));
  strictEqual(a.code, 0, new TextDecoder().decode(a.stderr));
  strictEqual(b.code, 0, new TextDecoder().decode(b.stderr));
  const store = await RedisAclStore.open(redis.url);
  try {
    const check = await store.check();
    deepStrictEqual(check.problems, []);
    strictEqual(check.devices, 4000);
    deepStrictEqual(await store.explicitAll(), await truth(redis.url));
  } finally {
    await store.close();
  }
});

Deno.test("Redis store: SIGKILL of redis-server mid-import leaves all or nothing, index and data together", async () => {
  const dir = await Deno.makeTempDir({ prefix: "trigger-redis-kill-" });
  try {
    let redis = await startRedis({ dir, durable: true });
    const port = redis.port;
    const lines = Array.from({ length: 20_000 }, (_, i) => `x,dev-${i},in-${i % 7}:out-${i % 5}`);
    const store = await RedisAclStore.open(redis.url);
    const importing = new AclAssociations(store).importLegacy(lines.join("\n"))
      .then(() => "done", (e) => e);
    await new Promise((r) => setTimeout(r, 30));
    Deno.kill(redis.pid, "SIGKILL");
    await redis.exited;
    const outcome = await importing;
    ok(outcome === "done" || isTriggerError(outcome), String(outcome));
    await store.close();
    redis = await startRedis({ dir, port, durable: true });
    await using _ = redis;
    const after = await RedisAclStore.open(redis.url);
    try {
      const check = await after.check();
      deepStrictEqual(check.problems, []);
      ok(check.devices === 0 || check.devices === 20_000, `half an import: ${check.devices}`);
      deepStrictEqual(await after.explicitAll(), await truth(redis.url));
    } finally {
      await after.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("RedisAclStore.check() finds each kind of drift; --repair mends it, safely", async () => {
  await using redis = await startRedis();
  const raw = new Redis(redis.url);
  const store = await RedisAclStore.open(redis.url);
  try {
    await store.addExplicit("ok-1", "edge-in");
    await store.enqueue([{ acl: "edge-in", device: "ok-1", escalation: false, user: "u" }]);
    // as the original Trigger (no index) or a crash between two writes leaves it
    await raw.sadd("acls:explicit:legacy-1", "mgmt", "edge-in");
    await raw.sadd("acls:explicit-devices", "ghost-1");
    await raw.hset("trigger:queue:entry:7", { id: "7", acl: "x", state: "pending", user: "u" });
    await raw.sadd("trigger:queue:ids", "9");
    const found = await store.check();
    deepStrictEqual(found.problems.map((p) => [p.kind, p.subject]).sort(), [
      ["dangling-queue-id", "9"],
      ["queue-counter-behind", "trigger:queue:next"],
      ["stale-device-index", "ghost-1"],
      ["unindexed-device", "legacy-1"],
      ["unindexed-queue-entry", "7"],
    ]);
    ok(found.problems.every((p) => p.detail.length > 10));
    strictEqual(found.repaired, 0);
    deepStrictEqual([...(await store.explicitAll()).keys()], ["ok-1"]); // invisible before repair
    const mended = await store.check({ repair: true });
    strictEqual(mended.repaired, 5);
    deepStrictEqual((await store.check()).problems, []);
    deepStrictEqual([...(await store.explicitAll()).keys()], ["legacy-1", "ok-1"]);
    deepStrictEqual((await store.entries()).map((e) => e.id), [1, 7]);
    const [next] = await store.enqueue([{ acl: "y", device: null, escalation: false, user: "u" }]);
    strictEqual(next!.id, 8); // the counter no longer reuses entry 7
  } finally {
    raw.disconnect();
    await store.close();
  }
});

Deno.test("RedisAclStore: a stalled server (SIGSTOP) fails with TIMEOUT, not a hang", async () => {
  await using redis = await startRedis();
  const store = await RedisAclStore.open(redis.url, { commandTimeoutMs: 1000 });
  try {
    await store.addExplicit("r1", "a");
    Deno.kill(redis.pid, "SIGSTOP");
    await rejects(
      store.explicitFor("r1"),
      (e: unknown) =>
        isTriggerError(e, "TIMEOUT") && /SMEMBERS within 1000 ms/.test(e.message) &&
        e.message.includes(redis.url),
    );
    await rejects(
      RedisAclStore.open(redis.url, { connectTimeoutMs: 1000 }),
      (e: unknown) => isTriggerError(e, "TIMEOUT") && /connect within 1000 ms/.test(e.message),
    );
  } finally {
    Deno.kill(redis.pid, "SIGCONT");
    await store.close();
  }
});

async function listen(onConnection: (s: import("node:net").Socket) => void): Promise<Server> {
  const server = createServer(onConnection);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return server;
}

Deno.test("RedisAclStore.open(): a service that is not Redis is a clear error", async (t) => {
  const cases: [string, (s: import("node:net").Socket) => void][] = [
    ["an SSH server", (s) => s.write("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")],
    [
      "an HTTP server",
      (s) => s.once("data", () => s.end("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")),
    ],
    ["a silent server", () => {}],
  ];
  for (const [name, behave] of cases) {
    await t.step(name, async () => {
      const sockets: import("node:net").Socket[] = [];
      const server = await listen((s) => {
        sockets.push(s);
        s.on("error", () => {});
        behave(s);
      });
      const port = (server.address() as { port: number }).port;
      try {
        await rejects(
          RedisAclStore.open(`redis://127.0.0.1:${port}`, { connectTimeoutMs: 1000 }),
          (e: unknown) =>
            isTriggerError(e) &&
            ["PROTOCOL_ERROR", "TRANSPORT_CLOSED", "TIMEOUT"].includes(e.code) &&
            e.message.includes(`127.0.0.1:${port}`) &&
            /does not speak Redis|is it a Redis server|stalled/.test(e.message),
        );
      } finally {
        for (const s of sockets) s.destroy();
        await new Promise((r) => server.close(r));
      }
    });
  }
});

const MAIN = new URL("../../cli/main.ts", import.meta.url).pathname;

async function acl(env: Record<string, string>, ...args: string[]) {
  const o = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "acl", "--backend", "redis", ...args],
    env: { ...env, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: o.code, out: dec.decode(o.stdout), err: dec.decode(o.stderr) };
}

Deno.test("trigger acl --check-db [--repair]: reports drift, exit 1 until mended", async () => {
  await using redis = await startRedis();
  const raw = new Redis(redis.url);
  await raw.sadd("acls:explicit:legacy-1", "mgmt");
  raw.disconnect();
  const env = { REDIS_URL: redis.url };
  const found = await acl(env, "--check-db");
  strictEqual(found.code, 1, found.err);
  ok(found.out.includes("unindexed-device: legacy-1"), found.out);
  ok(found.out.includes("run with --repair"), found.out);
  const fixed = await acl(env, "--check-db", "--repair", "--json");
  strictEqual(fixed.code, 0, fixed.err);
  strictEqual(JSON.parse(fixed.out).repaired, 1);
  const clean = await acl(env, "--check-db");
  strictEqual(clean.code, 0, clean.err);
  ok(clean.out.includes("no drift"), clean.out);
  const dir = await Deno.makeTempDir();
  try {
    const exported = await acl(env, "--export", `${dir}/acls.db`);
    strictEqual(exported.code, 0, exported.err);
    ok((await Deno.readTextFile(`${dir}/acls.db`)).includes("legacy-1,mgmt"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("trigger acl with REDIS_URL at a service that is not Redis: one clear line, no stack trace", async () => {
  const sockets: import("node:net").Socket[] = [];
  const server = await listen((s) => {
    sockets.push(s);
    s.on("error", () => {});
    s.write("SSH-2.0-OpenSSH_9.2p1\r\n");
  });
  try {
    const port = (server.address() as { port: number }).port;
    const r = await acl({ REDIS_URL: `redis://127.0.0.1:${port}` }, "--check-db");
    ok(r.code !== 0);
    const lines = r.err.trim().split("\n");
    strictEqual(lines.length, 1, r.err);
    ok(/PROTOCOL_ERROR/.test(lines[0]!) && /does not speak Redis/.test(lines[0]!), r.err);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  }
});

Deno.test("trigger acl against a stalled redis-server (SIGSTOP): TIMEOUT in one line, no hang", async () => {
  await using redis = await startRedis();
  Deno.kill(redis.pid, "SIGSTOP");
  try {
    const r = await acl({ REDIS_URL: redis.url }, "-l");
    ok(r.code !== 0);
    const lines = r.err.trim().split("\n");
    strictEqual(lines.length, 1, r.err);
    ok(/TIMEOUT/.test(lines[0]!) && /stalled/.test(lines[0]!), r.err);
  } finally {
    Deno.kill(redis.pid, "SIGCONT");
  }
});

/**
 * A shard thread of a job (`shards.ts`): runs its devices through the pool
 * with the task's executor; credentials and host key questions are asked of
 * the main thread.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { cancelledError, TriggerError } from "../errors.ts";
import { Secret } from "../credentials/secret.ts";
import { runPool } from "./pool.ts";
import { taskExecutor } from "./task_executor.ts";
import { targetOf, travelledFullCommit, wireFailure } from "../distributed/payload.ts";
import type { SessionCredentials } from "../session/types.ts";
import type { ShardCredentials, ShardInit, ShardReply, ShardRequest } from "./_shard_protocol.ts";

const post = (m: ShardRequest) => self.postMessage(m);
const waiting = new Map<number, (r: ShardReply) => void>();
let nextId = 0;
const stop = new AbortController();

function ask<T extends ShardReply>(m: ShardRequest & { id: number }): Promise<T> {
  return new Promise((resolve) => {
    waiting.set(m.id, resolve as (r: ShardReply) => void);
    post(m);
  });
}

function secrets(c: ShardCredentials): SessionCredentials & { realm: string } {
  const out: SessionCredentials & { realm: string } = {
    realm: c.realm,
    username: c.username,
    password: new Secret(c.password),
  };
  if (c.enablePassword !== undefined) out.enablePassword = new Secret(c.enablePassword);
  if (c.loginPassword !== undefined) out.loginPassword = new Secret(c.loginPassword);
  if (c.privateKeyPath !== undefined) out.privateKeyPath = c.privateKeyPath;
  if (c.privateKey !== undefined) out.privateKey = c.privateKey;
  if (c.passphrase !== undefined) out.passphrase = new Secret(c.passphrase);
  return out;
}

async function run(init: ShardInit): Promise<void> {
  const { askHostKey, ...plain } = init.executor;
  const executor = taskExecutor(init.task, {
    ...plain,
    credentials: async (realm, device) => {
      const r = await ask<Extract<ShardReply, { type: "credentials" }>>({
        type: "credentials",
        id: nextId++,
        realm,
        device: device.nodeName,
      });
      if (!r.ok) throw new TriggerError(r.error.code, r.error.message, { host: device.nodeName });
      return secrets(r.value);
    },
    onHostKeyEvent: (event) => post({ type: "hostKeyEvent", event }),
    fullCommit: travelledFullCommit,
    ...(askHostKey
      ? {
        askHostKey: async (question) =>
          (await ask<Extract<ShardReply, { type: "askHostKey" }>>({
            type: "askHostKey",
            id: nextId++,
            question,
          })).answer,
      }
      : {}),
  });
  const items = init.items.map((it) => ({ ...it, target: targetOf(it.device) }));
  for await (
    const o of runPool(items, (it, ctx) => executor(it.target, it.commands, ctx), {
      name: (it) => it.device.nodeName,
      rateKey: (it) => it.device.address,
      maxConns: init.maxConns,
      timeoutMs: init.timeoutMs,
      retries: init.retries,
      ...(init.connectsPerSecond > 0 ? { connectsPerSecond: init.connectsPerSecond } : {}),
      signal: stop.signal,
    })
  ) {
    const base = {
      type: "outcome" as const,
      index: o.item.index,
      attempts: o.attempts,
      elapsedMs: o.elapsedMs,
    };
    post(
      o.ok
        ? { ...base, ok: true, results: o.value }
        : { ...base, ok: false, ...wireFailure(o.error) },
    );
  }
  post({ type: "done" });
}

self.onmessage = (ev: MessageEvent<ShardReply>) => {
  const m = ev.data;
  if (m.type === "init") {
    run(m).catch((e) => {
      throw e;
    });
  } else if (m.type === "cancel") {
    stop.abort(cancelledError(undefined, "The job"));
  } else {
    const resolve = waiting.get(m.id);
    waiting.delete(m.id);
    resolve?.(m);
  }
};

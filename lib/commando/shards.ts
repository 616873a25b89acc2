/**
 * Every core of one machine: a job's devices sharded over N worker threads
 * of this process (Web Workers). Each thread runs its share through the same
 * pool and the same task executor as a local job; what cannot cross a thread
 * boundary is asked of this thread: credentials (resolved here, once per
 * realm, passed by message inside the process — never written anywhere), host
 * key questions and events. The connection budget is split: each thread gets
 * `ceil(maxConns / N)` devices at once and `connectsPerSecond / N` per target.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import type { DeviceExecutorOptions, ExecutorTarget } from "./executor.ts";
import type { ExecutorTask } from "./task.ts";
import { type Progress, progressOf } from "./pool.ts";
import type { DeviceRunOutcome, FleetItem } from "./fleet_runner.ts";
import { fromWireError, type WireDevice, wireDevice } from "../distributed/payload.ts";
import type { ShardInit, ShardReply, ShardRequest } from "./_shard_protocol.ts";
import { onAbort } from "../_util/abort.ts";

/** Options of {@linkcode runShards}. */
export interface ShardOptions {
  /** Threads. */
  workers: number;
  /** What each device runs. */
  task: ExecutorTask;
  /** This thread's executor options (credentials, host keys, policy, timeouts). */
  executorOptions: DeviceExecutorOptions;
  /** Devices at once, over all threads. */
  maxConns: number;
  /** Milliseconds per device. @default {60000} */
  timeoutMs?: number;
  /** Retries after transient connect failures. @default {1} */
  retries?: number;
  /** New connections per second per target, over all threads. @default {Infinity} */
  connectsPerSecond?: number;
  /** Cancels the job. @default {undefined} */
  signal?: AbortSignal;
  /** Called after each device. @default {undefined} */
  onProgress?: (progress: Progress) => void;
}

function secretText(s: string | { reveal(): string } | undefined): string | undefined {
  return typeof s === "string" ? s : s?.reveal();
}

/**
 * Runs the devices over `workers` threads and yields each outcome as it
 * arrives.
 *
 * @param items Devices and their commands.
 * @param options Threads, task, resources, limits.
 * @returns One outcome per device.
 */
export async function* runShards<D extends ExecutorTarget>(
  items: readonly FleetItem<D>[],
  options: ShardOptions,
): AsyncGenerator<DeviceRunOutcome<D>> {
  const { workers, executorOptions: eo, signal, onProgress } = options;
  const n = Math.max(1, Math.min(workers, items.length));
  const t0 = performance.now();
  const startedAt = new Date();
  const finished: DeviceRunOutcome<D>[] = [];
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const threads: Worker[] = [];
  let alive = n;
  const settled = new Set<number>();
  const byName = new Map<string, D>(items.map((it) => [it.device.nodeName, it.device]));
  const onMessage = (w: Worker) => async (ev: MessageEvent<ShardRequest>) => {
    const m = ev.data;
    if (m.type === "outcome") {
      settled.add(m.index);
      const item = items[m.index]!.device;
      const base = {
        item,
        name: items[m.index]!.name ?? item.nodeName,
        attempts: m.attempts,
        startedAt,
        elapsedMs: m.elapsedMs,
      };
      finished.push(
        m.ok ? { ...base, ok: true, value: m.results } : {
          ...base,
          ok: false,
          error: fromWireError(m.error, item.nodeName, m),
        },
      );
      notify();
    } else if (m.type === "done") {
      alive--;
      notify();
    } else if (m.type === "credentials") {
      const device = byName.get(m.device) ?? { nodeName: m.device };
      let reply: ShardReply;
      try {
        const c = await eo.credentials(m.realm, device as ExecutorTarget);
        reply = {
          type: "credentials",
          id: m.id,
          ok: true,
          value: {
            realm: (c as { realm?: string }).realm ?? m.realm,
            username: c.username,
            password: secretText(c.password) ?? "",
            ...(c.enablePassword ? { enablePassword: secretText(c.enablePassword)! } : {}),
            ...(c.loginPassword ? { loginPassword: secretText(c.loginPassword)! } : {}),
            ...(c.privateKeyPath ? { privateKeyPath: c.privateKeyPath } : {}),
            ...(c.privateKey ? { privateKey: c.privateKey } : {}),
            ...(c.passphrase ? { passphrase: secretText(c.passphrase)! } : {}),
          },
        };
      } catch (e) {
        const t = e instanceof TriggerError
          ? e
          : new TriggerError("CREDENTIALS_MISSING", String((e as Error)?.message ?? e));
        reply = {
          type: "credentials",
          id: m.id,
          ok: false,
          error: { code: t.code, message: t.message },
        };
      }
      w.postMessage(reply);
    } else if (m.type === "hostKeyEvent") {
      eo.onHostKeyEvent?.(m.event);
    } else if (m.type === "askHostKey") {
      const answer = eo.askHostKey ? await eo.askHostKey(m.question) : false;
      w.postMessage({ type: "askHostKey", id: m.id, answer } satisfies ShardReply);
    }
  };
  const perThread = Math.ceil(options.maxConns / n);
  const cps = options.connectsPerSecond ?? Infinity;
  for (let k = 0; k < n; k++) {
    const shard: { index: number; device: WireDevice; commands: string[] }[] = [];
    items.forEach((it, index) => {
      if (index % n === k) {
        const device = wireDevice(it.device, eo.fullCommit?.(it.device) ?? false);
        shard.push({ index, device, commands: it.commands });
      }
    });
    const w = new Worker(new URL("./_shard_worker.ts", import.meta.url), { type: "module" });
    w.onmessage = onMessage(w);
    w.onerror = (e) => {
      e.preventDefault();
      // a thread that dies fails its devices still pending
      for (const s of shard) {
        if (!settled.has(s.index)) {
          settled.add(s.index);
          const item = items[s.index]!.device;
          finished.push({
            item,
            name: items[s.index]!.name ?? item.nodeName,
            attempts: 0,
            startedAt,
            elapsedMs: performance.now() - t0,
            ok: false,
            error: new TriggerError(
              "JOB_FAILED",
              `Cannot finish the device: its thread failed (${e.message})`,
              { host: item.nodeName },
            ),
          });
        }
      }
      alive--;
      notify();
    };
    const init: ShardInit = {
      type: "init",
      task: options.task,
      items: shard,
      maxConns: perThread,
      timeoutMs: options.timeoutMs ?? 60_000,
      retries: options.retries ?? 1,
      connectsPerSecond: Number.isFinite(cps) ? cps / n : 0,
      executor: {
        ...(eo.knownHostsPath === undefined ? {} : { knownHostsPath: eo.knownHostsPath }),
        ...(eo.hostKeyPolicy === undefined ? {} : { hostKeyPolicy: eo.hostKeyPolicy }),
        ...(eo.policy === undefined ? {} : { policy: eo.policy }),
        ...(eo.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: eo.connectTimeoutMs }),
        ...(eo.loginTimeoutMs === undefined ? {} : { loginTimeoutMs: eo.loginTimeoutMs }),
        ...(eo.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: eo.commandTimeoutMs }),
        askHostKey: eo.askHostKey !== undefined,
      },
    };
    w.postMessage(init);
    threads.push(w);
  }
  const cancel = () =>
    threads.forEach((w) => w.postMessage({ type: "cancel" } satisfies ShardReply));
  using _cancel = onAbort(signal, cancel);
  let done = 0;
  let failed = 0;
  try {
    while (done < items.length) {
      const o = finished.shift();
      if (o === undefined) {
        if (alive <= 0) break;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      done++;
      if (!o.ok) failed++;
      const inFlight = Math.min(items.length - done, perThread * n);
      onProgress?.(progressOf(t0, { total: items.length, done, failed, inFlight }));
      yield o;
    }
  } finally {
    if (done < items.length) cancel();
    threads.forEach((w) => w.terminate());
  }
}

/**
 * The messages between a job's main thread and its shard threads
 * (`shards.ts`, `_shard_worker.ts`), inside one process.
 *
 * @module
 */
import type { CommandOutput } from "./commando.ts";
import type { ExecutorTask } from "./task.ts";
import type { AccessPolicy } from "../session/types.ts";
import type { HostKeyEvent, HostKeyPolicy, HostKeyQuestion } from "../transport/host_key_policy.ts";
import type { WireDevice, WireError } from "../distributed/payload.ts";

/** The plain part of the executor options (what can cross a thread boundary). */
export interface ShardExecutorOptions {
  knownHostsPath?: string;
  hostKeyPolicy?: HostKeyPolicy;
  policy?: AccessPolicy;
  connectTimeoutMs?: number;
  loginTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** The main thread can answer host key questions. */
  askHostKey: boolean;
}

/** Main → shard: the shard's work. */
export interface ShardInit {
  type: "init";
  task: ExecutorTask;
  items: { index: number; device: WireDevice; commands: string[] }[];
  maxConns: number;
  timeoutMs: number;
  retries: number;
  /** Per target, this shard's share (0: no cap). */
  connectsPerSecond: number;
  executor: ShardExecutorOptions;
}

/** Credentials as they cross to a shard (in-process only). */
export interface ShardCredentials {
  realm: string;
  username: string;
  password: string;
  enablePassword?: string;
  loginPassword?: string;
  privateKeyPath?: string;
  privateKey?: string;
  passphrase?: string;
}

/** Main → shard. */
export type ShardReply =
  | ShardInit
  | { type: "cancel" }
  | { type: "credentials"; id: number; ok: true; value: ShardCredentials }
  | { type: "credentials"; id: number; ok: false; error: WireError }
  | { type: "askHostKey"; id: number; answer: boolean };

/** Shard → main. */
export type ShardRequest =
  | {
    type: "outcome";
    index: number;
    attempts: number;
    elapsedMs: number;
    ok: true;
    results: CommandOutput[];
  }
  | {
    type: "outcome";
    index: number;
    attempts: number;
    elapsedMs: number;
    ok: false;
    error: WireError;
    command?: string;
    results?: CommandOutput[];
  }
  | { type: "done" }
  | { type: "credentials"; id: number; realm: string; device: string }
  | { type: "hostKeyEvent"; event: HostKeyEvent }
  | { type: "askHostKey"; id: number; question: HostKeyQuestion };

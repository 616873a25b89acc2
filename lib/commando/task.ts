/**
 * Executors that can run elsewhere: on remote workers (BullMQ) or on
 * threads of this process. A function cannot travel, so the built-in
 * executors say what they are — a task kind (`commands`: run commands,
 * `push`: configuration lines) with its flags — and the other side builds the
 * same executor from the same kind with its own resources (credential store,
 * known_hosts, connection policy).
 *
 * @module
 */
import type { CommandExecutor } from "./commando.ts";
import type { DeviceExecutorOptions, ExecutorTarget } from "./executor.ts";

/** What an executor does, in data. */
export interface ExecutorTask {
  /** `commands` (show commands) or `push` (configuration lines). */
  kind: "commands" | "push";
  /** Junos over the CLI instead of NETCONF. */
  forceCli?: boolean;
  /** Keep going after a failed command. */
  withErrors?: boolean;
  /** `push`: save the configuration after the lines. */
  save?: boolean;
}

const TASK = Symbol.for("trigger.executorTask");

interface Described {
  [TASK]?: { task: ExecutorTask; options: DeviceExecutorOptions };
}

/**
 * Marks an executor with the task it runs and the options it was built with.
 *
 * @param executor The executor.
 * @param task The task kind and flags.
 * @param options The options it was built with (credentials, host keys, timeouts).
 * @returns The same executor.
 */
export function describeExecutor<E extends CommandExecutor<ExecutorTarget>>(
  executor: E,
  task: ExecutorTask,
  options: DeviceExecutorOptions,
): E {
  (executor as Described)[TASK] = { task, options };
  return executor;
}

/**
 * The task an executor runs, and its options, when it is a built-in one.
 *
 * @param executor Any executor.
 * @returns The task and options, or `undefined` for a custom executor.
 *
 * @example The built-in executors describe themselves
 * ```ts
 * import { configPushExecutor, deviceExecutor, taskOf } from "@trigger/trigger/commando";
 * import { strictEqual } from "node:assert/strict";
 *
 * const credentials = () => Promise.reject(new Error("none"));
 * strictEqual(taskOf(deviceExecutor({ credentials }))?.task.kind, "commands");
 * strictEqual(taskOf(configPushExecutor({ credentials, forceCli: true }))?.task.forceCli, true);
 * strictEqual(taskOf(() => Promise.resolve([])), undefined);
 * ```
 */
export function taskOf(
  executor: unknown,
): { task: ExecutorTask; options: DeviceExecutorOptions } | undefined {
  return (executor as Described | undefined)?.[TASK];
}

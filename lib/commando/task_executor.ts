/**
 * Builds the executor of a task kind (see `task.ts`) with the resources of
 * the side that runs it: a remote worker's own credential store and
 * known_hosts, or a thread's proxies of the main thread's.
 *
 * @module
 */
import type { CommandExecutor } from "./commando.ts";
import { deviceExecutor, type DeviceExecutorOptions, type ExecutorTarget } from "./executor.ts";
import { configPushExecutor } from "./config_push.ts";
import type { ExecutorTask } from "./task.ts";

/**
 * The executor of a task, built with the given resources.
 *
 * @param task The task kind and flags.
 * @param options Credentials, host keys, policy, timeouts of this side.
 * @returns The executor.
 *
 * @example The same kind on the other side
 * ```ts
 * import { taskExecutor, taskOf } from "@trigger/trigger/commando";
 * import { strictEqual } from "node:assert/strict";
 *
 * const e = taskExecutor({ kind: "push" }, { credentials: () => Promise.reject(new Error("none")) });
 * strictEqual(taskOf(e)?.task.kind, "push");
 * ```
 */
export function taskExecutor(
  task: ExecutorTask,
  options: DeviceExecutorOptions,
): CommandExecutor<ExecutorTarget> {
  const o = { ...options, forceCli: task.forceCli ?? false, withErrors: task.withErrors ?? false };
  return task.kind === "push"
    ? configPushExecutor({ ...o, save: task.save ?? false })
    : deviceExecutor(o);
}

/**
 * How the API runs a job request: a named job's plan (or plain commands),
 * the devices named plus those matching, Commando with the server's
 * resources — on the distributed queue when one is configured. A
 * `config_device` push is announced to `onPush` before anything is sent; its
 * dry run contacts no device.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import { Commando, type DeviceOutcome } from "../commando/commando.ts";
import type { DeviceExecutorOptions, ExecutorTarget } from "../commando/executor.ts";
import type { RemoteVia } from "../commando/fleet_runner.ts";
import { namedJob, type NamedJobPlan } from "../commando/jobs.ts";
import { taskExecutor } from "../commando/task_executor.ts";
import type { NetDevice } from "../netdevices/mod.ts";
import type { ApiInventory } from "./app.ts";
import type { JobRequest, JobRunner } from "./jobs.ts";

/** Options of {@linkcode apiJobRunner}. */
export interface ApiFleetOptions {
  /** The inventory (`NetDevices`). */
  inventory: ApiInventory;
  /** The server's credentials, host keys, policy and timeouts (local runs). */
  executorOptions: DeviceExecutorOptions;
  /** The distributed queue, when jobs run on remote workers. @default {undefined} */
  via?: RemoteVia | undefined;
  /** Devices at once (local runs). @default {10} */
  maxConns?: number;
  /** Told before a push starts (who, devices, lines), to log it. @default {undefined} */
  onPush?: (request: JobRequest, devices: string[]) => void;
}

/**
 * The plan of a request: a named job, or its commands.
 *
 * @param request The request.
 * @returns Its plan.
 * @throws {TriggerError} `INVALID_ARGUMENT` for an unknown job or no commands.
 */
export function planOf(request: JobRequest): NamedJobPlan<ExecutorTarget> {
  if (request.job !== undefined) {
    return namedJob(request.job, {
      ...(request.lines ? { lines: request.lines } : {}),
      ...(request.push === undefined ? {} : { push: request.push }),
    });
  }
  const commands = request.commands ?? [];
  if (commands.length === 0) {
    throw new TriggerError("INVALID_ARGUMENT", 'Cannot run a job: give "job" or "commands"');
  }
  return { name: "commands", kind: "commands", commands: [...commands], hooks: {}, dryRun: false };
}

/**
 * The job runner of the API.
 *
 * @param o Inventory, resources, queue.
 * @returns The runner for {@linkcode JobManager}.
 */
export function apiJobRunner(o: ApiFleetOptions): JobRunner {
  return async function* (request, signal, onProgress): AsyncGenerator<DeviceOutcome> {
    const plan = planOf(request);
    const picked: (NetDevice | string)[] = [...request.devices];
    if (request.match && Object.keys(request.match).length) {
      picked.push(...o.inventory.match(request.match));
    }
    if (plan.dryRun) {
      for (const item of picked) {
        const name = typeof item === "string" ? item : item.nodeName;
        try {
          const d = typeof item === "string" ? o.inventory.find(item) : item;
          yield {
            device: d.nodeName,
            ok: true,
            attempts: 0,
            elapsedMs: 0,
            // a dry run: each line as it would be sent, nothing answered
            results: plan.commands.map((command) => ({ command, output: "(dry run: not sent)" })),
          };
        } catch (e) {
          const error = e instanceof TriggerError
            ? e
            : new TriggerError("DEVICE_NOT_FOUND", String(e), { host: name });
          yield { device: name, ok: false, attempts: 0, elapsedMs: 0, error, results: [] };
        }
      }
      return;
    }
    if (plan.kind === "push") {
      o.onPush?.(request, picked.map((d) => (typeof d === "string" ? d : d.nodeName)));
    }
    const timeoutMs = (request.timeoutSeconds ?? (plan.kind === "push" ? 120 : 60)) * 1000;
    yield* new Commando<ExecutorTarget>({
      devices: picked,
      resolve: (n) => o.inventory.find(n),
      commands: plan.commands,
      hooks: plan.hooks,
      executor: taskExecutor({ kind: plan.kind }, o.executorOptions),
      maxConns: o.maxConns ?? 10,
      timeoutMs,
      ...(plan.kind === "push" ? { retries: 0 } : {}),
      signal,
      onProgress,
      ...(o.via ? { via: o.via } : {}),
    }).stream();
  };
}

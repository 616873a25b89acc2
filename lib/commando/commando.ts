/**
 * Commando: run commands (or a per-device function) on many devices at once,
 * with per-vendor hooks to build the commands and to parse the results, one
 * outcome per device, and results streamed as they arrive.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import { CommandFailedError } from "../session/errors.ts";
import { asTriggerError, type JobContext, type Progress } from "./pool.ts";
import { type RemoteVia, runFleet } from "./fleet_runner.ts";

/** What Commando needs to know of a device (a `NetDevice` fits). */
export interface CommandoTarget {
  /** The device name. */
  readonly nodeName: string;
  /**
   * The device's identity when names may repeat (a `NetDevice`'s key):
   * devices are told apart by it, and a device whose name another target
   * shares is reported under it.
   */
  readonly key?: string;
  /** Canonical vendor (`cisco`, `juniper`, ...). */
  readonly vendor: string;
  /** Platform id (`cisco_ios`, ...), when known. */
  readonly platform?: string | undefined;
  /** Address to connect to. */
  readonly address: string;
  /** Port to connect to. */
  readonly port: number;
}

/**
 * The output of one command on one device. A device's results are a list in
 * the order the commands were sent: a command sent twice appears twice.
 */
export interface CommandOutput {
  /** The command as sent. */
  command: string;
  /** Its output, cleaned (no echo, no prompt, no pager artefacts). */
  output: string;
  /** Whether the device reported an error for it. */
  failed?: boolean;
  /** What the vendor hook's `parse` returned for it (absent when it returned `undefined`). */
  parsed?: unknown;
}

/**
 * An executor's failure on one command: the device's error (same code,
 * message and host), which command it was, and the outputs before it.
 * Executors throw it so that the outcome can say where a device failed.
 *
 * @example Wrap a device's error on its second command
 * ```ts
 * import { CommandStepError } from "@trigger/trigger/commando";
 * import { TriggerError } from "@trigger/trigger/errors";
 * import { strictEqual } from "node:assert/strict";
 *
 * const cause = new TriggerError("NETCONF_RPC_ERROR", "syntax error", { host: "r1" });
 * const e = new CommandStepError(cause, "show foo", [{ command: "show version", output: "..." }]);
 * strictEqual(e.code, "NETCONF_RPC_ERROR");
 * strictEqual(e.command, "show foo");
 * strictEqual(e.results.length, 1);
 * ```
 */
export class CommandStepError extends TriggerError {
  /** The command that failed. */
  readonly command: string;
  /** The outputs of the commands before it, in order. */
  readonly results: CommandOutput[];

  /**
   * Creates the error.
   *
   * @param cause The device's error (its code, message and host are kept).
   * @param command The command that failed.
   * @param results The outputs before it.
   */
  constructor(cause: TriggerError, command: string, results: CommandOutput[]) {
    super(cause.code, cause.message, {
      ...(cause.host === undefined ? {} : { host: cause.host }),
      cause,
    });
    this.name = "CommandStepError";
    this.command = command;
    this.results = results;
  }
}

/** Runs commands on one device: connects, runs, closes. Must honour `ctx.signal`. */
export type CommandExecutor<D extends CommandoTarget> = (
  device: D,
  commands: readonly string[],
  ctx: JobContext,
) => Promise<CommandOutput[]>;

/** Per-vendor behaviour. Keys of the hook map: vendor, then platform, then `base`. */
export interface VendorHook<D extends CommandoTarget> {
  /** Builds the device's commands from the job's (the original's `to_<vendor>`). */
  commands?: (device: D, commands: readonly string[]) => string[];
  /**
   * Parses one command's output (the original's `from_<vendor>`), possibly
   * asynchronously; `undefined` stores nothing.
   */
  parse?: (device: D, result: CommandOutput) => unknown;
}

/** One device's outcome. */
export type DeviceOutcome =
  & {
    /** The device name as asked. */
    device: string;
    /** Tries made. */
    attempts: number;
    /** Milliseconds spent. */
    elapsedMs: number;
    /** Every command's output, in the order sent (repeated commands included). */
    results: CommandOutput[];
  }
  & (
    | { ok: true }
    | {
      ok: false;
      /** Why the device failed (`CANCELLED` when the job was cancelled first). */
      error: TriggerError;
      /**
       * The command it failed on, when it failed on one; `results` then holds
       * the outputs up to it (its own too, marked `failed`, when the device
       * answered it with an error message).
       */
      command?: string;
    }
  );

/** The whole job's results, as the original's `results` / `errors`. */
export interface CommandoResults {
  /** `results[device]` = each command's output, in the order sent. */
  results: Record<string, CommandOutput[]>;
  /** `errors[device]` = why the device failed. */
  errors: Record<string, TriggerError>;
  /** Devices left out by the vendor/platform restriction. */
  skipped: string[];
}

interface Selection<D> {
  targets: D[];
  unknown: [string, TriggerError][];
  skipped: string[];
}

/** Options for {@linkcode Commando}. */
export interface CommandoOptions<D extends CommandoTarget> {
  /** The devices: records, or names resolved with `resolve`. */
  devices: Iterable<D | string>;
  /** Turns a name into a device; throw `DEVICE_NOT_FOUND` for unknown names. */
  resolve?: (name: string) => D;
  /** The commands to run on every device (before hooks). @default {[]} */
  commands?: readonly string[];
  /** Runs the commands on one device. */
  executor: CommandExecutor<D>;
  /** Per-vendor (or per-platform, or `base`) hooks. @default {{}} */
  hooks?: Record<string, VendorHook<D>>;
  /** Only devices of these vendors (others are skipped). @default {undefined} */
  vendors?: readonly string[];
  /** Only devices of these platforms (others are skipped). @default {undefined} */
  platforms?: readonly string[];
  /** Devices worked on at once. @default {10} */
  maxConns?: number;
  /** New connections per second per address. @default {Infinity} */
  connectsPerSecond?: number;
  /** Milliseconds per device, all included. @default {60000} */
  timeoutMs?: number;
  /** Retries after a transient connect failure. @default {1} */
  retries?: number;
  /** Cancels the job. @default {undefined} */
  signal?: AbortSignal;
  /**
   * Called when the job starts, when a device starts or is reached, and after
   * each device (devices not found count as done at once). @default {undefined}
   */
  onProgress?: (progress: Progress) => void;
  /**
   * Run the devices' work on remote workers through the distributed queue
   * (BullMQ on Redis): its URL, or the connection with routing. The executor
   * must be a built-in one (`deviceExecutor`, `configPushExecutor`): each
   * worker builds the same executor with its own credentials and
   * known_hosts. Hooks run here. @default {undefined}
   */
  via?: string | RemoteVia;
  /**
   * Threads of this process the devices are sharded over (built-in
   * executors only; credentials are asked of this thread's resolver).
   * @default {1}
   */
  workers?: number;
}

/**
 * A fleet job.
 *
 * @example Run with a fake executor and a per-vendor hook
 * ```ts
 * import { Commando } from "@trigger/trigger";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const devices = [
 *   { nodeName: "r1", vendor: "cisco", address: "127.0.0.1", port: 22 },
 *   { nodeName: "r2", vendor: "juniper", address: "127.0.0.1", port: 22 },
 * ];
 * const job = new Commando({
 *   devices: [...devices, "ghost"],
 *   resolve: (n) => {
 *     const d = devices.find((x) => x.nodeName === n);
 *     if (!d) throw new Error(`no device ${n}`);
 *     return d;
 *   },
 *   commands: ["show version"],
 *   hooks: { juniper: { commands: (_d, c) => c.map((x) => `${x} | no-more`) } },
 *   executor: (d, cmds) => Promise.resolve(cmds.map((command) => ({ command, output: `${d.nodeName} ok` }))),
 * });
 * const { results, errors } = await job.run();
 * deepStrictEqual(results, {
 *   r1: [{ command: "show version", output: "r1 ok" }],
 *   r2: [{ command: "show version | no-more", output: "r2 ok" }],
 * });
 * strictEqual(errors.ghost?.code, "DEVICE_NOT_FOUND");
 * ```
 */
export class Commando<D extends CommandoTarget> {
  readonly #options: CommandoOptions<D>;

  /**
   * Prepares a job; nothing runs until {@linkcode Commando.stream} or {@linkcode Commando.run}.
   *
   * @param options Devices, commands, executor, hooks, limits.
   */
  constructor(options: CommandoOptions<D>) {
    this.#options = options;
  }

  /**
   * Runs the job and yields each device's outcome as it finishes.
   *
   * @returns One outcome per device asked for (skipped devices excepted).
   */
  stream(): AsyncGenerator<DeviceOutcome> {
    return this.#stream(this.#select());
  }

  async *#stream(selection: Selection<D>): AsyncGenerator<DeviceOutcome> {
    const o = this.#options;
    const { targets, unknown } = selection;
    for (const [device, error] of unknown) {
      yield { device, ok: false, error, attempts: 0, elapsedMs: 0, results: [] };
    }
    const name = this.#namer(targets);
    const items: { device: D; commands: string[]; name: string }[] = [];
    let refused = 0;
    for (const device of targets) {
      // a hook that cannot build a device's commands fails that device, not the job
      try {
        const hook = this.#hook(device);
        const commands = hook?.commands
          ? hook.commands(device, o.commands ?? [])
          : [...(o.commands ?? [])];
        items.push({ device, commands, name: name(device) });
      } catch (e) {
        refused++;
        yield {
          device: name(device),
          ok: false,
          attempts: 0,
          elapsedMs: 0,
          ...failure(asTriggerError(e, device.nodeName)),
        };
      }
    }
    const counted = unknown.length + refused;
    const onProgress = o.onProgress;
    const options: CommandoOptions<D> = {
      ...o,
      // Devices not found count as done (and failed) from the start.
      ...(onProgress === undefined ? {} : {
        onProgress: (p: Progress) =>
          onProgress({
            ...p,
            total: p.total === undefined ? undefined : p.total + counted,
            done: p.done + counted,
            failed: p.failed + counted,
          }),
      }),
    };
    // here, on remote workers or on threads (runFleet): the same outcomes, parsed here
    for await (const out of runFleet(items, options)) {
      const base = { device: out.name, attempts: out.attempts, elapsedMs: out.elapsedMs };
      if (!out.ok) {
        yield { ...base, ok: false, ...failure(out.error) };
        continue;
      }
      const hook = this.#hook(out.item);
      const results: CommandOutput[] = [];
      try {
        for (const r of out.value) {
          const entry: CommandOutput = { command: r.command, output: r.output };
          if (r.failed) entry.failed = true;
          const p = await hook?.parse?.(out.item, r);
          if (p !== undefined) entry.parsed = p;
          results.push(entry);
        }
      } catch (e) {
        // a parse hook that throws fails its device, as an executor error does
        yield { ...base, ok: false, ...failure(asTriggerError(e, out.name)) };
        continue;
      }
      yield { ...base, ok: true, results };
    }
  }

  /**
   * Runs the job to the end and gathers everything.
   *
   * @returns Results, parsed results, errors and skipped devices.
   */
  async run(): Promise<CommandoResults> {
    const all: CommandoResults = { results: {}, errors: {}, skipped: [] };
    const selection = this.#select();
    all.skipped = selection.skipped;
    const outcomes = new Map<string, DeviceOutcome>();
    for await (const o of this.#stream(selection)) outcomes.set(o.device, o);
    // in the order asked for, wherever and in whatever order the devices finished
    const name = this.#namer(selection.targets);
    const order = [...selection.unknown.map(([n]) => n), ...selection.targets.map(name)];
    for (const n of order) {
      const o = outcomes.get(n);
      if (o === undefined) continue;
      if (o.ok) all.results[o.device] = o.results;
      else all.errors[o.device] = o.error;
    }
    return all;
  }

  /**
   * Names outcomes: a name shared by several targets (an inventory that
   * allows it) would file one device's output under another's, so those are
   * named by key.
   */
  #namer(targets: readonly D[]): (d: D) => string {
    const counts = new Map<string, number>();
    for (const d of targets) counts.set(d.nodeName, (counts.get(d.nodeName) ?? 0) + 1);
    return (d) => (counts.get(d.nodeName)! > 1 ? d.key ?? d.nodeName : d.nodeName);
  }

  #hook(d: D): VendorHook<D> | undefined {
    const hooks = this.#options.hooks ?? {};
    return hooks[d.vendor] ?? (d.platform ? hooks[d.platform] : undefined) ?? hooks.base;
  }

  #select(): Selection<D> {
    const o = this.#options;
    const targets: D[] = [];
    const unknown: [string, TriggerError][] = [];
    const skipped: string[] = [];
    const seen = new Set<string>();
    const vendors = o.vendors && new Set(o.vendors.map((v) => v.toLowerCase()));
    const platforms = o.platforms && new Set(o.platforms);
    for (const item of o.devices) {
      let d: D;
      if (typeof item === "string") {
        try {
          if (!o.resolve) {
            throw new TriggerError(
              "INVALID_ARGUMENT",
              `Cannot find device "${item}": devices given by name need a resolve function`,
              { host: item },
            );
          }
          d = o.resolve(item);
        } catch (e) {
          const error = e instanceof TriggerError && e.code === "DEVICE_NOT_FOUND"
            ? e
            : new TriggerError("DEVICE_NOT_FOUND", `Cannot find device "${item}"`, {
              host: item,
              cause: e,
            });
          unknown.push([item, error]);
          continue;
        }
      } else d = item;
      const id = d.key ?? d.nodeName;
      if (seen.has(id)) continue;
      seen.add(id);
      if (vendors && !vendors.has(d.vendor.toLowerCase())) skipped.push(d.nodeName);
      else if (platforms && !(d.platform && platforms.has(d.platform))) skipped.push(d.nodeName);
      else targets.push(d);
    }
    return { targets, unknown, skipped };
  }
}

/**
 * A failed device's error, the command it failed on and the outputs before
 * it, from what the executor threw: a {@linkcode CommandStepError}, or a
 * session's `CommandFailedError` (its results end with the failed command's answer).
 *
 * @param error What the executor threw.
 * @returns The error, the command and the outputs before it.
 */
export function failure(error: TriggerError): {
  error: TriggerError;
  command?: string;
  results: CommandOutput[];
} {
  if (error instanceof CommandStepError) {
    return { error, command: error.command, results: [...error.results] };
  }
  if (error instanceof CommandFailedError) {
    const results = error.results.map((r) => ({
      command: r.command,
      output: r.output,
      ...(r.failed ? { failed: true } : {}),
    }));
    return { error, command: error.result.command, results };
  }
  return { error, results: [] };
}

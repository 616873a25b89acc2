/**
 * Commando: run commands (or a per-device function) on many devices at once,
 * with per-vendor hooks to build the commands and to parse the results, one
 * outcome per device, and results streamed as they arrive.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import type { JobContext, Progress } from "./pool.ts";
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

/** The output of one command on one device. */
export interface CommandOutput {
  /** The command as sent. */
  command: string;
  /** Its output, cleaned (no echo, no prompt, no pager artefacts). */
  output: string;
  /** Whether the device reported an error for it. */
  failed?: boolean;
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
  }
  & (
    | { ok: true; results: Record<string, string>; parsed: Record<string, unknown> }
    | { ok: false; error: TriggerError }
  );

/** The whole job's results, as the original's `results` / `errors` / `parsed_results`. */
export interface CommandoResults {
  /** `results[device][command]` = output. */
  results: Record<string, Record<string, string>>;
  /** `parsed[device][command]` = what the parse hook returned. */
  parsed: Record<string, Record<string, unknown>>;
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
  /** Called after each device. @default {undefined} */
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
 * deepStrictEqual(results, { r1: { "show version": "r1 ok" }, r2: { "show version | no-more": "r2 ok" } });
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
      yield { device, ok: false, error, attempts: 0, elapsedMs: 0 };
    }
    const name = this.#namer(targets);
    const items = targets.map((device) => {
      const hook = this.#hook(device);
      const commands = hook?.commands
        ? hook.commands(device, o.commands ?? [])
        : [...(o.commands ?? [])];
      return { device, commands, name: name(device) };
    });
    for await (const out of runFleet(items, o)) {
      const base = { device: out.name, attempts: out.attempts, elapsedMs: out.elapsedMs };
      if (!out.ok) {
        yield { ...base, ok: false, error: out.error };
        continue;
      }
      const hook = this.#hook(out.item);
      const results: Record<string, string> = {};
      const parsed: Record<string, unknown> = {};
      for (const r of out.value) {
        results[r.command] = r.output;
        const p = await hook?.parse?.(out.item, r);
        if (p !== undefined) parsed[r.command] = p;
      }
      yield { ...base, ok: true, results, parsed };
    }
  }

  /**
   * Runs the job to the end and gathers everything.
   *
   * @returns Results, parsed results, errors and skipped devices.
   */
  async run(): Promise<CommandoResults> {
    const all: CommandoResults = { results: {}, parsed: {}, errors: {}, skipped: [] };
    const selection = this.#select();
    all.skipped = selection.skipped;
    const outcomes = new Map<string, DeviceOutcome>();
    for await (const o of this.#stream(selection)) outcomes.set(o.device, o);
    // in the order asked for, wherever and in whatever order the devices finished
    const order = [
      ...selection.unknown.map(([n]) => n),
      ...selection.targets.map((d) => d.nodeName),
    ];
    for (const name of order) {
      const o = outcomes.get(name);
      if (o === undefined) continue;
      if (o.ok) {
        all.results[o.device] = o.results;
        if (Object.keys(o.parsed).length) all.parsed[o.device] = o.parsed;
      } else all.errors[o.device] = o.error;
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
          if (!o.resolve) throw new Error("no resolver given");
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

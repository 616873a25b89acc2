/**
 * What travels through Redis for a distributed fleet job, and nothing more:
 * the work of a batch of devices (one BullMQ job: several devices for
 * read-only commands, one for a configuration push), each device's name and the non-secret fields the connection plan needs
 * (address, ports, platform, vendor, type, transports, credential realm), the
 * commands or configuration lines, the task's flags, and each device's result
 * (outputs, or an error's code and message), added to the fleet job's result
stream as each device finishes. Credentials never travel: each
 * worker resolves them from its own store by the device's realm. Inventory
 * passwords (`loginPW`, `enablePW`) are left out on purpose.
 *
 * @module
 */
import { type ErrorCode, TriggerError } from "../errors.ts";
import { type CommandOutput, CommandStepError, failure } from "../commando/commando.ts";
import type { ExecutorTarget } from "../commando/executor.ts";

/**
 * The payload format version; a worker refuses payloads of another version.
 * Version 3: a result stream entry holds the results of one or more devices
 * (`i INDEX r RESULT` pairs, see {@linkcode resultsOfEntry}); version 2: one
 * device per entry; version 1: one device per job, its result the job's
 * return value.
 */
export const PAYLOAD_VERSION = 3;

/**
 * The BullMQ name of a worker (its Redis client name): its name and its
 * concurrency, so that a submitter sizes its batches to the device slots
 * listening ({@linkcode slotsOf}).
 *
 * @param name The worker's name.
 * @param concurrency Its devices at once per queue.
 * @returns The name BullMQ gives the worker's connections.
 */
export function workerClientName(name: string, concurrency: number): string {
  return `${name};slots=${concurrency}`;
}

/**
 * The device slots of the workers listening on a queue, read from their
 * Redis client names (BullMQ's worker list).
 *
 * @param workers BullMQ's `Queue.getWorkers()` answer.
 * @returns The sum of their concurrency (a worker of an older version counts
 *   as the default 10).
 *
 * @example Two workers, 10 and 4 devices at once
 * ```ts
 * import { slotsOf, workerClientName } from "@trigger/trigger/distributed";
 * import { strictEqual } from "node:assert/strict";
 *
 * const rawname = (n: string, c: number) => `trigger:dHJpZ2dlcg==:w:${workerClientName(n, c)}`;
 * strictEqual(slotsOf([{ rawname: rawname("a:1", 10) }, { rawname: rawname("b:2", 4) }]), 14);
 * ```
 */
export function slotsOf(workers: readonly { rawname?: string }[]): number {
  let slots = 0;
  for (const w of workers) {
    const m = /;slots=(\d+)$/.exec(w.rawname ?? "");
    slots += m ? Number(m[1]) : 10;
  }
  return slots;
}

/** A device as it travels: no secrets, only what reaching it needs. */
export interface WireDevice {
  /** Device name. */
  nodeName: string;
  /** Address to connect to. */
  address: string;
  /** Port of the first transport. */
  port: number;
  /** Credential realm (the worker looks it up in its own store). */
  realm: string;
  /** Canonical vendor. */
  vendor: string;
  /** Platform id. */
  platform?: string;
  /** Device type, upper case. */
  deviceType?: string;
  /** Transports to try, in order. */
  transports?: ("ssh" | "telnet")[];
  /** The inventory's Telnet port. */
  telnetPort?: string;
  /**
   * Junos commits of this device are full commits (the submitter's
   * `juniperFullCommitFields` rule, decided where the inventory fields are).
   */
  fullCommit?: boolean;
}

/** The kind of work and its flags. */
export interface WireTask {
  /** `commands` (run commands) or `push` (configuration lines). */
  kind: "commands" | "push";
  /** Junos over the CLI. */
  forceCli?: boolean;
  /** Keep going after a failed command. */
  withErrors?: boolean;
  /** `push`: save the configuration after the lines. */
  save?: boolean;
}

/** One device's work in a batch. */
export interface DeviceWork {
  /** Position of the device in the fleet job (results merge in this order). */
  index: number;
  /** The device. */
  device: WireDevice;
  /** Its commands or configuration lines. */
  commands: string[];
}

/** The data of one BullMQ job: a batch of devices of one fleet job. */
export interface BatchJobData {
  /** {@linkcode PAYLOAD_VERSION}. */
  v: number;
  /** The fleet job's id. */
  job: string;
  /**
   * The Redis stream each device's result is added to (`XADD key * i INDEX r
   * RESULT [i INDEX r RESULT]...`, each result a {@linkcode DeviceJobResult}
   * as JSON) once the device finishes: the results of the devices a worker
   * finishes within a few milliseconds share one entry.
   */
  results: string;
  /**
   * The key that, once set, tells the workers that the fleet job was
   * cancelled: devices not started yet report `CANCELLED` instead of running.
   */
  cancelKey: string;
  /** The devices (one for a configuration push). */
  devices: DeviceWork[];
  /** What to run. */
  task: WireTask;
  /** Milliseconds allowed per device, all included. */
  timeoutMs: number;
  /** Retries after a transient connect failure. */
  retries: number;
  /** New connections per second per target address, across all workers (0: no cap). */
  connectsPerSecond: number;
}

/** What a batch job returns once every device of it is in the result stream. */
export interface BatchJobSummary {
  /** Devices run and reported by this try. */
  reported: number;
  /** Devices skipped: reported by an earlier try of the batch (a lost worker). */
  skipped: number;
}

/** An error as it travels. */
export interface WireError {
  /** The error's code. */
  code: ErrorCode;
  /** Its message. */
  message: string;
  /** The device concerned. */
  host?: string;
}

/** What a worker reports for one device: exactly one of results or error. */
export type DeviceJobResult =
  & {
    /** Tries made by the worker. */
    attempts: number;
    /** Milliseconds the worker spent. */
    elapsedMs: number;
    /** The worker's name (host, pid, tags). */
    worker: string;
  }
  & (
    | { ok: true; results: CommandOutput[] }
    | {
      ok: false;
      error: WireError;
      /** The command it failed on, when it failed on one. */
      command?: string;
      /** The outputs before it (and its own answer when the device gave one). */
      results?: CommandOutput[];
    }
  );

/**
 * The device fields that travel (an allowlist: a new inventory field never
 * leaks by default).
 *
 * @param d The device (a `NetDevice` fits).
 * @param fullCommit Whether its Junos commits are full commits.
 * @returns The device as it travels.
 *
 * @example Inventory passwords stay home
 * ```ts
 * import { NetDevice } from "@trigger/trigger";
 * import { wireDevice } from "@trigger/trigger/distributed";
 * import { strictEqual } from "node:assert/strict";
 *
 * const d = new NetDevice({ nodeName: "r1", manufacturer: "CISCO", enablePW: "s3cret" });
 * strictEqual(JSON.stringify(wireDevice(d)).includes("s3cret"), false);
 * strictEqual(wireDevice(d, true).fullCommit, true); // decided where the inventory is
 * ```
 */
export function wireDevice(d: ExecutorTarget, fullCommit = false): WireDevice {
  const w: WireDevice = {
    nodeName: d.nodeName,
    address: d.address,
    port: d.port,
    realm: d.realm,
    vendor: d.vendor,
  };
  if (d.platform !== undefined) w.platform = d.platform;
  if (d.deviceType !== undefined) w.deviceType = d.deviceType;
  if (d.transports !== undefined) w.transports = [...d.transports];
  const telnetPort = d.get?.("telnetPort") ??
    (d as unknown as Record<string, unknown>).telnetPort as string | undefined;
  if (telnetPort !== undefined && telnetPort !== "") w.telnetPort = String(telnetPort);
  if (fullCommit) w.fullCommit = true;
  return w;
}

/**
 * A travelled device as the executor's target.
 *
 * @param w The device as it travelled.
 * @returns The target (`fullCommit` kept for {@linkcode travelledFullCommit}).
 */
export function targetOf(w: WireDevice): ExecutorTarget {
  const fields: Record<string, string | undefined> = { telnetPort: w.telnetPort };
  return { ...w, get: (f: string) => fields[f] };
}

/** The `fullCommit` rule on the receiving side: what the submitter decided for the device. */
export function travelledFullCommit(device: ExecutorTarget): boolean {
  return (device as { fullCommit?: boolean }).fullCommit === true;
}

/** An error as it travels. */
export function wireError(e: TriggerError): WireError {
  return { code: e.code, message: e.message, ...(e.host === undefined ? {} : { host: e.host }) };
}

/**
 * A travelled error back as a `TriggerError` (a `CommandStepError` with the
 * command it failed on and the outputs before it, when the device failed on one).
 */
export function fromWireError(
  e: WireError,
  host: string,
  step?: { command?: string | undefined; results?: CommandOutput[] | undefined },
): TriggerError {
  const error = new TriggerError(e.code, e.message, { host: e.host ?? host });
  return step?.command === undefined
    ? error
    : new CommandStepError(error, step.command, step.results ?? []);
}

/** A failure as it travels: the error, and the command and outputs it failed at. */
export function wireFailure(
  e: TriggerError,
): { error: WireError; command?: string; results?: CommandOutput[] } {
  const f = failure(e);
  return {
    error: wireError(e),
    ...(f.command === undefined ? {} : { command: f.command, results: f.results }),
  };
}

/**
 * Reads a device's result (a JSON string or an object), checking its shape.
 *
 * @param value A result stream entry's result, or a job's return value (a
 *   worker refusing a payload of another version returns its error so).
 * @returns The result, or `undefined` when it is not one.
 */
export function readResult(value: unknown): DeviceJobResult | undefined {
  let v = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  if (typeof v !== "object" || v === null) return undefined;
  const r = v as Record<string, unknown>;
  if (r.ok === true && Array.isArray(r.results)) return r as unknown as DeviceJobResult;
  if (r.ok === false && typeof r.error === "object" && r.error !== null) {
    return r as unknown as DeviceJobResult;
  }
  return undefined;
}

/**
 * The devices' results of one result stream entry, in order: its `i INDEX r
 * RESULT` pairs (an entry holds one or more).
 *
 * @param fields The entry's fields and values, as `XRANGE` / `XREAD` give them.
 * @returns Each device's index and its result's JSON (a pair without a
 *   whole-number index or without its result is left out).
 *
 * @example Two devices' results in one entry
 * ```ts
 * import { resultsOfEntry } from "@trigger/trigger/distributed";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const entry = ["i", "4", "r", '{"ok":true}', "i", "9", "r", '{"ok":false}'];
 * deepStrictEqual(resultsOfEntry(entry), [
 *   { index: 4, value: '{"ok":true}' },
 *   { index: 9, value: '{"ok":false}' },
 * ]);
 * ```
 */
export function resultsOfEntry(fields: readonly string[]): { index: number; value: string }[] {
  const out: { index: number; value: string }[] = [];
  for (let k = 0; k + 3 < fields.length; k += 4) {
    if (fields[k] !== "i" || fields[k + 2] !== "r") continue;
    const index = Number(fields[k + 1]);
    if (Number.isInteger(index) && index >= 0) out.push({ index, value: fields[k + 3]! });
  }
  return out;
}

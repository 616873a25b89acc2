/**
 * The distributed queue for the fleet verbs: `--via URL` or the `queueUrl`
 * setting, its password from `TRIGGER_QUEUE_PASSWORD` when the URL has none,
 * and the TLS CA file of the `queue` setting.
 *
 * @module
 */
import { type Command, Option } from "commander";
import { err, UsageError } from "../_io.ts";
import { intOption } from "../_context.ts";
import type { Settings } from "../../lib/settings/mod.ts";
import { type QueueConfig, queueConfig, queueOf } from "../../lib/distributed/config.ts";
import { type QueueConnectionOptions, queueDisplayUrl } from "../../lib/distributed/connection.ts";
import type { RemoteVia } from "../../lib/commando/fleet_runner.ts";
import type { DeviceRecord } from "../../lib/acl/db/device_match.ts";

/** Adds `--via URL`, `--local` (ignore the `queueUrl` setting) and, unless `threads` is false, `--workers N`. */
export function viaFlags(cmd: Command, threads = true): Command {
  if (threads) {
    cmd.option("--workers <n>", "shard the devices over N threads of this process (default 1)");
  }
  return cmd
    .option(
      "--via <url>",
      "run on remote workers through this Redis (BullMQ); default: settings queueUrl",
    )
    .addOption(
      new Option("--local", "run here even when the settings name a queue").conflicts("via"),
    );
}

/**
 * The queue connection of a run, or `undefined` to run locally.
 *
 * @param settings The settings.
 * @param config The `queue` setting.
 * @param via `--via`.
 * @param local `--local`.
 * @returns The connection options.
 */
export function viaConnection(
  settings: Settings,
  config: QueueConfig,
  via: string | undefined,
  local = false,
): QueueConnectionOptions | undefined {
  if (local) return undefined;
  const url = via ?? settings.queueUrl ?? undefined;
  if (url === undefined) return undefined;
  const password = Deno.env.get("TRIGGER_QUEUE_PASSWORD");
  return {
    url,
    ...(password ? { password } : {}),
    ...(config.tlsCaFile ? { tlsCaFile: config.tlsCaFile } : {}),
  };
}

/** The queue connection a worker needs (an error when none is configured). */
export function queueConnectionFrom(
  settings: Settings,
  config: QueueConfig,
  via: string | undefined,
): QueueConnectionOptions {
  const c = viaConnection(settings, config, via);
  if (c === undefined) {
    throw new UsageError(
      "No queue: give --via redis://HOST:PORT or set queueUrl (TRIGGER_QUEUE_URL)",
    );
  }
  return c;
}

/** The flags `--via`, `--local` and `--workers` of a fleet verb. */
export interface PlacementOpts {
  via?: string;
  local?: boolean;
  workers?: string;
}

/**
 * Where a fleet verb's devices run, as Commando options: `via` (remote
 * workers, routed by the `queue` setting; the submission told on standard
 * error) or `workers` (threads of this process), or nothing (here).
 */
export function fleetPlacement(
  settings: Settings,
  o: PlacementOpts,
): { via?: RemoteVia; workers?: number } {
  const config = queueConfig(settings.queue, Deno.env.get("HOME") ?? "");
  const connection = viaConnection(settings, config, o.via, o.local === true);
  const workers = intOption(o.workers, "--workers", 1);
  if (connection !== undefined && workers > 1) {
    throw new UsageError(
      "Cannot use --workers with --via: remote workers set their own concurrency",
    );
  }
  if (connection === undefined) return workers > 1 ? { workers } : {};
  return {
    via: {
      ...connection,
      prefix: config.prefix,
      queueOf: (d) => queueOf(config, d as unknown as DeviceRecord),
      onSubmitted: (s) => {
        const where = Object.entries(s.queues).map(([q, n]) =>
          `${q}: ${n.devices} device(s), ${n.workers} worker(s)`
        );
        err(`Job ${s.jobId} sent to ${queueDisplayUrl(connection.url)} (${where.join("; ")})`);
        for (const [q, n] of Object.entries(s.queues)) {
          if (n.workers === 0) {
            err(
              `warning: no worker serves queue "${q}" now; its devices wait for one (trigger worker --queue ${q})`,
            );
          }
        }
      },
    },
  };
}

/**
 * `trigger worker`: serve fleet jobs from the distributed queue (BullMQ on
 * Redis) on this host, with this host's credential store (or the stores of
 * `queue.realmStores`), known_hosts and connection policy.
 *
 * ```
 * trigger worker [--via redis://HOST:PORT] [--queue NAME]... [--concurrency N]
 *                [--tag key=value]... [--lock-duration S]
 *                [--known-hosts F] [--host-key-policy P] [--accept-new-hostkeys]
 * ```
 *
 * Queues: the `--queue` names; else the queue the settings' routes give the
 * worker's tags (`--tag site=nyc` serves the queue of the devices of site
 * NYC), else the default queue. The queue URL comes from `--via`, else the
 * `queueUrl` setting (`TRIGGER_QUEUE_URL`); its password from the URL or,
 * better (not shown by `ps`), `TRIGGER_QUEUE_PASSWORD`.
 *
 * One line per batch taken and per device on standard error (batch, start,
 * and its outcome once its result is in Redis). SIGINT or SIGTERM
 * stops taking work and lets the devices in progress finish; a second one
 * stops at once (their devices go to another worker after the lock expires).
 *
 * @module
 */
import { hostname } from "node:os";
import { Command } from "commander";
import { err, UsageError, writeErr } from "../_io.ts";
import { collect, hostKeyFlags, type HostKeyOpts, intOption, secondsOption } from "../_context.ts";
import { defaultSettings } from "../../lib/settings/mod.ts";
import { queueConfig, queueOf } from "../../lib/distributed/config.ts";
import { FleetWorker, type FleetWorkerEvent } from "../../lib/distributed/worker.ts";
import { workerExecutorOptions } from "../../lib/distributed/resources.ts";
import { taskExecutor } from "../../lib/commando/task_executor.ts";
import { queueConnectionFrom } from "./_via.ts";

interface Opts extends HostKeyOpts {
  via?: string;
  queue: string[];
  concurrency?: string;
  tag: string[];
  lockDuration?: string;
}

function tagsOf(flags: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const f of flags) {
    const at = f.indexOf("=");
    if (at <= 0) throw new UsageError(`Cannot use --tag "${f}": expected key=value`);
    tags[f.slice(0, at)] = f.slice(at + 1);
  }
  return tags;
}

function logLine(e: FleetWorkerEvent): string {
  const t = new Date().toISOString();
  switch (e.type) {
    case "ready":
      return `${t} worker ${e.name} serving ${e.queues.join(", ")}`;
    case "batch":
      return `${t} batch ${e.batch} (job ${e.job}, queue ${e.queue}, ${e.devices} device(s), try ${e.attempt})`;
    case "start":
      return `${t} start ${e.device} (job ${e.job}, queue ${e.queue}, try ${e.attempt})`;
    case "done":
      return `${t} ${e.ok ? "ok" : "FAILED"} ${e.device} ${(e.elapsedMs / 1000).toFixed(2)}s${
        e.code ? ` ${e.code}` : ""
      }`;
    case "error":
      return `${t} error: ${e.message}`;
  }
}

async function run(o: Opts): Promise<void> {
  const settings = defaultSettings();
  const config = queueConfig(settings.queue, Deno.env.get("HOME") ?? "");
  const connection = queueConnectionFrom(settings, config, o.via);
  const tags = tagsOf(o.tag);
  const queues = o.queue.length ? o.queue : [queueOf(config, { nodeName: hostname(), ...tags })];
  const executorOptions = workerExecutorOptions(settings, config, {
    hostKeys: {
      knownHosts: o.knownHosts,
      policy: o.hostKeyPolicy,
      acceptNew: o.acceptNewHostkeys,
    },
  });
  const worker = await FleetWorker.start({
    connection,
    queues,
    prefix: config.prefix,
    concurrency: intOption(o.concurrency, "--concurrency", settings.commandoMaxConns),
    tags,
    lockDurationMs: secondsOption(o.lockDuration, "--lock-duration", 30_000),
    executorFor: (task) => taskExecutor(task, executorOptions),
    // written at once, without console's formatting: a killed worker's log is complete
    onEvent: (e) => writeErr(logLine(e) + "\n"),
  });
  let signals = 0;
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      signals++;
      if (signals === 1) {
        err(`${new Date().toISOString()} stopping: finishing the devices in progress`);
        worker.close().then(resolve, resolve);
      } else {
        err(`${new Date().toISOString()} stopping now`);
        worker.close(true).then(resolve, resolve);
      }
    };
    Deno.addSignalListener("SIGINT", stop);
    Deno.addSignalListener("SIGTERM", stop);
  });
  await stopped;
}

/** Builds the `worker` command. */
export function command(): Command {
  const cmd = new Command("worker")
    .description("Serve fleet jobs from the distributed queue (BullMQ on Redis)")
    .option("--via <url>", "the queue's Redis (default: settings queueUrl, TRIGGER_QUEUE_URL)")
    .option(
      "--queue <name>",
      "a queue to serve (repeatable; default: from --tag and routes)",
      collect,
      [],
    )
    .option("--concurrency <n>", "devices worked on at once (default: settings commandoMaxConns)")
    .option(
      "--tag <key=value>",
      "a tag of this worker: site, region, zone... (repeatable)",
      collect,
      [],
    )
    .option(
      "--lock-duration <seconds>",
      "how long a lost worker's devices wait before another takes them (default 30)",
    );
  return hostKeyFlags(cmd).action((o: Opts) => run(o));
}

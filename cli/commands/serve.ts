/**
 * `trigger serve`: the HTTP API and its web page (the original's XML-RPC
 * server, for today).
 *
 * ```
 * trigger serve [--listen HOST:PORT] [--tls-cert F --tls-key F] [--tokens F]
 *               [--via URL | --local] [--max-body BYTES] [--allow-plain-http]
 *               [--known-hosts F] [--host-key-policy P]
 * ```
 *
 * Listens on 127.0.0.1:8080 by default. Anywhere but a loopback address it
 * needs TLS (`--tls-cert`, `--tls-key`) unless `--allow-plain-http` says
 * otherwise. Tokens come from `--tokens`, else `$TRIGGER_API_TOKENS`, else
 * `<settings prefix>/api_tokens.json`: mode 0600, each token with its verbs
 * (read, run, push). Jobs run on the distributed queue when `--via` or the
 * `queueUrl` setting names one, here otherwise (with this host's credential
 * store: nobody can be asked for a password). One log line per request on
 * standard error, with the token's name; a push is logged before it starts.
 *
 * @module
 */
import { join } from "node:path";
import { Command } from "commander";
import { err, UsageError } from "../_io.ts";
import { hostKeyFlags, type HostKeyOpts, hostKeysFrom, intOption } from "../_context.ts";
import { defaultSettings } from "../../lib/settings/mod.ts";
import { NetDevices } from "../../lib/netdevices/mod.ts";
import {
  accessPolicy,
  deviceCredentials,
  loadBouncePolicy,
  openCredentialStore,
} from "../../lib/resources/mod.ts";
import { loadTokens } from "../../lib/api/tokens.ts";
import { JobManager } from "../../lib/api/jobs.ts";
import { apiJobRunner } from "../../lib/api/fleet.ts";
import { createApi } from "../../lib/api/app.ts";
import { listen } from "../../lib/api/listen.ts";
import { fleetPlacement } from "./_via.ts";

interface Opts extends HostKeyOpts {
  listen: string;
  tlsCert?: string;
  tlsKey?: string;
  tokens?: string;
  via?: string;
  local?: boolean;
  maxBody?: string;
  allowPlainHttp?: boolean;
}

function hostPort(text: string): { hostname: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(text);
  const port = Number(m?.[2]);
  if (!m || !(port >= 0 && port < 65536)) {
    throw new UsageError(`Cannot use --listen "${text}": expected HOST:PORT (127.0.0.1:8080)`);
  }
  return { hostname: m[1]!.replace(/^\[|\]$/g, ""), port };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

async function run(o: Opts): Promise<void> {
  const { hostname, port } = hostPort(o.listen);
  if ((o.tlsCert === undefined) !== (o.tlsKey === undefined)) {
    throw new UsageError("Give both --tls-cert and --tls-key, or neither");
  }
  const tls = o.tlsCert !== undefined;
  if (!tls && !LOOPBACK.test(hostname) && !o.allowPlainHttp) {
    throw new UsageError(
      `Cannot listen on ${hostname} without TLS: tokens would cross the network in clear ` +
        "(give --tls-cert and --tls-key, or --allow-plain-http)",
    );
  }
  const settings = defaultSettings();
  const tokenFile = o.tokens ?? Deno.env.get("TRIGGER_API_TOKENS") ??
    join(settings.prefix, "api_tokens.json");
  const tokens = await loadTokens(tokenFile);
  const inventory = await NetDevices.load({ settings });
  for (const w of inventory.warnings) err(`warning: ${w}`);
  const placement = fleetPlacement(settings, {
    ...(o.via === undefined ? {} : { via: o.via }),
    local: o.local === true,
  });
  const store = await openCredentialStore(settings);
  const added: string[] = [];
  const runner = apiJobRunner({
    inventory,
    executorOptions: {
      ...hostKeysFrom(settings, o, added),
      policy: accessPolicy(settings),
      credentials: deviceCredentials(settings, { store }),
      connectTimeoutMs: settings.connectTimeoutMs,
      loginTimeoutMs: 20_000,
      commandTimeoutMs: settings.commandTimeoutMs,
    },
    via: placement.via,
    maxConns: settings.commandoMaxConns,
    onPush: (req, devices) =>
      err(`${new Date().toISOString()} push: ${JSON.stringify({ devices, lines: req.lines })}`),
  });
  const jobs = new JobManager(runner, placement.via ? "queue" : "local");
  const app = createApi({
    tokens,
    jobs,
    inventory,
    bounce: () => loadBouncePolicy(settings),
    maxBodyBytes: intOption(o.maxBody, "--max-body", 1_048_576),
    onRequest: (r) =>
      err(`${new Date().toISOString()} ${r.token} ${r.method} ${r.path} ${r.status} ${r.ms}ms`),
  });
  const server = await listen({
    hostname,
    port,
    ...(tls
      ? { cert: await Deno.readTextFile(o.tlsCert!), key: await Deno.readTextFile(o.tlsKey!) }
      : {}),
  }, app.fetch);
  err(
    `trigger serve: ${server.scheme}://${
      hostname.includes(":") ? `[${hostname}]` : hostname
    }:${server.port}/ ` +
      `(${tokens.length} token(s), jobs run ${placement.via ? "on the queue" : "here"})`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    Deno.addSignalListener("SIGINT", stop);
    Deno.addSignalListener("SIGTERM", stop);
  });
  jobs.cancelAll();
  await server.close();
}

/** Builds the `serve` command. */
export function command(): Command {
  const cmd = new Command("serve")
    .description("Serve the HTTP API and the web page (jobs, inventory, ACL tools, bounce)")
    .option("--listen <host:port>", "address to listen on", "127.0.0.1:8080")
    .option("--tls-cert <file>", "PEM certificate (HTTPS)")
    .option("--tls-key <file>", "PEM private key")
    .option(
      "--tokens <file>",
      "bearer tokens (mode 0600; default: settings prefix/api_tokens.json)",
    )
    .option(
      "--via <url>",
      "run jobs on remote workers through this Redis (default: settings queueUrl)",
    )
    .option("--local", "run jobs here even when the settings name a queue")
    .option("--max-body <bytes>", "largest request body (default 1048576)")
    .option("--allow-plain-http", "listen without TLS on a non-loopback address");
  return hostKeyFlags(cmd).action((o: Opts) => run(o));
}

/**
 * `trigger gong DEVICE [--oob] [--telnet]`: log in to one device
 * interactively (the original's `gong`, "go").
 *
 * The name may be partial: several matches give a numbered menu on a
 * terminal (without one, an error listing the candidates). Credentials come
 * from the store by the device's realm (asked for with echo off on a
 * terminal and saved when missing). SSH is tried first, then Telnet when
 * the device lists it (`--telnet` forces Telnet); `--oob` connects by Telnet
 * to the out-of-band console named in the inventory. Unknown host keys get
 * OpenSSH's trust-on-first-use question on a terminal (refused with
 * `HOSTKEY_UNKNOWN` otherwise). On IOS-like devices that show `host>`,
 * gong enters the default mode (`enable`, with the stored enable password)
 * when the password is known, as the original did; a refused one is a
 * warning and the session goes on. `.gorc` init commands are sent after the
 * first prompt. The terminal is raw while connected; `~.` after a newline
 * disconnects, and the terminal is restored however the session ends.
 *
 * Exit status: 0 after a session, 2 when it could not start.
 *
 * @module
 */
import { Command } from "commander";
import { err, UsageError, write } from "../_io.ts";
import { canPrompt } from "../_secret_input.ts";
import { type FleetContext, fleetOptions, type FleetOpts, loadFleetContext } from "../_context.ts";
import { passthrough, promptRegex } from "./_passthrough.ts";
import { DeviceLookupError, type NetDevice } from "../../lib/netdevices/mod.ts";
import { deviceTarget, openInteractive, planConnection } from "../../lib/session/plan.ts";
import { autoEnable } from "../../lib/session/auto_enable.ts";
import type { SessionCredentials } from "../../lib/session/types.ts";
import { getPlatform } from "../../lib/platforms/registry.ts";
import { connectTelnet } from "../../lib/transport/telnet.ts";
import type { ShellTransport } from "../../lib/transport/transport.ts";
import { loadGorc } from "../../lib/gorc/gorc.ts";

interface Opts extends FleetOpts {
  oob?: boolean;
  telnet?: boolean;
}

/** Finds the device; several candidates give a numbered menu on a terminal. */
async function pick(ctx: FleetContext, name: string): Promise<NetDevice> {
  try {
    return ctx.inventory.find(name);
  } catch (e) {
    if (!(e instanceof DeviceLookupError)) throw e;
    const choices = e.ambiguous
      ? e.candidates.map((k) => ctx.inventory.get(k)!).filter(Boolean)
      : ctx.inventory.candidates(name, { limit: 20 });
    if (choices.length === 1) return choices[0]!;
    if (choices.length === 0 || !canPrompt()) throw e;
    err(`${choices.length} possible matches found for "${name}":`);
    choices.forEach((d, i) => err(`  [${i + 1}] ${d.key}`));
    const { input } = await import("@inquirer/prompts");
    const process = (await import("node:process")).default;
    const answer = await input(
      {
        message: "Enter a device number:",
        validate: (v) => {
          const n = Number(v);
          return (Number.isInteger(n) && n >= 1 && n <= choices.length) ||
            `a number from 1 to ${choices.length}`;
        },
      },
      { output: process.stderr },
    );
    return choices[Number(answer) - 1]!;
  }
}

async function connectOob(device: NetDevice): Promise<ShellTransport> {
  const con = device.console;
  if (con === undefined) {
    throw new UsageError(`Device "${device.nodeName}" has no out-of-band console in the inventory`);
  }
  const port = con.port ?? 23;
  err(`OOB Information for ${device.nodeName}:\ntelnet ${con.host} ${port}\nConnecting you now...`);
  return await connectTelnet({ host: device.nodeName, address: con.host, port });
}

async function connectDevice(
  ctx: FleetContext,
  d: NetDevice,
  o: Opts,
): Promise<{ transport: ShellTransport; credentials: SessionCredentials }> {
  const plan = planConnection(deviceTarget(d), {
    interactive: true,
    forceCli: true,
    policy: ctx.policy,
    ...(o.telnet ? { only: "telnet" as const } : {}),
  });
  const credentials = await ctx.credentials(d.realm, d);
  const transport = await openInteractive(plan, {
    ...ctx.hostKeys,
    policy: ctx.policy,
    credentials,
    connectTimeoutMs: ctx.settings.connectTimeoutMs,
    onFallback: (from, to) => err(`${from} to ${d.nodeName} refused; trying ${to}`),
  });
  return { transport, credentials };
}

function terminalSize(): { columns: number; rows: number } | undefined {
  try {
    return Deno.consoleSize();
  } catch {
    return undefined;
  }
}

async function run(name: string, o: Opts): Promise<void> {
  const ctx = await loadFleetContext(o, { includeNonProduction: true, askHostKeys: true });
  const device = await pick(ctx, name);
  if (device.adminStatus !== "PRODUCTION") {
    err("WARNING: You are connecting to a non-production device.");
  }
  const opened = o.oob ? undefined : await connectDevice(ctx, device, o);
  const transport = opened?.transport ?? await connectOob(device);
  for (const m of ctx.added) err(m);
  const profile = device.platform === undefined ? undefined : getPlatform(device.platform);
  err(`Connected to ${device.nodeName}.  Use ~. to exit.`);
  // IOS-like devices land at "host>": enter the default mode when the enable
  // password is known, as the original did (the screen shows it all)
  let atPrompt = false;
  if (opened !== undefined && device.platform !== undefined) {
    const encoder = new TextEncoder();
    try {
      const r = await autoEnable(
        transport,
        { name: device.nodeName, address: device.address, platform: device.platform },
        {
          credentials: opened.credentials,
          loginTimeoutMs: 10_000,
          onData: (text) => write(encoder.encode(text)),
        },
      );
      atPrompt = true;
      if (r.error) err(`\r\nwarning: not enabled: ${r.error.message}`);
    } catch (e) {
      // no prompt recognised: the user still gets the shell as it is
      err(`\r\nwarning: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const gorc = o.oob
    ? []
    : (await loadGorc(ctx.settings.gorcFile, { allowed: ctx.settings.gorcAllowedCommands }))
      .commandsFor(device.vendor);
  const raw = Deno.stdin.isTerminal();
  const resize = () => {
    const size = terminalSize();
    if (size) transport.resize?.(size.columns, size.rows);
  };
  try {
    if (raw) Deno.stdin.setRaw(true);
    resize();
    if (raw) Deno.addSignalListener("SIGWINCH", resize);
    const end = await passthrough({
      transport,
      input: Deno.stdin.readable,
      output: write,
      initCommands: gorc,
      atPrompt,
      ...(profile ? { prompt: promptRegex(profile.modes.map((m) => m.promptPattern)) } : {}),
      returnChar: profile?.options.returnChar ?? "\n",
    });
    if (raw) Deno.stdin.setRaw(false);
    err(`\r\nConnection to ${device.nodeName} closed${end === "escape" ? "" : " by the device"}.`);
  } finally {
    if (raw) {
      Deno.removeSignalListener("SIGWINCH", resize);
      Deno.stdin.setRaw(false);
    }
    await transport.close().catch(() => {});
  }
  Deno.exitCode = 0;
}

/** Builds the `gong` command. */
export function command(): Command {
  const cmd = new Command("gong")
    .description("Log in to a device interactively (partial names give a menu)")
    .argument("<device>", "device name (full, short, or part of it)")
    .option("-o, --oob", "connect to the out-of-band console (inventory OOB fields)")
    .option("--telnet", "use Telnet instead of SSH");
  return fleetOptions(cmd, false).action((name: string, o: Opts) => run(name, o));
}

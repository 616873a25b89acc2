/**
 * Wires a CLI engine to one connection (SSH shell or Telnet) with the
 * device's faults applied: garbage before the prompt, a hang after login,
 * slow or truncated output, a drop in the middle of a configuration push.
 *
 * @module
 */
import { CliEngine } from "./cli_engine.ts";
import type { EmulatedDevice } from "./emulated_device.ts";
import { garbageBytes, midPushDrop } from "./faults.ts";
import { OutputGate } from "./output_gate.ts";

/** Options of {@linkcode startCliSession}. */
export interface CliSessionOptions {
  /** The device. */
  device: EmulatedDevice;
  /** The logged-in user. */
  username: string;
  /** The enable password. */
  enablePassword: string;
  /** Sends bytes to the client. */
  send: (bytes: Uint8Array) => void;
  /** Ends the session politely (logout). */
  end: () => void;
  /** Drops the connection abruptly (faults). */
  kill: () => void;
}

/** A running CLI session. */
export interface CliSession {
  /** Feeds what the client typed. */
  feed(text: string): void;
  /** Stops timers; call when the connection closed. */
  close(): void;
}

/** Starts the CLI: prints the banner of the day and the first prompt. */
export function startCliSession(options: CliSessionOptions): CliSession {
  const { device } = options;
  const faults = device.faults;
  const gate = new OutputGate(options.send, options.kill, faults);
  if (faults.hang === "login") return { feed: () => {}, close: () => gate.close() };
  let configLines = 0;
  let stalled = false;
  // what the engine writes while handling one chunk the client sent (echo,
  // output, prompt) leaves as one write, as a device's tty would send it,
  // instead of one SSH packet per echoed character
  let batch: string | undefined;
  const flush = () => {
    if (batch) gate.write(batch);
    if (batch !== undefined) batch = "";
  };
  const engine = new CliEngine({
    platform: device.platform,
    device: device.cli(options.username, device.nextSession()),
    enablePassword: options.enablePassword,
    write: (t) => batch === undefined ? gate.write(t) : void (batch += t),
    close: () => {
      flush();
      options.end();
    },
    stickyPager: faults.stickyPager === true,
    rejectConfig: faults.rejectConfig === true,
    ...(faults.ignoreConfig === undefined ? {} : { ignoreConfig: faults.ignoreConfig }),
    onConfigLine: () => {
      flush();
      if (++configLines !== 3) return;
      if (faults.disconnectMidPush && midPushDrop(device, faults)) {
        gate.close();
        options.kill();
      } else if (faults.hangMidPush && midPushDrop(device, faults, "hangMidPush")) {
        stalled = true; // from now on nothing is read or answered
      }
    },
  });
  if (faults.garbage === true) gate.write(garbageBytes());
  else if (typeof faults.garbage === "string") gate.write(faults.garbage);
  engine.start();
  const feed = (t: string) => {
    if (stalled) return;
    batch = "";
    try {
      engine.feed(t);
    } finally {
      const out = batch;
      batch = undefined;
      if (out && !stalled) gate.write(out);
    }
  };
  return { feed, close: () => gate.close() };
}

/** Runs one command the way an SSH `exec` request does; returns its output. */
export function runExec(device: EmulatedDevice, username: string, command: string): string {
  const engine = new CliEngine({
    platform: device.platform,
    device: device.cli(username, device.nextSession()),
    enablePassword: "",
    write: () => {},
    close: () => {},
    echo: false,
  });
  return engine.runOnce(command);
}

/**
 * Interactive logins (`gong`) on IOS-like devices land at the `host>` prompt;
 * like the original Trigger, the toolkit enters the platform's default mode
 * (`host#`) for the user when an enable password is known.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import type { ShellTransport } from "../transport/transport.ts";
import { revealSecret } from "../transport/_ssh2.ts";
import { resolveProfile } from "./connect.ts";
import { Session } from "./session.ts";
import type { SessionOptions, SessionTarget } from "./types.ts";

/** What {@linkcode autoEnable} did. */
export interface AutoEnableResult {
  /** The mode the prompt shows at the end (`undefined` when unknown). */
  mode: string | undefined;
  /** Whether the enable step ran and succeeded. */
  enabled: boolean;
  /** Why enabling failed (the session stays usable where the device left it). */
  error?: TriggerError;
}

/**
 * Waits for the first prompt of a freshly opened interactive shell and, when
 * it shows a mode from which the platform's default mode is one `enable`
 * away and an enable password is known, enters that mode. Everything the
 * device sends goes to `options.onData` (the user's screen); nothing else is
 * sent (no paging or width commands).
 *
 * @param transport A logged-in shell from `openInteractive`.
 * @param target The device (its platform picks the prompts and mode graph).
 * @param options Credentials (the enable password), login timeout, `onData`.
 * @returns The mode reached and whether enabling ran; a refused enable
 *   password comes back as `error`, not thrown.
 * @throws {TriggerError} `TIMEOUT` when no prompt comes, `TRANSPORT_CLOSED`.
 *
 * @example Enable on a lab device
 * ```ts
 * import { startLab } from "@trigger/trigger/lab";
 * import { autoEnable, openInteractive } from "@trigger/trigger/session";
 * import { strictEqual } from "node:assert/strict";
 *
 * await using lab = await startLab({ devices: 1, vendors: ["cisco_ios"], telnet: false });
 * const d = lab.devices[0]!;
 * const credentials = { ...lab.credentials };
 * const target = { name: d.name, address: d.address, port: d.ports.ssh, platform: "cisco_ios" };
 * const shell = await openInteractive(target, { credentials, hostKeyPolicy: "off" });
 * const r = await autoEnable(shell, target, { credentials });
 * strictEqual(r.mode, "privileged");
 * await shell.close();
 * ```
 */
export async function autoEnable(
  transport: ShellTransport,
  target: SessionTarget,
  options: SessionOptions,
): Promise<AutoEnableResult> {
  const profile = resolveProfile(target);
  const session = new Session(target.name, profile, transport, options);
  await session.attach();
  const from = profile.modes.find((m) => m.name === session.mode);
  const hop = from?.transitions.find((t) => t.to === profile.defaultMode);
  const needsEnable =
    hop?.steps.some((s) =>
      s.type === "sendPromptedInput" && typeof s.response === "object" &&
      s.response.secret === "enable"
    ) ?? false;
  if (!needsEnable || revealSecret(options.credentials.enablePassword) === undefined) {
    return { mode: session.mode, enabled: false };
  }
  try {
    await session.enterMode(profile.defaultMode);
    return { mode: session.mode, enabled: true };
  } catch (e) {
    if (!(e instanceof TriggerError)) throw e;
    return { mode: session.mode, enabled: false, error: e };
  }
}

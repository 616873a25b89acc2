/**
 * A CLI session on one device: connect, log in, find the prompt, escalate,
 * turn paging off, then send commands and collect clean outputs.
 *
 * @module
 */
import { cancelledError, TriggerError } from "../errors.ts";
import { onAbort } from "../_util/abort.ts";
import { type ChannelEvent, type ModePrompt, PromptEngine, stripEcho } from "../channel/engine.ts";
import { DEFAULT_PAGERS, learnedPromptPattern } from "../channel/patterns.ts";
import type { PlatformProfile, SecretRef, Step } from "../platforms/profile.ts";
import type { ShellTransport } from "../transport/transport.ts";
import { revealSecret } from "../transport/_ssh2.ts";
import { CommandFailedError, PromptTimeoutError } from "./errors.ts";
import { type ConnectionPlan, openPlannedShell, planConnection } from "./plan.ts";
import { modePath } from "./_mode_graph.ts";
import type { CommandResult, SessionOptions, SessionTarget } from "./types.ts";

const INTERIM = "\u0000interim";
/**
 * The abort reason of a read that waited too long: one shared value (never
 * surfaced to callers), so a read costs no Error and stack capture.
 */
const READ_TIMEOUT = new TriggerError("TIMEOUT", "read timeout");
type Prompted = Extract<ChannelEvent, { type: "prompt" }>;

/** Options of {@linkcode Session.send}. */
export interface SendOptions {
  /**
   * Milliseconds without output before timing out.
   *
   * @default {the session's commandTimeoutMs}
   */
  timeoutMs?: number;
}

/** Options of {@linkcode Session.sendMany}. */
export interface SendManyOptions extends SendOptions {
  /**
   * Keep going after a failed command instead of throwing.
   *
   * @default {false}
   */
  withErrors?: boolean;
  /**
   * Called with each result as it comes (a change can record how far it got).
   *
   * @default {undefined}
   */
  onResult?: (result: CommandResult, index: number) => void;
}

/** An open CLI session. Create it with {@linkcode openSession}. */
export class Session {
  /** Device name. */
  readonly host: string;
  /** The platform profile in use (a private copy). */
  readonly profile: PlatformProfile;
  /** The underlying transport. */
  readonly transport: ShellTransport;
  #engine: PromptEngine;
  #options: SessionOptions;
  #decoder = new TextDecoder();
  #mode: string | undefined;
  #prompt = "";
  #closed = false;

  /** @internal Use {@linkcode openSession}. */
  constructor(
    host: string,
    profile: PlatformProfile,
    transport: ShellTransport,
    options: SessionOptions,
  ) {
    this.host = host;
    this.profile = profile;
    this.transport = transport;
    this.#options = options;
    const secrets = [options.credentials.password, options.credentials.enablePassword]
      .map(revealSecret).filter((s): s is string => s !== undefined);
    this.#engine = new PromptEngine({
      prompts: profile.modes.map((m) => ({ mode: m.name, pattern: m.promptPattern })),
      pagers: [...profile.pagers, ...DEFAULT_PAGERS],
      ...(options.autoConfirm === false
        ? { confirmations: [] }
        : profile.confirmations.length
        ? { confirmations: profile.confirmations }
        : {}),
      returnChar: profile.options.returnChar,
      secrets,
    });
  }

  /** The current mode, as the last prompt showed it. */
  get mode(): string | undefined {
    return this.#mode;
  }

  /** The last prompt seen. */
  get prompt(): string {
    return this.#prompt;
  }

  /**
   * @internal Waits for the first prompt and learns it: nothing is sent but a nudge, and (where
   * the platform learns its prompt) one return, which must bring the same prompt back. Line
   * noise before the first prompt can end like one (`...a8>`); learned, it would reject every
   * real prompt after it. When the prompt after the return differs, the first was noise: that
   * one is the device's own first prompt and the answer to the return is still to come (unless
   * both came at once), so it is read too.
   */
  async attach(): Promise<void> {
    const timeout = this.#options.loginTimeoutMs ?? 20_000;
    const first = await this.#exchange(null, [], timeout, "the prompt", { nudgeAfterMs: 3000 });
    if (this.profile.options.learnPrompt === false) return;
    const returnChar = this.profile.options.returnChar;
    const again = await this.#exchange(returnChar, [], timeout, "the prompt");
    let prompt = again.prompt;
    const same = learnedPromptPattern(first.prompt).test(again.prompt);
    if (!same && !again.output.split("\n").some((l) => l.trim() === again.prompt)) {
      try {
        prompt = (await this.#exchange(null, [], Math.min(timeout, 2000), "the prompt")).prompt;
      } catch (e) {
        // a prompt that changes by itself (a clock in it): the second one stands
        if (!(e instanceof PromptTimeoutError)) throw e;
      }
    }
    this.#engine.learnPrompt(prompt);
  }

  /** @internal Waits for the first prompt, reaches the mode wanted and runs the platform's opening steps. */
  async start(): Promise<void> {
    await this.attach();
    const desired = this.#options.mode ?? this.profile.defaultMode;
    await this.enterMode(desired);
    for (const step of this.profile.onOpen) await this.#runStep(step);
  }

  async #exchange(
    data: string | null,
    extra: ModePrompt[],
    timeoutMs: number,
    what: string,
    opts: { nudgeAfterMs?: number } = {},
  ): Promise<Prompted> {
    this.#assertOpen();
    this.#engine.reset(extra);
    if (data !== null) await this.transport.write(data);
    let nudge = opts.nudgeAfterMs;
    while (true) {
      const wait = nudge !== undefined ? Math.min(nudge, timeoutMs) : timeoutMs;
      const chunk = await this.#read(wait);
      if (chunk === "timeout") {
        if (nudge !== undefined && nudge < timeoutMs) {
          nudge = undefined;
          timeoutMs -= wait;
          await this.transport.write(this.profile.options.returnChar);
          continue;
        }
        throw new PromptTimeoutError(this.host, what, wait, this.#engine.tail());
      }
      if (chunk === null) {
        this.#closed = true;
        throw new TriggerError(
          "TRANSPORT_CLOSED",
          `Device "${this.host}" closed the session while waiting for ${what}; last output: ${
            JSON.stringify(this.#engine.tail())
          }`,
          { host: this.host },
        );
      }
      const text = this.#decoder.decode(chunk, { stream: true });
      this.#options.onData?.(text);
      for (const ev of this.#engine.feed(text)) {
        if (ev.type === "send") {
          await this.transport.write(ev.data);
        } else {
          if (ev.mode !== INTERIM) {
            this.#prompt = ev.prompt;
            this.#mode = ev.mode ?? this.#mode;
          }
          return ev;
        }
      }
    }
  }

  async #read(ms: number): Promise<Uint8Array | null | "timeout"> {
    const ac = new AbortController();
    const marker = READ_TIMEOUT;
    const timer = setTimeout(() => ac.abort(marker), ms);
    const outer = this.#options.signal;
    using _ = onAbort(outer, () => ac.abort(outer?.reason));
    try {
      return await this.transport.read(ac.signal);
    } catch (e) {
      if (e === marker || (ac.signal.aborted && ac.signal.reason === marker)) return "timeout";
      if (outer?.aborted) throw cancelledError(outer, `Session on "${this.host}"`, this.host);
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  #assertOpen(): void {
    if (this.#closed) {
      throw new TriggerError("TRANSPORT_CLOSED", `Session on "${this.host}" is closed`, {
        host: this.host,
      });
    }
  }

  #secret(ref: string | SecretRef): string {
    if (typeof ref === "string") return ref;
    const c = this.#options.credentials;
    const v = revealSecret(ref.secret === "enable" ? c.enablePassword : c.password);
    if (v === undefined) {
      throw new TriggerError(
        "MODE_UNREACHABLE",
        `Device "${this.host}" asks for the ${ref.secret} password, and none was given`,
        { host: this.host },
      );
    }
    return v;
  }

  async #runStep(step: Step, timeoutMs?: number): Promise<Prompted | undefined> {
    const rc = this.profile.options.returnChar;
    const timeout = timeoutMs ?? this.#options.commandTimeoutMs ?? 30_000;
    switch (step.type) {
      case "write":
        await this.transport.write(step.data);
        return undefined;
      case "enterMode":
        await this.enterMode(step.mode);
        return undefined;
      case "sendInput":
        return await this.#exchange(
          step.input + rc,
          [],
          timeout,
          `the prompt after "${step.input}"`,
        );
      case "sendPromptedInput": {
        const interim = [{ mode: INTERIM, pattern: step.prompt }];
        const what = `the prompt after "${step.input}"`;
        const first = await this.#exchange(step.input + rc, interim, timeout, what);
        if (first.mode !== INTERIM) return first;
        const answer = this.#secret(step.response);
        const before = this.#mode;
        const second = await this.#exchange(answer + rc, interim, timeout, what);
        // asked again, or back at the same prompt after a refusal ("% Access denied")
        if (second.mode === INTERIM || (second.mode === before && this.#refused(second.output))) {
          throw new TriggerError(
            "AUTH_FAILED",
            `Device "${this.host}" refused the password for "${step.input}"`,
            { host: this.host },
          );
        }
        return second;
      }
    }
  }

  /** Whether the text after a password answer reads as a refusal. */
  #refused(output: string): boolean {
    return /access denied|bad (?:secrets|passwords)|incorrect|authentication failed|invalid password|wrong password|% ?error/i
      .test(output);
  }

  /**
   * Moves to a mode by following the platform's transitions (shortest path).
   *
   * @param mode Target mode name.
   * @returns Resolves once the device's prompt shows that mode.
   * @throws {TriggerError} `MODE_UNREACHABLE` (no path, a missing secret, or the
   *   device ended elsewhere), `AUTH_FAILED` (enable password refused), `TIMEOUT`.
   */
  async enterMode(mode: string): Promise<void> {
    if (this.#mode === mode) return;
    const path = modePath(this.profile, this.#mode, mode);
    if (!path) {
      throw new TriggerError(
        "MODE_UNREACHABLE",
        `Cannot reach mode "${mode}" from "${this.#mode ?? "unknown"}" on "${this.host}"`,
        { host: this.host },
      );
    }
    for (const hop of path) {
      for (const step of hop.steps) await this.#runStep(step);
      if (this.#mode !== hop.to) {
        throw new TriggerError(
          "MODE_UNREACHABLE",
          `Expected mode "${hop.to}" on "${this.host}", but the prompt "${this.#prompt}" shows "${
            this.#mode ?? "unknown"
          }"`,
          { host: this.host },
        );
      }
    }
  }

  /**
   * Sends one command and waits for the prompt.
   *
   * @param command The command line (the platform's line ending is added).
   * @param options Timeout override.
   * @returns The result; `failed` is set when a failure indicator appears.
   * @throws {PromptTimeoutError} `TIMEOUT` with the last output seen.
   * @throws {TriggerError} `TRANSPORT_CLOSED` when the device hangs up.
   */
  async send(command: string, options: SendOptions = {}): Promise<CommandResult> {
    const { timeoutMs = this.#options.commandTimeoutMs ?? 30_000 } = options;
    const startedAt = new Date();
    const t0 = performance.now();
    // the platform's appended text (PicOS `| no-more` on `show` commands)
    const wire = this.profile.appendToCommands.reduce(
      (c, a) => new RegExp(a.pattern).test(command) && !c.endsWith(a.text) ? c + a.text : c,
      command,
    );
    const ev = await this.#exchange(
      wire + this.profile.options.returnChar,
      [],
      timeoutMs,
      `the prompt after "${command}"`,
    );
    return this.#result(command, stripEcho(ev.output, wire), startedAt, t0);
  }

  /** A command's result (the blank lines a device prints before its prompt are not output). */
  #result(command: string, text: string, startedAt: Date, t0: number): CommandResult {
    const output = text.replace(/(?:\n[ \t]*)+$/, "");
    return {
      command,
      output,
      raw: this.#engine.raw,
      failed: this.profile.failureIndicators.some((f) => output.includes(f)),
      startedAt,
      elapsedMs: Math.round(performance.now() - t0),
    };
  }

  /**
   * Sends commands in order.
   *
   * @param commands Command lines.
   * @param options `withErrors` keeps going after failures; timeout override.
   * @returns One result per command.
   * @throws {CommandFailedError} `COMMAND_FAILED` with the results so far,
   *   unless `withErrors`.
   */
  async sendMany(commands: string[], options: SendManyOptions = {}): Promise<CommandResult[]> {
    const { withErrors = false } = options;
    const results: CommandResult[] = [];
    const interval = this.#options.commandIntervalMs ?? 0;
    for (const [i, command] of commands.entries()) {
      if (i > 0 && interval > 0) await new Promise((r) => setTimeout(r, interval));
      const r = await this.send(command, options);
      results.push(r);
      options.onResult?.(r, i);
      if (r.failed && !withErrors) throw new CommandFailedError(this.host, results);
    }
    return results;
  }

  /**
   * Saves the configuration so that it survives a reload, as the platform's
   * profile says (`management.save`: `write memory`, `copy running-config
   * startup-config` with its confirmation, `save sys config`...), then
   * returns to the mode the session was in.
   *
   * @param options Timeout of each step (saving can be slow). @default {120000}
   * @returns One result per step sent; empty when the platform needs no save
   *   (a commit already keeps the configuration).
   * @throws {CommandFailedError} `COMMAND_FAILED` when the device reports an error.
   * @throws {TriggerError} `MODE_UNREACHABLE`, `TIMEOUT`, `TRANSPORT_CLOSED`.
   */
  async saveConfig(options: SendOptions = {}): Promise<CommandResult[]> {
    const { timeoutMs = 120_000 } = options;
    const save = this.profile.management.save;
    if (save === null) return [];
    const home = this.#mode;
    await this.enterMode(save.mode);
    const results: CommandResult[] = [];
    for (const step of save.steps) {
      if (step.type === "sendInput") {
        results.push(await this.send(step.input, { timeoutMs }));
        continue;
      }
      const startedAt = new Date();
      const t0 = performance.now();
      const ev = await this.#runStep(step, timeoutMs);
      if (ev !== undefined && step.type === "sendPromptedInput") {
        // the echo of the answer (asked) or of the command (not asked) is not output
        const answer = typeof step.response === "string" ? step.response : "";
        const nl = ev.output.indexOf("\n");
        const first = (nl < 0 ? ev.output : ev.output.slice(0, nl)).trim();
        const drop = first === answer || first.endsWith(step.input);
        const text = !drop ? ev.output : nl < 0 ? "" : ev.output.slice(nl + 1);
        results.push(this.#result(step.input, text, startedAt, t0));
      }
      if (results.at(-1)?.failed) throw new CommandFailedError(this.host, results);
    }
    if (home !== undefined) await this.enterMode(home);
    return results;
  }

  /**
   * Leaves politely (default mode, then the platform's exit commands) and
   * closes the transport. Safe to call twice; never throws.
   *
   * @returns Resolves once the transport is closed.
   */
  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      try {
        for (const step of this.profile.onClose) {
          if (step.type === "write") await this.transport.write(step.data);
        }
      } catch { /* the device may already be gone */ }
    }
    await this.transport.close();
  }

  /** Closes the session (for `await using`). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Opens a CLI session: connect, log in, detect and learn the prompt, move to
 * the default mode (enable with the enable secret if needed), run the
 * platform's on-open steps (paging off).
 *
 * @param target The device (name, address, platform, transports ...), or a
 *   plan from {@linkcode planConnection}.
 * @param options Credentials, timeouts, host key policy, hooks.
 * @returns The open session; close it (or `await using`).
 * @throws {TriggerError} `INVALID_ARGUMENT` (a bad target), `AUTH_FAILED`, `CONNECTION_REFUSED`, `TIMEOUT`,
 *   `HOSTKEY_MISMATCH`, `HOSTKEY_UNKNOWN`, `MODE_UNREACHABLE`, `PROFILE_INVALID`.
 *
 * @example Run commands on a router
 * ```ts ignore
 * import { openSession } from "@trigger/trigger";
 *
 * await using s = await openSession(
 *   { name: "r1", address: "192.0.2.1", platform: "cisco_ios" },
 *   { credentials: { username: "netops", password: "pw", enablePassword: "en" } },
 * );
 * const r = await s.send("show version");
 * console.log(r.output);
 * ```
 */
export async function openSession(
  target: SessionTarget | ConnectionPlan,
  options: SessionOptions,
): Promise<Session> {
  const plan = "attempts" in target ? target : planConnection(target, {
    forceCli: true,
    ...(options.policy ? { policy: options.policy } : {}),
  });
  const transport = await openPlannedShell(plan, options);
  const session = new Session(plan.target.name, plan.profile, transport, options);
  try {
    await session.start();
  } catch (e) {
    await transport.close().catch(() => {});
    throw e;
  }
  return session;
}

/**
 * The progress line of the fleet verbs (`run-cmds`, `gnng`, `load-config`,
 * and any verb that works on many devices): one line on standard error,
 * redrawn in place, shown only when standard error is a terminal, so that
 * standard output (text, `--json`, a file) never holds a byte of it.
 *
 * It shows from the first second what the job is doing: how many devices
 * are done (and failed), connecting, working and waiting, the time spent
 * and, once devices finish, an estimate of the time left. It redraws every
 * second even when nothing changes, so a slow fleet never looks hung.
 * Output printed while it runs goes through {@linkcode ProgressLine.around},
 * which clears the line first and draws it again after.
 *
 * It depends on nothing in `lib/`: a verb maps its own events to
 * {@linkcode FleetCounts} (a Commando `Progress` fits as is).
 *
 * @module
 */
import { writeErr } from "./_io.ts";

/** What the line shows: counts for a job over many devices. */
export interface FleetCounts {
  /** Devices in the job, when known. */
  total: number | undefined;
  /** Devices finished, successes and failures. */
  done: number;
  /** Devices that failed (included in `done`). */
  failed: number;
  /** Devices being connected to (TCP, SSH, login). */
  connecting: number;
  /** Devices reached and being worked on. */
  connected: number;
}

/** Options of {@linkcode ProgressLine}. */
export interface ProgressLineOptions {
  /** Where the text goes. @default {raw writes to standard error} */
  write?: (text: string) => void;
  /** The terminal width. @default {Deno.consoleSize().columns, else 80} */
  columns?: () => number;
  /** Milliseconds between redraws when nothing changes. @default {1000} */
  tickMs?: number;
  /** The clock, in milliseconds. @default {performance.now} */
  now?: () => number;
}

const CLEAR = "\r\x1b[K";

/** `m:ss` (or `h:mm:ss`). */
export function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** The text of the line for these counts (no escape codes). */
export function progressText(label: string, c: FleetCounts | undefined, elapsedMs: number): string {
  if (c === undefined) return `${label}: starting  ${clock(elapsedMs)}`;
  const total = c.total ?? "?";
  const parts = [`${label}: ${c.done}/${total} done`];
  if (c.failed > 0) parts[0] += ` (${c.failed} failed)`;
  parts.push(`connecting ${c.connecting}`, `working ${c.connected}`);
  if (c.total !== undefined) {
    const waiting = c.total - c.done - c.connecting - c.connected;
    if (waiting > 0) parts.push(`waiting ${waiting}`);
  }
  parts.push(clock(elapsedMs));
  // At the pace so far, recomputed at each draw: it grows while nothing finishes.
  if (c.total !== undefined && c.done > 0 && c.done < c.total) {
    parts.push(`ETA ${clock((elapsedMs * (c.total - c.done)) / c.done)}`);
  }
  return parts.join("  ");
}

function terminalColumns(): number {
  try {
    return Deno.consoleSize().columns;
  } catch {
    return 80;
  }
}

/** Whether standard error is a terminal (where a progress line belongs). */
export function stderrIsTerminal(): boolean {
  try {
    return Deno.stderr.isTerminal();
  } catch {
    return false;
  }
}

/**
 * A progress line, redrawn in place.
 *
 * @example Draw counts into a string instead of the terminal
 * ```ts
 * import { ProgressLine } from "./_progress.ts";
 * import { ok } from "node:assert/strict";
 *
 * let screen = "";
 * const line = new ProgressLine("run-cmds", { write: (t) => (screen += t), tickMs: 60_000 });
 * line.update({ total: 10, done: 0, failed: 0, connecting: 4, connected: 0 });
 * line.stop();
 * ok(screen.includes("run-cmds: 0/10 done  connecting 4  working 0  waiting 6"));
 * ```
 */
export class ProgressLine {
  readonly #label: string;
  readonly #write: (text: string) => void;
  readonly #columns: () => number;
  readonly #now: () => number;
  readonly #t0: number;
  #counts: FleetCounts | undefined;
  #shown = false;
  #stopped = false;
  #lastDraw = -Infinity;
  #timer: ReturnType<typeof setInterval>;

  /**
   * Starts the line (drawn at once, then every `tickMs`).
   *
   * @param label The verb, shown first.
   * @param options Where to write, width, tick and clock (tests).
   */
  constructor(label: string, options: ProgressLineOptions = {}) {
    this.#label = label;
    this.#write = options.write ?? writeErr;
    this.#columns = options.columns ?? terminalColumns;
    this.#now = options.now ?? (() => performance.now());
    this.#t0 = this.#now();
    // Keeps the process alive until stop(): verbs stop it in a `finally`.
    this.#timer = setInterval(() => this.#draw(), options.tickMs ?? 1000);
    this.#draw();
  }

  /**
   * A line on standard error for `label`, or `undefined` when standard error
   * is not a terminal (piped, redirected, CI): then nothing is drawn at all.
   *
   * @param label The verb, shown first.
   * @returns The line, or `undefined`.
   */
  static onTerminal(label: string): ProgressLine | undefined {
    return stderrIsTerminal() ? new ProgressLine(label) : undefined;
  }

  /**
   * Shows new counts (redrawn at most ten times a second, but always when a
   * device finishes).
   *
   * @param counts The job's counts.
   */
  update(counts: FleetCounts): void {
    const finished = counts.done !== this.#counts?.done;
    this.#counts = counts;
    if (finished || this.#now() - this.#lastDraw >= 100) this.#draw();
  }

  /**
   * Runs `print` (which writes to standard output or error) with the line
   * cleared, then draws it again.
   *
   * @param print Writes the output.
   * @returns What `print` returned.
   */
  around<T>(print: () => T): T {
    this.#clear();
    try {
      return print();
    } finally {
      this.#draw();
    }
  }

  /** Clears the line and stops redrawing; idempotent (also `using`). */
  [Symbol.dispose](): void {
    this.stop();
  }

  /** Clears the line and stops redrawing; idempotent. */
  stop(): void {
    if (this.#stopped) return;
    this.#clear();
    this.#stopped = true;
    clearInterval(this.#timer);
  }

  #clear(): void {
    if (this.#shown) this.#write(CLEAR);
    this.#shown = false;
  }

  #draw(): void {
    if (this.#stopped) return;
    this.#lastDraw = this.#now();
    const text = progressText(this.#label, this.#counts, this.#lastDraw - this.#t0);
    // Never wider than the terminal: a wrapped line cannot be cleared in place.
    const width = Math.max(10, this.#columns() - 1);
    this.#write(CLEAR + (text.length > width ? text.slice(0, width - 1) + "…" : text));
    this.#shown = true;
  }
}

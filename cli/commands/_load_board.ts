/**
 * `load-acl`'s progress. On a terminal, a live board (as the original's
 * curses screen): counts done/failed/skipped of the total, elapsed time and
 * ETA, a bar, one line per device in flight with its step and how long it
 * has been at it, and the last failures with their reasons; redrawn in
 * place, and left on screen (without the in-flight part) when the run ends.
 * Without a terminal: one line per device step on standard error.
 *
 * @module
 */
import type { AclLoadEvent, AclLoadResult, AclLoadStep } from "../../lib/changemgmt/mod.ts";
import { clock } from "../_progress.ts";

/** Where the board draws, and how big the screen is. */
export interface BoardScreen {
  /** Writes text to the terminal (standard error). */
  write(text: string): void;
  /** Columns and rows. */
  size(): { columns: number; rows: number };
}

/** The live board of one run. */
export class LoadBoard {
  readonly #screen: BoardScreen;
  readonly #title: string;
  readonly #total: number;
  readonly #now: () => number;
  readonly #start: number;
  readonly #inFlight = new Map<string, { step: AclLoadStep; since: number }>();
  readonly #failures: string[] = [];
  #counts = { done: 0, failed: 0, skipped: 0, cancelled: 0 };
  #drawn = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  /**
   * @param screen The terminal.
   * @param options The title (`load-acl EDGE-IN`), the devices to load, a clock.
   */
  constructor(
    screen: BoardScreen,
    options: { title: string; total: number; now?: () => number },
  ) {
    this.#screen = screen;
    this.#title = options.title;
    this.#total = options.total;
    this.#now = options.now ?? (() => performance.now());
    this.#start = this.#now();
  }

  /** Starts redrawing four times a second. */
  start(): void {
    this.#draw();
    this.#timer = setInterval(() => this.#draw(), 250);
  }

  /** Takes a run event. */
  onEvent(e: AclLoadEvent): void {
    if (e.kind === "step") {
      this.#inFlight.set(e.device, { step: e.step, since: this.#now() });
      return;
    }
    this.#finished(e.result);
  }

  #finished(r: AclLoadResult): void {
    this.#inFlight.delete(r.device);
    if (r.status === "done") this.#counts.done++;
    else if (r.status === "failed") this.#counts.failed++;
    else if (r.status === "cancelled") this.#counts.cancelled++;
    else if (r.status === "skipped") this.#counts.skipped++;
    if (r.status === "failed" || r.left === "unknown") {
      const state = r.left === "unknown" ? " [STATE UNKNOWN]" : "";
      this.#failures.push(`${r.device}: ${r.step ?? "?"}: ${r.message}${state}`);
    }
  }

  /** Stops redrawing and leaves the final board (no in-flight lines) on screen. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#inFlight.clear();
    this.#draw(true);
  }

  /** The board's lines, as drawn now. */
  lines(final = false): string[] {
    const { columns, rows } = this.#screen.size();
    const now = this.#now();
    const elapsed = now - this.#start;
    const c = this.#counts;
    const finished = c.done + c.failed + c.skipped + c.cancelled;
    const rate = finished > 0 ? elapsed / finished : 0;
    const left = Math.max(0, this.#total - finished);
    const eta = final ? "" : finished > 0 ? `  ETA ${clock(rate * left)}` : "  ETA --:--";
    const head = `${this.#title}  ${finished}/${this.#total} devices  ${c.done} done  ` +
      `${c.failed} failed  ${c.skipped} skipped${
        c.cancelled ? `  ${c.cancelled} not started` : ""
      }  elapsed ${clock(elapsed)}${eta}`;
    const width = Math.max(10, Math.min(columns, 100) - 2);
    const filled = this.#total ? Math.round((finished / this.#total) * width) : width;
    const out = [head, `[${"#".repeat(filled)}${".".repeat(width - filled)}]`];
    // room for the in-flight devices and the last failures, within the screen
    const room = Math.max(4, rows - 8);
    const failures = this.#failures.slice(-Math.min(5, Math.floor(room / 2) || 1));
    const flying = [...this.#inFlight].sort(([a], [b]) => a.localeCompare(b));
    if (!final) {
      out.push(`In flight (${flying.length}):`);
      const shown = flying.slice(0, Math.max(1, room - failures.length - 2));
      for (const [device, { step, since }] of shown) {
        out.push(`  ${device.padEnd(28)} ${step.padEnd(8)} ${clock(now - since)}`);
      }
      if (flying.length > shown.length) out.push(`  ... and ${flying.length - shown.length} more`);
    }
    if (failures.length) {
      out.push(`Last failures (${this.#failures.length}):`, ...failures.map((f) => `  ${f}`));
    }
    // one screen row per line: a device's multi-line error is folded, long lines are cut
    return out.map((l) => l.replace(/\s*[\r\n]+\s*/g, " | "))
      .map((l) => (l.length >= columns ? l.slice(0, Math.max(1, columns - 1)) : l));
  }

  #draw(final = false): void {
    const lines = this.lines(final);
    // back to the board's first line and overwrite it line by line (each line
    // erased to its end); rows left over from a taller board are blanked. No
    // erase-screen: a terminal (tmux) may push a cleared screen into its history
    const up = this.#drawn > 0 ? `\r\x1b[${this.#drawn}A` : "";
    const extra = Math.max(0, this.#drawn - lines.length);
    const blank = extra > 0 ? `${"\x1b[K\n".repeat(extra)}\x1b[${extra}A` : "";
    this.#screen.write(`${up}${lines.map((l) => `${l}\x1b[K\n`).join("")}${blank}`);
    this.#drawn = lines.length;
  }
}

/** Without a terminal: one line per device step and result on standard error. */
export function stepLines(write: (line: string) => void): (e: AclLoadEvent) => void {
  return (e) => {
    const at = new Date().toISOString();
    if (e.kind === "step") write(`${at} ${e.device}: ${e.step}`);
    else {
      const r = e.result;
      const held = r.left ? ` (holds ${r.left.toUpperCase()})` : "";
      write(`${at} ${r.device}: ${r.status.toUpperCase()}${held} ${r.message}`);
    }
  };
}

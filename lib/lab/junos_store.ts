/**
 * A Junos device's configuration databases: the committed (running)
 * configuration, the shared candidate, rollback history, the exclusive lock
 * and `commit confirmed` with automatic rollback.
 *
 * @module
 */
import {
  cloneConfig,
  type ConfigNode,
  diffConfig,
  mergeConfig,
  parseConfigText,
  printConfig,
  replaceConfig,
} from "./junos_config.ts";

/** Outcome of a store operation: `null` on success, else an error message. */
export type StoreResult = string | null;

/** Candidate and committed configuration of one Junos device. */
export class JunosStore {
  #running: ConfigNode[];
  #candidate: ConfigNode[];
  #history: ConfigNode[][] = [];
  #lockOwner: number | null = null;
  #confirmTimer: ReturnType<typeof setTimeout> | undefined;
  #lastCommit = new Date();

  /** Starts with `initialText` committed. */
  constructor(initialText: string) {
    this.#running = parseConfigText(initialText);
    this.#candidate = cloneConfig(this.#running);
  }

  /** The committed configuration. */
  get running(): readonly ConfigNode[] {
    return this.#running;
  }

  /** The candidate configuration. */
  get candidate(): readonly ConfigNode[] {
    return this.#candidate;
  }

  /** Session id holding the exclusive lock, if any. */
  get lockOwner(): number | null {
    return this.#lockOwner;
  }

  /** True while a `commit confirmed` waits for its confirmation. */
  get confirmPending(): boolean {
    return this.#confirmTimer !== undefined;
  }

  /** The committed configuration as text, with the `## Last commit` header. */
  runningText(): string {
    const t = this.#lastCommit.toISOString().replace("T", " ").slice(0, 19);
    return `## Last commit: ${t} UTC by lab\nversion 20.4R3-S2.6;\n${printConfig(this.#running)}`;
  }

  /** Candidate against committed, `show | compare` style. */
  compare(): string {
    return diffConfig(this.#running, this.#candidate);
  }

  /** Fails when another session holds the lock. */
  #check(session: number): StoreResult {
    if (this.#lockOwner !== null && this.#lockOwner !== session) {
      return `configuration database locked by:\n  lab terminal p${this.#lockOwner} (pid ${
        1000 + this.#lockOwner
      }) on since ${this.#lastCommit.toISOString()}`;
    }
    return null;
  }

  /** Loads configuration into the candidate (`merge`, `replace`/`override`). */
  load(session: number, nodes: readonly ConfigNode[], action: string): StoreResult {
    const locked = this.#check(session);
    if (locked) return locked;
    if (action === "override") this.#candidate = cloneConfig(nodes);
    else if (action === "replace") replaceConfig(this.#candidate, nodes);
    else mergeConfig(this.#candidate, nodes);
    return null;
  }

  /** Applies an edit function to the candidate (CLI `set` lines). */
  edit(session: number, fn: (candidate: ConfigNode[]) => void): StoreResult {
    const locked = this.#check(session);
    if (locked) return locked;
    fn(this.#candidate);
    return null;
  }

  /** Commits the candidate; `confirmSeconds` arms an automatic rollback. */
  commit(session: number, confirmSeconds?: number): StoreResult {
    const locked = this.#check(session);
    if (locked) return locked;
    this.#clearTimer();
    this.#history.unshift(this.#running);
    if (this.#history.length > 49) this.#history.pop();
    this.#running = cloneConfig(this.#candidate);
    this.#lastCommit = new Date();
    if (confirmSeconds !== undefined && confirmSeconds > 0) {
      this.#confirmTimer = setTimeout(() => {
        this.#confirmTimer = undefined;
        const previous = this.#history.shift();
        if (previous === undefined) return;
        this.#running = previous;
        this.#candidate = cloneConfig(previous);
        this.#lastCommit = new Date();
      }, confirmSeconds * 1000);
    }
    return null;
  }

  /** Copies rollback `n` (0 = the committed configuration, 1 = the one before) into the candidate. */
  rollback(n: number): StoreResult {
    const past = n === 0 ? this.#running : this.#history[n - 1];
    if (past === undefined) return `rollback ${n} does not exist`;
    this.#candidate = cloneConfig(past);
    return null;
  }

  /** Throws the candidate away. */
  discard(session: number): StoreResult {
    const locked = this.#check(session);
    if (locked) return locked;
    this.#candidate = cloneConfig(this.#running);
    return null;
  }

  /** Takes the exclusive lock. */
  lock(session: number): StoreResult {
    if (this.#lockOwner !== null) return this.#check(session) ?? "configuration already locked";
    this.#lockOwner = session;
    return null;
  }

  /** Releases the lock (and discards uncommitted changes as Junos does). */
  unlock(session: number): StoreResult {
    if (this.#lockOwner !== session) return "configuration database not locked by this session";
    this.#lockOwner = null;
    return null;
  }

  /** Called when a session ends: drops its lock. */
  sessionClosed(session: number): void {
    if (this.#lockOwner === session) {
      this.#lockOwner = null;
      this.#candidate = cloneConfig(this.#running);
    }
  }

  #clearTimer(): void {
    if (this.#confirmTimer !== undefined) clearTimeout(this.#confirmTimer);
    this.#confirmTimer = undefined;
  }

  /** Cancels timers (lab shutdown). */
  close(): void {
    this.#clearTimer();
  }
}

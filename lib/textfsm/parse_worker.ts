/**
 * TextFSM parsing away from the event loop, with a time limit per output.
 * A template regex that backtracks without end would freeze the whole fleet
 * job if it ran on the main thread; a Web Worker does not help (a worker's
 * `terminate()` cannot stop a running regular expression: V8 finishes it
 * first), so parsing runs in a child process that is killed when one output
 * takes longer than the limit. That output's parse then fails with a
 * `TIMEOUT` error; the next output gets a fresh child.
 *
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import process from "node:process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { cancelledError, TriggerError } from "../errors.ts";
import type { CliTable, CliTableResult, ParseCmdOptions, TemplateText } from "./clitable.ts";
import { TemplateError, TextFsmError } from "./errors.ts";
import type { ChildError } from "./_parse_child.ts";

/** The argument that makes the single binary serve as the parse child. */
export const PARSE_CHILD_ARG = "__textfsm-parse-child";

/** Options of {@linkcode ParseWorker}. */
export interface ParseWorkerOptions {
  /**
   * The longest one output may take to parse, in milliseconds.
   *
   * @default {10000}
   */
  timeoutMs?: number;
  /**
   * The command line that starts a child speaking the protocol of
   * `lib/textfsm/_parse_child.ts`.
   *
   * @default {`deno run` of that module; inside the single binary, the binary itself}
   */
  command?: readonly string[];
}

interface Job {
  templates: readonly TemplateText[];
  text: string;
  pythonStrings: boolean;
  resolve: (r: CliTableResult) => void;
  reject: (e: unknown) => void;
}

function defaultCommand(): string[] {
  const here = import.meta.url;
  if (here.includes("$bunfs") || here.includes("~BUN")) return [process.execPath, PARSE_CHILD_ARG];
  const child = new URL("./_parse_child.ts", here);
  const deno = (globalThis as { Deno?: { execPath?: () => string; version?: { deno?: string } } })
    .Deno;
  if (deno?.version?.deno && typeof deno.execPath === "function") {
    return [
      deno.execPath(),
      "run",
      "--quiet",
      "--no-config",
      "--no-lock",
      "--no-prompt",
      child.href,
    ];
  }
  return [process.execPath, fileURLToPath(child)];
}

function rebuild(e: ChildError): TriggerError {
  if (e.kind === "template") return new TemplateError(e.reason, { source: e.source, line: e.line });
  if (e.kind === "fsm") return new TextFsmError(e.reason, e.ruleLine, e.inputLine, e.source);
  return new TriggerError(e.code as TriggerError["code"], e.message);
}

/**
 * Parses outputs in a child process, one at a time, each within a time
 * limit. Close it when done (`await using`, or {@linkcode ParseWorker.close}).
 *
 * @example Parse with the built-in templates, at most 5 s per output
 * ```ts
 * import { builtinCliTable, ParseWorker } from "@trigger/trigger/textfsm";
 * import { strictEqual } from "node:assert/strict";
 *
 * await using worker = new ParseWorker({ timeoutMs: 5000 });
 * const r = await worker.parseCmd(builtinCliTable(), "*10:01:02.123 UTC Mon Jan 1 2024\n", {
 *   Platform: "cisco_ios",
 *   Command: "show clock",
 * });
 * strictEqual(r.records[0]?.TIME, "10:01:02.123");
 * ```
 */
export class ParseWorker implements AsyncDisposable {
  readonly #timeoutMs: number;
  readonly #command: readonly string[];
  #child: ChildProcess | undefined;
  #exits = new Set<Promise<void>>();
  #sent = new Map<string, string>();
  #queue: Job[] = [];
  #current: { job: Job; timer: ReturnType<typeof setTimeout> } | undefined;
  #stderr = "";
  #closed = false;
  #ready = false;
  #startTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * Creates a worker; the child starts with the first output.
   *
   * @param options The time limit per output and the child's command line.
   * @throws {RangeError} When `timeoutMs` is not a positive number.
   */
  constructor(options: ParseWorkerOptions = {}) {
    const { timeoutMs = 10_000, command = defaultCommand() } = options;
    if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${timeoutMs}`);
    this.#timeoutMs = timeoutMs;
    this.#command = command;
  }

  /**
   * Parses an output with the template(s) an index picks, as
   * {@linkcode CliTable.parseCmd} does, in the child.
   *
   * @param table The index.
   * @param text The command output.
   * @param attributes Column name to value, e.g. `{ Platform, Command }`.
   * @param options Whether `List` items read as Python's strings.
   * @returns The merged table.
   * @throws {TriggerError} `TIMEOUT` when the parse takes longer than the limit;
   * `INVALID_ARGUMENT` when no template matches; template errors as `parseCmd`.
   */
  async parseCmd(
    table: CliTable,
    text: string,
    attributes: Readonly<Record<string, string>>,
    options: ParseCmdOptions = {},
  ): Promise<CliTableResult> {
    const row = table.findRow(attributes);
    if (!row) {
      throw new TriggerError(
        "INVALID_ARGUMENT",
        `Cannot find a template for attributes ${JSON.stringify(attributes)}`,
      );
    }
    return await this.parse(await table.templatesFor(row), text, options);
  }

  /**
   * Parses an output with given templates (merged as clitable does).
   *
   * @param templates The templates, in index order.
   * @param text The command output.
   * @param options Whether `List` items read as Python's strings.
   * @returns The merged table.
   * @throws {TriggerError} `TIMEOUT` when the parse takes longer than the limit;
   * `CANCELLED` after {@linkcode ParseWorker.close}; template errors.
   */
  parse(
    templates: readonly TemplateText[],
    text: string,
    options: ParseCmdOptions = {},
  ): Promise<CliTableResult> {
    const { pythonStrings = true } = options;
    if (this.#closed) {
      return Promise.reject(cancelledError(undefined, "Parsing on a closed worker"));
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ templates, text, pythonStrings, resolve, reject });
      this.#next();
    });
  }

  #start(): ChildProcess {
    const [cmd, ...args] = this.#command;
    const child = spawn(cmd!, args, { stdio: ["pipe", "pipe", "pipe"] });
    this.#sent = new Map();
    this.#stderr = "";
    this.#ready = false;
    // a child that cannot start within a generous bound fails the queue instead of hanging it
    this.#startTimer = setTimeout(() => child.kill("SIGKILL"), Math.max(30_000, this.#timeoutMs));
    child.stderr!.on("data", (d) => this.#stderr = (this.#stderr + d).slice(-2000));
    child.stdin!.on("error", () => {}); // a killed child: the exit handler reports it
    createInterface({ input: child.stdout! }).on("line", (line) => this.#answer(child, line));
    const exited = new Promise<void>((done) => {
      child.on("error", (e) => {
        this.#fail(
          child,
          new TriggerError("IO_ERROR", `Cannot start the parse process: ${e.message}`, {
            cause: e,
          }),
        );
        done();
      });
      child.on("exit", (code, signal) => {
        this.#fail(
          child,
          new TriggerError(
            "IO_ERROR",
            `The parse process ended (${signal ?? `exit ${code}`})${
              this.#stderr ? `: ${this.#stderr.trim()}` : ""
            }`,
          ),
        );
        done();
      });
    });
    this.#exits.add(exited);
    exited.then(() => this.#exits.delete(exited));
    return child;
  }

  #next(): void {
    if (this.#current !== undefined || this.#queue.length === 0) return;
    const child = this.#child ??= this.#start();
    if (!this.#ready) return; // the time limit counts parsing, not the child's start
    const job = this.#queue.shift()!;
    const templates = job.templates.map(({ name, text }) => {
      if (this.#sent.get(name) === text) return { name };
      this.#sent.set(name, text);
      return { name, text };
    });
    const timer = setTimeout(() => this.#timeout(child), this.#timeoutMs);
    this.#current = { job, timer };
    child.stdin!.write(
      `${JSON.stringify({ id: 0, templates, text: job.text, pythonStrings: job.pythonStrings })}\n`,
    );
  }

  #answer(child: ChildProcess, line: string): void {
    if (child === this.#child && !this.#ready) {
      this.#ready = true;
      clearTimeout(this.#startTimer);
      this.#next();
      return;
    }
    const current = this.#current;
    if (child !== this.#child || current === undefined) return;
    clearTimeout(current.timer);
    this.#current = undefined;
    const a = JSON.parse(line) as
      | { ok: true; result: CliTableResult }
      | { ok: false; error: ChildError };
    if (a.ok) current.job.resolve(a.result);
    else current.job.reject(rebuild(a.error));
    this.#next();
  }

  #timeout(child: ChildProcess): void {
    const current = this.#current;
    if (child !== this.#child || current === undefined) return;
    this.#current = undefined;
    this.#child = undefined;
    child.kill("SIGKILL");
    const names = current.job.templates.map((t) => t.name).join(", ");
    current.job.reject(
      new TriggerError(
        "TIMEOUT",
        `Cannot parse with ${names}: still running after ${this.#timeoutMs} ms ` +
          "(a template regex that backtracks without end?); the parse was stopped",
      ),
    );
    this.#next();
  }

  #fail(child: ChildProcess, error: TriggerError): void {
    if (child !== this.#child) return;
    this.#child = undefined;
    clearTimeout(this.#startTimer);
    const current = this.#current;
    this.#current = undefined;
    if (current !== undefined) {
      clearTimeout(current.timer);
      current.job.reject(error);
    } else if (!this.#ready) {
      // the child died before it could serve: the queue would only start it again
      for (const job of this.#queue.splice(0)) job.reject(error);
    }
    this.#next();
  }

  /**
   * Stops the child; outputs still queued fail with `CANCELLED`.
   *
   * @returns When the child has exited.
   */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) {
      job.reject(cancelledError(undefined, "Parsing on a closed worker"));
    }
    const child = this.#child;
    if (child !== undefined) {
      child.stdin!.end();
      const killer = setTimeout(() => child.kill("SIGKILL"), 2000);
      await Promise.all(this.#exits);
      clearTimeout(killer);
    }
    await Promise.all(this.#exits);
  }

  /** Same as {@linkcode ParseWorker.close}. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/**
 * Test helper: `trigger ARGS` as a real child process that a test can send
 * real signals to while it works (SIGINT as Ctrl-C does, SIGTERM, SIGKILL),
 * reading its output as it comes.
 *
 * @module
 */

const MAIN = new URL("../../cli/main.ts", import.meta.url).pathname;

/**
 * The Deno cache of this process: a child given another HOME would
 * otherwise start with an empty cache and download every npm package.
 */
export const DENO_DIR: string = Deno.env.get("DENO_DIR") ??
  `${Deno.env.get("XDG_CACHE_HOME") ?? `${Deno.env.get("HOME")}/.cache`}/deno`;

/** A running `trigger` process. */
export class TriggerChild implements AsyncDisposable {
  readonly #child: Deno.ChildProcess;
  #out = "";
  #err = "";
  readonly #reading: Promise<void>;
  #status: Deno.CommandStatus | undefined;

  private constructor(child: Deno.ChildProcess) {
    this.#child = child;
    const pump = async (s: ReadableStream<Uint8Array>, to: "out" | "err") => {
      const dec = new TextDecoder();
      for await (const chunk of s) {
        if (to === "out") this.#out += dec.decode(chunk, { stream: true });
        else this.#err += dec.decode(chunk, { stream: true });
      }
    };
    this.#reading = Promise.all([pump(child.stdout, "out"), pump(child.stderr, "err")])
      .then(() => {});
  }

  /** Starts `trigger ARGS` with exactly this environment (plus PATH and HOME if not given). */
  static spawn(env: Record<string, string>, args: string[]): TriggerChild {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", MAIN, ...args],
      env: { PATH: Deno.env.get("PATH") ?? "", DENO_DIR, ...env },
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    return new TriggerChild(child);
  }

  /** The process id. */
  get pid(): number {
    return this.#child.pid;
  }

  /** Standard output so far. */
  get stdout(): string {
    return this.#out;
  }

  /** Standard error so far. */
  get stderr(): string {
    return this.#err;
  }

  /** Sends a signal. */
  kill(signal: Deno.Signal): void {
    this.#child.kill(signal);
  }

  /** Waits until `check` is true (polled), or fails with the output so far. */
  async until(what: string, check: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (this.#status !== undefined || Date.now() > end) {
        throw new Error(
          `${what}: not seen (${this.#status ? `exited ${this.#status.code}` : "timeout"})\n` +
            `--- stdout:\n${this.#out}\n--- stderr:\n${this.#err}`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * Ctrl-C twice, as an impatient operator does: SIGINT, wait until the
   * process says it got it, SIGINT again; then waits for the exit.
   */
  async interruptTwice(): Promise<Awaited<ReturnType<TriggerChild["done"]>>> {
    this.kill("SIGINT");
    await this.until("the first interrupt", () => this.#err.includes("SIGINT received"));
    this.kill("SIGINT");
    return await this.done();
  }

  /** Waits for the exit; returns the code and all output. */
  async done(): Promise<{ code: number; signal: Deno.Signal | null; out: string; err: string }> {
    this.#status = await this.#child.status;
    await this.#reading;
    return {
      code: this.#status.code,
      signal: this.#status.signal,
      out: this.#out,
      err: this.#err,
    };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#status === undefined) {
      try {
        this.#child.kill("SIGKILL");
      } catch { /* already gone */ }
      await this.done();
    }
  }
}

/** The JSON lines of a log file (none when it does not exist). */
export async function logRecords(path: string): Promise<Record<string, unknown>[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch {
    return [];
  }
  return text.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l));
}

/**
 * Test helper: `trigger worker` processes with a lab's environment, their
 * log lines collected as they come, killable with real signals.
 *
 * @module
 */
const MAIN = new URL("../../cli/main.ts", import.meta.url).pathname;

/** A running `trigger worker` (or `serve`) process. */
export interface WorkerProcess extends AsyncDisposable {
  /** The process id. */
  pid: number;
  /** Its standard error so far (one line per device event). */
  log(): string;
  /** Resolves when a log line matches. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends a signal. */
  kill(signal: Deno.Signal): void;
  /** Resolves with the exit status. */
  status: Promise<Deno.CommandStatus>;
}

/** Starts `trigger worker ARGS` and waits until it serves its queues. */
export function startWorker(env: Record<string, string>, args: string[]): Promise<WorkerProcess> {
  return startTrigger(env, ["worker", ...args], /serving /);
}

/** Starts a long-running `trigger ARGS` and waits until its log matches `ready`. */
export async function startTrigger(
  env: Record<string, string>,
  args: string[],
  ready: RegExp,
): Promise<WorkerProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let text = "";
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  const pump = (async () => {
    const dec = new TextDecoder();
    for await (const chunk of child.stderr) {
      text += dec.decode(chunk, { stream: true });
      for (const w of [...waiters]) {
        const m = text.match(w.re);
        if (m) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m[0]);
        }
      }
    }
  })();
  const waitFor = (re: RegExp, timeoutMs = 60_000) => {
    const m = text.match(re);
    if (m) return Promise.resolve(m[0]);
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.splice(waiters.findIndex((w) => w.re === re), 1);
        reject(new Error(`worker log never matched ${re}:\n${text}`));
      }, timeoutMs);
      waiters.push({
        re,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      });
    });
  };
  const status = child.status;
  await Promise.race([
    waitFor(ready),
    status.then((s) => {
      throw new Error(`worker exited with ${s.code}:\n${text}`);
    }),
  ]);
  return {
    pid: child.pid,
    log: () => text,
    waitFor,
    kill: (s) => {
      try {
        child.kill(s);
      } catch { /* already gone */ }
    },
    status,
    async [Symbol.asyncDispose]() {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
      await status;
      await pump;
    },
  };
}

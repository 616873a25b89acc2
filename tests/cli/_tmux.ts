/**
 * Test helper: drive a command in a tmux session like a person at a
 * terminal (send keys, read the screen), and kill the session when done.
 * Each session runs on a tmux server of its own (`-L`), so concurrent tests
 * (or a person's `tmux kill-server`) never end another test's session.
 *
 * @module
 */

/** What the last failed tmux call said (shown when a wait times out). */
let lastError = "";

async function run(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) lastError = new TextDecoder().decode(out.stderr).trim();
  return new TextDecoder().decode(out.stdout);
}

/** Quotes a word for `sh`. */
export function shq(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** A tmux session running one shell command, 120x40. */
export class Tmux implements AsyncDisposable {
  readonly name = `trig-${crypto.randomUUID().slice(0, 8)}`;

  /** Runs a tmux command on this session's own server. */
  #tmux(...args: string[]): Promise<string> {
    return run("tmux", ["-L", this.name, ...args]);
  }

  /** Starts `command` (a shell line) with extra environment variables. */
  static async start(command: string, env: Record<string, string> = {}): Promise<Tmux> {
    const t = new Tmux();
    const vars = Object.entries(env).map(([k, v]) => `${k}=${shq(v)}`).join(" ");
    await t.#tmux(
      "new-session",
      "-d",
      "-s",
      t.name,
      "-x",
      "120",
      "-y",
      "40",
      `env ${vars} ${command}; echo "EXIT=$?"; stty -a; sleep 60`,
    );
    return t;
  }

  /** Sends keys (tmux key names such as `Enter`, or literal text). */
  async keys(...keys: string[]): Promise<void> {
    await this.#tmux("send-keys", "-t", this.name, ...keys);
  }

  /** Sends literal text (no key-name interpretation). */
  async type(text: string): Promise<void> {
    await this.#tmux("send-keys", "-t", this.name, "-l", text);
  }

  /** The screen and scrollback, as text. */
  screen(): Promise<string> {
    return this.#tmux("capture-pane", "-p", "-t", this.name, "-S", "-300");
  }

  /** Waits until the screen matches. */
  async waitFor(re: RegExp, ms = 20_000): Promise<string> {
    const end = Date.now() + ms;
    for (;;) {
      const s = await this.screen();
      if (re.test(s)) return s;
      if (Date.now() > end) {
        throw new Error(`tmux: no ${re} in:\n${s}${lastError ? `\n(tmux: ${lastError})` : ""}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.#tmux("kill-server");
  }
}

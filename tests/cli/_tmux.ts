/**
 * Test helper: drive a command in a tmux session like a person at a
 * terminal (send keys, read the screen), and kill the session when done.
 *
 * @module
 */

async function run(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  return new TextDecoder().decode(out.stdout);
}

/** Quotes a word for `sh`. */
export function shq(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** A tmux session running one shell command, 120x40. */
export class Tmux implements AsyncDisposable {
  readonly name = `trig-${crypto.randomUUID().slice(0, 8)}`;

  /** Starts `command` (a shell line) with extra environment variables. */
  static async start(command: string, env: Record<string, string> = {}): Promise<Tmux> {
    const t = new Tmux();
    const vars = Object.entries(env).map(([k, v]) => `${k}=${shq(v)}`).join(" ");
    await run("tmux", [
      "new-session",
      "-d",
      "-s",
      t.name,
      "-x",
      "120",
      "-y",
      "40",
      `env ${vars} ${command}; echo "EXIT=$?"; stty -a; sleep 60`,
    ]);
    return t;
  }

  /** Sends keys (tmux key names such as `Enter`, or literal text). */
  async keys(...keys: string[]): Promise<void> {
    await run("tmux", ["send-keys", "-t", this.name, ...keys]);
  }

  /** Sends literal text (no key-name interpretation). */
  async type(text: string): Promise<void> {
    await run("tmux", ["send-keys", "-t", this.name, "-l", text]);
  }

  /** The screen and scrollback, as text. */
  screen(): Promise<string> {
    return run("tmux", ["capture-pane", "-p", "-t", this.name, "-S", "-300"]);
  }

  /** Waits until the screen matches. */
  async waitFor(re: RegExp, ms = 20_000): Promise<string> {
    const end = Date.now() + ms;
    for (;;) {
      const s = await this.screen();
      if (re.test(s)) return s;
      if (Date.now() > end) throw new Error(`tmux: no ${re} in:\n${s}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await run("tmux", ["kill-session", "-t", this.name]);
  }
}

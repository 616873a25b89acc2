/**
 * A small ssh2 client for the lab tests: connect, open a shell, wait for
 * text, send lines. Independent of lib/session (tests prove the lab, not the
 * client layers).
 */
import ssh2 from "ssh2";

type Stream = {
  write(s: string): void;
  on(e: string, f: (d?: Uint8Array) => void): void;
  end(): void;
  close(): void;
};
type Client = {
  on(e: string, f: (x?: unknown) => void): Client;
  connect(o: Record<string, unknown>): void;
  shell(o: Record<string, unknown>, cb: (e: Error | undefined, s: Stream) => void): void;
  exec(c: string, cb: (e: Error | undefined, s: Stream) => void): void;
  subsys(n: string, cb: (e: Error | undefined, s: Stream) => void): void;
  end(): void;
  destroy(): void;
};

/** Options of {@linkcode connect}. */
export interface ConnectOptions {
  port: number;
  username: string;
  password: string;
  algorithms?: Record<string, string[]>;
  readyTimeout?: number;
  /** An already connected socket to use instead of connecting to `port`. */
  sock?: unknown;
}

/** An interactive shell with a growing transcript. */
export class Shell {
  text = "";
  closed = false;
  #waiters: Array<() => void> = [];
  constructor(readonly client: Client, readonly stream: Stream) {
    const dec = new TextDecoder();
    stream.on("data", (d) => {
      this.text += dec.decode(d, { stream: true });
      this.#waiters.splice(0).forEach((w) => w());
    });
    const closed = () => {
      this.closed = true;
      this.#waiters.splice(0).forEach((w) => w());
    };
    stream.on("close", closed);
    client.on("close", closed);
  }
  /** Resolves when `re` matches the transcript after `from`; rejects after `ms`. */
  async waitFor(re: RegExp, from = 0, ms = 15_000): Promise<string> {
    const deadline = Date.now() + ms;
    for (;;) {
      const m = re.exec(this.text.slice(from));
      if (m) return m[0];
      if (this.closed) {
        throw new Error(`closed before ${re}: ${JSON.stringify(this.text.slice(-300))}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`timeout waiting for ${re}: ${JSON.stringify(this.text.slice(-300))}`);
      }
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }
  /** Waits until the stream closed. */
  async waitClosed(ms = 15_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error("timeout waiting for close");
      await new Promise<void>((r) => {
        const t = setTimeout(r, 200);
        this.#waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }
  /** Sends text (no newline added). */
  send(s: string): void {
    this.stream.write(s);
  }
  /** Closes everything. */
  close(): void {
    this.client.end();
    this.client.destroy();
  }
}

/** Connects and authenticates; resolves with the client. */
export function connect(o: ConnectOptions): Promise<Client> {
  return new Promise((resolve, reject) => {
    const c = new ssh2.Client() as Client;
    c.on("ready", () => resolve(c));
    c.on("error", (e) => {
      c.destroy();
      reject(e);
    });
    c.connect({
      host: "127.0.0.1",
      port: o.port,
      username: o.username,
      password: o.password,
      readyTimeout: o.readyTimeout ?? 15_000,
      ...(o.sock ? { sock: o.sock } : {}),
      ...(o.algorithms ? { algorithms: o.algorithms } : {}),
    });
  });
}

/** Connects and opens a shell with a pty. */
export async function openShell(o: ConnectOptions): Promise<Shell> {
  const c = await connect(o);
  return await new Promise((resolve, reject) => {
    c.shell({ term: "vt100", cols: 80, rows: 24 }, (e, s) => {
      if (e) {
        c.destroy();
        return reject(e);
      }
      resolve(new Shell(c, s));
    });
  });
}

/** Runs one `exec` command and returns its output. */
export async function execOnce(o: ConnectOptions, command: string): Promise<string> {
  const c = await connect(o);
  try {
    return await new Promise((resolve, reject) => {
      c.exec(command, (e, s) => {
        if (e) return reject(e);
        let out = "";
        const dec = new TextDecoder();
        s.on("data", (d) => out += dec.decode(d, { stream: true }));
        s.on("close", () => resolve(out));
      });
    });
  } finally {
    c.end();
    c.destroy();
  }
}

/**
 * A small Redis client (RESP2 over TCP), enough for the ACL association and
 * queue stores: pipelined commands, replies matched in order, typed errors.
 *
 * @module
 */
import { Socket } from "node:net";
import { TriggerError } from "../../errors.ts";

/** A decoded RESP2 reply. */
export type RedisReply = string | number | null | RedisReply[];

interface Pending {
  resolve: (r: RedisReply) => void;
  reject: (e: Error) => void;
}

const CRLF = "\r\n";

/** A connection to one Redis server. */
export class RedisClient {
  readonly #socket: Socket;
  readonly #pending: Pending[] = [];
  #buffer: Buffer = Buffer.alloc(0);
  #closed = false;
  readonly #url: string;

  private constructor(socket: Socket, url: string) {
    this.#socket = socket;
    this.#url = url;
    socket.on("data", (chunk: Buffer) => this.#onData(chunk));
    socket.on(
      "close",
      () =>
        this.#fail(
          new TriggerError("TRANSPORT_CLOSED", `Cannot use Redis at ${url}: connection closed`),
        ),
    );
    socket.on(
      "error",
      (e) =>
        this.#fail(
          new TriggerError("TRANSPORT_CLOSED", `Cannot use Redis at ${url}: ${e.message}`, {
            cause: e,
          }),
        ),
    );
  }

  /**
   * Connects to `redis://[:password@]host[:port][/db]`.
   *
   * @param url The server.
   * @param timeoutMs Connect timeout.
   * @returns A ready client (authenticated, database selected).
   */
  static async connect(url: string, timeoutMs = 5000): Promise<RedisClient> {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new TriggerError("INVALID_ARGUMENT", `Cannot use Redis URL "${url}": not a URL`);
    }
    if (u.protocol !== "redis:") {
      throw new TriggerError(
        "INVALID_ARGUMENT",
        `Cannot use Redis URL "${url}": expected redis://host:port/db`,
      );
    }
    const host = u.hostname || "127.0.0.1";
    const port = Number(u.port || 6379);
    const display = `redis://${host}:${port}${u.pathname}`;
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = new Socket();
      const timer = setTimeout(() => {
        s.destroy();
        reject(
          new TriggerError(
            "TIMEOUT",
            `Cannot connect to Redis at ${display} within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      s.once("error", (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        const code = e.code === "ECONNREFUSED" ? "CONNECTION_REFUSED" : "TRANSPORT_CLOSED";
        reject(
          new TriggerError(code, `Cannot connect to Redis at ${display}: ${e.message}`, {
            cause: e,
          }),
        );
      });
      s.connect(port, host, () => {
        clearTimeout(timer);
        s.setNoDelay(true);
        resolve(s);
      });
    });
    const client = new RedisClient(socket, display);
    try {
      if (u.password) {
        const user = decodeURIComponent(u.username);
        await client.command(...(user ? ["AUTH", user] : ["AUTH"]), decodeURIComponent(u.password));
      }
      const db = u.pathname.replace(/^\//, "");
      if (db !== "" && db !== "0") await client.command("SELECT", db);
    } catch (e) {
      client.close();
      throw e;
    }
    return client;
  }

  /**
   * Sends one command and resolves with its reply.
   *
   * @param args The command and its arguments.
   * @returns The reply; a Redis error reply rejects with `ASSOCIATION_ERROR`.
   */
  command(...args: (string | number)[]): Promise<RedisReply> {
    if (this.#closed) {
      return Promise.reject(
        new TriggerError("TRANSPORT_CLOSED", `Cannot use Redis at ${this.#url}: connection closed`),
      );
    }
    let out = `*${args.length}${CRLF}`;
    for (const a of args) {
      const s = String(a);
      out += `$${Buffer.byteLength(s)}${CRLF}${s}${CRLF}`;
    }
    return new Promise((resolve, reject) => {
      this.#pending.push({ resolve, reject });
      this.#socket.write(out);
    });
  }

  /** Closes the connection; pending commands fail. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#socket.destroy();
  }

  #fail(e: Error): void {
    this.#closed = true;
    for (const p of this.#pending.splice(0)) p.reject(e);
  }

  #onData(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const parsed = parse(this.#buffer, 0);
      if (parsed === undefined) return;
      this.#buffer = this.#buffer.subarray(parsed.end);
      const p = this.#pending.shift();
      if (!p) continue;
      if (parsed.error !== undefined) {
        p.reject(
          new TriggerError("ASSOCIATION_ERROR", `Redis refused the command: ${parsed.error}`),
        );
      } else p.resolve(parsed.value);
    }
  }
}

interface Parsed {
  value: RedisReply;
  error?: string;
  end: number;
}

/** Parses one reply at `at`, or returns undefined when more bytes are needed. */
function parse(buf: Buffer, at: number): Parsed | undefined {
  const eol = buf.indexOf(CRLF, at);
  if (eol < 0) return undefined;
  const type = String.fromCharCode(buf[at]!);
  const line = buf.toString("utf8", at + 1, eol);
  const next = eol + 2;
  switch (type) {
    case "+":
      return { value: line, end: next };
    case "-":
      return { value: null, error: line, end: next };
    case ":":
      return { value: Number(line), end: next };
    case "$": {
      const len = Number(line);
      if (len < 0) return { value: null, end: next };
      if (buf.length < next + len + 2) return undefined;
      return { value: buf.toString("utf8", next, next + len), end: next + len + 2 };
    }
    case "*": {
      const n = Number(line);
      if (n < 0) return { value: null, end: next };
      const items: RedisReply[] = [];
      let pos = next;
      for (let i = 0; i < n; i++) {
        const item = parse(buf, pos);
        if (item === undefined) return undefined;
        items.push(item.value);
        pos = item.end;
      }
      return { value: items, end: pos };
    }
    default:
      throw new TriggerError(
        "PROTOCOL_ERROR",
        `Cannot parse Redis reply: unexpected type byte "${type}"`,
      );
  }
}

/**
 * A small SMTP client over `node:net` and `node:tls`: EHLO, STARTTLS or
 * implicit TLS, AUTH PLAIN/LOGIN, MAIL FROM / RCPT TO / DATA with
 * dot-stuffing, QUIT. One connection per message.
 *
 * @module
 */
import { onAbort } from "../_util/abort.ts";
import net from "node:net";
import tls from "node:tls";
import { cancelledError, TriggerError } from "../errors.ts";

/** How the connection is protected. */
export type SmtpTls = "implicit" | "starttls" | "opportunistic" | "none";

/** Options of {@linkcode sendMail}. */
export interface SmtpOptions {
  /** Server host name or address. */
  host: string;
  /**
   * Server port.
   *
   * @default {465 for implicit TLS, else 25}
   */
  port?: number;
  /**
   * `implicit` (SMTPS, port 465), `starttls` (required), `opportunistic`
   * (STARTTLS when offered) or `none`.
   *
   * @default {"implicit" on port 465, else "opportunistic"}
   */
  tls?: SmtpTls;
  /**
   * User name for AUTH; no AUTH when absent.
   *
   * @default {undefined}
   */
  user?: string;
  /**
   * Password for AUTH.
   *
   * @default {undefined}
   */
  password?: string;
  /**
   * The AUTH mechanism.
   *
   * @default {"PLAIN" when offered, else "LOGIN"}
   */
  authMethod?: "PLAIN" | "LOGIN";
  /**
   * Allow AUTH on a connection without TLS.
   *
   * @default {false}
   */
  allowInsecureAuth?: boolean;
  /**
   * Extra trusted CA certificates (PEM), e.g. a private relay's.
   *
   * @default {undefined}
   */
  ca?: string | string[];
  /**
   * Verify the server certificate.
   *
   * @default {true}
   */
  rejectUnauthorized?: boolean;
  /**
   * The name sent with EHLO.
   *
   * @default {"localhost"}
   */
  heloName?: string;
  /**
   * Aborts the exchange (the socket is destroyed).
   *
   * @default {undefined}
   */
  signal?: AbortSignal;
}

/** One server reply. */
interface Reply {
  code: number;
  lines: string[];
}

/** A socket with a reply reader. */
class Conn {
  #socket: net.Socket;
  #buf = "";
  #lines: string[] = [];
  #waiter: { resolve: (r: Reply) => void; reject: (e: Error) => void } | undefined;
  #failure: Error | undefined;

  constructor(socket: net.Socket) {
    this.#socket = socket;
    this.#attach(socket);
  }

  #attach(socket: net.Socket): void {
    socket.on("data", (chunk: Uint8Array | string) => this.#onData(String(chunk)));
    socket.on("error", (e: Error) => this.#fail(e));
    socket.on("close", () => this.#fail(new Error("connection closed by server")));
  }

  #fail(e: Error): void {
    this.#failure ??= e;
    const w = this.#waiter;
    this.#waiter = undefined;
    w?.reject(this.#failure);
  }

  #onData(chunk: string): void {
    this.#buf += chunk;
    let nl: number;
    while ((nl = this.#buf.indexOf("\n")) >= 0) {
      const line = this.#buf.slice(0, nl).replace(/\r$/, "");
      this.#buf = this.#buf.slice(nl + 1);
      this.#lines.push(line);
      if (/^\d{3}(?: |$)/.test(line)) {
        const reply = { code: Number(line.slice(0, 3)), lines: this.#lines.map((l) => l.slice(4)) };
        this.#lines = [];
        const w = this.#waiter;
        this.#waiter = undefined;
        w?.resolve(reply);
      }
    }
  }

  read(): Promise<Reply> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => (this.#waiter = { resolve, reject }));
  }

  async command(line: string, expect: number[], shown = line): Promise<Reply> {
    const reply = this.read();
    this.#socket.write(`${line}\r\n`);
    const r = await reply;
    if (!expect.includes(r.code)) {
      throw new TriggerError(
        r.code === 535 || r.code === 530 ? "AUTH_FAILED" : "NOTIFICATION_FAILED",
        `SMTP server answered ${r.code} ${r.lines.join(" ")} to ${shown.split(" ")[0]}`,
      );
    }
    return r;
  }

  writeRaw(data: string): void {
    this.#socket.write(data);
  }

  async startTls(options: tls.ConnectionOptions): Promise<void> {
    const plain = this.#socket;
    plain.removeAllListeners("data");
    plain.removeAllListeners("close");
    plain.removeAllListeners("error");
    const secure = tls.connect({ ...options, socket: plain });
    await new Promise<void>((resolve, reject) => {
      secure.once("secureConnect", () => resolve());
      secure.once("error", reject);
    });
    this.#socket = secure;
    this.#attach(secure);
  }

  get secure(): boolean {
    return this.#socket instanceof tls.TLSSocket;
  }

  destroy(): void {
    this.#socket.removeAllListeners("close");
    this.#socket.destroy();
  }
}

function connect(
  host: string,
  port: number,
  implicit: boolean,
  tlsOptions: tls.ConnectionOptions,
): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket: net.Socket = implicit
      ? tls.connect({ ...tlsOptions, host, port })
      : net.connect({ host, port });
    socket.setNoDelay(true);
    socket.once(implicit ? "secureConnect" : "connect", () => {
      socket.removeListener("error", reject);
      resolve(socket);
    });
    socket.once("error", reject);
  });
}

/**
 * Sends one message.
 *
 * @param from The envelope sender.
 * @param to The envelope recipients.
 * @param data The message (headers and body, CRLF line ends).
 * @param options Server, TLS and AUTH.
 * @returns When the server has accepted the message.
 * @throws {TriggerError} `NOTIFICATION_FAILED` for refused connections, TLS failures or
 * unexpected replies, `AUTH_FAILED` when the credentials are refused, `CANCELLED` on abort.
 */
export async function sendMail(
  from: string,
  to: readonly string[],
  data: string,
  options: SmtpOptions,
): Promise<void> {
  const {
    host,
    tls: mode = options.port === 465 ? "implicit" : "opportunistic",
    port = mode === "implicit" ? 465 : 25,
    user = undefined,
    password = "",
    allowInsecureAuth = false,
    authMethod = undefined,
    ca = undefined,
    rejectUnauthorized = true,
    heloName = "localhost",
    signal = undefined,
  } = options;
  if (to.length === 0) {
    throw new TriggerError("INVALID_ARGUMENT", "Cannot send mail: no recipients");
  }
  const tlsOptions: tls.ConnectionOptions = {
    rejectUnauthorized,
    servername: net.isIP(host) ? undefined : host,
  };
  if (ca !== undefined) tlsOptions.ca = ca;
  signal?.throwIfAborted();
  let conn: Conn | undefined;
  using _ = onAbort(signal, () => conn?.destroy());
  try {
    conn = new Conn(await connect(host, port, mode === "implicit", tlsOptions));
    if (signal?.aborted) throw signal.reason;
    const greeting = await conn.read();
    if (greeting.code !== 220) {
      throw new TriggerError("NOTIFICATION_FAILED", `SMTP server greeted with ${greeting.code}`);
    }
    let ehlo = await conn.command(`EHLO ${heloName}`, [250]);
    const offers = (r: Reply, ext: string) => r.lines.some((l) => l.toUpperCase().startsWith(ext));
    if (
      !conn.secure &&
      (mode === "starttls" || (mode === "opportunistic" && offers(ehlo, "STARTTLS")))
    ) {
      await conn.command("STARTTLS", [220]);
      await conn.startTls(tlsOptions);
      ehlo = await conn.command(`EHLO ${heloName}`, [250]);
    }
    if (user !== undefined) {
      if (!conn.secure && !allowInsecureAuth) {
        throw new TriggerError("NOTIFICATION_FAILED", "Cannot send SMTP credentials without TLS");
      }
      const auth = ehlo.lines.find((l) => /^AUTH[ =]/i.test(l))?.toUpperCase().split(/[ =]/) ?? [];
      const b64 = (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s)));
      const method = authMethod ??
        (auth.includes("PLAIN") || !auth.includes("LOGIN") ? "PLAIN" : "LOGIN");
      if (method === "PLAIN") {
        await conn.command(`AUTH PLAIN ${b64(`\0${user}\0${password}`)}`, [235], "AUTH");
      } else {
        await conn.command("AUTH LOGIN", [334]);
        await conn.command(b64(user), [334], "AUTH");
        await conn.command(b64(password), [235], "AUTH");
      }
    }
    await conn.command(`MAIL FROM:<${from}>`, [250]);
    for (const rcpt of to) await conn.command(`RCPT TO:<${rcpt}>`, [250, 251]);
    await conn.command("DATA", [354]);
    const body = data.replace(/\r?\n/g, "\r\n").replace(/^\./gm, "..");
    const done = conn.read();
    conn.writeRaw(`${body}${body.endsWith("\r\n") ? "" : "\r\n"}.\r\n`);
    const r = await done;
    if (r.code !== 250) {
      throw new TriggerError(
        "NOTIFICATION_FAILED",
        `SMTP server refused the message: ${r.code} ${r.lines.join(" ")}`,
      );
    }
    await conn.command("QUIT", [221]).catch(() => {});
  } catch (e) {
    if (signal?.aborted) throw cancelledError(signal, `Mail delivery via ${host}:${port}`);
    if (e instanceof TriggerError) throw e;
    throw new TriggerError(
      "NOTIFICATION_FAILED",
      `Cannot deliver mail via ${host}:${port}: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  } finally {
    conn?.destroy();
  }
}

/**
 * Serves a fetch handler (the hono app) over `node:http` or `node:https`,
 * which Deno and the single binary (bun) both provide: requests become
 * `Request`s, and response bodies are streamed as they are written (Server-
 * Sent Events reach the client at once).
 *
 * @module
 */
import { createServer as createHttp, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttps } from "node:https";
import { Readable } from "node:stream";
import { TriggerError } from "../errors.ts";

/** Options of {@linkcode listen}. */
export interface ListenOptions {
  /** Address to listen on. */
  hostname: string;
  /** Port (0: any free port). */
  port: number;
  /** PEM certificate (with `key`: HTTPS). @default {undefined} */
  cert?: string | undefined;
  /** PEM private key. @default {undefined} */
  key?: string | undefined;
}

/** A listening server. */
export interface Listening {
  /** The port it listens on. */
  port: number;
  /** `http` or `https`. */
  scheme: "http" | "https";
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

function toRequest(req: IncomingMessage, scheme: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) v.forEach((x) => headers.append(k, x));
    else if (v !== undefined) headers.set(k, v);
  }
  const url = `${scheme}://${req.headers.host ?? "localhost"}${req.url ?? "/"}`;
  const method = req.method ?? "GET";
  if (method === "GET" || method === "HEAD") return new Request(url, { method, headers, signal });
  const body = Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>;
  return new Request(url, { method, headers, body, signal, duplex: "half" } as RequestInit);
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((v, k) => {
    const prev = headers[k];
    headers[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
  });
  res.writeHead(response.status, headers);
  if (response.body === null) return void res.end();
  res.flushHeaders();
  const reader = response.body.getReader();
  res.on("close", () => reader.cancel().catch(() => {}));
  for (;;) {
    const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
    if (done) break;
    if (value) res.write(value);
  }
  res.end();
}

/**
 * Listens and serves `handler`.
 *
 * @param options Address, port, TLS certificate and key.
 * @param handler The fetch handler.
 * @returns The server.
 * @throws {TriggerError} `IO_ERROR` when the address cannot be used.
 */
export function listen(
  options: ListenOptions,
  handler: (request: Request) => Response | Promise<Response>,
): Promise<Listening> {
  const tls = options.cert !== undefined && options.key !== undefined;
  const scheme = tls ? "https" : "http";
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    const ctrl = new AbortController();
    res.on("close", () => ctrl.abort());
    Promise.resolve()
      .then(() => handler(toRequest(req, scheme, ctrl.signal)))
      .then((r) => send(res, r))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  };
  const server = tls
    ? createHttps({ cert: options.cert, key: options.key }, serve)
    : createHttp(serve);
  return new Promise((resolve, reject) => {
    server.once("error", (e) =>
      reject(
        new TriggerError(
          "IO_ERROR",
          `Cannot listen on ${options.hostname}:${options.port}: ${(e as Error).message}`,
          { cause: e },
        ),
      ));
    server.listen(options.port, options.hostname, () => {
      const a = server.address();
      resolve({
        port: typeof a === "object" && a ? a.port : options.port,
        scheme,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

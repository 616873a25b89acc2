/**
 * A NETCONF client over the SSH `netconf` subsystem: hello exchange with
 * base:1.1 chunked framing when both sides offer it, concurrent RPCs matched
 * by `message-id`, typed `rpc-error`s, timeouts and close-session.
 *
 * @module
 */

import { cancelledError, TriggerError } from "../errors.ts";
import { raceAbort } from "../_util/abort.ts";
import type { ConnectTarget } from "../transport/transport.ts";
import { openSshConnection, type SshSubsystemStream } from "../transport/ssh.ts";
import {
  NETCONF_BASE_1_0,
  NETCONF_BASE_1_1,
  type NetconfOptions,
  type RpcOptions,
} from "./options.ts";
import { NetconfCodec, type NetconfFraming } from "./codec.ts";

import { type NetconfReply, parseRpcReply } from "./reply.ts";
import { NetconfRpcError } from "./rpc_error.ts";
import {
  buildRpc,
  type CommitOptions,
  commitRpc,
  type Datastore,
  type EditConfigOptions,
  editConfigRpc,
  getConfigRpc,
  getRpc,
  lockRpc,
  NETCONF_NS,
} from "./rpc.ts";
import { asArray, parseXml, textOf } from "./xml.ts";

/** What carries a NETCONF session: a subsystem stream and a way to end its connection. */
interface Carrier {
  stream: SshSubsystemStream;
  /** Ends the SSH connection; resolves once it is closed. */
  close(): Promise<void>;
}

interface Pending {
  resolve(reply: NetconfReply): void;
  reject(error: unknown): void;
}

/**
 * Opens a NETCONF session over SSH and exchanges hellos. NETCONF is the
 * `netconf` subsystem of the one SSH client ({@linkcode openSshConnection}),
 * so every SSH option applies: key, agent and keyboard-interactive logins,
 * host key policy and events, a jump host, legacy algorithms. The target's
 * `connectTimeoutMs` bounds the TCP connect and the SSH handshake,
 * `loginTimeoutMs` the login.
 *
 * @param target Where to connect (port usually 830).
 * @param options Credentials, host-key policy, SSH options, timeouts and capabilities.
 * @returns An open client.
 * @throws {TriggerError} `TIMEOUT`, `CONNECTION_REFUSED`, `AUTH_FAILED`,
 * `HOSTKEY_MISMATCH`/`HOSTKEY_UNKNOWN`, `TRANSPORT_CLOSED`, or
 * `PROTOCOL_ERROR` for a bad hello.
 *
 * @example Read the running configuration (needs a NETCONF server)
 * ```ts ignore
 * import { connectNetconf } from "@trigger/trigger/netconf";
 *
 * const nc = await connectNetconf({ host: "r1", address: "192.0.2.1", port: 830 }, {
 *   username: "admin",
 *   password: "secret",
 *   hostKeyPolicy: "accept-new",
 * });
 * const reply = await nc.getConfig({ source: "running" });
 * console.log(reply.xml);
 * await nc.close();
 * ```
 */
export async function connectNetconf(
  target: ConnectTarget,
  options: NetconfOptions,
): Promise<NetconfClient> {
  const { signal } = options;
  const what = `Opening a NETCONF session to "${target.host}"`;
  const conn = await openSshConnection(target, options);
  let client: NetconfClient | undefined;
  try {
    const stream = await raceAbort(conn.openSubsystem("netconf"), signal, what, target.host);
    client = new NetconfClient(target.host, { stream, close: () => conn.close() }, options);
    await raceAbort(client.hello(), signal, what, target.host);
    return client;
  } catch (e) {
    client?.abort();
    await conn.close();
    throw e;
  }
}

/**
 * An open NETCONF session. Create it with {@linkcode connectNetconf}.
 */
export class NetconfClient {
  /** The device name. */
  readonly host: string;
  #ssh: Carrier;
  #codec: NetconfCodec;
  #timeoutMs: number;
  #clientCaps: string[];
  #pending = new Map<string, Pending>();
  #nextId = 1;
  #hello: Promise<string>;
  #helloResolve: (xml: string) => void = () => {};
  #helloReject: (e: unknown) => void = () => {};
  #gotHello = false;
  #closed = false;
  #failure: TriggerError | undefined;
  #sessionId = "";
  #serverCaps: string[] = [];

  /** @internal Use {@linkcode connectNetconf}. */
  constructor(host: string, ssh: Carrier, options: NetconfOptions) {
    const { timeoutMs = 30000, capabilities = [], offerBase11 = true, maxMessageBytes } = options;
    this.host = host;
    this.#ssh = ssh;
    this.#timeoutMs = timeoutMs;
    this.#codec = new NetconfCodec(maxMessageBytes === undefined ? {} : { maxMessageBytes });
    this.#clientCaps = [
      NETCONF_BASE_1_0,
      ...(offerBase11 ? [NETCONF_BASE_1_1] : []),
      ...capabilities,
    ];
    this.#hello = new Promise((resolve, reject) => {
      this.#helloResolve = resolve;
      this.#helloReject = reject;
    });
    this.#hello.catch(() => {});
    ssh.stream.on("data", (d) => this.#onData(d));
    ssh.stream.on("error", (e) => this.#fail("TRANSPORT_CLOSED", e.message, e));
    ssh.stream.on("close", () => this.#fail("TRANSPORT_CLOSED", "session closed"));
  }

  /** The server's session id (from its hello). */
  get sessionId(): string {
    return this.#sessionId;
  }

  /** The capabilities the server advertised. */
  get serverCapabilities(): readonly string[] {
    return this.#serverCaps;
  }

  /** The framing in use: `chunked` when both sides offered base:1.1. */
  get framing(): NetconfFraming {
    return this.#codec.framing;
  }

  /** @internal Sends our hello and waits for the server's. */
  async hello(): Promise<void> {
    const caps = this.#clientCaps.map((c) => `<capability>${c}</capability>`).join("");
    this.#ssh.stream.write(
      this.#codec.encode(
        `<?xml version="1.0" encoding="UTF-8"?><hello xmlns="${NETCONF_NS}"><capabilities>${caps}</capabilities></hello>`,
      ),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const xml = await Promise.race([
      this.#hello,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(this.#error("TIMEOUT", `no hello in ${this.#timeoutMs} ms`)),
          this.#timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    const doc = parseXml(xml).hello;
    if (doc === undefined || typeof doc !== "object" || Array.isArray(doc)) {
      throw this.#error("PROTOCOL_ERROR", "first message is not a hello");
    }
    const capsNode = doc.capabilities;
    const list = typeof capsNode === "object" && !Array.isArray(capsNode)
      ? asArray(capsNode.capability).map(textOf)
      : [];
    this.#serverCaps = list;
    this.#sessionId = textOf(doc["session-id"]);
    if (list.includes(NETCONF_BASE_1_1) && this.#clientCaps.includes(NETCONF_BASE_1_1)) {
      this.#codec.setFraming("chunked");
    } else if (!list.includes(NETCONF_BASE_1_0)) {
      throw this.#error("PROTOCOL_ERROR", "server offers neither base:1.0 nor base:1.1");
    }
    this.#drain(); // bytes that came with the hello use the new framing
  }

  /**
   * Sends an operation and waits for its reply.
   *
   * @param operation The operation element, e.g. `<get-software-information/>`.
   * @param options Timeout and abort signal.
   * @returns The parsed reply (with the raw XML).
   * @throws {NetconfRpcError} When the reply carries an `rpc-error` of severity `error`.
   * @throws {TriggerError} `TIMEOUT`, `CANCELLED`, `TRANSPORT_CLOSED`, `PROTOCOL_ERROR`.
   */
  rpc(operation: string, options: RpcOptions = {}): Promise<NetconfReply> {
    const { timeoutMs = this.#timeoutMs, signal } = options;
    if (this.#failure) return Promise.reject(this.#failure);
    if (signal?.aborted) {
      return Promise.reject(cancelledError(signal, `NETCONF request to "${this.host}"`, this.host));
    }
    if (this.#closed) {
      return Promise.reject(this.#error("TRANSPORT_CLOSED", "session is closed"));
    }
    const id = String(this.#nextId++);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const reply = new Promise<NetconfReply>((resolve, reject) => {
      timer = setTimeout(
        () => reject(this.#error("TIMEOUT", `no reply to message ${id} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.#pending.set(id, {
        resolve: (reply) => {
          if (reply.errors.some((e) => e.errorSeverity !== "warning")) {
            reject(new NetconfRpcError(reply.errors, { host: this.host, reply: reply.xml }));
          } else resolve(reply);
        },
        reject,
      });
      this.#ssh.stream.write(this.#codec.encode(buildRpc(id, operation)));
    });
    reply.catch(() => {});
    const what = `NETCONF request ${id} to "${this.host}"`;
    return raceAbort(reply, signal, what, this.host).finally(() => {
      clearTimeout(timer);
      this.#pending.delete(id);
    });
  }

  /**
   * `<get>` state and configuration.
   *
   * @param options Subtree filter (XML) plus RPC options.
   * @returns The reply; `data` holds the result.
   * @throws {NetconfRpcError} On an `rpc-error`.
   */
  get(options: RpcOptions & { filter?: string } = {}): Promise<NetconfReply> {
    return this.rpc(getRpc(options.filter), options);
  }

  /**
   * `<get-config>`.
   *
   * @param options Source datastore and subtree filter (XML) plus RPC options.
   * @returns The reply; `data` holds the configuration.
   * @throws {NetconfRpcError} On an `rpc-error`.
   */
  getConfig(
    options: RpcOptions & { source?: Datastore; filter?: string } = {},
  ): Promise<NetconfReply> {
    return this.rpc(getConfigRpc(options.source ?? "running", options.filter), options);
  }

  /**
   * `<edit-config>`.
   *
   * @param config Content of `<config>` (XML).
   * @param options Target, operations and RPC options.
   * @returns The `<ok/>` reply.
   * @throws {NetconfRpcError} On an `rpc-error`.
   */
  editConfig(config: string, options: EditConfigOptions & RpcOptions = {}): Promise<NetconfReply> {
    return this.rpc(editConfigRpc(config, options), options);
  }

  /**
   * `<lock>` a datastore.
   *
   * @param target Datastore.
   * @param options RPC options.
   * @returns The `<ok/>` reply.
   * @throws {NetconfRpcError} `lock-denied` when another session holds it.
   */
  lock(target: Datastore = "candidate", options: RpcOptions = {}): Promise<NetconfReply> {
    return this.rpc(lockRpc(target), options);
  }

  /**
   * `<unlock>` a datastore.
   *
   * @param target Datastore.
   * @param options RPC options.
   * @returns The `<ok/>` reply.
   * @throws {NetconfRpcError} On an `rpc-error`.
   */
  unlock(target: Datastore = "candidate", options: RpcOptions = {}): Promise<NetconfReply> {
    return this.rpc(lockRpc(target, true), options);
  }

  /**
   * `<commit>`, confirmed or plain (a plain one confirms a pending one).
   *
   * @param options Confirmed-commit settings and RPC options.
   * @returns The `<ok/>` reply.
   * @throws {NetconfRpcError} On an `rpc-error`.
   */
  commit(options: CommitOptions & RpcOptions = {}): Promise<NetconfReply> {
    return this.rpc(commitRpc(options), options);
  }

  /**
   * `<discard-changes>` (revert the candidate to running).
   *
   * @param options RPC options.
   * @returns The `<ok/>` reply.
   * @throws {NetconfRpcError} On an `rpc-error`.
   */
  discardChanges(options: RpcOptions = {}): Promise<NetconfReply> {
    return this.rpc("<discard-changes/>", options);
  }

  /**
   * Sends `<close-session>` (when still open) and ends the SSH connection.
   * Safe to call twice.
   *
   * @param options RPC options for the close-session request.
   * @returns Resolves once the connection is closed.
   */
  async close(options: RpcOptions = {}): Promise<void> {
    if (this.#closed) return;
    if (!this.#failure) {
      await this.rpc("<close-session/>", { timeoutMs: 5000, ...options }).catch(() => {});
    }
    this.#closed = true;
    this.#fail("TRANSPORT_CLOSED", "session closed by the client");
    await this.#ssh.close();
  }

  /** @internal Ends the connection without close-session. */
  abort(): void {
    this.#closed = true;
    this.#fail("TRANSPORT_CLOSED", "session closed by the client");
    void this.#ssh.close();
  }

  #onData(chunk: Uint8Array): void {
    try {
      this.#codec.push(chunk);
      this.#drain();
    } catch (e) {
      const err = e instanceof TriggerError ? e : this.#error("PROTOCOL_ERROR", String(e));
      this.#fail(err.code, err.message, e);
      void this.#ssh.close();
    }
  }

  #drain(): void {
    if (!this.#gotHello) {
      const hello = this.#codec.next();
      if (hello === undefined) return;
      this.#gotHello = true;
      this.#helloResolve(hello);
      return; // hello() switches framing, then drains again
    }
    for (let msg = this.#codec.next(); msg !== undefined; msg = this.#codec.next()) {
      if (/^\s*(?:<\?xml[^>]*>\s*)?<(?:\w+:)?notification[\s>]/.test(msg)) continue;
      const reply = parseRpcReply(msg);
      const pending = this.#pending.get(reply.messageId) ??
        (reply.messageId === "" && this.#pending.size === 1
          ? this.#pending.values().next().value
          : undefined);
      pending?.resolve(reply);
    }
  }

  #error(code: TriggerError["code"], why: string, cause?: unknown): TriggerError {
    return new TriggerError(code, `NETCONF session to "${this.host}": ${why}`, {
      host: this.host,
      ...(cause === undefined ? {} : { cause }),
    });
  }

  #fail(code: TriggerError["code"], why: string, cause?: unknown): void {
    this.#failure ??= this.#error(code, why, cause);
    this.#helloReject(this.#failure);
    for (const p of [...this.#pending.values()]) p.reject(this.#failure);
    this.#pending.clear();
  }
}

/**
 * The lab's SSH side: one TCP listener per device, whose connections are
 * handed to a shared `ssh2` Server (one per SSH identity and algorithm set),
 * which routes each client to its device's shell, `exec` or `netconf`
 * subsystem.
 *
 * @module
 */
import { createServer, type Server, type Socket } from "node:net";
import {
  clientSocket,
  createSsh2Server,
  publicKeyAccepted,
  type Ssh2AuthContext,
  type Ssh2Server,
  type Ssh2ServerClient,
} from "./_ssh2.ts";
import { runExec, startCliSession } from "./cli_session.ts";
import type { EmulatedDevice } from "./emulated_device.ts";
import type { LabHostKey } from "./host_key.ts";
import { startNetconfSession } from "./netconf_session.ts";
import { OutputGate } from "./output_gate.ts";

/** The algorithms a legacy-only device offers. */
export const LEGACY_ALGORITHMS: Record<string, string[]> = {
  kex: ["diffie-hellman-group14-sha1", "diffie-hellman-group1-sha1"],
  cipher: ["aes128-cbc", "3des-cbc"],
  serverHostKey: ["ssh-rsa"],
  hmac: ["hmac-sha1"],
};

/** Lab credentials the SSH server checks. */
export interface LabLogin {
  /** User name. */
  username: string;
  /** Password. */
  password: string;
  /** Enable password. */
  enablePassword: string;
  /** Public keys (OpenSSH one-line format) that log in as `username`. */
  authorizedKeys?: readonly string[];
}

/** Serves SSH for every device of a lab. */
export class SshFrontend {
  #keys: { modern: LabHostKey; legacy: () => LabHostKey };
  #login: LabLogin;
  #servers = new Map<string, Ssh2Server>();
  /** The device each accepted socket belongs to, until its SSH client shows up. */
  #pending = new WeakMap<Socket, EmulatedDevice>();
  #listeners: Server[] = [];
  #sockets = new Set<Socket>();
  #cleanups = new Set<() => void>();

  /** `legacyKey` is called only when a legacy-only device is started. */
  constructor(login: LabLogin, keys: { modern: LabHostKey; legacy: () => LabHostKey }) {
    this.#login = login;
    this.#keys = keys;
  }

  /** Listens for `device` on `host`, port 0; resolves with the port. */
  listen(device: EmulatedDevice, host: string): Promise<number> {
    const listener = createServer({ noDelay: true }, (sock) => this.#accept(device, sock));
    this.#listeners.push(listener);
    return listenOn(listener, host);
  }

  /** Open SSH connections now, and the most open at once so far. */
  get connections(): { open: number; peak: number } {
    return { open: this.#sockets.size, peak: this.#peak };
  }

  #peak = 0;

  #accept(device: EmulatedDevice, sock: Socket): void {
    sock.setNoDelay(true);
    this.#sockets.add(sock);
    this.#peak = Math.max(this.#peak, this.#sockets.size);
    sock.on("close", () => this.#sockets.delete(sock));
    sock.on("error", () => {});
    if (device.faults.hang === "connect") return;
    if (device.faults.refuseAfterCommit === true && device.junos?.confirmPending === true) {
      sock.destroy();
      return;
    }
    this.#pending.set(sock, device);
    this.#serverFor(device).injectSocket(sock);
  }

  #serverFor(device: EmulatedDevice): Ssh2Server {
    const legacy = device.faults.legacyAlgorithms === true;
    const id = `${device.platform.sshIdent}|${legacy}`;
    let server = this.#servers.get(id);
    if (server === undefined) {
      const key = legacy ? this.#keys.legacy() : this.#keys.modern;
      server = createSsh2Server({
        hostKeys: [key.privateKey],
        ident: device.platform.sshIdent,
        ...(legacy ? { algorithms: LEGACY_ALGORITHMS } : {}),
      });
      server.on("error", () => {});
      server.on("connection", (client) => {
        // by socket, not by the peer's address and port: a client may use
        // one source port towards several device ports at once
        const sock = clientSocket(client);
        const device = sock && this.#pending.get(sock);
        if (sock === undefined || device === undefined) return client.end();
        this.#pending.delete(sock);
        this.#client(device, client, sock);
      });
      this.#servers.set(id, server);
    }
    return server;
  }

  #client(device: EmulatedDevice, client: Ssh2ServerClient, sock: Socket): void {
    client.on("error", () => {});
    const kill = () => sock.destroy();
    let username = "";
    client.on("authentication", (ctx) => {
      username = ctx.username;
      this.#authenticate(device, ctx);
    });
    client.on("session", (acceptSession) => {
      const session = acceptSession();
      session.on("pty", (accept) => accept?.());
      session.on("window-change", (accept) => accept?.());
      session.on("env", (accept) => accept?.());
      session.on("shell", (accept) => {
        const ch = accept();
        const cli = startCliSession({
          device,
          username,
          enablePassword: this.#login.enablePassword,
          send: (b) => ch.write(b),
          end: () => {
            ch.exit(0);
            ch.end();
          },
          kill,
        });
        const cleanup = () => cli.close();
        this.#cleanups.add(cleanup);
        const decoder = new TextDecoder();
        ch.on("data", (d) => cli.feed(decoder.decode(d, { stream: true })));
        ch.on("error", () => {});
        ch.on("close", () => {
          cleanup();
          this.#cleanups.delete(cleanup);
        });
      });
      session.on("exec", (accept, _reject, info) => {
        const ch = accept();
        ch.on("error", () => {});
        if (device.faults.hang === "login") return;
        const gate = new OutputGate((b) => ch.write(b), kill, device.faults);
        gate.write(runExec(device, username, info.command));
        ch.exit(0);
        ch.end();
      });
      session.on("subsystem", (accept, reject, info) => {
        if (info.name !== "netconf" || device.junos === undefined) return reject();
        const ch = accept();
        ch.on("error", () => {});
        const nc = startNetconfSession({
          device,
          channel: ch,
          kill,
          username,
        });
        this.#cleanups.add(nc.close);
        ch.on("close", () => {
          nc.close();
          this.#cleanups.delete(nc.close);
        });
      });
    });
  }

  #authenticate(device: EmulatedDevice, ctx: Ssh2AuthContext): void {
    const ok = (user: string, password: string | undefined) =>
      device.faults.wrongPassword !== true && user === this.#login.username &&
      password === this.#login.password;
    if (ctx.method === "password") {
      return ok(ctx.username, ctx.password) ? ctx.accept() : ctx.reject(this.#methods());
    }
    if (ctx.method === "publickey" && this.#login.authorizedKeys?.length) {
      const mine = device.faults.wrongPassword !== true && ctx.username === this.#login.username;
      return mine && publicKeyAccepted(ctx, this.#login.authorizedKeys)
        ? ctx.accept()
        : ctx.reject(this.#methods());
    }
    if (ctx.method === "keyboard-interactive") {
      return ctx.prompt([{ prompt: "Password: ", echo: false }], "", "", (answers) => {
        if (ok(ctx.username, answers[0])) ctx.accept();
        else ctx.reject(this.#methods());
      });
    }
    ctx.reject(this.#methods());
  }

  #methods(): string[] {
    return this.#login.authorizedKeys?.length ? ["publickey", ...METHODS] : METHODS;
  }

  /** Closes listeners and every open connection. */
  async close(): Promise<void> {
    for (const c of this.#cleanups) c();
    this.#cleanups.clear();
    for (const s of this.#sockets) s.destroy();
    await Promise.all(this.#listeners.map((l) => new Promise((r) => l.close(() => r(null)))));
    this.#listeners = [];
  }
}

const METHODS = ["password", "keyboard-interactive"];

/** Starts `listener` on `host`, port 0, and resolves with the port. */
export function listenOn(listener: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    listener.once("error", reject);
    listener.listen({ port: 0, host, backlog: 1024 }, () => {
      listener.off("error", reject);
      const address = listener.address();
      resolve(typeof address === "object" && address !== null ? address.port : 0);
    });
  });
}

/**
 * The lab's Telnet side: one listener per device, basic option negotiation
 * (WILL ECHO, WILL SGA, DO TTYPE, DO NAWS), the vendor's `Username:` /
 * `Password:` login, then the same CLI engine as SSH.
 *
 * @module
 */
import { createServer, type Server, type Socket } from "node:net";
import { Buffer } from "node:buffer";
import { type CliSession, startCliSession } from "./cli_session.ts";
import type { EmulatedDevice } from "./emulated_device.ts";
import type { LabLogin } from "./ssh_server.ts";
import { listenOn } from "./ssh_server.ts";
import { render } from "./template.ts";

const IAC = 255, DONT = 254, DO = 253, WILL = 251, SB = 250, SE = 240;
const ECHO = 1, SGA = 3, TTYPE = 24, NAWS = 31;

/** Removes Telnet commands from incoming bytes; answers what needs answering. */
class TelnetReader {
  #state: "data" | "iac" | "opt" | "sb" | "sbiac" = "data";
  #reply: (b: number[]) => void;
  #verb = 0;
  #sb: number[] = [];
  constructor(reply: (b: number[]) => void) {
    this.#reply = reply;
  }
  push(bytes: Uint8Array): Uint8Array {
    const out: number[] = [];
    for (const b of bytes) {
      switch (this.#state) {
        case "data":
          if (b === IAC) this.#state = "iac";
          else out.push(b);
          break;
        case "iac":
          if (b === IAC) {
            out.push(IAC);
            this.#state = "data";
          } else if (b === SB) {
            this.#sb = [];
            this.#state = "sb";
          } else if (b >= WILL && b <= DONT) {
            this.#verb = b;
            this.#state = "opt";
          } else this.#state = "data";
          break;
        case "opt":
          // client agrees to send its terminal type: ask for it once
          if (this.#verb === WILL && b === TTYPE) this.#reply([IAC, SB, TTYPE, 1, IAC, SE]);
          this.#state = "data";
          break;
        case "sb":
          if (b === IAC) this.#state = "sbiac";
          else this.#sb.push(b);
          break;
        case "sbiac":
          this.#state = b === SE ? "data" : "sb";
          break;
      }
    }
    return new Uint8Array(out);
  }
}

/** Serves Telnet for every device of a lab. */
export class TelnetFrontend {
  #login: LabLogin;
  #listeners: Server[] = [];
  #sockets = new Set<Socket>();
  #sessions = new Set<CliSession>();

  /** Checks logins against `login`. */
  constructor(login: LabLogin) {
    this.#login = login;
  }

  /** Listens for `device` on `host`, port 0; resolves with the port. */
  listen(device: EmulatedDevice, host: string): Promise<number> {
    const listener = createServer((sock) => this.#accept(device, sock));
    this.#listeners.push(listener);
    return listenOn(listener, host);
  }

  #accept(device: EmulatedDevice, sock: Socket): void {
    sock.setNoDelay(true);
    this.#sockets.add(sock);
    sock.on("error", () => {});
    let cli: CliSession | undefined;
    sock.on("close", () => {
      this.#sockets.delete(sock);
      if (cli) {
        cli.close();
        this.#sessions.delete(cli);
      }
    });
    if (device.faults.hang === "connect") return;
    const p = device.platform;
    const text = (t: string) => render(t, device.values("")).replace(/\r?\n/g, "\r\n");
    const send = (t: string) => sock.write(t);
    sock.write(Buffer.from([IAC, WILL, ECHO, IAC, WILL, SGA, IAC, DO, TTYPE, IAC, DO, NAWS]));
    send(text(p.banner + p.telnetLogin.username));
    let stage: "user" | "pass" | "cli" = "user";
    let line = "";
    let user = "";
    let failures = 0;
    let lastCr = false;
    const decoder = new TextDecoder();
    const reader = new TelnetReader((b) => sock.write(Buffer.from(b)));
    sock.on("data", (data: Uint8Array) => {
      const clean = decoder.decode(reader.push(data), { stream: true });
      if (stage === "cli") return cli?.feed(clean);
      for (const ch of clean) {
        const wasCr = lastCr;
        lastCr = ch === "\r";
        if (wasCr && (ch === "\n" || ch === "\0")) continue;
        if (ch !== "\r" && ch !== "\n") {
          if (ch === "\x7f" || ch === "\b") line = line.slice(0, -1);
          else if (ch >= " ") {
            line += ch;
            if (stage === "user") send(ch);
          }
          continue;
        }
        send("\r\n");
        if (stage === "user") {
          user = line;
          stage = "pass";
          send(text(p.telnetLogin.password));
        } else if (stage === "pass") {
          const ok = device.faults.wrongPassword !== true && user === this.#login.username &&
            line === this.#login.password;
          if (!ok) {
            send(text(p.telnetLogin.failed));
            if (++failures >= 3) return void sock.end();
            stage = "user";
            send(text(p.telnetLogin.username));
          } else {
            stage = "cli";
            cli = startCliSession({
              device,
              username: user,
              enablePassword: this.#login.enablePassword,
              send: (b) => sock.write(escapeIac(b)),
              end: () => sock.end(),
              kill: () => sock.destroy(),
            });
            this.#sessions.add(cli);
          }
        }
        line = "";
        if (stage === "cli") return;
      }
    });
  }

  /** Closes listeners and connections. */
  async close(): Promise<void> {
    for (const s of this.#sessions) s.close();
    this.#sessions.clear();
    for (const s of this.#sockets) s.destroy();
    await Promise.all(this.#listeners.map((l) => new Promise((r) => l.close(() => r(null)))));
    this.#listeners = [];
  }
}

function escapeIac(bytes: Uint8Array): Uint8Array {
  if (!bytes.includes(IAC)) return bytes;
  const out: number[] = [];
  for (const b of bytes) {
    out.push(b);
    if (b === IAC) out.push(IAC);
  }
  return new Uint8Array(out);
}

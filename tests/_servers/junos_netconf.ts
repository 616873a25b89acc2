/**
 * An in-process Junos-like NETCONF server (npm:ssh2 `Server`) for tests: it
 * offers base:1.0 only (end-of-message framing), answers a few Junos RPCs
 * with canned replies, and can hold replies to answer them in reverse order.
 *
 * @module
 */

import { generateKeyPairSync } from "node:crypto";
import type { AddressInfo, Server as NetServer, Socket } from "node:net";
import * as ssh2 from "ssh2";
import { NetconfCodec } from "../../lib/netconf/codec.ts";

/** A running fake; `requests` records every RPC body received. */
export interface JunosNetconf extends AsyncDisposable {
  port: number;
  requests: string[];
  /** Hold this many replies, then release them in reverse order. */
  holdReplies(count: number): void;
}

const HELLO = '<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities>' +
  "<capability>urn:ietf:params:netconf:base:1.0</capability>" +
  "<capability>http://xml.juniper.net/netconf/junos/1.0</capability></capabilities>" +
  "<session-id>4242</session-id></hello>";

function answer(body: string): string {
  if (body.includes("<command")) {
    return "<output>\nHostname: vmx1\nModel: vmx\nJunos: 21.4R1.12\n</output>";
  }
  if (body.includes("<get-software-information")) {
    return "<software-information><host-name>vmx1</host-name>" +
      "<product-model>vmx</product-model></software-information>";
  }
  if (body.includes("<load-configuration")) {
    if (body.includes("bogus")) {
      return "<load-configuration-results><rpc-error><error-type>protocol</error-type>" +
        "<error-tag>operation-failed</error-tag><error-severity>error</error-severity>" +
        "<error-message>syntax error</error-message></rpc-error></load-configuration-results>";
    }
    return "<load-configuration-results><ok/></load-configuration-results>";
  }
  if (body.includes("<commit-configuration")) {
    return "<commit-results><routing-engine><name>re0</name><commit-success/>" +
      "</routing-engine></commit-results>";
  }
  // the candidate configuration's lock and its discard, as Junos answers them
  if (/<(lock-configuration|unlock-configuration|discard-changes)\b/.test(body)) return "<ok/>";
  if (body.includes("<close-session")) return "<ok/>";
  return "<rpc-error><error-type>protocol</error-type><error-tag>operation-not-supported" +
    "</error-tag><error-severity>error</error-severity></rpc-error>";
}

interface FakeChannel {
  write(data: Uint8Array): boolean;
  close(): void;
  on(ev: "data", fn: (d: Uint8Array) => void): void;
}

interface FakeSession {
  on(
    ev: "subsystem",
    fn: (accept: () => FakeChannel, reject: unknown, info: { name: string }) => void,
  ): void;
}

/** Starts the fake on 127.0.0.1 (user `lab`, password `lab123`). */
export async function startJunosNetconf(): Promise<JunosNetconf> {
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const requests: string[] = [];
  let hold = 0;
  let held: string[] = [];
  const sockets = new Set<Socket>();
  // deno-lint-ignore no-explicit-any
  const Server = (ssh2 as any).Server;
  // deno-lint-ignore no-explicit-any
  const server: NetServer = new Server({ hostKeys: [privateKey] }, (client: any) => {
    client.on("error", () => {});
    // deno-lint-ignore no-explicit-any
    client.on("authentication", (ctx: any) => {
      if (ctx.method === "password" && ctx.username === "lab" && ctx.password === "lab123") {
        ctx.accept();
      } else ctx.reject(["password"]);
    });
    client.on("ready", () => {
      client.on("session", (accept: () => FakeSession) => {
        const session = accept();
        session.on(
          "subsystem",
          (acceptSub: () => FakeChannel, _reject: unknown, info: { name: string }) => {
            if (info.name !== "netconf") return;
            const ch = acceptSub();
            const codec = new NetconfCodec();
            let gotHello = false;
            ch.write(codec.encode(HELLO));
            ch.on("data", (d: Uint8Array) => {
              for (const msg of codec.decode(d)) {
                if (!gotHello) {
                  gotHello = true;
                  continue;
                }
                requests.push(msg);
                const id = /message-id="([^"]*)"/.exec(msg)?.[1] ?? "";
                const reply = `<rpc-reply message-id="${id}" ` +
                  'xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" ' +
                  'xmlns:junos="http://xml.juniper.net/junos/21.4R1/junos">' + answer(msg) +
                  "</rpc-reply>";
                if (hold > 0) {
                  held.push(reply);
                  if (held.length === hold) {
                    for (const r of held.reverse()) ch.write(codec.encode(r));
                    held = [];
                    hold = 0;
                  }
                } else ch.write(codec.encode(reply));
                if (msg.includes("<close-session")) ch.close();
              }
            });
          },
        );
      });
    });
  });
  server.on("connection", (s: Socket) => {
    s.setNoDelay(true);
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    requests,
    holdReplies(count: number) {
      hold = count;
    },
    async [Symbol.asyncDispose]() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

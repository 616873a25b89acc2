/**
 * Test helper: a scripted SSH server (ssh2's `Server`, tests only) on
 * 127.0.0.1 with a fresh RSA host key, for devices no lab emulates (one that
 * re-prompts forever, one that echoes passwords). The caller handles each
 * client's events; disposing closes every connection and the listener.
 *
 * @module
 */
import { generateKeyPairSync } from "node:crypto";
import type { AddressInfo, Server as NetServer, Socket } from "node:net";
import * as ssh2 from "ssh2";

/** A running fake server. */
export interface FakeSshServer extends AsyncDisposable {
  /** The port it listens on. */
  port: number;
}

/** Starts a server; `onClient` gets each ssh2 client connection (errors are ignored). */
// deno-lint-ignore no-explicit-any
export async function startFakeSsh(onClient: (client: any) => void): Promise<FakeSshServer> {
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const sockets = new Set<Socket>();
  // deno-lint-ignore no-explicit-any
  const Server = (ssh2 as any).Server;
  // deno-lint-ignore no-explicit-any
  const server: NetServer = new Server({ hostKeys: [privateKey] }, (client: any) => {
    client.on("error", () => {});
    onClient(client);
  });
  server.on("connection", (s: Socket) => {
    s.setNoDelay(true);
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    async [Symbol.asyncDispose]() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

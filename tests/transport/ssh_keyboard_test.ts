import { ok, rejects } from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import type { AddressInfo, Server as NetServer, Socket } from "node:net";
import * as ssh2 from "ssh2";
import { openSshConnection } from "../../lib/transport/ssh.ts";
import { isTriggerError } from "../../lib/errors.ts";

/** An ssh2 server that answers every keyboard-interactive round with another prompt. */
async function startNaggingServer(): Promise<
  { port: number; rounds: () => number } & AsyncDisposable
> {
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  let rounds = 0;
  const sockets = new Set<Socket>();
  // deno-lint-ignore no-explicit-any
  const Server = (ssh2 as any).Server;
  // deno-lint-ignore no-explicit-any
  const server: NetServer = new Server({ hostKeys: [privateKey] }, (client: any) => {
    client.on("error", () => {});
    // deno-lint-ignore no-explicit-any
    client.on("authentication", (ctx: any) => {
      if (ctx.method !== "keyboard-interactive") return ctx.reject(["keyboard-interactive"]);
      const ask = () => {
        rounds++;
        ctx.prompt([{ prompt: "Password: ", echo: false }], () => ask());
      };
      ask();
    });
  });
  server.on("connection", (s: Socket) => {
    s.setNoDelay(true);
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    rounds: () => rounds,
    async [Symbol.asyncDispose]() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

Deno.test("SSH login gives AUTH_FAILED after a few keyboard-interactive rounds, not at the timeout", async () => {
  await using srv = await startNaggingServer();
  await rejects(
    openSshConnection({ host: "nag", address: "127.0.0.1", port: srv.port }, {
      username: "ops",
      password: "secret-pw",
      hostKeyPolicy: "off",
      loginTimeoutMs: 30_000,
    }),
    (e: unknown) =>
      isTriggerError(e, "AUTH_FAILED") && /keyboard-interactive/.test(e.message) &&
      !e.message.includes("secret-pw"),
  );
  // a client without the round limit answers until the 30 s login timeout: thousands of rounds
  ok(srv.rounds() <= 6, `answered ${srv.rounds()} rounds`);
});

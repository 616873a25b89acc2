import { ok, rejects } from "node:assert/strict";
import { startFakeSsh } from "../_servers/ssh2_fake.ts";
import { openSshConnection } from "../../lib/transport/ssh.ts";
import { isTriggerError } from "../../lib/errors.ts";

/** An ssh2 server that answers every keyboard-interactive round with another prompt. */
async function startNaggingServer(): Promise<
  { port: number; rounds: () => number } & AsyncDisposable
> {
  let rounds = 0;
  // deno-lint-ignore no-explicit-any
  const server = await startFakeSsh((client: any) => {
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
  return {
    port: server.port,
    rounds: () => rounds,
    [Symbol.asyncDispose]: () => server[Symbol.asyncDispose](),
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

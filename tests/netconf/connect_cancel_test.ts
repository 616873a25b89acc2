/** Cancelling a NETCONF connect: the attempt ends at once and its socket is closed. */
import { strictEqual } from "node:assert/strict";
import { createServer, type Socket } from "node:net";
import { connectNetconf } from "../../lib/netconf/mod.ts";
import { TriggerError } from "../../lib/errors.ts";

/** A TCP server that accepts and never speaks (an SSH handshake that hangs). */
async function silentServer() {
  const closed: Promise<void>[] = [];
  const sockets: Socket[] = [];
  const server = createServer((s) => {
    sockets.push(s);
    closed.push(new Promise((r) => s.once("close", () => r())));
    s.on("error", () => {});
    s.resume(); // read, so that the client's close is seen
  });
  const port = await new Promise<number>((r) =>
    server.listen(0, "127.0.0.1", () => r((server.address() as { port: number }).port))
  );
  return {
    port,
    closed,
    [Symbol.asyncDispose]: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

Deno.test("connectNetconf: an abort during the SSH handshake ends it with CANCELLED and closes the socket", async () => {
  await using srv = await silentServer();
  const ac = new AbortController();
  const attempt = connectNetconf(
    { host: "r1", address: "127.0.0.1", port: srv.port, connectTimeoutMs: 60_000 },
    { username: "u", password: "p", hostKeyPolicy: "off", signal: ac.signal },
  );
  await new Promise((r) => setTimeout(r, 200));
  strictEqual(srv.closed.length, 1, "the client connected");
  ac.abort(new Error("operator stop"));
  const e = await attempt.then(() => undefined, (e) => e);
  strictEqual(e instanceof TriggerError && e.code, "CANCELLED", String(e));
  await srv.closed[0]; // resolves only when the client closed its socket
});

Deno.test("connectNetconf: an already aborted signal connects nowhere", async () => {
  await using srv = await silentServer();
  const e = await connectNetconf(
    { host: "r1", address: "127.0.0.1", port: srv.port },
    { username: "u", password: "p", signal: AbortSignal.abort() },
  ).then(() => undefined, (e) => e);
  strictEqual(e instanceof TriggerError && e.code, "CANCELLED");
  strictEqual(srv.closed.length, 0);
});

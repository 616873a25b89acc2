/**
 * Test helper: a TCP port for a server a test starts. Ports come from below
 * Linux's ephemeral range (32768-60999), so an outgoing connection of a
 * concurrent test (a lab fan-out opens thousands) cannot be holding the port
 * when the server binds it: a port from `listen(0)` is an ephemeral one, free
 * one moment and a client's source port the next.
 *
 * @module
 */
import { createServer } from "node:net";

const LOW = 20_000;
const HIGH = 32_000;

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

/** Returns a port below the ephemeral range that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port between ${LOW} and ${HIGH} on 127.0.0.1`);
}

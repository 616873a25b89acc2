/**
 * Private: the one TCP connect of every transport (SSH and Telnet): Nagle
 * off, a time limit, cancellation, and the socket errors mapped to codes.
 *
 * @module
 */
import { connect as netConnect, type Socket } from "node:net";
import { cancelledError, type ErrorCode, TriggerError } from "../errors.ts";
import { raceAbort } from "../_util/abort.ts";
import type { ConnectTarget } from "./transport.ts";

const UNREACHABLE = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND"]);

/**
 * Opens a TCP connection to the target within `timeoutMs`.
 *
 * @throws {TriggerError} `CONNECTION_REFUSED` (refused or unreachable),
 *   `TIMEOUT`, `TRANSPORT_CLOSED`, `CANCELLED`.
 */
export function tcpConnect(
  target: ConnectTarget,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Socket> {
  const { host, address, port } = target;
  const what = `Connecting to "${host}"`;
  if (signal?.aborted) return Promise.reject(cancelledError(signal, what, host));
  const sock = netConnect({ host: address, port });
  sock.setNoDelay(true);
  const connected = new Promise<Socket>((resolve, reject) => {
    const timer = setTimeout(() => {
      sock.destroy();
      reject(
        new TriggerError(
          "TIMEOUT",
          `Cannot connect to "${host}" (${address}:${port}) within ${timeoutMs} ms`,
          { host },
        ),
      );
    }, timeoutMs);
    sock.once("connect", () => {
      clearTimeout(timer);
      sock.removeAllListeners("error");
      resolve(sock);
    });
    sock.once("error", (e: Error & { code?: string }) => {
      clearTimeout(timer);
      sock.destroy();
      const code: ErrorCode = UNREACHABLE.has(e.code ?? "")
        ? "CONNECTION_REFUSED"
        : "TRANSPORT_CLOSED";
      reject(
        new TriggerError(code, `Cannot connect to "${host}" (${address}:${port}): ${e.message}`, {
          host,
          cause: e,
        }),
      );
    });
  });
  return raceAbort(connected, signal, what, host, () => sock.destroy());
}

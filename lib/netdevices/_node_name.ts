/**
 * Parsing of `nodeName` values: `host`, `host:port`, `[v6]:port`, bare IPv6.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";

const PORT = /^\d{1,5}$/;

/** An `INVENTORY_INVALID` error about one record. */
export function invalid(origin: string, message: string): TriggerError {
  return new TriggerError("INVENTORY_INVALID", `Cannot use ${origin}: ${message}`);
}

/** Parses a TCP port (1 to 65535) or throws naming the record. */
export function parsePort(text: string, what: string, origin: string): number {
  const n = PORT.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= 65535)) {
    throw invalid(origin, `${what}: port "${text}" is not a number from 1 to 65535`);
  }
  return n;
}

/** Splits `host`, `host:port`, `[v6]:port` or a bare IPv6 address. */
export function splitNodeName(raw: string, origin: string): { host: string; port?: number } {
  const s = raw.toLowerCase();
  let host = s;
  let portText: string | undefined;
  if (s.startsWith("[")) {
    const m = /^\[([^\]]+)\](?::(.*))?$/.exec(s);
    if (!m) throw invalid(origin, `nodeName "${raw}" is not a host, host:port or [address]:port`);
    host = m[1]!;
    portText = m[2];
  } else {
    const first = s.indexOf(":");
    if (first !== -1 && first === s.lastIndexOf(":")) {
      host = s.slice(0, first);
      portText = s.slice(first + 1);
    }
  }
  if (host === "") throw invalid(origin, `nodeName "${raw}" has no host`);
  if (portText === undefined) return { host };
  return { host, port: parsePort(portText, `nodeName "${raw}"`, origin) };
}

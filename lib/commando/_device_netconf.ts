/**
 * One way for Commando's executors to open a NETCONF session to a device
 * (private).
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { connectNetconf, type NetconfClient } from "../netconf/client.ts";
import type { SessionCredentials } from "../session/types.ts";
import { revealSecret } from "../transport/_ssh2.ts";
import type { JobContext } from "./pool.ts";
import type { DeviceExecutorOptions, ExecutorTarget } from "./executor.ts";

/**
 * Runs `work` on a NETCONF session to the device, opened with the executor's
 * options and the device's credentials (password or key); aborting
 * `ctx.signal` closes the session, which is closed in any case at the end.
 */
export async function withDeviceNetconf<T>(
  device: ExecutorTarget,
  ctx: JobContext,
  o: DeviceExecutorOptions,
  c: SessionCredentials,
  work: (nc: NetconfClient) => Promise<T>,
): Promise<T> {
  const password = revealSecret(c.password);
  const privateKey = c.privateKey ??
    (c.privateKeyPath === undefined ? undefined : await readFile(c.privateKeyPath, "utf8"));
  const passphrase = revealSecret(c.passphrase);
  const nc = await connectNetconf(
    {
      host: device.nodeName,
      address: device.address,
      port: device.port,
      connectTimeoutMs: o.connectTimeoutMs ?? 10_000,
    },
    {
      username: c.username,
      timeoutMs: o.commandTimeoutMs ?? 30_000,
      ...(o.hostKeyPolicy === undefined ? {} : { hostKeyPolicy: o.hostKeyPolicy }),
      ...(o.knownHostsPath === undefined ? {} : { knownHostsPath: o.knownHostsPath }),
      ...(password === undefined ? {} : { password }),
      ...(privateKey === undefined ? {} : { privateKey }),
      ...(passphrase === undefined ? {} : { passphrase }),
      signal: ctx.signal,
    },
  );
  const onAbort = () => nc.abort();
  ctx.signal.addEventListener("abort", onAbort, { once: true });
  try {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    ctx.connected();
    return await work(nc);
  } finally {
    ctx.signal.removeEventListener("abort", onAbort);
    await nc.close({ timeoutMs: 2000 });
  }
}

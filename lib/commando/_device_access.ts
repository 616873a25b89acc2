/**
 * How Commando's executors reach a device (private): credentials by the
 * device's realm, then the connection plan (NETCONF or a CLI session, SSH
 * then Telnet), then the work, and the session closed in any case.
 *
 * @module
 */
import type { NetconfClient } from "../netconf/client.ts";
import { openSession, type Session } from "../session/session.ts";
import {
  deviceTarget,
  openPlannedNetconf,
  planConnection,
  type PlanOptions,
} from "../session/plan.ts";
import type { SessionCredentials, SessionOptions } from "../session/types.ts";
import { hostKeyOptionsOf } from "../transport/host_key_policy.ts";
import { onAbort } from "../_util/abort.ts";
import type { JobContext } from "./pool.ts";
import type { DeviceExecutorOptions, ExecutorTarget } from "./executor.ts";

/** What to do once the device is reached, per management path. */
export interface DeviceWork<T> {
  /** On a CLI session (in the platform's default mode). */
  cli(session: Session): Promise<T>;
  /** On a NETCONF session. */
  netconf(nc: NetconfClient): Promise<T>;
}

/** Marks the device reached at the first byte after login (the session's onData). */
function chainOnData(
  user: ((text: string) => void) | undefined,
  ctx: JobContext,
): (text: string) => void {
  let marked = false;
  return (text) => {
    if (!marked) {
      marked = true;
      ctx.connected();
    }
    user?.(text);
  };
}

/** The session options of an executor's connection to one device. */
function sessionOptions(
  o: DeviceExecutorOptions,
  credentials: SessionCredentials,
  ctx: JobContext,
): SessionOptions {
  return {
    ...o.session,
    ...hostKeyOptionsOf(o),
    ...(o.policy ? { policy: o.policy } : {}),
    credentials,
    signal: ctx.signal,
    connectTimeoutMs: o.connectTimeoutMs ?? 10_000,
    loginTimeoutMs: o.loginTimeoutMs ?? 20_000,
    commandTimeoutMs: o.commandTimeoutMs ?? 30_000,
    onData: chainOnData(o.session?.onData, ctx),
  };
}

/**
 * Reaches the device as the connection plan says and runs `work` on the
 * session (closed at the end; aborting `ctx.signal` ends it at once).
 */
export async function withDevice<T>(
  device: ExecutorTarget,
  ctx: JobContext,
  o: DeviceExecutorOptions,
  work: DeviceWork<T>,
): Promise<T> {
  const target = deviceTarget(device);
  const planOptions: PlanOptions = { forceCli: o.forceCli ?? false };
  if (o.policy) planOptions.policy = o.policy;
  const plan = planConnection(target, planOptions);
  const credentials = await o.credentials(device.realm, device);
  if (ctx.signal.aborted) throw ctx.signal.reason;
  const options = sessionOptions(o, credentials, ctx);
  if (plan.management === "netconf") {
    const nc = await openPlannedNetconf(plan, options);
    try {
      using _ = onAbort(ctx.signal, () => nc.abort());
      ctx.connected();
      return await work.netconf(nc);
    } finally {
      await nc.close({ timeoutMs: 2000 });
    }
  }
  const session = await openSession(plan, options);
  try {
    ctx.connected();
    return await work.cli(session);
  } finally {
    await session.close();
  }
}

/**
 * Loading ACLs on Junos through NETCONF, with `commit confirmed` as the
 * safety net: lock, `load-configuration action="replace"` with
 * `firewall { family F { replace: filter NAME { ... } } }`, commit confirmed
 * with a timeout, then a NEW session proves the device still answers and
 * reads the filters back; only when every filter matches is the commit
 * confirmed (on the first session, which holds the configuration lock).
 * A filter that reads back different is rolled back at once (`rollback 1`
 * and a commit on the locked session); when the device is unreachable or
 * that fails, nothing is confirmed and Junos rolls back by itself when the
 * timeout ends.
 *
 * An abort (the per-device time limit, a cancelled run) closes every NETCONF
 * session at once, so an RPC in flight ends and nothing more is sent: in
 * particular, nothing is confirmed.
 *
 * @module
 */
import type { NetconfClient } from "../netconf/client.ts";
import { onAbort, raceAbort } from "../_util/abort.ts";
import { commitConfiguration, loadConfiguration } from "../netconf/junos.ts";
import { NetconfRpcError } from "../netconf/rpc_error.ts";
import { escapeXml, parseXml, textOf } from "../netconf/xml.ts";
import { extractJunosFilter, type RenderedAcl } from "./acl_platforms.ts";
import { AclLoadError, type AclLoadStep, runAclStep } from "./acl_step.ts";
import { type AclComparison, compareAclTexts } from "./acl_verify.ts";

/** Options of {@linkcode pushAclsNetconf}. */
export interface NetconfPushOptions {
  /** Opens a new NETCONF session to the device (called twice: push, then probe). */
  connect: () => Promise<NetconfClient>;
  /** Minutes before Junos rolls back an unconfirmed commit. @default {2} */
  confirmMinutes?: number;
  /** Commit comment. @default {"load-acl"} */
  comment?: string;
  /** Called as each step starts; the step waits for it. */
  onStep?: (step: AclLoadStep) => Promise<void> | void;
  /** Called once the first session is open. */
  onConnected?: () => void;
  /**
   * Called with each filter as committed before the load (`""`: absent),
   * under the configuration lock, right before the first change; throwing
   * stops the load with nothing changed.
   */
  beforeChange?: (previous: readonly string[]) => Promise<void> | void;
  /** Stops the load: open sessions are closed, RPCs in flight end. */
  signal?: AbortSignal;
  /** Full commits (`<full/>`, the settings' `juniperFullCommitFields`). @default {false} */
  full?: boolean;
}

/** The text of `<configuration-text>` (or `<output>`) in a reply. */
function configurationText(xml: string): string {
  const root = parseXml(xml, { keepWhitespace: true })["rpc-reply"];
  if (root === undefined || typeof root !== "object" || Array.isArray(root)) return "";
  return textOf(root["configuration-text"] ?? root["output"]);
}

/** The `get-configuration` request for one filter (text format). */
export function filterRequest(a: RenderedAcl): string {
  return `<get-configuration database="committed" format="text"><configuration><firewall>` +
    `<family><${a.family}><filter><name>${escapeXml(a.name)}</name></filter></${a.family}>` +
    `</family></firewall></configuration></get-configuration>`;
}

/**
 * Replaces filters on one Junos device with a confirmed commit, proves the
 * device still answers on a new session, verifies, then confirms.
 *
 * @param host The device name.
 * @param acls The filters, written as `load replace` text.
 * @param options How to connect, confirm timeout, comment, progress hooks.
 * @returns One comparison per filter (all equal: a failed comparison throws).
 * @throws {AclLoadError} Naming the step: connect, push, commit, probe (not
 *   confirmed: the device rolls back), verify (rolled back at once with
 *   `rollback 1` and a commit; if that fails, not confirmed and the device
 *   rolls back by itself), confirm.
 */
export async function pushAclsNetconf(
  host: string,
  acls: readonly RenderedAcl[],
  options: NetconfPushOptions,
): Promise<AclComparison[]> {
  const minutes = options.confirmMinutes ?? 2;
  const comment = options.comment ?? "load-acl";
  const full = options.full === true ? { full: true } : {};
  const step = async (s: AclLoadStep) => await options.onStep?.(s);
  const rollsBack =
    `not confirmed: Junos rolls back to the previous configuration within ${minutes} min`;
  const signal = options.signal;
  const opened: NetconfClient[] = [];
  const closeAll = onAbort(signal, () => opened.forEach((c) => c.abort()));
  // stop waiting for a connect on abort; a session opened later is closed at once
  const connect = (): Promise<NetconfClient> => {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const pending = options.connect().then((c) => {
      opened.push(c);
      if (signal?.aborted) c.abort();
      return c;
    });
    return raceAbort(pending, signal, `Connecting to "${host}"`, host);
  };
  // after an abort, the reason explains better than "session closed by the client"
  const run = <T>(s: AclLoadStep, fn: () => Promise<T>) =>
    runAclStep(s, host, async () => {
      try {
        return await fn();
      } catch (e) {
        signal?.throwIfAborted();
        throw e;
      }
    });
  await step("connect");
  const nc = await run("connect", connect).catch((e) => {
    closeAll[Symbol.dispose]();
    throw e;
  });
  let probe: NetconfClient | undefined;
  let committed = false;
  let confirmed = false;
  try {
    options.onConnected?.();
    await step("backup");
    await run("backup", async () => {
      await nc.rpc("<lock-configuration/>");
      const previous: string[] = [];
      for (const a of acls) {
        const text = configurationText((await nc.rpc(filterRequest(a))).xml);
        previous.push(extractJunosFilter(text, a.family, a.name) ?? "");
      }
      await options.beforeChange?.(previous);
    });
    await step("push");
    await run("push", async () => {
      for (const a of acls) await loadConfiguration(nc, a.payload, { action: "replace" });
    });
    await step("commit");
    await run("commit", async () => {
      await commitConfiguration(nc, { ...full, confirmed: true, confirmTimeout: minutes, comment });
      committed = true;
    });
    await step("probe");
    probe = await run("probe", async () => {
      const p = await connect();
      try {
        await p.rpc("<get-software-information/>");
      } catch (e) {
        p.abort();
        throw e;
      }
      return p;
    }).catch((e: AclLoadError) => {
      throw new AclLoadError(
        "probe",
        host,
        `${host}: ${e.message.replace(/^[^:]*: /, "")}; ${rollsBack}`,
        e,
      );
    });
    await step("verify");
    const checker = probe;
    const results = await run("verify", async () => {
      const out: AclComparison[] = [];
      for (const a of acls) {
        const text = configurationText((await checker.rpc(filterRequest(a))).xml);
        const filter = extractJunosFilter(text, a.family, a.name) ?? "";
        out.push(compareAclTexts(a.definition, filter, "junos"));
      }
      return out;
    });
    const bad = results.findIndex((r) => !r.equal);
    if (bad >= 0) {
      // roll back now (rollback 1 + commit, on the session holding the lock)
      // rather than leave the wrong filter in place until the timer runs out
      const rolledBack = signal?.aborted !== true && await (async () => {
        try {
          await nc.rpc('<load-configuration rollback="1"/>');
          await commitConfiguration(nc, {
            ...full,
            comment: `${comment}: rollback, verify failed`,
          });
          return true;
        } catch {
          return false;
        }
      })();
      throw new AclLoadError(
        "verify",
        host,
        `${host}: filter ${acls[bad]!.name} differs after commit (${results[bad]!.difference}); ${
          rolledBack ? "rolled back to the previous configuration" : rollsBack
        }`,
      );
    }
    await step("confirm");
    // confirm on the session holding the lock; if it died meanwhile, its lock
    // went with it and the proven new session confirms
    await run("confirm", async () => {
      try {
        await commitConfiguration(nc, { ...full, comment });
      } catch (e) {
        if (e instanceof NetconfRpcError || signal?.aborted) throw e;
        await commitConfiguration(checker, { ...full, comment });
      }
    }).catch((e: AclLoadError) => {
      // the confirming commit may have reached the device before the failure
      e.left = "unknown";
      e.message += "; the confirmation may or may not have been applied: check the device " +
        `(unconfirmed, Junos rolls back within ${minutes} min)`;
      throw e;
    });
    confirmed = true;
    return results;
  } catch (e) {
    if (e instanceof AclLoadError && e.left === undefined && !confirmed) e.left = "previous";
    throw e;
  } finally {
    closeAll[Symbol.dispose]();
    if (!committed) await nc.rpc("<discard-changes/>").catch(() => {});
    await nc.rpc("<unlock-configuration/>").catch(() => {});
    await nc.close().catch(() => nc.abort());
    await probe?.close().catch(() => probe?.abort());
  }
}

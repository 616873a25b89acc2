/**
 * Loading ACLs on IOS-like devices through a CLI session, with the previous
 * lists kept as the safety net: read each list as it stands (the backup),
 * write the new lists with the platform's method ({@linkcode writeLists}:
 * in place by sequence number, in a configuration session committed at
 * once, or `no` + definition), read each list back and compare it
 * semantically, then save the configuration as the platform's profile says
 * (`write memory`, `copy running-config startup-config`...).
 *
 * On any failure after the first change (push, verify, save) the previous
 * lists are written back on a new session (the old one may be gone), with
 * the same method, unless they read back unchanged, then read back and
 * compared with the backup; the failure then says whether the restore
 * worked ({@linkcode AclLoadError.restore}).
 *
 * Interfaces keep their `ip access-group NAME` binding across the load
 * (the list keeps its name), so nothing is re-applied.
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import { openSession, type Session } from "../session/session.ts";
import type { SessionOptions, SessionTarget } from "../session/types.ts";
import type { RenderedAcl } from "./acl_platforms.ts";
import { configLines, writeLists } from "./acl_methods.ts";
import { AclLoadError, type AclRestore, runAclStep } from "./acl_step.ts";
import type { AclLoadStep } from "./acl_step.ts";
import { type AclComparison, compareAclTexts } from "./acl_verify.ts";

/** Options of {@linkcode pushAclsCli}. */
export interface CliPushOptions {
  /** Session options (credentials, timeouts, host keys, signal). */
  session: SessionOptions;
  /**
   * Session options of the restore session (default: `session`); give it its
   * own signal so that a restore still runs after the load was cancelled.
   */
  restoreSession?: SessionOptions;
  /** Save the configuration after verification (the platform's save: `write memory`...). @default {true} */
  save?: boolean;
  /** Called as each step starts; the step waits for it. */
  onStep?: (step: AclLoadStep) => Promise<void> | void;
  /** Called once logged in. */
  onConnected?: () => void;
  /**
   * Called with the lists as read (the backup) right before the first
   * change; throwing stops the load with nothing changed.
   */
  beforeChange?: (previous: readonly string[]) => Promise<void> | void;
  /** The name of the configuration sessions used (`session` method). @default {"trigger"} */
  sessionName?: string;
}

/**
 * Replaces the ACLs on one IOS-like device and reads them back; on a failure
 * after the first change, restores the previous lists.
 *
 * @param target The device.
 * @param acls The ACLs written in the device's format.
 * @param options Session options, saving, progress hooks.
 * @returns One comparison per ACL, in order (all equal: a difference throws).
 * @throws {AclLoadError} Naming the step that failed (connect, backup, push,
 *   verify, save), with `restore` set when the previous lists were restored
 *   (or could not be).
 */
export async function pushAclsCli(
  target: SessionTarget,
  acls: readonly RenderedAcl[],
  options: CliPushOptions,
): Promise<AclComparison[]> {
  const host = target.name;
  const step = async (s: AclLoadStep) => await options.onStep?.(s);
  await step("connect");
  const session = await runAclStep("connect", host, () => openSession(target, options.session));
  let previous: string[] | undefined;
  let open = true;
  try {
    options.onConnected?.();
    await step("backup");
    const before = await runAclStep("backup", host, async () => {
      const texts = await readLists(session, acls);
      await options.beforeChange?.(texts);
      return texts;
    });
    await step("push");
    previous = before;
    const name = options.sessionName ?? "trigger";
    await runAclStep(
      "push",
      host,
      () => writeLists(session, acls, acls.map((a) => a.definition), name),
    );
    await step("verify");
    const texts = await runAclStep("verify", host, () => readLists(session, acls));
    const dialect = session.profile.acl?.read ?? "ios";
    const results = acls.map((a, i) => compareAclTexts(a.definition, texts[i]!, dialect));
    const bad = results.findIndex((r) => !r.equal);
    if (bad >= 0) {
      throw new AclLoadError(
        "verify",
        host,
        `${host}: ${acls[bad]!.name} differs after the load (${results[bad]!.difference})`,
      );
    }
    if (options.save ?? true) {
      await step("save");
      await runAclStep("save", host, () => session.saveConfig());
    }
    return results;
  } catch (e) {
    if (previous === undefined) throw e;
    const error = e instanceof AclLoadError
      ? e
      : new AclLoadError("push", host, `${host}: push failed: ${String(e)}`, e);
    open = false;
    await session.close();
    await Promise.resolve().then(() => options.onStep?.("restore")).catch(() => {});
    const restore = await restoreLists(target, acls, previous, options);
    error.restore = restore;
    error.message = `${error.message}; ${restore.message}`;
    throw error;
  } finally {
    if (open) await session.close();
  }
}

/** Writes the previous lists back on a new session and checks them. */
async function restoreLists(
  target: SessionTarget,
  acls: readonly RenderedAcl[],
  previous: readonly string[],
  options: CliPushOptions,
): Promise<AclRestore> {
  const names = acls.map((a) => a.name).join(", ");
  try {
    await using s = await openSession(target, options.restoreSession ?? options.session);
    const changed = await readLists(s, acls);
    if (acls.every((_, i) => same(changed[i]!, previous[i]!))) {
      return { ok: true, message: `${names} unchanged on the device (nothing to restore)` };
    }
    await writeLists(s, acls, previous, `${options.sessionName ?? "trigger"}-r`);
    const now = await readLists(s, acls);
    const differ = acls.filter((_, i) => same(now[i]!, previous[i]!) === false);
    if (differ.length > 0) {
      return {
        ok: false,
        message: `restore FAILED: ${
          differ.map((a) => a.name).join(", ")
        } read back different from before the load`,
      };
    }
    return { ok: true, message: `restored the previous ${names} (read back identical)` };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      message: `restore FAILED (${why}): ${names} may be missing or partial on the device`,
    };
  }
}

function same(a: string, b: string): boolean {
  const norm = (t: string) => configLines(t).map((l) => l.replace(/\s+/g, " ")).join("\n");
  return norm(a) === norm(b);
}

/** Reads each list as the device shows it (`""` when it does not exist). */
async function readLists(session: Session, acls: readonly RenderedAcl[]): Promise<string[]> {
  const out: string[] = [];
  for (const a of acls) {
    const r = await session.send(a.readback);
    if (r.failed) {
      throw new TriggerError("COMMAND_FAILED", `"${a.readback}" answered: ${r.output.trim()}`, {
        host: session.host,
      });
    }
    out.push(readbackText(r.output));
  }
  return out;
}

/** Drops what is not part of the list (`Building configuration...`, blank lines). */
function readbackText(output: string): string {
  const lines = output.split("\n")
    .filter((l) => /^(ip|ipv6|no|access-list|\s+\S)/.test(l) && !/^\s*!/.test(l));
  return lines.length === 0 ? "" : lines.join("\n") + "\n";
}

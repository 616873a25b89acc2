/**
 * Loading ACLs on IOS-like devices through a CLI session: in configuration
 * mode, remove the list and write it again (`no ip access-list extended
 * NAME` + the new definition, or `no access-list N` + its lines), back to
 * privileged mode, read each list back and compare it semantically, then
 * save the configuration.
 *
 * Interfaces keep their `ip access-group NAME` binding across the
 * replacement (IOS, EOS and NX-OS bind by name), so nothing is re-applied.
 *
 * @module
 */
import { openSession } from "../session/session.ts";
import type { SessionOptions, SessionTarget } from "../session/types.ts";
import type { RenderedAcl } from "./acl_platforms.ts";
import { runAclStep } from "./acl_step.ts";
import type { AclLoadStep } from "./acl_step.ts";
import { type AclComparison, compareAclTexts } from "./acl_verify.ts";

/** Options of {@linkcode pushAclsCli}. */
export interface CliPushOptions {
  /** Session options (credentials, timeouts, host keys, signal). */
  session: SessionOptions;
  /** Save the configuration after verification (`write memory`). @default {true} */
  save?: boolean;
  /** Called as each step starts. */
  onStep?: (step: AclLoadStep) => void;
  /** Called once logged in. */
  onConnected?: () => void;
}

/** The configuration lines that replace the lists (`no ...` first). */
export function cliLines(acls: readonly RenderedAcl[]): string[] {
  return acls.flatMap((a) =>
    a.payload.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("!"))
  );
}

/**
 * Replaces the ACLs on one IOS-like device and reads them back.
 *
 * @param target The device.
 * @param acls The ACLs written in the device's format.
 * @param options Session options, saving, progress hooks.
 * @returns One comparison per ACL, in order.
 * @throws {AclLoadError} Naming the step that failed (connect, push, verify, save).
 */
export async function pushAclsCli(
  target: SessionTarget,
  acls: readonly RenderedAcl[],
  options: CliPushOptions,
): Promise<AclComparison[]> {
  const host = target.name;
  const step = (s: AclLoadStep) => options.onStep?.(s);
  step("connect");
  const session = await runAclStep("connect", host, () => openSession(target, options.session));
  try {
    options.onConnected?.();
    step("push");
    await runAclStep("push", host, async () => {
      await session.enterMode("configuration");
      await session.sendMany(cliLines(acls));
      await session.enterMode(session.profile.defaultMode);
    });
    step("verify");
    const results = await runAclStep("verify", host, async () => {
      const out: AclComparison[] = [];
      for (const a of acls) {
        const r = await session.send(a.readback);
        if (r.failed) throw new Error(`"${a.readback}" answered: ${r.output.trim()}`);
        out.push(compareAclTexts(a.definition, readbackText(r.output), "ios"));
      }
      return out;
    });
    if ((options.save ?? true) && results.every((r) => r.equal)) {
      step("save");
      await runAclStep("save", host, async () => {
        const r = await session.send("write memory", { timeoutMs: 120_000 });
        if (r.failed) throw new Error(r.output.trim());
      });
    }
    return results;
  } finally {
    await session.close();
  }
}

/** Drops what is not part of the list (`Building configuration...`, blank lines). */
function readbackText(output: string): string {
  return output.split("\n")
    .filter((l) => /^(ip|ipv6|no|access-list|\s+\S)/.test(l) && !/^\s*!/.test(l))
    .join("\n") + "\n";
}

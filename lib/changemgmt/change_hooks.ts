/**
 * The original Trigger's change-management hooks, `GET_CURRENT_ONCALL` and
 * `CREATE_CM_TICKET`, as a TypeScript (or JavaScript) module named by the
 * `changeHooks` setting (`CHANGE_HOOKS`). Before any device is touched,
 * `load-acl` asks the module who is on call, then opens a change ticket
 * with the plan; either may veto the load (an empty answer, or a thrown
 * error with the reason). The ticket id goes into the change log, the
 * results and the notification.
 *
 * ```ts ignore
 * // ~/.config/trigger/change_hooks.ts
 * export function getCurrentOncall(change) {
 *   return "alice (pager 555-0100)";
 * }
 * export async function createCmTicket(change) {
 *   const r = await fetch("https://cm.example.net/api/tickets", {
 *     method: "POST", body: JSON.stringify(change),
 *   });
 *   if (!r.ok) throw new Error(`CM refused: ${r.status}`);
 *   return (await r.json()).id;
 * }
 * ```
 *
 * @module
 */
import { TriggerError } from "../errors.ts";
import { withDeadline } from "./_load_tracker.ts";

/** What the hooks are told of a change. */
export interface ChangeContext {
  /** The verb (`load-acl`). */
  verb: string;
  /** The run's id (also in the change log). */
  run: string;
  /** Who changes (the real login). */
  user: string;
  /** Started by cron (`--auto`). */
  auto: boolean;
  /** The loads planned: device, its ACLs and platform. */
  loads: { device: string; acls: string[]; platform: string | null }[];
  /** Work held back, with the reason. */
  skipped: { device: string; acls: string[]; reason: string }[];
}

/** The module's exports (both optional). */
export interface ChangeHooks {
  /**
   * Who is on call (any printable value); an empty answer (`""`, `null`,
   * `false`) means nobody is, and the load does not happen.
   */
  getCurrentOncall?: (change: ChangeContext) => unknown;
  /**
   * Opens a change ticket for the plan and returns its id; an empty answer
   * or an error refuses the load.
   */
  createCmTicket?: (change: ChangeContext & { oncall?: string }) => unknown;
}

/** What the hooks said. */
export interface ChangeApproval {
  /** Who is on call. */
  oncall?: string;
  /** The change ticket. */
  ticket?: string;
}

/**
 * Loads the hooks module.
 *
 * @param file Its path (relative paths: against the current directory).
 * @returns The hooks it exports.
 * @throws {TriggerError} `SETTINGS_INVALID` when it cannot be loaded or exports neither hook.
 */
export async function loadChangeHooks(file: string): Promise<ChangeHooks> {
  let mod: Record<string, unknown>;
  try {
    mod = await import(new URL(file, `file://${Deno.cwd()}/`).href);
  } catch (e) {
    throw new TriggerError(
      "SETTINGS_INVALID",
      `Cannot load the change hooks module "${file}" (setting changeHooks): ${
        (e as Error).message
      }`,
      { cause: e },
    );
  }
  const hooks: ChangeHooks = {};
  for (const name of ["getCurrentOncall", "createCmTicket"] as const) {
    const f = mod[name];
    if (f === undefined) continue;
    if (typeof f !== "function") {
      throw new TriggerError(
        "SETTINGS_INVALID",
        `Cannot use the change hooks module "${file}": ${name} is not a function`,
      );
    }
    hooks[name] = f as never;
  }
  if (!hooks.getCurrentOncall && !hooks.createCmTicket) {
    throw new TriggerError(
      "SETTINGS_INVALID",
      `Cannot use the change hooks module "${file}": it exports neither getCurrentOncall nor createCmTicket`,
    );
  }
  return hooks;
}

/**
 * Asks the hooks for their approval: the on-call first, then the ticket.
 *
 * @param hooks The hooks.
 * @param change The change.
 * @param timeoutMs How long each hook may take.
 * @returns The on-call and the ticket id.
 * @throws {TriggerError} `CHANGE_REFUSED` naming the hook and its reason
 *   (an empty answer, an error, or no answer in time).
 *
 * @example A ticket per change, refused when nobody is on call
 * ```ts
 * import { approveChange } from "@trigger/trigger";
 * import { rejects, strictEqual } from "node:assert/strict";
 *
 * const change = { verb: "load-acl", run: "r1", user: "alice", auto: false, loads: [], skipped: [] };
 * const ok = await approveChange({ getCurrentOncall: () => "bob", createCmTicket: () => "CM-42" }, change);
 * strictEqual(ok.ticket, "CM-42");
 * await rejects(approveChange({ getCurrentOncall: () => "" }, change), /nobody is on call/);
 * ```
 */
export async function approveChange(
  hooks: ChangeHooks,
  change: ChangeContext,
  timeoutMs = 30_000,
): Promise<ChangeApproval> {
  const ask = async (name: string, f: () => unknown): Promise<string> => {
    let answer: unknown;
    try {
      answer = await withDeadline(Promise.resolve().then(f), timeoutMs, name);
    } catch (e) {
      throw new TriggerError(
        "CHANGE_REFUSED",
        `The change was refused by ${name}: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      );
    }
    if (
      answer === undefined || answer === null || answer === false || String(answer).trim() === ""
    ) {
      const why = name === "getCurrentOncall" ? "nobody is on call" : "no change ticket";
      throw new TriggerError("CHANGE_REFUSED", `The change was refused by ${name}: ${why}`);
    }
    return String(answer).trim();
  };
  const out: ChangeApproval = {};
  if (hooks.getCurrentOncall) {
    out.oncall = await ask("getCurrentOncall", () => hooks.getCurrentOncall!(change));
  }
  if (hooks.createCmTicket) {
    const withOncall = out.oncall === undefined ? change : { ...change, oncall: out.oncall };
    out.ticket = await ask("createCmTicket", () => hooks.createCmTicket!(withOncall));
  }
  return out;
}

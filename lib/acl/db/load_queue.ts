/**
 * The ACL load queue: the integrated queue (ACL + device, resolved through
 * the associations) and the manual queue (an ACL no device is known to
 * carry). `load-acl` takes work from here and marks it done only after it
 * verified the device.
 *
 * @module
 */
import { TriggerError } from "../../errors.ts";
import type { DeviceRecord } from "./device_match.ts";
import type { AclAssociations } from "./associations.ts";
import type { QueueEntry } from "./store.ts";

/** Where a load that began changing a device stands (the note of its pending entries). */
export interface LoadInProgress {
  /** The run's id. */
  run: string;
  /** Its process id. */
  pid: number;
  /** The machine it runs on. */
  host: string;
  /** When the device began to change (ISO 8601). */
  since: string;
  /** The backup file, when one was written. */
  backup?: string;
}

const IN_PROGRESS = "IN PROGRESS: ";

/**
 * The note marking an entry whose device is being changed.
 *
 * @param p Who changes it, since when, the backup.
 * @returns The note.
 */
export function inProgressNote(p: LoadInProgress): string {
  return IN_PROGRESS + JSON.stringify(p);
}

/**
 * Reads an in-progress note back.
 *
 * @param note An entry's note.
 * @returns The load in progress, or `undefined` for any other note.
 */
export function parseInProgress(note: string | null): LoadInProgress | undefined {
  if (note === null || !note.startsWith(IN_PROGRESS)) return undefined;
  try {
    const p = JSON.parse(note.slice(IN_PROGRESS.length));
    if (typeof p.run === "string" && typeof p.pid === "number" && typeof p.host === "string") {
      return p;
    }
  } catch { /* not ours */ }
  return undefined;
}

/** Options for {@linkcode LoadQueue.inject}. */
export interface InjectOptions {
  /** Who queues it. */
  user: string;
  /** Urgent load. @default {false} */
  escalation?: boolean;
}

/** The load queue. */
export class LoadQueue {
  readonly #assoc: AclAssociations;

  /**
   * Creates the queue view over the associations' store.
   *
   * @param associations The associations (and their store).
   */
  constructor(associations: AclAssociations) {
    this.#assoc = associations;
  }

  /**
   * Queues an ACL: for the given devices (each must carry the ACL), or for
   * every device that carries it; with none, into the manual queue. An ACL
   * name ending in ` ESCALATION` is escalated (the original's convention).
   *
   * @param acl The ACL name.
   * @param inventory All devices (to resolve who carries the ACL).
   * @param options Who, and whether escalated.
   * @param devices Restrict to these devices.
   * @returns The new entries.
   * @throws {TriggerError} `QUEUE_ERROR` for an empty name or a device without the ACL.
   */
  async inject(
    acl: string,
    inventory: readonly DeviceRecord[],
    options: InjectOptions,
    devices?: readonly DeviceRecord[],
  ): Promise<QueueEntry[]> {
    let name = acl.trim();
    let escalation = options.escalation ?? false;
    const m = /^(.*?)\s+escalation$/i.exec(name);
    if (m) {
      name = m[1]!;
      escalation = true;
    }
    if (name === "") throw new TriggerError("QUEUE_ERROR", "Cannot queue an ACL without a name");
    let targets: string[];
    if (devices && devices.length) {
      for (const d of devices) {
        const sets = await this.#assoc.aclsFor(d);
        if (!sets.all.includes(name)) {
          throw new TriggerError(
            "QUEUE_ERROR",
            `Cannot queue ACL ${name} for ${d.nodeName}: it is not associated with that device`,
            {
              host: d.nodeName,
            },
          );
        }
      }
      targets = devices.map((d) => d.nodeName);
    } else {
      targets = await this.#assoc.devicesWith(name, inventory);
    }
    const entries = targets.length
      ? targets.map((device) => ({ acl: name, device, escalation, user: options.user }))
      : [{ acl: name, device: null, escalation, user: options.user }];
    return await this.#assoc.store.enqueue(entries);
  }

  /**
   * Pending entries.
   *
   * @param options Which queue (integrated or manual) and escalation.
   * @returns Entries, oldest first.
   */
  async pending(options: { manual?: boolean; escalation?: boolean } = {}): Promise<QueueEntry[]> {
    return await this.#assoc.store.entries({ state: "pending", ...options });
  }

  /**
   * Removes pending entries of an ACL (for some devices, or all).
   *
   * @param acl The ACL name.
   * @param devices Only these devices.
   * @returns How many entries were removed.
   */
  async clear(acl: string, devices?: readonly string[]): Promise<number> {
    const pending = await this.#assoc.store.entries({ state: "pending", acl });
    let n = 0;
    for (const e of pending) {
      if (devices && (e.device === null || !devices.includes(e.device))) continue;
      await this.#assoc.store.setState(e.id, "removed", "cleared by user");
      n++;
    }
    return n;
  }

  /**
   * Makes sure each ACL of a device has a pending entry (a load started by
   * name is tracked like a queued one), and notes them all.
   *
   * @param device The device.
   * @param acls Its ACLs being loaded.
   * @param user Who loads.
   * @param note The note of every entry (e.g. {@linkcode inProgressNote}).
   * @returns The device's pending entries of these ACLs.
   */
  async track(
    device: string,
    acls: readonly string[],
    user: string,
    note: string,
  ): Promise<QueueEntry[]> {
    const store = this.#assoc.store;
    const pending = (await store.entries({ state: "pending", device }))
      .filter((e) => acls.includes(e.acl));
    const missing = acls.filter((a) => !pending.some((e) => e.acl === a));
    const added = await store.enqueue(
      missing.map((acl) => ({ acl, device, escalation: false, user })),
    );
    const all = [...pending, ...added];
    for (const e of all) await store.setState(e.id, "pending", note);
    return all.map((e) => ({ ...e, note }));
  }

  /**
   * Marks an entry loaded and verified.
   *
   * @param id The entry.
   * @param note What was verified.
   */
  async complete(id: number, note: string): Promise<void> {
    await this.#assoc.store.setState(id, "done", note);
  }

  /**
   * Records a failed attempt; the entry stays pending, with the reason.
   *
   * @param id The entry.
   * @param reason What happened, on which device.
   */
  async failed(id: number, reason: string): Promise<void> {
    await this.#assoc.store.setState(id, "pending", reason);
  }
}

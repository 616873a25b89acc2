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

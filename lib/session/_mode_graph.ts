/**
 * Private: shortest path between modes over a profile's transitions.
 *
 * @module
 */
import type { PlatformProfile, Step } from "../platforms/profile.ts";

/** One hop of a mode path. */
export interface Hop {
  to: string;
  steps: Step[];
}

/**
 * Breadth-first search from `from` to `to`.
 *
 * @returns The hops (empty when already there), or `undefined` when unreachable.
 */
export function modePath(
  profile: PlatformProfile,
  from: string | undefined,
  to: string,
): Hop[] | undefined {
  if (from === to) return [];
  if (from === undefined) return undefined;
  const prev = new Map<string, { from: string; hop: Hop }>();
  const queue = [from];
  const seen = new Set([from]);
  while (queue.length) {
    const cur = queue.shift()!;
    const mode = profile.modes.find((m) => m.name === cur);
    for (const t of mode?.transitions ?? []) {
      if (seen.has(t.to)) continue;
      seen.add(t.to);
      prev.set(t.to, { from: cur, hop: { to: t.to, steps: t.steps } });
      if (t.to === to) {
        const path: Hop[] = [];
        for (let n = to; n !== from;) {
          const p = prev.get(n)!;
          path.unshift(p.hop);
          n = p.from;
        }
        return path;
      }
      queue.push(t.to);
    }
  }
  return undefined;
}

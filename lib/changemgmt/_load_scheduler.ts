/**
 * The order loads run in (private): at most `maxConns` devices at once, in
 * priority order; devices of one redundancy group one after the other, each
 * only after the previous one succeeded (a failure holds the rest of its
 * group back, so both halves of a pair are never down together); after a
 * stop, nothing new starts.
 *
 * @module
 */

/** Options of {@linkcode schedule}. */
export interface ScheduleOptions<T, R> {
  /** Items running at once. */
  maxConns: number;
  /** The redundancy group of an item (`undefined`: none). */
  group: (item: T) => string | undefined;
  /** Whether a result lets the next item of its group start. */
  succeeded: (result: R) => boolean;
  /** The result of an item held back because an earlier one of its group did not succeed. */
  held: (item: T, blocker: T) => R;
  /** The result of an item never started because the run stopped. */
  notStarted: (item: T) => R;
  /** True once the run must start nothing new. */
  stopped: () => boolean;
  /** Resolves (or rejects) when `stopped()` may have become true, to stop waiting. */
  stopping: Promise<unknown>;
}

/**
 * Runs `work` on every item and yields each result as it comes (held-back
 * and not-started items included), exactly one per item.
 *
 * @param items The items, in priority order.
 * @param work Runs one item; must not reject.
 * @param options Concurrency, groups, stop.
 * @returns The results, in completion order.
 */
export async function* schedule<T, R>(
  items: readonly T[],
  work: (item: T) => Promise<R>,
  options: ScheduleOptions<T, R>,
): AsyncGenerator<R> {
  const { maxConns, group, succeeded, held, notStarted, stopped } = options;
  const waiting = [...items];
  const busyGroups = new Set<string>();
  const failedGroups = new Map<string, T>();
  const running = new Map<number, Promise<{ id: number; item: T; result: R }>>();
  let next = 0;
  const stop = options.stopping.then(() => null, () => null);
  for (;;) {
    const ready: R[] = [];
    // start what may start, in priority order
    for (let i = 0; i < waiting.length && !stopped();) {
      const item = waiting[i]!;
      const g = group(item);
      const blocker = g === undefined ? undefined : failedGroups.get(g);
      if (blocker !== undefined) {
        waiting.splice(i, 1);
        ready.push(held(item, blocker));
        continue;
      }
      if (running.size >= maxConns || (g !== undefined && busyGroups.has(g))) {
        i++;
        continue;
      }
      waiting.splice(i, 1);
      if (g !== undefined) busyGroups.add(g);
      const id = next++;
      running.set(id, work(item).then((result) => ({ id, item, result })));
    }
    if (stopped()) ready.push(...waiting.splice(0).map(notStarted));
    yield* ready;
    if (running.size === 0) {
      if (waiting.length === 0) return;
      continue;
    }
    const first = await Promise.race([...running.values(), stopped() ? never : stop]);
    if (first === null) continue;
    running.delete(first.id);
    const g = group(first.item);
    if (g !== undefined) {
      busyGroups.delete(g);
      if (!succeeded(first.result)) failedGroups.set(g, first.item);
    }
    yield first.result;
  }
}

const never = new Promise<null>(() => {});

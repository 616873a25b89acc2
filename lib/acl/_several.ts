/**
 * The error for a text of several ACLs where one was expected (`parse`, the
 * optimizer's engine call without an index): a RangeError, as the library has
 * always thrown there, whose count {@linkcode filterCountOf} reads back, so
 * that callers offering a choice (the CLI's `--name`, the API's message) need
 * not read the message.
 *
 * @module
 */

/** The errors made by {@linkcode severalFilters}, with their counts. */
const COUNTS = new WeakMap<RangeError, number>();

/**
 * The RangeError for a text of `count` filters where one was expected.
 *
 * @param count How many filters the text holds.
 * @returns The error, to throw.
 */
export function severalFilters(count: number): RangeError {
  const e = new RangeError(`Cannot parse ACL: the text holds ${count} filters (use parseAll)`);
  COUNTS.set(e, count);
  return e;
}

/**
 * How many filters the text held, when `e` is {@linkcode severalFilters}'s
 * error; else `undefined`.
 *
 * @param e Any thrown value.
 * @returns The count, or `undefined`.
 */
export function filterCountOf(e: unknown): number | undefined {
  return e instanceof RangeError ? COUNTS.get(e) : undefined;
}

import type { Knex } from 'knex';
import { dialectOf } from './config';

// Room for the bindings a statement carries besides its long list (other filters, SET values).
const RESERVED_BINDINGS = 100;

/**
 * Splits `items` into consecutive chunks of at most `size` items.
 *
 * @example chunksOf([1, 2, 3, 4, 5], 2) // [[1, 2], [3, 4], [5]]
 */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size ${size} is not >= 1`);
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

/**
 * How many values one `whereIn` list may hold under a limit of `maxBindings` bound parameters
 * per statement, leaving room for the statement's other bindings.
 *
 * @example valuesWithin(999) // 899
 */
export function valuesWithin(maxBindings: number): number {
  return Math.max(1, maxBindings - RESERVED_BINDINGS);
}

/**
 * How many values one `whereIn` list may hold on this connection's database, so that a statement
 * never passes the dialect's bound-parameter limit (999 on old SQLite builds).
 *
 * @example
 * for (const ids of chunksOf(allIds, valuesPerStatement(trx))) await trx('books').whereIn('id', ids).delete();
 */
export function valuesPerStatement(knex: Knex): number {
  return valuesWithin(dialectOf(knex).maxBindings);
}

import type { Knex } from 'knex';

/** One statement as knex sent it to the database. */
export interface RecordedQuery {
  sql: string;
  bindings: readonly unknown[];
}

interface QueryEvent {
  sql: string;
  bindings?: readonly unknown[];
}

/**
 * Runs `fn` and returns its result with every statement knex sent meanwhile, transactions
 * included. Use it to prove that a code path runs a fixed number of queries.
 *
 * @example
 * const { result, queries } = await recordQueries(knex, () => Shop.query().withGraphFetched('products'));
 * queries.length // 2, however many shops there are
 */
export async function recordQueries<T>(
  knex: Knex,
  fn: () => Promise<T> | T,
): Promise<{ result: T; queries: RecordedQuery[] }> {
  const queries: RecordedQuery[] = [];
  const listener = (event: QueryEvent) => {
    queries.push({ sql: event.sql, bindings: event.bindings ?? [] });
  };
  knex.on('query', listener);
  try {
    const result = await fn();
    return { result, queries };
  } finally {
    knex.off('query', listener);
  }
}

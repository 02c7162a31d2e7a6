import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import { originOf, type QueryOrigin } from './query-origin';

/** One statement as knex sent it to the database, with where it came from. */
export interface RecordedQuery extends Partial<QueryOrigin> {
  sql: string;
  bindings: readonly unknown[];
  /**
   * Milliseconds from sending the statement to its answer; `undefined` for the statements knex
   * runs for a transaction itself (BEGIN, COMMIT), whose answers it does not report.
   */
  durationMs?: number;
  /** Whether the database refused the statement. */
  failed: boolean;
}

interface QueryEvent {
  sql: string;
  bindings?: readonly unknown[];
  __knexQueryUid?: string;
}

/**
 * Runs `fn` and returns its result with every statement knex sent meanwhile, transactions
 * included, in the order they were sent. A statement sent by a model query names its model and,
 * for eager loading and `$relatedQuery`, the relation (`Shop.products`). Use it to prove that a
 * code path runs a fixed number of queries, or to find the slow ones.
 *
 * @example
 * const { result, queries } = await recordQueries(knex, () => Shop.query().withGraphFetched('products'));
 * queries.length        // 2, however many shops there are
 * queries[1]!.relation  // 'Shop.products'
 */
export async function recordQueries<T>(
  knex: Knex,
  fn: () => T,
): Promise<{ result: Awaited<T>; queries: RecordedQuery[] }> {
  const queries: RecordedQuery[] = [];
  const running = new Map<string, { query: RecordedQuery; sentAt: number }>();
  // knex emits `start` with the query builder, then compiles it and emits `query`, all in the
  // same tick: the origin seen at `start` belongs to the next statement.
  let nextOrigin: QueryOrigin | undefined;

  const onStart = (builder: unknown) => {
    nextOrigin = originOf(builder);
  };
  const onQuery = (event: QueryEvent) => {
    const query: RecordedQuery = {
      sql: event.sql,
      bindings: event.bindings ?? [],
      failed: false,
      ...nextOrigin,
    };
    nextOrigin = undefined;
    queries.push(query);
    if (event.__knexQueryUid)
      running.set(event.__knexQueryUid, { query, sentAt: performance.now() });
  };
  const finish = (event: QueryEvent, failed: boolean) => {
    const entry = event.__knexQueryUid ? running.get(event.__knexQueryUid) : undefined;
    if (!entry) return;
    running.delete(event.__knexQueryUid!);
    entry.query.durationMs = performance.now() - entry.sentAt;
    entry.query.failed = failed;
  };
  const onResponse = (_response: unknown, event: QueryEvent) => finish(event, false);
  const onError = (_error: unknown, event: QueryEvent) => finish(event, true);

  knex.on('start', onStart);
  knex.on('query', onQuery);
  knex.on('query-response', onResponse);
  knex.on('query-error', onError);
  try {
    const result = await fn();
    return { result, queries };
  } finally {
    knex.off('start', onStart);
    knex.off('query', onQuery);
    knex.off('query-response', onResponse);
    knex.off('query-error', onError);
  }
}

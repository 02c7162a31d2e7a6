import type { Knex } from 'knex';
// knex exports no query builder class; its module is the one every dialect's builder extends.
import KnexQueryBuilder from 'knex/lib/query/querybuilder';

// The shapes of knex's builders this module reads: a query builder's method and lock, a
// `with` clause's query, and what marks a raw statement.
interface KnexStatementShape {
  _method?: string;
  _single?: { lock?: unknown };
  _statements?: Array<{ grouping?: string; value?: unknown }>;
}

// `columnInfo` reads the catalog, which replicas have too.
const READ_METHODS = new Set(['select', 'first', 'pluck', 'columnInfo']);
const markedReads = new WeakSet<object>();

/**
 * Marks raw SQL as a plain read that a replica may answer: raw statements go to the primary
 * otherwise, since the layer cannot tell what they do. The SQL must not write, lock or call a
 * function that writes (a replica refuses it, and the statement is then sent to the primary).
 *
 * @example
 * const { rows } = await replicaRead(knex.raw('select count(*) from shops'));
 */
export function replicaRead<T extends Knex.Raw>(raw: T): T {
  markedReads.add(raw);
  return raw;
}

function isPlainSelect(builder: KnexStatementShape): boolean {
  if (!READ_METHODS.has(builder._method ?? 'select')) return false;
  if (builder._single?.lock !== undefined) return false;
  // A `with` clause may hold a data-modifying statement; only selects qualify.
  return (builder._statements ?? []).every(
    ({ grouping, value }) =>
      grouping !== 'with' ||
      (typeof value === 'object' && value !== null && isRead(value as KnexStatementShape)),
  );
}

/**
 * Whether a knex builder about to run is a read a replica may answer: a query builder's plain
 * `select` (no `FOR UPDATE`/`FOR SHARE`, no data-modifying `with`), or raw SQL marked with
 * `replicaRead`. Writes, schema changes and unmarked raw SQL are not.
 */
export function isRead(builder: unknown): boolean {
  if (typeof builder !== 'object' || builder === null) return false;
  if (markedReads.has(builder)) return true;
  return builder instanceof KnexQueryBuilder && isPlainSelect(builder as KnexStatementShape);
}

import type { RecordedQuery } from '../../lib';

/**
 * A statement as verb and first table, `'delete books'`, `'select order_items'`, `'begin'`, so
 * that a test can assert which statements a code path sends without spelling out their SQL.
 */
export function shapeOf(sql: string): string {
  const verb = (sql.trim().split(/\s+/)[0] ?? '').replace(/;$/, '').toLowerCase();
  const table = /\b(?:from|into|update)\s+[`"]?(\w+)/i.exec(sql)?.[1];
  return table ? `${verb} ${table}` : verb;
}

/** The shapes of recorded statements, in the order they were sent. */
export function shapesOf(queries: readonly RecordedQuery[]): string[] {
  return queries.map((query) => shapeOf(query.sql));
}

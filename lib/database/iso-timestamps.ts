import { sqliteTimestampAsIso } from './sqlite-timestamps';

/**
 * A timestamp column's value as every dialect's driver hands it, as ISO-8601 text: pg parses
 * `timestamptz` into a Date; SQLite stores `CURRENT_TIMESTAMP` text (see `sqliteTimestampAsIso`);
 * ISO text, written by the layer, stays as it is. Runs for every timestamp read, without asking
 * which database the row came from: the forms do not overlap.
 *
 * @example
 * isoTimestampOf(new Date(0)) // '1970-01-01T00:00:00.000Z'
 * isoTimestampOf('2026-01-02 03:04:05') // '2026-01-02T03:04:05.000Z'
 */
export function isoTimestampOf(value: unknown): unknown {
  if (typeof value !== 'string') return value instanceof Date ? value.toISOString() : value;
  return sqliteTimestampAsIso(value) ?? value;
}

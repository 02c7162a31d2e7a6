import type { Knex } from 'knex';
import { chunksOf } from './chunks';
import { dialectOf } from './config';

/** A value a driver binds as is: JSON goes in as a string. */
export type ColumnValue = string | number | boolean | null;

/**
 * Inserts `rows` (all with the same columns) with as few statements as the database allows: one
 * multi-row `INSERT … VALUES (…), (…)` per chunk of at most `maxBindings` bound values.
 *
 * Knex writes SQLite multi-row inserts as `SELECT … UNION ALL SELECT …`, which breaks past 500
 * rows (SQLite's compound-select limit); a VALUES list has no such limit on either dialect.
 *
 * @example
 * await insertRows(trx, 'deletions', [{ table_name: 'books', row_id: 7 }, { table_name: 'books', row_id: 8 }]);
 */
export async function insertRows(
  knex: Knex,
  table: string,
  rows: ReadonlyArray<Record<string, ColumnValue>>,
  maxBindings = dialectOf(knex).maxBindings,
): Promise<void> {
  const [first] = rows;
  if (!first) return;
  const columns = Object.keys(first);
  const rowsPerStatement = Math.max(1, Math.floor(maxBindings / columns.length));
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  for (const chunk of chunksOf(rows, rowsPerStatement)) {
    const values = chunk.flatMap((row) => columns.map((column) => row[column] ?? null));
    await knex.raw(
      `insert into ?? (${columns.map(() => '??').join(', ')}) values ${chunk.map(() => placeholders).join(', ')}`,
      [table, ...columns, ...values],
    );
  }
}

import type { Knex } from 'knex';
import { chunksOf } from './chunks';
import { dialectOf } from './config';

type Row = Readonly<Record<string, unknown>>;

/** How `insertRows` writes: see its options. */
export interface InsertRowsOptions {
  /** The column whose values the inserted rows hand back (`RETURNING`), in the order written. */
  readonly returning?: string;
  /** The most bound values one statement may carry (default: the dialect's `maxBindings`). */
  readonly maxBindings?: number;
  /** Told of each statement before it is sent (the query recorder names its model there). */
  readonly onStatement?: (statement: Knex.Raw) => void;
}

function insertStatement(
  knex: Knex,
  table: string,
  columns: readonly string[],
  rows: readonly Row[],
  returning: string | undefined,
): Knex.Raw {
  const tail = returning === undefined ? '' : ' returning ??';
  const tailBindings = returning === undefined ? [] : [returning];
  // A row without columns is written as `DEFAULT VALUES`, which takes one row at a time.
  if (columns.length === 0)
    return knex.raw(`insert into ?? default values${tail}`, [table, ...tailBindings]);
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  const values = rows.flatMap((row) => columns.map((column) => row[column] ?? null));
  return knex.raw(
    `insert into ?? (${columns.map(() => '??').join(', ')}) values ${rows.map(() => placeholders).join(', ')}${tail}`,
    [table, ...columns, ...values, ...tailBindings] as readonly Knex.RawBinding[],
  );
}

/**
 * Inserts `rows`, which all have the same columns, with as few statements as the database
 * allows: one multi-row `INSERT … VALUES (…), (…)` per chunk of at most `maxBindings` bound
 * values, its columns in alphabetical order as knex writes them. With `returning`, the values of
 * that column for every row inserted, in the order the rows were written.
 *
 * Knex's own SQLite multi-row insert (`SELECT … UNION ALL SELECT …`) breaks past 500 rows
 * (SQLite's compound-select limit); a VALUES list has no such limit on either dialect.
 * `RETURNING` promises no order on SQLite and only a customary one on PostgreSQL, so the
 * generated ids come back sorted, which is the order the rows took them in where the dialect
 * says so (`insertedIdsAscend`).
 *
 * @example
 * await insertRows(trx, 'deletions', [{ table_name: 'books', row_id: 7 }, { table_name: 'books', row_id: 8 }]);
 * await insertRows(trx, 'shops', [{ name: 'A' }, { name: 'B' }], { returning: 'id' }); // [7, 8]
 */
export async function insertRows(
  knex: Knex,
  table: string,
  rows: readonly Row[],
  { returning, maxBindings, onStatement }: InsertRowsOptions = {},
): Promise<unknown[]> {
  const [first] = rows;
  if (!first) return [];
  const dialect = dialectOf(knex);
  const columns = Object.keys(first).sort();
  const size =
    columns.length === 0 ? 1 : Math.floor((maxBindings ?? dialect.maxBindings) / columns.length);
  const returned: unknown[] = [];
  for (const chunk of chunksOf(rows, Math.max(1, size))) {
    const statement = insertStatement(knex, table, columns, chunk, returning);
    onStatement?.(statement);
    const result: unknown = await statement;
    if (returning !== undefined) {
      for (const row of dialect.rawRows(result)) returned.push(row[returning]);
    }
  }
  if (returning === undefined || !returned.every((id) => typeof id === 'number')) return returned;
  if (!dialect.insertedIdsAscend) {
    throw new Error(`${dialect.name} does not say in which order an INSERT's rows take their ids`);
  }
  return (returned as number[]).sort((a, b) => a - b);
}

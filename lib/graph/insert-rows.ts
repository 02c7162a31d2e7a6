import type { Knex } from 'knex';
import type { Model, ModelClass } from 'objection';
import type { InsertLimits } from '../database/dialect';
import { insertRows } from '../database/insert-rows';
import { rememberModelOrigin } from '../observe/query-origin';
import { tableNameOf } from '../objection/query-internals';

type Row = Record<string, unknown>;

function hasSameColumns(row: Row, columns: string[]): boolean {
  const keys = Object.keys(row);
  return keys.length === columns.length && keys.every((key) => columns.includes(key));
}

/**
 * Splits `rows` into runs that one multi-row INSERT can carry: within the dialect's limits, and
 * with the same columns, since one statement names one list of columns and a column a row lacks
 * must take its default, not NULL. Runs keep the input order.
 *
 * @example
 * chunkRows([{ a: 1 }, { a: 2 }, { b: 3 }], { rows: 500, parameters: 32766 }) // [[0, 2], [2, 3]]
 */
export function chunkRows(rows: readonly Row[], limits: InsertLimits): Array<[number, number]> {
  const chunks: Array<[number, number]> = [];
  let start = 0;
  while (start < rows.length) {
    const columns = Object.keys(rows[start]!);
    // A row without columns is written as `DEFAULT VALUES`, which takes one row at a time.
    const size =
      columns.length === 0
        ? 1
        : Math.max(1, Math.min(limits.rows, Math.floor(limits.parameters / columns.length)));
    let end = start + 1;
    while (end < rows.length && end - start < size && hasSameColumns(rows[end]!, columns)) end++;
    chunks.push([start, end]);
    start = end;
  }
  return chunks;
}

/**
 * Inserts `rows` (one chunk of `chunkRows`) and returns the ids the database generated, in the
 * order of the rows (see `insertRows`); `known` ids, which rows already carried, are not handed
 * out again.
 *
 * @example
 * await insertReturningIds(trx, Shop, [{ name: 'A' }, { name: 'B' }], 'id', new Set()) // [7, 8]
 */
export async function insertReturningIds(
  knex: Knex,
  modelClass: ModelClass<Model>,
  rows: readonly Row[],
  idColumn: string,
  known: ReadonlySet<unknown>,
): Promise<unknown[]> {
  const returned = await insertRows(knex, tableNameOf(modelClass), rows, {
    returning: idColumn,
    onStatement: (statement) => rememberModelOrigin(statement, modelClass),
  });
  return returned.filter((id) => !known.has(id));
}

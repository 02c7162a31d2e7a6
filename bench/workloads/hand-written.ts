import type { Knex } from 'knex';
import type { Insertable, Kysely } from 'kysely';
import type { InsertLimits } from '../../lib';
import type { Driver, Row } from '../orms/driver';
import type { KyselyTables } from '../orms/kysely-database';
import { chunked, rowsPerStatement } from './fixtures';
import { valuesRowsPerStatement } from './new-shops';

// What a careful developer writes by hand with Knex, Kysely or the raw driver: multi-row inserts
// within the database's limits, one statement per table, trusting RETURNING's order.

/** Inserts `rows` (all with the same columns) and returns their ids in order. */
export async function knexInsertIds(
  knex: Knex,
  limits: InsertLimits,
  table: string,
  rows: Row[],
): Promise<number[]> {
  if (rows.length === 0) return [];
  const ids: number[] = [];
  for (const chunk of chunked(rows, rowsPerStatement(Object.keys(rows[0]!).length, limits))) {
    const returned: Array<{ id: number }> = await knex(table).insert(chunk).returning('id');
    for (const { id } of returned) ids.push(id);
  }
  return ids;
}

/**
 * The same with the raw driver: `INSERT … VALUES (…), (…) RETURNING id`. A VALUES list is not a
 * compound select, so only the bound-parameter limit applies on SQLite.
 */
export async function driverInsertIds(
  driver: Driver,
  limits: InsertLimits,
  table: string,
  rows: Row[],
): Promise<number[]> {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]!);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const ids: number[] = [];
  for (const chunk of chunked(rows, valuesRowsPerStatement(columns.length, limits.parameters))) {
    const sql = `insert into ${table} (${columns.join(', ')}) values ${chunk.map(() => tuple).join(', ')} returning id`;
    const returned = await driver.query(
      sql,
      chunk.flatMap((row) => columns.map((column) => row[column])),
    );
    for (const { id } of returned) ids.push(id as number);
  }
  return ids;
}

/**
 * The same with Kysely, a query builder: `insertInto(table).values(chunk).returning('id')`, one
 * statement per chunk within the bound-parameter limit.
 */
export async function kyselyInsertIds<T extends 'shops' | 'products'>(
  db: Kysely<KyselyTables>,
  parameters: number,
  table: T,
  rows: Array<Insertable<KyselyTables[T]>>,
): Promise<number[]> {
  if (rows.length === 0) return [];
  const ids: number[] = [];
  const perStatement = valuesRowsPerStatement(Object.keys(rows[0]!).length, parameters);
  for (const chunk of chunked(rows, perStatement)) {
    // Kysely's types cannot follow a table chosen at run time; each call site's rows are checked.
    const returned = await db
      .insertInto(table as 'shops')
      .values(chunk as Array<Insertable<KyselyTables['shops']>>)
      .returning('id')
      .execute();
    for (const { id } of returned) ids.push(id);
  }
  return ids;
}

import type { Knex } from 'knex';
import { dialectOf } from './config';
import type { ColumnInfo } from './dialect';

// Per database (a knex instance and its transactions share one config object), per table.
const cache = new WeakMap<object, Map<string, Promise<ColumnInfo[]>>>();

function tablesOf(knex: Knex): Map<string, Promise<ColumnInfo[]>> {
  const database = knex.client.config as object;
  let tables = cache.get(database);
  if (!tables) cache.set(database, (tables = new Map()));
  return tables;
}

function read(knex: Knex, table: string): Promise<ColumnInfo[]> {
  const tables = tablesOf(knex);
  const columns = dialectOf(knex).columnsOf(knex, table);
  tables.set(table, columns);
  // A failed read is tried again next time rather than remembered.
  columns.catch(() => tables.delete(table));
  return columns;
}

/**
 * The columns of `table` as the database declares them, read once per database and table (one
 * catalog query, through `knex`: pass the transaction you are in). The schema is taken not to
 * change while the application runs; call `loadTableColumns` again after migrating.
 *
 * @example
 * (await tableColumns(trx, 'books')).map((column) => column.name) // ['id', 'author_id', 'title', …]
 */
export function tableColumns(knex: Knex, table: string): Promise<ColumnInfo[]> {
  return tablesOf(knex).get(table) ?? read(knex, table);
}

/**
 * Reads the columns of every table now, so that no later statement waits for a catalog query:
 * the first audited delete of a table otherwise reads its columns then. Run it at start-up,
 * after the migrations.
 *
 * @example
 * await knex.migrate.latest();
 * await loadTableColumns(knex);
 */
export async function loadTableColumns(knex: Knex): Promise<void> {
  for (const table of await dialectOf(knex).tableNames(knex)) await read(knex, table);
}

import type { Knex } from 'knex';
import { dialectOf, recordQueries } from '../../lib';

/** How many statements `fn` sends to the database. */
export async function countQueries(knex: Knex, fn: () => Promise<unknown>): Promise<number> {
  const { queries } = await recordQueries(knex, fn);
  return queries.length;
}

/**
 * Every row of every table, in a stable order. Comparing a snapshot taken before a refused
 * write with one taken after proves that nothing at all was written or lost.
 */
export async function snapshotDatabase(knex: Knex): Promise<Record<string, unknown[]>> {
  const tables = (await dialectOf(knex).tableNames(knex)).sort();
  const snapshot: Record<string, unknown[]> = {};
  for (const table of tables) snapshot[table] = await knex(table).select().orderByRaw('1, 2');
  return snapshot;
}

import knexFactory, { type Knex } from 'knex';
import { BaseModel } from '../base-model';
import { databaseUrl, knexConfig } from './config';

/**
 * Opens a knex instance for `DATABASE_URL` (or the given URL).
 *
 * @example
 * const knex = createKnex();            // data/dev.sqlite3 unless DATABASE_URL says otherwise
 * const pg = createKnex('postgres://postgres@127.0.0.1:5432/test');
 */
export function createKnex(url: string = databaseUrl()): Knex {
  return knexFactory(knexConfig(url));
}

/** Makes every model run its queries on `knex` unless a query is given a transaction. */
export function bindModels(knex: Knex): void {
  BaseModel.knex(knex);
}

/** Closes the pool so the process can exit. */
export async function closeKnex(knex: Knex): Promise<void> {
  await knex.destroy();
}

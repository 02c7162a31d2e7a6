import knexFactory, { type Knex } from 'knex';
import { BaseModel } from '../base-model';
import { databaseUrl, knexConfig } from './config';
import { type DatabaseTimeouts, timeoutsFromEnv } from './timeouts';

/**
 * Opens a knex instance for `DATABASE_URL` (or the given URL), waiting on the database at most
 * `timeouts` (by default the environment's, see `timeoutsFromEnv`).
 *
 * @example
 * const knex = createKnex();            // data/dev.sqlite3 unless DATABASE_URL says otherwise
 * const pg = createKnex('postgres://postgres@127.0.0.1:5432/test', { ...DEFAULT_TIMEOUTS, statementMs: 10_000 });
 */
export function createKnex(
  url: string = databaseUrl(),
  timeouts: DatabaseTimeouts = timeoutsFromEnv(),
): Knex {
  return knexFactory(knexConfig(url, timeouts));
}

/**
 * Makes every model run its queries on `knex` unless a query is given a transaction.
 *
 * @example
 * bindModels(createKnex());
 */
export function bindModels(knex: Knex): void {
  BaseModel.knex(knex);
}

/**
 * Closes the pool so the process can exit.
 *
 * @example
 * process.on('SIGTERM', () => void closeKnex(knex));
 */
export async function closeKnex(knex: Knex): Promise<void> {
  await knex.destroy();
}

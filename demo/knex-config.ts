import path from 'node:path';
import type { Knex } from 'knex';
import { databaseUrl, knexConfig, migrationsConfig, timeoutsFromEnv } from '../lib';
import type { DatabaseTimeouts } from '../lib';

/** Where the demo's migrations live: its ten tables and their join tables. */
export const DEMO_MIGRATIONS_DIRECTORY = path.resolve(__dirname, '..', 'migrations');

/**
 * The templates `knex migrate:make` and `seed:make` write from: Knex's typed shape in the
 * project's style, so that a new file passes the lint as it is.
 */
const STUBS_DIRECTORY = path.resolve(__dirname, '..', 'stubs');

/** Where the demo's seed lives (`seedDemo`, as a knex seed file). */
export const DEMO_SEEDS_DIRECTORY = path.resolve(__dirname, '..', 'seeds');

// What this code runs as: `ts` from the sources (ts-node), `js` from the compiled package, where
// the `.d.ts` files beside the seeds must not be taken for seeds.
const OWN_EXTENSION = path.extname(__filename).slice(1);

/**
 * The knex configuration the project's own server, tests and knexfile use: `knexConfig` with the
 * layer's migrations, then the demo's, and the demo's seed (`knex seed:run`).
 *
 * @example
 * const knex = knexFactory(demoKnexConfig('sqlite::memory:'));
 * await knex.migrate.latest();
 * await knex.seed.run();
 */
export function demoKnexConfig(
  url: string = databaseUrl(),
  timeouts: DatabaseTimeouts = timeoutsFromEnv(),
): Knex.Config {
  return {
    ...knexConfig(url, timeouts),
    // `extension` is the type of the files `knex migrate:make` and `seed:make` write.
    migrations: {
      ...migrationsConfig([DEMO_MIGRATIONS_DIRECTORY]),
      extension: OWN_EXTENSION,
      stub: path.join(STUBS_DIRECTORY, 'migration.stub'),
    },
    seeds: {
      directory: DEMO_SEEDS_DIRECTORY,
      stub: path.join(STUBS_DIRECTORY, 'seed.stub'),
      extension: OWN_EXTENSION,
      loadExtensions: [`.${OWN_EXTENSION}`],
    },
  };
}

import knexFactory, { type Knex } from 'knex';
import { demoKnexConfig } from '../../demo';
import { bindModels, knexConfig, loadTableColumns, truncateAllTables } from '../../lib';
import { ensureOwnDatabase, NotOwnDatabaseError } from '../../scripts/own-database';
import { dialectLabel, DIALECTS, type TestDialect } from './dialects';
import { whyNoPgBouncerDialect } from './pgbouncer-dialect';

const opened = new Map<string, Promise<Knex>>();

/** Opens `url` once per run and brings it to the latest migration from an empty schema. */
function migratedKnex(url: string): Promise<Knex> {
  let knex = opened.get(url);
  if (!knex) {
    knex = (async () => {
      const instance = knexFactory(demoKnexConfig(url));
      await instance.migrate.rollback(undefined, true);
      await instance.migrate.latest();
      // As an application does at start-up: no test's statements include a catalog read.
      await loadTableColumns(instance);
      return instance;
    })();
    opened.set(url, knex);
  }
  return knex;
}

export async function closeAllTestDatabases(): Promise<void> {
  const instances = await Promise.allSettled(opened.values());
  opened.clear();
  await Promise.all(
    instances.map((result) => (result.status === 'fulfilled' ? result.value.destroy() : null)),
  );
}

/** Whether the database answers; a laptop without PostgreSQL gets pending tests, CI a failure. */
async function isReachable(dialect: TestDialect): Promise<true | string> {
  if (dialect.via === 'pgbouncer' && whyNoPgBouncerDialect()) return whyNoPgBouncerDialect()!;
  if (dialect.name === 'postgres') {
    try {
      await ensureOwnDatabase(dialect.url);
    } catch (error) {
      if (error instanceof NotOwnDatabaseError) throw error;
      return error instanceof Error ? error.message : String(error);
    }
  }
  const probe = knexFactory({ ...knexConfig(dialect.url), pool: { min: 0, max: 1 } });
  try {
    await probe.raw('select 1');
    return true;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await probe.destroy();
  }
}

const reachability = new Map<string, Promise<true | string>>();

export interface TestDatabase {
  readonly dialect: TestDialect;
  /** The knex instance the models are bound to while this dialect's tests run. */
  readonly knex: Knex;
}

/**
 * Declares a suite once per dialect in `DIALECTS`. Each copy migrates its database once per
 * run, binds the models to it, and empties every table before each test.
 *
 * @example
 * describeEachDialect('Shop | products', (db) => {
 *   it('lists the products of a shop', async () => { … db.knex … });
 * });
 */
export function describeEachDialect(title: string, body: (db: TestDatabase) => void): void {
  for (const dialect of DIALECTS) {
    describe(`[${dialectLabel(dialect)}] ${title}`, function () {
      let knex: Knex | undefined;
      const db: TestDatabase = {
        dialect,
        get knex() {
          if (!knex) throw new Error('the test database is opened in the suite’s before hook');
          return knex;
        },
      };

      before(async function () {
        let reachable = reachability.get(dialect.url);
        if (!reachable) reachability.set(dialect.url, (reachable = isReachable(dialect)));
        const outcome = await reachable;
        if (outcome !== true) {
          const reason = `${dialect.name} at ${dialect.url} is unreachable: ${outcome}`;
          if (process.env.CI === 'true') throw new Error(reason);
          console.warn(`    pending: ${reason}`);
          this.skip();
        }
        knex = await migratedKnex(dialect.url);
        bindModels(knex);
      });

      beforeEach(async () => {
        bindModels(db.knex);
        await truncateAllTables(db.knex);
      });

      body(db);
    });
  }
}

import type { MikroORM } from '@mikro-orm/core';
import knexFactory, { type Knex } from 'knex';
import type { DataSource } from 'typeorm';
import { demoKnexConfig } from '../../demo';
import { type Dialect, bindModels, dialectFor } from '../../lib';
import { type Driver, openDriver } from '../orms/driver';
import { type DrizzlePeer, openDrizzle } from '../orms/drizzle';
import { type KyselyPeer, openKysely } from '../orms/kysely-database';
import { openMikroOrm } from '../orms/mikro-orm-entities';
import { bindPlainModels } from '../orms/objection-models';
import { type SequelizeModels, openSequelize } from '../orms/sequelize-models';
import { openTypeorm } from '../orms/typeorm-entities';
import { installStatementCounter } from './statement-counter';

/** Everything the contenders of one dialect run on, all on the same database. */
export interface BenchContext {
  readonly dialect: Dialect;
  readonly url: string;
  /** The project's knex: the layer's and vanilla Objection's models are bound to it. */
  readonly knex: Knex;
  /**
   * On SQLite, a knex on the same file through better-sqlite3, for the layer's models as the
   * `layer-bsqlite` contender (see `withLayerOnBetterSqlite3`).
   */
  readonly layerOnBetterSqlite3?: Knex;
  readonly driver: Driver;
  readonly kysely: KyselyPeer;
  readonly drizzle: DrizzlePeer;
  readonly mikroorm: MikroORM;
  readonly sequelize: SequelizeModels;
  readonly typeorm: DataSource;
  close(): Promise<void>;
}

/**
 * Connects every contender to the database `url` names, which must be migrated. A given `knex`
 * (the test suite's) is used and left open; otherwise one is opened and closed with the rest.
 * On SQLite, give the benchmark a file no one else uses: better-sqlite3 (Kysely, Drizzle) and
 * MikroORM's sqlite3 bring SQLite libraries of their own into the process, which do not see the
 * others' file locks, and closing them can remove the WAL under another connection.
 */
export async function openBenchContext(url: string, givenKnex?: Knex): Promise<BenchContext> {
  installStatementCounter();
  const dialect = dialectFor(url);
  const knex = givenKnex ?? knexFactory(demoKnexConfig(url));
  bindModels(knex);
  bindPlainModels(knex);
  const layerOnBetterSqlite3 =
    dialect.name === 'sqlite'
      ? knexFactory(demoKnexConfig(url.replace(/^sqlite:/, 'sqlite+better-sqlite3:')))
      : undefined;
  const driver = await openDriver(dialect, url);
  const kysely = openKysely(dialect, url);
  const drizzle = openDrizzle(dialect, url);
  const mikroorm = await openMikroOrm(dialect, url);
  const sequelize = openSequelize(dialect, url);
  const typeorm = await openTypeorm(dialect, url);
  return {
    dialect,
    url,
    knex,
    layerOnBetterSqlite3,
    driver,
    kysely,
    drizzle,
    mikroorm,
    sequelize,
    typeorm,
    async close() {
      await typeorm.destroy();
      await sequelize.sequelize.close();
      await mikroorm.close();
      await drizzle.close();
      await kysely.close();
      await driver.close();
      await layerOnBetterSqlite3?.destroy();
      if (!givenKnex) await knex.destroy();
    },
  };
}

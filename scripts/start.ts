import knexFactory, { type Knex } from 'knex';
import type { Logger } from 'pino';
import { createApp, type ResourceModel, shutdownOnSignals, startServer } from '../http';
import {
  checkSchema,
  closeKnex,
  createDatabase,
  type DatabaseTimeouts,
  dialectFor,
  knexConfig,
  loadTableColumns,
  migrateExclusively,
  replicaStatusOf,
} from '../lib';
import { allModels, demoKnexConfig } from '../demo';
import { serverLogger } from './start/logger';
import { missingDatabaseMessage } from './start/missing-database';
import { type ServerSettings, SettingsError, settingsFromEnv } from './start/settings';

/** The database URL without its password, fit for a log line. */
function printable(url: string): string {
  if (dialectFor(url).name === 'sqlite') return url;
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

async function isEmpty(knex: Knex): Promise<boolean> {
  const models: readonly ResourceModel[] = allModels;
  for (const model of models) {
    if ((await model.query(knex).resultSize()) > 0) return false;
  }
  return true;
}

/**
 * Knex's own warnings (a connection it dropped, a pool it could not fill) as log lines of the
 * server's log: knex prints them with console.log otherwise, text among the JSON lines.
 */
function knexLog(logger: Logger): Knex.Config['log'] {
  const to = (level: 'warn' | 'error' | 'debug') => (message: unknown) =>
    logger[level](
      { source: 'knex' },
      typeof message === 'string' ? message : JSON.stringify(message),
    );
  return { warn: to('warn'), error: to('error'), deprecate: to('warn'), debug: to('debug') };
}

/** Loads the demo data into an empty database; whether it did. */
async function seedWhenEmpty(trx: Knex.Transaction): Promise<boolean> {
  if (!(await isEmpty(trx))) return false;
  await trx.seed.run();
  return true;
}

/** The pool of the settings' database: the dialect's, with the settings' size where they set one. */
function poolOf(settings: ServerSettings, timeouts: DatabaseTimeouts): Knex.PoolConfig | undefined {
  const { pool } = knexConfig(settings.databaseUrl, timeouts);
  return settings.poolMax === undefined ? pool : { ...pool, max: settings.poolMax };
}

/**
 * What `npm start` runs: check the settings, migrate to the latest schema, load the demo data
 * into an empty database, serve the API on PORT (3000), and shut down cleanly on SIGTERM or
 * SIGINT. Several servers started at once on one database take turns to migrate and seed: one
 * does, the others wait for it, then serve.
 */
async function main(settings: ServerSettings, logger: Logger): Promise<void> {
  // Migrations may run statements longer than a request may: they get a connection of their own
  // without the statement limit.
  const migrator = knexFactory({
    ...demoKnexConfig(settings.databaseUrl, settings.maintenanceTimeouts),
    pool: poolOf(settings, settings.maintenanceTimeouts),
    log: knexLog(logger),
  });
  const { migrations, result: seeded } = await migrateExclusively(migrator, seedWhenEmpty).finally(
    () => closeKnex(migrator),
  );
  // Reads go to the replicas DATABASE_REPLICA_URLS lists, if any.
  const knex = createDatabase({
    url: settings.databaseUrl,
    replicaUrls: settings.replicaUrls,
    replicas: settings.replicaOptions,
    timeouts: settings.timeouts,
    knex: { pool: poolOf(settings, settings.timeouts), log: knexLog(logger) },
  });
  try {
    // Read now, so that the first delete a request makes sends no catalog query.
    await loadTableColumns(knex);
    // Drift between the models and the schema is worth a warning, not a refusal to serve.
    for (const finding of await checkSchema(knex, allModels)) {
      logger.warn({ schemaFinding: finding }, `schema drift: ${finding.message}`);
    }
    logger.info(
      {
        database: printable(settings.databaseUrl),
        replicas: (replicaStatusOf(knex) ?? []).map((replica) => replica.name),
        migrations: migrations.length,
        seeded,
      },
      `database ready: ${migrations.length} new migration(s)${seeded ? ', demo data loaded' : ''}`,
    );
    const running = await startServer(
      createApp({ knex, models: allModels, logger, retry: settings.retry }),
      {
        port: settings.port,
        logger,
      },
    );
    shutdownOnSignals(async () => {
      await running.stop();
      await closeKnex(knex);
    }, logger);
  } catch (error) {
    await closeKnex(knex);
    throw error;
  }
}

/** Checks the settings first: a bad one is reported, one line each, before any connection. */
function start(): void {
  let settings: ServerSettings;
  try {
    settings = settingsFromEnv();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    for (const problem of error.problems) console.error(problem);
    process.exitCode = 1;
    return;
  }
  const logger = serverLogger(settings);
  main(settings, logger).catch((error: unknown) => {
    const missing = missingDatabaseMessage(error, settings.databaseUrl);
    if (missing) logger.fatal(missing);
    else logger.fatal({ err: error }, 'start-up failed');
    process.exitCode = 1;
  });
}

start();

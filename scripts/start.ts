import knexFactory, { type Knex } from 'knex';
import pino, { type Logger } from 'pino';
import { createApp, type ResourceModel, shutdownOnSignals, startServer } from '../http';
import {
  checkSchema,
  closeKnex,
  createDatabase,
  databaseUrl,
  dialectFor,
  loadTableColumns,
  maintenanceTimeoutsFromEnv,
  migrateExclusively,
  replicaStatusOf,
  retryPolicyFromEnv,
} from '../lib';
import { allModels, demoKnexConfig } from '../demo';

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

/**
 * What `npm start` runs: migrate to the latest schema, load the demo data into an empty
 * database, serve the API on PORT (3000), and shut down cleanly on SIGTERM or SIGINT. Several
 * servers started at once on one database take turns to migrate and seed: one does, the others
 * wait for it, then serve.
 */
async function main(): Promise<void> {
  const logger = pino();
  const url = databaseUrl();
  // Migrations may run statements longer than a request may: they get a connection of their own
  // without the statement limit.
  const migrator = knexFactory({
    ...demoKnexConfig(url, maintenanceTimeoutsFromEnv()),
    log: knexLog(logger),
  });
  const { migrations, result: seeded } = await migrateExclusively(migrator, seedWhenEmpty).finally(
    () => closeKnex(migrator),
  );
  // Reads go to the replicas DATABASE_REPLICA_URLS lists, if any.
  const knex = createDatabase({ url, knex: { log: knexLog(logger) } });
  try {
    // Read now, so that the first delete a request makes sends no catalog query.
    await loadTableColumns(knex);
    // Drift between the models and the schema is worth a warning, not a refusal to serve.
    for (const finding of await checkSchema(knex, allModels)) {
      logger.warn({ schemaFinding: finding }, `schema drift: ${finding.message}`);
    }
    logger.info(
      {
        database: printable(url),
        replicas: (replicaStatusOf(knex) ?? []).map((replica) => replica.name),
        migrations: migrations.length,
        seeded,
      },
      `database ready: ${migrations.length} new migration(s)${seeded ? ', demo data loaded' : ''}`,
    );
    const port = Number.parseInt(process.env.PORT ?? '3000', 10);
    const retry = retryPolicyFromEnv();
    const running = await startServer(createApp({ knex, models: allModels, logger, retry }), {
      port,
      logger,
    });
    shutdownOnSignals(async () => {
      await running.stop();
      await closeKnex(knex);
    }, logger);
  } catch (error) {
    await closeKnex(knex);
    throw error;
  }
}

main().catch((error: unknown) => {
  pino().fatal({ err: error }, 'start-up failed');
  process.exitCode = 1;
});

import type { Knex } from 'knex';
import { DatabaseBusyError } from '../errors';
import type { RetryPolicy } from '../retry/retry-policy';
import { withRetry } from '../retry/unit-of-work';
import { dialectOf } from './config';

/**
 * How long a process waits for another one's migrations: up to 60 tries, each after a wait of
 * at most half a second (on SQLite each try also waits up to the busy timeout for the file).
 *
 * @example
 * await migrateExclusively(knex, async () => undefined, { ...MIGRATION_WAIT, attempts: 120 });
 */
export const MIGRATION_WAIT: Readonly<RetryPolicy> = {
  attempts: 60,
  initialDelayMs: 50,
  maxDelayMs: 500,
};

/** What `migrateExclusively` did: the migrations it ran (none when another process had), and what `then` returned. */
export interface ExclusiveMigration<T> {
  migrations: string[];
  result: T;
}

/**
 * Migrates the database to the latest schema, then runs `then` (loading seed data, say), all in
 * one transaction that holds the database's migration lock (`Dialect.tryMigrationLock`), so that
 * several processes starting at once on one database take turns: the first migrates and seeds,
 * the others wait for its commit and find nothing left to do. No session lock is taken: the
 * lock ends with the transaction, as it must behind a pooler in transaction mode (PgBouncer).
 *
 * @example
 * const { migrations, result: seeded } = await migrateExclusively(knex, async (trx) => {
 *   const isEmpty = (await Shop.query(trx).resultSize()) === 0;
 *   if (isEmpty) await trx.seed.run();
 *   return isEmpty;
 * });
 */
export function migrateExclusively<T>(
  knex: Knex,
  then: (trx: Knex.Transaction) => Promise<T>,
  wait: RetryPolicy = MIGRATION_WAIT,
): Promise<ExclusiveMigration<T>> {
  const dialect = dialectOf(knex);
  return withRetry(
    () =>
      knex.transaction(async (trx) => {
        // Held by another process: a busy database, waited for like any other.
        if (!(await dialect.tryMigrationLock(trx))) throw new DatabaseBusyError(1);
        const [, migrations] = (await trx.migrate.latest()) as [number, string[]];
        return { migrations, result: await then(trx) };
      }),
    wait,
  );
}

import type * as Pg from 'pg';

let loaded: typeof Pg | undefined;

/**
 * The `pg` driver, loaded when a PostgreSQL feature first needs it, as knex loads its drivers:
 * the driver is an optional peer dependency, so a host that runs on SQLite only need not have it.
 */
export function pgDriver(): typeof Pg {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load is the point
  return (loaded ??= require('pg') as typeof Pg);
}

/** Whether `error` is an error the PostgreSQL server reported (pg's `DatabaseError`). */
export function isPgDatabaseError(error: unknown): error is Pg.DatabaseError {
  return error instanceof pgDriver().DatabaseError;
}

import knexFactory from 'knex';
import { knexConfig } from '../lib/database/config';
import { DEFAULT_TIMEOUTS } from '../lib/database/timeouts';

/**
 * Creating and dropping a database waits for a checkpoint, and on a server shared with other
 * work for the other sessions: far longer than a request's statement may take.
 */
export const ADMIN_TIMEOUTS = { ...DEFAULT_TIMEOUTS, acquireMs: 60_000, statementMs: 120_000 };

// The comment a database made by `ensureOwnDatabase` carries: the proof that the suite or the
// benchmark created it, and so may roll back its migrations, empty it or drop it.
const OWNER_MARK = 'relational-layer: a scratch database of the test suite or benchmark';

/** A database exists that the suite did not create: never a reason to skip, always a failure. */
export class NotOwnDatabaseError extends Error {}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function databaseOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (name === '') throw new Error(`${url} names no database`);
  return name;
}

/** Runs `work` on the server's maintenance database, where databases are created and dropped. */
async function onServer<T>(url: string, work: (admin: knexFactory.Knex) => Promise<T>): Promise<T> {
  const admin = knexFactory({
    ...knexConfig(withDatabase(url, 'postgres'), ADMIN_TIMEOUTS),
    pool: { min: 0, max: 1 },
  });
  try {
    return await work(admin);
  } finally {
    await admin.destroy();
  }
}

async function ownerMarkOf(admin: knexFactory.Knex, database: string): Promise<string | null> {
  const result = (await admin.raw(
    'SELECT shobj_description(oid, ?) AS mark FROM pg_database WHERE datname = ?',
    ['pg_database', database],
  )) as { rows: Array<{ mark: string | null }> };
  const [row] = result.rows;
  return row === undefined ? null : (row.mark ?? '');
}

/**
 * Makes sure the PostgreSQL database `url` names is one of the suite's (or the benchmark's)
 * own: creates it, marked as such, when it does not exist, and refuses a database that exists
 * without the mark, so that no test ever rolls back or empties a database someone else uses.
 *
 * @example
 * await ensureOwnDatabase('postgres://postgres@127.0.0.1:5432/relational_layer_test');
 */
export async function ensureOwnDatabase(url: string): Promise<void> {
  const database = databaseOf(url);
  await onServer(url, async (admin) => {
    const mark = await ownerMarkOf(admin, database);
    if (mark === OWNER_MARK) return;
    if (mark !== null) {
      throw new NotOwnDatabaseError(
        `Refusing to use the database "${database}": the tests and the benchmark roll back, ` +
          'empty and drop the databases they use, and this one was not created by them. Name a ' +
          'database that does not exist yet (TEST_POSTGRES_URL, BENCH_POSTGRES_URL): it is ' +
          'created for them.',
      );
    }
    await admin.raw('CREATE DATABASE ??', [database]);
    await admin.raw(`COMMENT ON DATABASE ?? IS '${OWNER_MARK}'`, [database]);
  });
}

/**
 * A fresh database of the suite's own beside `url`'s (`<name>_<suffix>`): dropped first if a
 * previous run left it, then created and marked as `ensureOwnDatabase` does. Returns its URL.
 *
 * @example
 * const cliUrl = await freshOwnDatabase(POSTGRES_URL, 'cli'); // …/relational_layer_test_cli
 */
export async function freshOwnDatabase(url: string, suffix: string): Promise<string> {
  const scratchUrl = withDatabase(url, `${databaseOf(url)}_${suffix}`);
  await dropOwnDatabase(scratchUrl);
  await ensureOwnDatabase(scratchUrl);
  return scratchUrl;
}

/** Drops the database `url` names if it exists and carries the mark; any other is left alone. */
export async function dropOwnDatabase(url: string): Promise<void> {
  const database = databaseOf(url);
  await onServer(url, async (admin) => {
    const mark = await ownerMarkOf(admin, database);
    if (mark === null) return;
    if (mark !== OWNER_MARK) {
      throw new NotOwnDatabaseError(
        `Refusing to drop the database "${database}": the tests did not create it`,
      );
    }
    await admin.raw('DROP DATABASE ?? WITH (FORCE)', [database]);
  });
}

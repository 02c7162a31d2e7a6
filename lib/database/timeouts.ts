/**
 * How long the layer waits on the database before a request fails with a typed 503
 * (`DATABASE_UNAVAILABLE`, `DATABASE_BUSY`) instead of hanging: together they bound the answer
 * to a frozen or unreachable PostgreSQL server at about 5 s with the defaults.
 */
export interface DatabaseTimeouts {
  /** The longest wait for a pooled connection (knex's `acquireConnectionTimeout`). */
  acquireMs: number;
  /** PostgreSQL: the longest wait for a new connection to be set up (pg's `connectionTimeoutMillis`). */
  connectMs: number;
  /**
   * PostgreSQL: the server's `statement_timeout`. A server that has not answered a statement
   * `statementMs + 500` ms after it was sent (frozen, or cut off) loses the connection. `0`: no
   * limit (as `statement_timeout = 0`), for maintenance work such as migrations.
   */
  statementMs: number;
  /** SQLite: `busy_timeout`, the longest wait for the file's write lock, per attempt. */
  busyMs: number;
}

/**
 * The timeouts when the environment sets none: a request waits at most 2 s for a connection,
 * then at most 3 s for one statement's answer.
 *
 * @example
 * createKnex(url, { ...DEFAULT_TIMEOUTS, statementMs: 10_000 });
 */
export const DEFAULT_TIMEOUTS: Readonly<DatabaseTimeouts> = {
  acquireMs: 2000,
  connectMs: 2000,
  statementMs: 2500,
  busyMs: 1000,
};

/** The client-side margin over `statement_timeout`: the server's own cancel answers first. */
export const NO_ANSWER_MARGIN_MS = 500;

const VARIABLES: Record<keyof DatabaseTimeouts, string> = {
  acquireMs: 'DATABASE_ACQUIRE_TIMEOUT_MS',
  connectMs: 'DATABASE_CONNECT_TIMEOUT_MS',
  statementMs: 'DATABASE_STATEMENT_TIMEOUT_MS',
  busyMs: 'DATABASE_BUSY_TIMEOUT_MS',
};

/**
 * The timeouts the environment sets (`DATABASE_ACQUIRE_TIMEOUT_MS`,
 * `DATABASE_CONNECT_TIMEOUT_MS`, `DATABASE_STATEMENT_TIMEOUT_MS`, `DATABASE_BUSY_TIMEOUT_MS`,
 * in milliseconds; the statement timeout may be 0, no limit), the defaults for the others. A
 * value that is not a positive integer is a configuration error, reported at once.
 *
 * @example
 * timeoutsFromEnv({ DATABASE_STATEMENT_TIMEOUT_MS: '10000' }).statementMs // 10000
 */
export function timeoutsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseTimeouts {
  const timeouts = { ...DEFAULT_TIMEOUTS };
  for (const [key, variable] of Object.entries(VARIABLES) as Array<
    [keyof DatabaseTimeouts, string]
  >) {
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    const least = key === 'statementMs' ? 0 : 1;
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < least) {
      const what = least === 0 ? 'a non-negative integer, 0 for no limit' : 'a positive integer';
      throw new Error(`${variable}="${raw}" is not a number of milliseconds (${what})`);
    }
    timeouts[key] = value;
  }
  return timeouts;
}

/**
 * The timeouts of maintenance work (migrations, seeds, the knex CLI): the environment's, but no
 * statement limit unless `DATABASE_STATEMENT_TIMEOUT_MS` sets one, since a migration may run a
 * statement far longer than a request should (an index built on a large table).
 *
 * @example
 * const migrator = createKnex(url, maintenanceTimeoutsFromEnv());
 */
export function maintenanceTimeoutsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseTimeouts {
  const timeouts = timeoutsFromEnv(env);
  const isStatementLimitSet = (env[VARIABLES.statementMs]?.trim() ?? '') !== '';
  return isStatementLimitSet ? timeouts : { ...timeouts, statementMs: 0 };
}

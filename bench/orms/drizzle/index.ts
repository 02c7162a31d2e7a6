import type { Dialect } from '../../../lib';
import type { DrizzlePeer } from './peer';
import { openDrizzlePostgres } from './postgres';
import { openDrizzleSqlite } from './sqlite';

export type { DrizzlePeer } from './peer';

/** Drizzle on the database `url` names: node-postgres on PostgreSQL, better-sqlite3 on SQLite. */
export function openDrizzle(dialect: Dialect, url: string): DrizzlePeer {
  const connection = dialect.knexConfig(url).connection as { filename?: string };
  return connection.filename === undefined
    ? openDrizzlePostgres(url, dialect.insertLimits.parameters)
    : openDrizzleSqlite(connection.filename, dialect.insertLimits.parameters);
}

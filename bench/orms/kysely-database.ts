import BetterSqlite3 from 'better-sqlite3';
import {
  type Generated,
  Kysely,
  ParseJSONResultsPlugin,
  PostgresDialect,
  SqliteDialect,
} from 'kysely';
import { jsonArrayFrom as postgresJsonArrayFrom } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArrayFrom } from 'kysely/helpers/sqlite';
import pg from 'pg';
import type { Dialect } from '../../lib';

// The tables as Kysely's documentation has them declared: one interface per table, generated
// columns marked, and the database as a map of table names.

interface Timestamps {
  created_at: Generated<string | Date>;
  updated_at: Generated<string | Date>;
}

export interface KyselyTables {
  shops: { id: Generated<number>; name: string } & Timestamps;
  products: {
    id: Generated<number>;
    shop_id: number;
    name: string;
    price: number | string;
  } & Timestamps;
  users: { id: Generated<number>; name: string } & Timestamps;
  posts: { id: Generated<number>; user_id: number; title: string; content: string } & Timestamps;
  tags: { id: Generated<number>; name: string } & Timestamps;
  post_tags: { post_id: number; tag_id: number };
  authors: { id: Generated<number>; name: string } & Timestamps;
  books: { id: Generated<number>; author_id: number; title: string } & Timestamps;
}

/** Kysely on one database, with the dialect's `jsonArrayFrom` for nesting related rows. */
export interface KyselyPeer {
  readonly db: Kysely<KyselyTables>;
  readonly jsonArrayFrom: typeof postgresJsonArrayFrom;
  close(): Promise<void>;
}

/**
 * Kysely on the database `url` names: on PostgreSQL through a `pg` pool, on SQLite through
 * better-sqlite3 (12.11.1: 13.x needs Node 22), which Kysely's SQLite dialect is built on, with
 * foreign keys on as the project's connections have them. SQLite hands nested JSON back as text:
 * Kysely's documented `ParseJSONResultsPlugin` parses it.
 */
export function openKysely(dialect: Dialect, url: string): KyselyPeer {
  const connection = dialect.knexConfig(url).connection as { filename?: string };
  if (connection.filename === undefined) {
    const db = new Kysely<KyselyTables>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }),
    });
    return { db, jsonArrayFrom: postgresJsonArrayFrom, close: () => db.destroy() };
  }
  const database = new BetterSqlite3(connection.filename);
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<KyselyTables>({
    dialect: new SqliteDialect({ database }),
    plugins: [new ParseJSONResultsPlugin()],
  });
  return {
    db,
    jsonArrayFrom: sqliteJsonArrayFrom as typeof postgresJsonArrayFrom,
    close: () => db.destroy(),
  };
}

// knex 3.3's SQLite clients (sqlite3 and better-sqlite3, a subclass of the first) and their
// transaction class, which knex's typings do not declare; only `sqlite-client.ts` imports them.
declare module 'knex/lib/dialects/sqlite3' {
  import type { Knex } from 'knex';

  class Client_SQLite3 extends Knex.Client {}
  export = Client_SQLite3;
}

declare module 'knex/lib/dialects/better-sqlite3' {
  import Client_SQLite3 from 'knex/lib/dialects/sqlite3';

  class Client_BetterSQLite3 extends Client_SQLite3 {}
  export = Client_BetterSQLite3;
}

declare module 'knex/lib/dialects/sqlite3/execution/sqlite-transaction' {
  class Transaction_Sqlite {
    constructor(...args: unknown[]);
    readonly readOnly?: boolean;
    query(connection: unknown, sql: string): Promise<unknown>;
    begin(connection: unknown): Promise<unknown>;
  }
  export = Transaction_Sqlite;
}

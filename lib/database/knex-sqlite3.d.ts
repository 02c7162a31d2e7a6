// knex 3.3's sqlite3 client and its transaction class, which knex's typings do not declare; only
// `sqlite-client.ts` imports them.
declare module 'knex/lib/dialects/sqlite3' {
  import type { Knex } from 'knex';

  class Client_SQLite3 extends Knex.Client {}
  export = Client_SQLite3;
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

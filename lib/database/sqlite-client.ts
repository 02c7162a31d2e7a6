import type { Knex } from 'knex';
import Client_BetterSQLite3 from 'knex/lib/dialects/better-sqlite3';
import Client_SQLite3 from 'knex/lib/dialects/sqlite3';
import Transaction_Sqlite from 'knex/lib/dialects/sqlite3/execution/sqlite-transaction';

/**
 * A transaction that takes the file's write lock when it begins, unless it is read-only.
 *
 * Knex begins every SQLite transaction with a deferred `BEGIN`: the transaction reads a snapshot
 * and asks for the write lock at its first write. When another connection (another process on
 * the same file) has written since that snapshot, SQLite cannot upgrade it and fails at once
 * with `SQLITE_BUSY`, without waiting `busy_timeout`. `BEGIN IMMEDIATE` waits for the write lock
 * up front, so write transactions queue up instead of failing; read-only ones
 * (`{ readOnly: true }`) stay deferred and never wait for a writer.
 */
class ImmediateWriteTransaction extends Transaction_Sqlite {
  override begin(connection: unknown): Promise<unknown> {
    return this.query(connection, this.readOnly ? 'BEGIN;' : 'BEGIN IMMEDIATE;');
  }
}

function immediateWriteTransaction(
  client: Knex.Client,
  container: unknown,
  config: unknown,
  outerTx: unknown,
): Knex.Transaction {
  // What knex's own client returns here too: the transaction, typed by knex as its transactor.
  const transaction = new ImmediateWriteTransaction(client, container, config, outerTx);
  // eslint-disable-next-line no-restricted-syntax -- knex types the transaction as its transactor
  return transaction as unknown as Knex.Transaction;
}

/**
 * Knex's sqlite3 client, with write transactions that begin `IMMEDIATE` (see
 * `ImmediateWriteTransaction`); everything else is knex's.
 *
 * @example
 * knexFactory({ client: LayerSqlite3Client, connection: { filename: 'data/dev.sqlite3' } });
 */
export class LayerSqlite3Client extends Client_SQLite3 {
  override transaction(container: unknown, config: unknown, outerTx: unknown): Knex.Transaction {
    return immediateWriteTransaction(this, container, config, outerTx);
  }
}

/**
 * Knex's better-sqlite3 client, with write transactions that begin `IMMEDIATE` as
 * `LayerSqlite3Client`'s do; everything else is knex's. better-sqlite3 is synchronous: each
 * statement, and each wait for the write lock, holds the event loop until it ends.
 *
 * @example
 * knexFactory({ client: LayerBetterSqlite3Client, connection: { filename: 'data/dev.sqlite3' } });
 */
export class LayerBetterSqlite3Client extends Client_BetterSQLite3 {
  override transaction(container: unknown, config: unknown, outerTx: unknown): Knex.Transaction {
    return immediateWriteTransaction(this, container, config, outerTx);
  }
}

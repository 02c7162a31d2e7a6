import type { Knex } from 'knex';
import type { ConstraintDetails } from '../errors';
import type { WalPosition } from '../replicas/wal-position';
import type { DatabaseTimeouts } from './timeouts';

/** The foreign-key rule a database reports for one column, as SQL spells it. */
export type ForeignKeyRule = 'CASCADE' | 'SET NULL' | 'RESTRICT' | 'NO ACTION' | 'SET DEFAULT';

/** One foreign key of a table, as the database reports it (see `Dialect.foreignKeys`). */
export interface ForeignKeyInfo {
  table: string;
  column: string;
  referencedTable: string;
  referencedColumn: string;
  onDelete: ForeignKeyRule;
}

/** One column of a table as the database declares it. */
export interface ColumnInfo {
  name: string;
  /**
   * The type as the database names it: the declared type, lower case, on SQLite (`integer`,
   * `varchar(255)`, `datetime`); `pg_type.typname` on PostgreSQL (`int4`, `timestamptz`).
   */
  type: string;
}

/** A piece of SQL with its `?`/`??` placeholders and their bindings, for `knex.raw`. */
export interface SqlFragment {
  sql: string;
  bindings: readonly string[];
}

/** A write the database refused because of a constraint: which kind, and what it said about it. */
export interface ConstraintFailure extends ConstraintDetails {
  kind: 'unique' | 'foreignKey' | 'notNull' | 'check';
}

/**
 * A failure that is not the statement's fault, and passes: `conflict`, a concurrent write made
 * the database abort the transaction (a deadlock, a serialization failure), so running the unit
 * of work again succeeds; `busy`, a lock was not granted in time, so it may succeed a little
 * later; `unavailable`, no connection or no answer, which is not retried (a broken connection
 * may have committed).
 */
export type TransientFailure = 'conflict' | 'busy' | 'unavailable';

/**
 * Everything that differs between the databases the layer supports lives behind this interface,
 * one implementation per database, so that features never branch on the client name.
 */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  /** The most bound parameters one statement may carry; longer lists are split into chunks. */
  readonly maxBindings: number;
  /**
   * A knex configuration for the given `DATABASE_URL`, waiting on the database at most
   * `timeouts` (default: `DEFAULT_TIMEOUTS`).
   */
  knexConfig(url: string, timeouts?: DatabaseTimeouts): Knex.Config;
  /** Removes every row from `tables` and restarts their id sequences. */
  truncate(knex: Knex, tables: readonly string[]): Promise<void>;
  /**
   * Restarts the id sequences of `tables` (emptied already), and no other table's, so that
   * their next rows get ids from 1 again.
   */
  restartIds(knex: Knex, tables: readonly string[]): Promise<void>;
  /** The foreign keys declared on `table`, as the database reports them. */
  foreignKeys(knex: Knex, table: string): Promise<ForeignKeyInfo[]>;
  /** The first column of each index on `table`, its primary key's included. */
  indexedLeadingColumns(knex: Knex, table: string): Promise<string[]>;
  /** The user tables in the database, excluding the migration bookkeeping tables. */
  tableNames(knex: Knex): Promise<string[]>;
  /**
   * The constraint failure a driver error of this database reports, or `undefined` when the error
   * is not one. It carries only names (table, columns, constraint), never values or SQL.
   */
  constraintFailure(driverError: unknown): ConstraintFailure | undefined;
  /**
   * Whether a driver error of this database says that a value does not fit its column's type (an
   * integer out of range, a NUL byte in text): bad input the JSON schema let through.
   */
  isValueOutOfType(driverError: unknown): boolean;
  /**
   * Whether a DELETE's `returning(…)` reaches the database (PostgreSQL); knex's SQLite client
   * drops it and resolves to the number of rows deleted, so the rows are read before they go.
   */
  readonly returnsFromDelete: boolean;
  /**
   * The transient failure a driver error of this database reports, or `undefined` when it is not
   * one (or is one every database shares: a refused socket, the pool's acquire timeout).
   */
  transientFailure(driverError: unknown): TransientFailure | undefined;
  /**
   * Takes, until `trx` ends, the lock that lets one process at a time migrate the database, if
   * no other transaction holds it; whether it did. Never a session lock, which would outlive the
   * transaction (and break behind a pooler in transaction mode).
   */
  tryMigrationLock(trx: Knex.Transaction): Promise<boolean>;
  /** How to open a transaction whose reads all see one snapshot of the database. */
  readonly snapshotReadTransaction: Knex.TransactionConfig;
  /**
   * Whether the rows of one multi-row `INSERT` take ascending generated ids in the order they are
   * written, so that sorting what `RETURNING` gives (in no promised order) pairs ids with rows.
   */
  readonly insertedIdsAscend: boolean;
  /** How many rows and bound parameters one multi-row `INSERT` built by knex may carry. */
  readonly insertLimits: InsertLimits;
  /**
   * An `ORDER BY` term for the column bound to `??`, in `direction`, with NULLs after every
   * value: databases disagree on where NULLs sort by default (first in ascending order on SQLite,
   * last on PostgreSQL).
   */
  orderNullsLast(direction: 'asc' | 'desc'): string;
  /** The rows of what `knex.raw(select…)` resolves to: the rows themselves, or a result holding them. */
  rawRows(result: unknown): Array<Record<string, unknown>>;
  /**
   * `column IN keys` for `knex.raw`, with the whole list bound as one parameter (a JSON
   * array on SQLite, an array on PostgreSQL): no list of keys is ever too long for a statement.
   * The `??` placeholder is the column.
   */
  keyListCondition(keys: ReadonlyArray<string | number>): { sql: string; binding: unknown };
  /**
   * SQL that is true when the text `haystack` contains the text `needle` (two SQL expressions):
   * a recursive walk's cycle guard looks for an id in the path it has walked.
   */
  containsText(haystack: string, needle: string): string;
  /** The columns of `table`, in the order `select *` returns them. */
  columnsOf(knex: Knex, table: string): Promise<ColumnInfo[]>;
  /**
   * SQL that builds, for one row of a table with `columns`, the JSON text of the row as a layer
   * model serialises it after a plain read (`JSON.stringify(model.toJSON())`): each value as the
   * driver hands it to JavaScript, and the `isoTimestampColumns` rewritten to ISO-8601 as
   * `BaseModel` does. The JSON parses to the same value, though not always to the same text
   * (`2.0` for `2` on SQLite). `undefined` when a column's type has no exact SQL here: the caller
   * serialises the rows in JavaScript then.
   */
  rowJson(
    columns: readonly ColumnInfo[],
    isoTimestampColumns: readonly string[],
  ): SqlFragment | undefined;
  /** WAL positions, where the database can have streaming replicas (`undefined` elsewhere). */
  readonly replication?: ReplicationPositions;
}

/**
 * Where a database's write-ahead log stands, for read replicas: what a read on a replica needs
 * to see a commit. The connections are the driver's own, straight from a pool.
 */
export interface ReplicationPositions {
  /** The primary's current position: at or past every commit that has returned. */
  currentPosition(connection: unknown): Promise<WalPosition>;
  /** How far a replica has replayed; `undefined` when the server is not a replica. */
  replayedPosition(connection: unknown): Promise<WalPosition | undefined>;
  /**
   * What a statement's failure on a replica says of the statement itself: `canceled` by its own
   * time limit (the primary would reach it too), `read-only` SQL a replica cannot run (the
   * primary can), or `undefined` for anything else.
   */
  statementFailureOf(error: unknown): 'canceled' | 'read-only' | undefined;
}

/** The most rows and bound parameters one multi-row `INSERT` may carry on a dialect. */
export interface InsertLimits {
  rows: number;
  parameters: number;
}

import type { Knex } from 'knex';
import type { ConstraintDetails } from '../errors';

/** The foreign-key rule a database reports for one column, as SQL spells it. */
export type ForeignKeyRule = 'CASCADE' | 'SET NULL' | 'RESTRICT' | 'NO ACTION' | 'SET DEFAULT';

export interface ForeignKeyInfo {
  table: string;
  column: string;
  referencedTable: string;
  referencedColumn: string;
  onDelete: ForeignKeyRule;
}

/** A write the database refused because of a constraint: which kind, and what it said about it. */
export interface ConstraintFailure extends ConstraintDetails {
  kind: 'unique' | 'foreignKey' | 'notNull' | 'check';
}

/**
 * Everything that differs between the databases the layer supports lives behind this interface,
 * one implementation per database, so that features never branch on the client name.
 */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  /** The most bound parameters one statement may carry; longer lists are split into chunks. */
  readonly maxBindings: number;
  /** A knex configuration for the given `DATABASE_URL`. */
  knexConfig(url: string): Knex.Config;
  /** Removes every row from `tables` and restarts their id sequences. */
  truncate(knex: Knex, tables: readonly string[]): Promise<void>;
  /** The foreign keys declared on `table`, as the database reports them. */
  foreignKeys(knex: Knex, table: string): Promise<ForeignKeyInfo[]>;
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
  /** How to open a transaction whose reads all see one snapshot of the database. */
  readonly snapshotReadTransaction: Knex.TransactionConfig;
  /** How many rows and bound parameters one multi-row `INSERT` built by knex may carry. */
  readonly insertLimits: InsertLimits;
}

export interface InsertLimits {
  rows: number;
  parameters: number;
}

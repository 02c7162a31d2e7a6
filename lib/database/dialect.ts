import type { Knex } from 'knex';

/** The foreign-key rule a database reports for one column, as SQL spells it. */
export type ForeignKeyRule = 'CASCADE' | 'SET NULL' | 'RESTRICT' | 'NO ACTION' | 'SET DEFAULT';

export interface ForeignKeyInfo {
  table: string;
  column: string;
  referencedTable: string;
  referencedColumn: string;
  onDelete: ForeignKeyRule;
}

/**
 * Everything that differs between the databases the layer supports lives behind this interface,
 * one implementation per database, so that features never branch on the client name.
 */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  /** A knex configuration for the given `DATABASE_URL`. */
  knexConfig(url: string): Knex.Config;
  /** Removes every row from `tables` and restarts their id sequences. */
  truncate(knex: Knex, tables: readonly string[]): Promise<void>;
  /** The foreign keys declared on `table`, as the database reports them. */
  foreignKeys(knex: Knex, table: string): Promise<ForeignKeyInfo[]>;
  /** The user tables in the database, excluding the migration bookkeeping tables. */
  tableNames(knex: Knex): Promise<string[]>;
  /** How many rows and bound parameters one multi-row `INSERT` built by knex may carry. */
  readonly insertLimits: InsertLimits;
}

export interface InsertLimits {
  rows: number;
  parameters: number;
}

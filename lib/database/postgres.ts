import type { Client } from 'pg';
import type { Knex } from 'knex';
import type { ColumnInfo, Dialect, ForeignKeyInfo, ForeignKeyRule } from './dialect';
import { answerWithin } from './postgres-answer-deadline';
import { postgresConstraintFailure, postgresTransientFailure } from './postgres-errors';
import { postgresTarget } from './postgres-pooler';
import { postgresReplication } from './postgres-replication';
import { postgresRowJson } from './postgres-row-json';
import { isPgDatabaseError, pgDriver } from './pg-driver';
import { DEFAULT_TIMEOUTS, NO_ANSWER_MARGIN_MS } from './timeouts';

const OID = { int8: 20, numeric: 1700, timestamp: 1114, timestamptz: 1184 } as const;

/**
 * pg hands back `bigint` and `numeric` as strings (they may not fit a double) and timestamps as
 * Date objects. The layer promises JavaScript numbers and ISO-8601 strings on every dialect, so
 * the conversion happens once, in the driver, for this pool only (never on pg's global parsers).
 */
function getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  switch (oid) {
    case OID.int8:
      return (value) => Number.parseInt(value, 10);
    case OID.numeric:
      return (value) => Number.parseFloat(value);
    case OID.timestamptz:
      return (value) => new Date(value).toISOString();
    case OID.timestamp:
      return (value) => new Date(`${value.replace(' ', 'T')}Z`).toISOString();
    default:
      return pgDriver().types.getTypeParser(oid, format ?? 'text');
  }
}

// The name of the advisory lock that migrations take, hashed by the server to its key.
const MIGRATION_LOCK = 'relational-layer: migrations';

// The wire protocol counts a statement's parameters in 16 bits.
const MAX_BINDINGS = 65_535;

export const postgresDialect: Dialect = {
  name: 'postgres',
  maxBindings: MAX_BINDINGS,

  // READ COMMITTED takes a new snapshot per statement; a read-only REPEATABLE READ transaction
  // keeps one snapshot and never fails with a serialization error.
  snapshotReadTransaction: { isolationLevel: 'repeatable read', readOnly: true },

  // No limit on rows, only on the statement's parameters.
  // A sequence only grows, and one statement draws its rows' values in the order written.
  insertedIdsAscend: true,
  insertLimits: { rows: Number.POSITIVE_INFINITY, parameters: MAX_BINDINGS },

  knexConfig(url, timeouts = DEFAULT_TIMEOUTS) {
    const target = postgresTarget(url);
    return {
      client: 'pg',
      connection: {
        connectionString: target.url,
        types: { getTypeParser },
        connectionTimeoutMillis: timeouts.connectMs,
        // A startup parameter; behind a transaction pooler, the server's own setting applies
        // and the answer deadline below still bounds every statement.
        ...(!target.isBehindTransactionPooler && { statement_timeout: timeouts.statementMs }),
      },
      acquireConnectionTimeout: timeouts.acquireMs,
      pool: {
        min: 0,
        max: 10,
        // The server cancels a statement at statement_timeout; one that has not answered shortly
        // after is not going to (frozen, cut off): its connection is closed, never reused.
        afterCreate: (client: Client, done: (error: Error | null, client: Client) => void) => {
          // With no statement limit (maintenance work), no deadline either.
          if (timeouts.statementMs > 0) {
            answerWithin(client, timeouts.statementMs + NO_ANSWER_MARGIN_MS);
          }
          done(null, client);
        },
      },
    } as Knex.Config;
  },

  // A transaction-scoped advisory lock, tried rather than waited for: a wait would run into the
  // statement timeout, which bounds every statement.
  async tryMigrationLock(trx) {
    const result: { rows: Array<{ locked: boolean }> } = await trx.raw(
      'SELECT pg_try_advisory_xact_lock(hashtext(?)) AS locked',
      [MIGRATION_LOCK],
    );
    return result.rows[0]?.locked === true;
  },

  async truncate(knex, tables) {
    if (tables.length === 0) return;
    await knex.raw(`TRUNCATE ${tables.map(() => '??').join(', ')} RESTART IDENTITY CASCADE`, [
      ...tables,
    ]);
  },

  // The sequences the tables own: serial columns (dependency 'a') and identity columns ('i').
  async restartIds(knex, tables) {
    if (tables.length === 0) return;
    const result: { rows: Array<{ sequence: string }> } = await knex.raw(
      `SELECT s.relname AS sequence
         FROM pg_class s
         JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')
         JOIN pg_class t ON t.oid = d.refobjid
        WHERE s.relkind = 'S' AND t.relnamespace = current_schema()::regnamespace
          AND t.relname = ANY(?)`,
      [[...tables]],
    );
    for (const { sequence } of result.rows) await knex.raw('ALTER SEQUENCE ?? RESTART', [sequence]);
  },

  async foreignKeys(knex, table) {
    const result: { rows: Array<Record<string, string>> } = await knex.raw(
      `SELECT kcu.column_name, ccu.table_name AS referenced_table,
              ccu.column_name AS referenced_column, rc.delete_rule
         FROM information_schema.referential_constraints rc
         JOIN information_schema.key_column_usage kcu
           ON kcu.constraint_name = rc.constraint_name
          AND kcu.constraint_schema = rc.constraint_schema
         JOIN information_schema.constraint_column_usage ccu
           ON ccu.constraint_name = rc.unique_constraint_name
          AND ccu.constraint_schema = rc.unique_constraint_schema
        WHERE kcu.table_name = ? AND kcu.table_schema = current_schema()`,
      [table],
    );
    return result.rows.map((row): ForeignKeyInfo => ({
      table,
      column: row.column_name ?? '',
      referencedTable: row.referenced_table ?? '',
      referencedColumn: row.referenced_column ?? '',
      onDelete: row.delete_rule as ForeignKeyRule,
    }));
  },

  async indexedLeadingColumns(knex, table) {
    const result: { rows: Array<{ name: string }> } = await knex.raw(
      `SELECT a.attname AS name
         FROM pg_index i
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
        WHERE i.indrelid = to_regclass(?)`,
      [table],
    );
    return result.rows.map((row) => row.name);
  },

  async tableNames(knex) {
    const rows: Array<{ table_name: string }> = await knex('information_schema.tables')
      .where({ table_schema: knex.raw('current_schema()'), table_type: 'BASE TABLE' })
      .andWhereNot('table_name', 'like', 'knex_migrations%')
      .select('table_name');
    return rows.map((row) => row.table_name);
  },

  constraintFailure: postgresConstraintFailure,

  // SQLSTATE class 22, data exception.
  isValueOutOfType: (driverError) =>
    isPgDatabaseError(driverError) && (driverError.code ?? '').startsWith('22'),

  transientFailure: postgresTransientFailure,

  // pg sends a JavaScript array as one array parameter; its type comes from the column.
  keyListCondition: (keys) => ({ sql: '?? = any(?)', binding: keys }),
  containsText: (haystack, needle) => `strpos(${haystack}, ${needle}) > 0`,

  // PostgreSQL sorts NULLs last in ascending order only, first in descending order.
  orderNullsLast: (direction) => `?? ${direction} nulls last`,

  // pg answers raw SQL with a result object holding the rows.
  rawRows: (result) => (result as { rows: Array<Record<string, unknown>> }).rows,
  returnsFromDelete: true,

  async columnsOf(knex, table) {
    // to_regclass resolves the name through the search path, as `select * from <table>` does.
    const result: { rows: ColumnInfo[] } = await knex.raw(
      `SELECT a.attname AS name, t.typname AS type
         FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
        WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum`,
      [table],
    );
    return result.rows.map(({ name, type }) => ({ name, type }));
  },

  rowJson: postgresRowJson,

  replication: postgresReplication,
};

import type { DatabaseError } from 'pg';
import type { ConstraintFailure, TransientFailure } from './dialect';
import { NoAnswerError } from './postgres-answer-deadline';
import { isPgDatabaseError } from './pg-driver';

// SQLSTATE class 23, integrity constraint violation.
const KIND_BY_SQLSTATE: Record<string, ConstraintFailure['kind']> = {
  '23505': 'unique',
  '23503': 'foreignKey',
  '23502': 'notNull',
  '23514': 'check',
};

const IDENTIFIER = /^[A-Za-z_][\w$]*$/;

function unquote(name: string): string {
  return name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name;
}

/**
 * The columns in a detail such as `Key (shop_id, name)=(1, Rice) already exists.` The values
 * follow the first `)=(` and are never read; a key that is not a plain column list (an index on
 * an expression) gives nothing rather than a guess.
 */
function keyColumns(detail: string | undefined): string[] | undefined {
  const list = /^Key \((.+?)\)=\(/.exec(detail ?? '')?.[1];
  const columns = list?.split(', ').map(unquote);
  return columns?.every((column) => IDENTIFIER.test(column)) ? columns : undefined;
}

function columnsOf(kind: ConstraintFailure['kind'], error: DatabaseError): string[] | undefined {
  switch (kind) {
    case 'unique':
      return keyColumns(error.detail);
    case 'notNull':
      return error.column ? [error.column] : undefined;
    case 'foreignKey':
      // On INSERT/UPDATE the key is the referencing row's; on DELETE ("is still referenced") it
      // is the deleted row's, which belongs to another table than `error.table`.
      return /is not present in table/.test(error.detail ?? '')
        ? keyColumns(error.detail)
        : undefined;
    case 'check':
      return undefined;
  }
}

/**
 * Reads a PostgreSQL constraint error: the server reports the table and the constraint's name
 * in fields of their own, the column of a NOT NULL failure, and the key columns in the detail.
 */
export function postgresConstraintFailure(error: unknown): ConstraintFailure | undefined {
  if (!isPgDatabaseError(error)) return undefined;
  const kind = KIND_BY_SQLSTATE[error.code ?? ''];
  if (!kind) return undefined;
  const details = {
    table: error.table,
    columns: columnsOf(kind, error),
    constraint: error.constraint,
  };
  return {
    kind,
    ...Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined)),
  };
}

const TRANSIENT_BY_SQLSTATE: Record<string, TransientFailure> = {
  '40P01': 'conflict', // deadlock_detected
  '40001': 'conflict', // serialization_failure
  '55P03': 'busy', // lock_not_available: lock_timeout, NOWAIT
  '57014': 'unavailable', // query_canceled: statement_timeout
  '57P01': 'unavailable', // admin_shutdown: pg_terminate_backend, a fast shutdown
  '57P02': 'unavailable', // crash_shutdown
  '57P03': 'unavailable', // cannot_connect_now: starting up or shutting down
  '53300': 'unavailable', // too_many_connections
  '3D000': 'unavailable', // invalid_catalog_name: the database does not exist
};

// What pg's client says, without an SQLSTATE, about a connection that ended or never came up;
// knex puts the statement in front: "<sql> - Connection terminated unexpectedly".
const LOST_CONNECTION =
  /(^| - )(Connection terminated( unexpectedly| due to connection timeout)?|timeout expired|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)$/;

/**
 * Reads a PostgreSQL failure as a transient one: by its SQLSTATE when the server sent one
 * (class 08 is a connection exception), by pg's wording for a connection that ended, and the
 * layer's own `NoAnswerError` for a server that stopped answering.
 */
export function postgresTransientFailure(error: unknown): TransientFailure | undefined {
  if (error instanceof NoAnswerError) return 'unavailable';
  if (isPgDatabaseError(error)) {
    const code = error.code ?? '';
    return TRANSIENT_BY_SQLSTATE[code] ?? (code.startsWith('08') ? 'unavailable' : undefined);
  }
  return error instanceof Error && LOST_CONNECTION.test(error.message) ? 'unavailable' : undefined;
}
